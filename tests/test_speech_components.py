"""Each speech component on short texts: the quotations, cues, mentions and statements it adds.

A document is run through the statements step's components up to the one a test is about
(:func:`upto`), so that each component is seen with just the layers it reads.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

from helpers import config, statement_step
from helpers.doc import Analyser, Doc

DAY = date(2016, 5, 1)


@lru_cache(maxsize=1)
def _components() -> list:
    return statement_step.build(config.load_settings().extraction).components


def upto(name: str, doc_or_text, published: date | None = DAY) -> Doc:
    """The document after the statements step's components up to ``name`` (included)."""
    components = _components()
    names = [c.name for c in components]
    doc = doc_or_text if isinstance(doc_or_text, Doc) else Doc.from_text(doc_or_text, published, "the writer")
    return Analyser(components[:names.index(name) + 1])(doc)


def said(doc: Doc) -> list[tuple[str, str, str]]:
    """(text, speaker, quote type) of each statement but the writer's narration."""
    return [(doc.text[s.start:s.end], s.speaker, str(s.quote_type)) for s in doc.statements
            if s.quote_type != "narration"]


# quotations ---------------------------------------------------------------------------------

def quoted(text: str) -> list[str]:
    doc = upto("quotations", text)
    return [text[s.start:s.end] for u in doc.quotations.units for s in u.spans]


@pytest.mark.parametrize("text, expected", [
    ('She said: “We will win.” Then she left.', ["We will win."]),
    ('He said "we will win" and "we will govern".', ["we will win", "we will govern"]),
    ("He called it a 'disgrace' and walked out.", ["disgrace"]),
    ("It's the Tories' plan, and they don't hide it.", []),           # apostrophes, not quotations
])
def test_quotation_marks_of_every_kind_are_paired(text, expected):
    assert quoted(text) == expected


def test_a_quotation_running_over_paragraphs_is_one_unit():
    text = '"We will win this seat.\n"And we will win the next one," he said.'
    doc = upto("quotations", text)
    assert [[text[s.start:s.end] for s in u.spans] for u in doc.quotations.units] == \
        [["We will win this seat.", "And we will win the next one,"]]


def test_transcript_turns_and_colon_blocks_are_found():
    text = "She told the paper:\nThis is the irony of it all.\nPENCE: Well, look.\nWALLACE: Go on.\nPENCE: No."
    q = upto("quotations", text).quotations
    assert sorted(label for label, _ in q.labels.values()) == ["PENCE", "PENCE", "WALLACE"]
    assert q.block_paragraphs == {1}


# cues -----------------------------------------------------------------------------------

def cue_words(text: str) -> list[str]:
    doc = upto("cues", text)
    return [text[c.start:c.end] for c in doc.cues]


@pytest.mark.parametrize("text, expected", [
    ("Galloway claims the vote was rigged.", ["claims"]),
    ("His claims were false.", []),                                  # a possessed noun
    ("Two reports said so.", ["said"]),                              # a counted noun, then the verb
    ("A report released last year found waste.", ["found"]),        # the participle describes the report
    ("Flynn Says Trump Is Right", ["Says"]),                         # a headline in title case
    ("He studied at Wayne State University and said so.", ["said"]),
])
def test_reporting_words_are_cues_only_where_they_are_verbs(text, expected):
    assert cue_words(text) == expected


def test_an_ing_form_after_be_is_a_finite_report():
    doc = upto("cues", "Clinton is warning that taxes will rise.")
    assert [(c.progressive, c.nonfinite) for c in doc.cues] == [(True, False)]
    doc = upto("cues", "She left the room, warning that taxes will rise.")
    assert [c.nonfinite for c in doc.cues] == [True]


# mentions -------------------------------------------------------------------------------

def mentions(text: str) -> list[tuple[str, str, str, str]]:
    doc = upto("mentions", text)
    return [(m.surface, m.kind, m.entity, m.gender) for m in doc.mentions]


def test_an_honorific_marks_a_person_and_their_gender():
    assert mentions("Mr Smith said he would go.") == [("Smith", "name", "Smith", "male"),
                                                      ("he", "pronoun", "", "male")]
    assert mentions("Mrs. Jones said so.")[0] == ("Jones", "name", "Jones", "female")


@pytest.mark.parametrize("text, name", [
    ("Unite's Len McCluskey said it.", "Len McCluskey"),       # after a possessor
    ("Shopkeeper Tariq Mahmood said so.", "Tariq Mahmood"),    # after an occupation
    ("Oversight Chairman Jason Chaffetz said so.", "Jason Chaffetz"),  # after a title
    ("Said Ellis: we will see.", "Ellis"),                     # after a verb opening the sentence
])
def test_a_name_is_found_without_the_words_around_it(text, name):
    assert name in [surface for surface, kind, _, _ in mentions(text) if kind == "name"]


def test_sources_organisations_and_roles_are_mentions_too():
    found = mentions("A Labour spokesman said no. The prime minister said yes.")
    assert ("A Labour spokesman", "source", "Labour spokesman", "unknown") in found
    assert ("The prime minister", "role", "David Cameron", "male") in found  # the role's holder that day


def test_a_surname_alone_is_the_person_named_in_full_before():
    found = mentions("Jane Porter spoke first. Later Porter said it again.")
    assert [(surface, entity) for surface, kind, entity, _ in found if kind == "name"] == \
        [("Jane Porter", "Jane Porter"), ("Porter", "Jane Porter")]


# attribution (quotations) and reported speech --------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('"We will win," said George Galloway.', [("We will win", "George Galloway", "direct")]),
    ('"We will win," George Galloway said.', [("We will win", "George Galloway", "direct")]),
    ('George Galloway said: "We will win."', [("We will win.", "George Galloway", "direct")]),
    ('Ed Miliband said the party was "proud" of its record.',
     [('the party was "proud" of its record', "Ed Miliband", "partial")]),
])
def test_a_quotation_is_said_by_the_speaker_of_its_frame(text, expected):
    assert said(upto("attribution", text)) == expected


def test_a_quotation_without_a_frame_continues_the_previous_speaker():
    text = ('"We will win this seat outright," Galloway said.\n'
            '"Nobody in Bradford believes otherwise, and nobody should."')
    assert [speaker for _, speaker, _ in said(upto("attribution", text))] == ["George Galloway", "George Galloway"]


def test_a_block_after_a_colon_frame_is_said_by_its_subject():
    text = "Salma Yaqoob told the Guardian:\nThis is the irony of it all."
    assert said(upto("attribution", text)) == [("This is the irony of it all.", "Salma Yaqoob", "block")]


@pytest.mark.parametrize("text, expected", [
    ("Galloway claimed news of the meeting had been leaked.",
     [("news of the meeting had been leaked.", "George Galloway", "indirect")]),
    ("The vote was rigged, a senior Labour source said.",
     [("The vote was rigged", "senior Labour source", "indirect")]),
    ("According to Labour officials, the vote was rigged.",
     [("the vote was rigged.", "Labour officials", "indirect")]),
    ("A poll released last week found that most voters backed the plan.",
     [("most voters backed the plan.", "poll", "indirect")]),
])
def test_reported_speech_is_the_clause_its_verb_reports(text, expected):
    assert said(upto("attribution", text)) == expected


def test_an_object_or_a_bare_verb_is_not_reported_speech():
    assert said(upto("attribution", "Galloway claimed victory in Bradford.")) == []
    assert said(upto("attribution", "She said in a statement on Monday.")) == []


# nested reports and voices ----------------------------------------------------------------

def test_a_report_inside_a_statement_is_the_inner_speakers_too():
    doc = upto("nested_reports", "Clinton said Trump has claimed that taxes will fall for everyone in the country.")
    outer, inner = doc.statements
    assert (outer.speaker, inner.speaker, inner.nested_in is outer) == ("Hillary Clinton", "Donald Trump", True)
    assert doc.text[inner.start:inner.end] == "taxes will fall for everyone in the country."


def test_the_writer_narrates_and_readers_comment():
    text = "The party met on Monday.\nGreat article, well done.\nI disagree."
    doc = Doc("t", "", text, 24, [(25, 50, "Mike"), (51, len(text), "WHS")], None, "Jane Writer")
    doc = upto("voices", doc)
    assert [(text[s.start:s.end], s.speaker, str(s.quote_type)) for s in doc.statements] == [
        ("The party met on Monday.", "Jane Writer", "narration"),
        ("Great article, well done.", "Mike", "comment"),
        ("I disagree.", "WHS", "comment")]


def test_a_sentence_that_reports_someone_is_not_the_writers_voice():
    doc = upto("voices", '"We will win," said George Galloway. The count is tonight.')
    assert [(s.speaker, str(s.quote_type)) for s in doc.statements] == [
        ("George Galloway", "direct"), ("the writer", "narration")]
