"""The text components on short texts: sentences, phrase hits, and word lists read from data/."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import config, paths
from helpers.doc import Doc
from helpers.speech import lexicon as lexicon_module
from helpers.text import vocabulary as vocabulary_module
from helpers.text.phrases import PhraseIndex, PhraseScanner
from helpers.text.segment import Segmenter
from helpers.text.vocabulary import Vocabulary


def sentences_of(text: str, segmenter: Segmenter | None = None) -> list[str]:
    doc = Doc.from_text(text)
    (segmenter or Segmenter())(doc)
    return [text[s.start:s.end] for s in doc.sentences]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith went to Washington. He said hello.", ["Mr. Smith went to Washington.", "He said hello."]),
    ("Dr. Jones and Prof. Brown disagreed. Nobody was surprised.",
     ["Dr. Jones and Prof. Brown disagreed.", "Nobody was surprised."]),
    ("U.S. officials arrived on Sept. 5. They left the next day.",
     ["U.S. officials arrived on Sept. 5.", "They left the next day."]),
    ("The vote was won by J. K. Rowling's friend. It was close.",
     ["The vote was won by J. K. Rowling's friend.", "It was close."]),
])
def test_a_full_stop_after_a_title_or_initial_does_not_end_the_sentence(text, expected):
    assert sentences_of(text) == expected


def test_paragraphs_and_comments_are_never_crossed_by_a_sentence():
    text = "The party met\non Monday.\nGreat article"
    doc = Doc("t", "", text, 24, [(25, len(text), "Mike")], None, "the writer")
    Segmenter()(doc)
    assert [text[p.start:p.end] for p in doc.paragraphs] == ["The party met", "on Monday.", "Great article"]
    assert [(text[s.start:s.end], doc.paragraphs[s.paragraph].region) for s in doc.sentences] == \
        [("The party met", 0), ("on Monday.", 0), ("Great article", 1)]


def test_an_edited_word_list_changes_where_sentences_end():
    """A short form added to the list (here "Cllr") no longer ends a sentence."""
    text = "Cllr. Jones spoke first. Then the vote was taken."
    assert sentences_of(text)[0] == "Cllr."
    lists = dict(vocabulary_module.load_vocabulary().lists)
    lists["honorifics.short.sentence"] = (*lists["honorifics.short.sentence"], "Cllr")
    assert sentences_of(text, Segmenter(Vocabulary(lists)))[0] == "Cllr. Jones spoke first."


def test_phrase_hits_find_reporting_verbs_names_and_roles():
    text = "Ed Miliband's spokesman said the Labour leader had replied."
    doc = Doc.from_text(text)
    PhraseScanner(lexicon_module.load_lexicon().add_to(PhraseIndex()))(doc)
    found = {category: [text[h.start:h.end] for h in hits] for category, hits in doc.hits.items()}
    assert found["cue"] == ["said", "replied"]
    assert found["alias"][0] == "Ed Miliband's"  # (a possessive is part of the hit)
    assert "Labour leader" in found["role"]


# The vocabulary: how a pattern is built from a word list.

def test_a_pattern_tries_a_lists_words_in_the_files_order():
    vocabulary = Vocabulary({"a.words": ("Sky", "Sky News"), "b.words": ("Sky News", "Sky")})
    first = vocabulary.compile(r"(?:{a.words})").match("Sky News")
    longest_first = vocabulary.compile(r"(?:{b.words})").match("Sky News")
    assert (first.group(0), longest_first.group(0)) == ("Sky", "Sky News")


def test_spaces_wildcards_and_written_forms_of_list_entries():
    vocabulary = Vocabulary({"m.hearers": ("BBC Radio *", "close to"), "w.when": ("when",)})
    hearer = vocabulary.compile(r"(?:{m.hearers})$")
    assert hearer.match("BBC  Radio\n4") and hearer.match("close to") and not hearer.match("BBC Radio")
    as_written = vocabulary.compile(r"(?:{=m.hearers})$")
    assert as_written.match("close to") and not as_written.match("close  to")
    either_case = vocabulary.compile(r"(?:{^w.when})$")
    assert either_case.match("When") and either_case.match("when") and not either_case.match("WHEN")
    assert vocabulary.compile(r"a{1,2}").pattern == "a{1,2}"  # (a quantifier is no list)


def test_an_unknown_list_is_named_in_the_error():
    with pytest.raises(config.ConfigError, match="no.such"):
        Vocabulary({}).compile(r"{no.such}")


def test_the_vocabulary_is_read_again_when_a_file_changes(tmp_path, monkeypatch):
    for name in vocabulary_module.FILES:
        shutil.copy(paths.DATA_DIR / name, tmp_path / name)
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path)
    before = vocabulary_module.load_vocabulary()
    grammar = tmp_path / "grammar_words.toml"
    grammar.write_text(re.sub(r'title_case = \[', 'title_case = ["per", ', grammar.read_text()), encoding="utf-8")
    after = vocabulary_module.load_vocabulary()
    assert "per" in after["small_words.title_case"] and "per" not in before["small_words.title_case"]


def test_the_statements_step_is_keyed_by_the_word_lists():
    assert {"grammar_words.toml", "speaker_words.toml"} <= set(config.STEP_CONFIG_FILES["statements"])


@pytest.mark.parametrize("phrase,text", [
    ("Mr. Rubio", "Mr. Rubio was on the hot seat."),
    ("Sen. Warren", "Critics say Sen. Warren has no plan."),
    ("Dr. Fox", "The new report by Dr. Fox is out."),
])
def test_a_phrase_whose_first_word_ends_in_a_full_stop_is_found(phrase, text):
    from helpers.text.phrases import PhraseMatcher

    found = [text[m.start:m.end] for m in PhraseMatcher([(phrase, phrase)]).finditer(text)]
    assert found == [phrase]
