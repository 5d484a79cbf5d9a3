"""The stricter scoring rule of issue 18: when a predicted speaker names the annotated source, when a
gold content counts as found, and what `evaluate --compare` lists between two runs."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.evaluate import compare_runs, evaluate
from helpers.strict_scoring import PlacedStatement, score_items, strict_speakers_match


@pytest.mark.parametrize("source, predicted", [
    ("White House press secretary Josh Earnest", "Josh Earnest"),   # the name inside a longer description
    ("Josh Earnest, the White House press secretary", "Josh Earnest"),
    ("Obama", "Barack Obama"),                                      # a lone surname
    ("Mr. Obama", "Barack Obama"),                                  # titles dropped
    ("PENCE", "Mike Pence"),                                        # case does not matter
    ("Sen. Claire McCaskill", "Claire McCaskill"),
    ("Hillary Clinton", "Hillary Rodham Clinton"),                  # same first name and surname
    ("the senator", "The Senator"),                                 # the same words
    ("Clinton, a Democrat,", "Hillary Clinton"),                    # the name before an apposition
    ("Mr. King, 82,", "Larry King"),
    ("Donald Trump’s", "Donald Trump"),                             # the whole source is the possessor: his claim
])
def test_these_speakers_name_the_annotated_source(source, predicted):
    assert strict_speakers_match(source, predicted)


@pytest.mark.parametrize("source, predicted", [
    ("Trump's campaign manager", "Trump"),                          # a possessor is not the speaker
    ("Trump’s campaign manager", "Donald Trump"),
    ("a source close to the campaign", "source"),                   # a common noun alone names nobody
    ("attorneys for the family", "attorneys"),
    ("Michelle Obama", "Barack Obama"),                             # same surname, another first name
    ("Hillary Clinton", "campaign"),
    ("Obama and Clinton", "Hillary"),
])
def test_these_speakers_do_not(source, predicted):
    assert not strict_speakers_match(source, predicted)


TEXT = ("Donald Trump said the election was rigged. Officials disagreed. "
        "Later, at a rally in Ohio, the election was rigged again, according to him, and he blamed the media "
        "for everything that had happened.")


def _statement(text_part: str, speaker: str, quote_type: str = "indirect", occurrence: int = 0) -> PlacedStatement:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text_part, start + 1)
    return PlacedStatement(text_part[:8], speaker, "", quote_type, start, start + len(text_part),
                           len(text_part.split()))


def _score(content: str, statements: list[PlacedStatement], source: str = "Donald Trump", occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(content, start + 1)
    items = [("k", "f", content, source, [(start, start + len(content))])]
    return score_items(items, {"f": TEXT}, {"f": statements}, precision=True)


def test_a_content_is_found_where_it_stands_not_by_the_same_words_elsewhere():
    later = _statement("the election was rigged again", "Donald Trump", occurrence=0)
    assert _score("the election was rigged", [later]).metrics["strict_found"] == 0
    here = _statement("the election was rigged", "Donald Trump")
    score = _score("the election was rigged", [here])
    assert score.metrics["strict_found"] == 1 and score.metrics["strict_attribution_accuracy"] == 1.0


def test_a_statement_covering_most_of_a_content_finds_it_and_a_wrong_speaker_is_counted():
    three_of_four = _statement("election was rigged", "Officials")
    score = _score("the election was rigged", [three_of_four])
    assert score.metrics["strict_found"] == 1 and score.metrics["strict_attribution_accuracy"] == 0.0


def test_narration_finds_nothing_and_pronoun_sources_are_not_checked():
    narration = _statement("Donald Trump said the election was rigged.", "The Writer", "narration")
    assert _score("the election was rigged", [narration]).metrics["strict_found"] == 0
    said = _statement("the election was rigged", "Officials")
    score = _score("the election was rigged", [said], source="he")
    assert score.metrics["strict_found"] == 1 and score.metrics["strict_speakers_checked"] == 0


def test_precision_counts_statements_at_least_half_inside_one_content():
    inside = _statement("the election was rigged", "Donald Trump")
    mostly_outside = _statement("Officials disagreed. Later, at a rally in Ohio,", "Officials")
    score = _score("the election was rigged", [inside, mostly_outside])
    assert (score.precise, score.statements) == (1, 2)


def _write_run(folder, text: str, rows: list[tuple[str, str, str]]) -> None:
    """An `analyze` output with one article and the given (text, speaker, quote_type) statements."""
    folder.mkdir()
    pd.DataFrame([{"article_id": "a1", "file": "a.txt", "text": text}]).to_parquet(folder / "articles.parquet")
    statements = []
    for number, (part, speaker, quote_type) in enumerate(rows):
        start = text.index(part)
        statements.append({"statement_id": f"s{number}", "article_id": "a1", "file": "a.txt", "speaker": speaker,
                           "speaker_mention": "", "quote_type": quote_type, "text": part, "char_start": start,
                           "char_end": start + len(part)})
    pd.DataFrame(statements).to_parquet(folder / "statements.parquet")
    pd.DataFrame(columns=["statement_id", "target", "stance"]).to_parquet(folder / "stances.parquet")


def test_compare_lists_quotes_newly_found_and_speakers_newly_right(tmp_path):
    text = 'Labour will win, said Ed Miliband. "We are ready," said Harriet Harman.'
    gold = tmp_path / "gold.csv"
    pd.DataFrame([
        {"file": "a.txt", "quote_text": "Labour will win", "speaker": "Ed Miliband", "quote_type": "indirect",
         "targets": "", "stances": ""},
        {"file": "a.txt", "quote_text": "We are ready,", "speaker": "Harriet Harman", "quote_type": "direct",
         "targets": "", "stances": ""},
    ]).to_csv(gold, index=False)
    _write_run(tmp_path / "before", text, [('"We are ready,"', "Ed Miliband", "direct")])
    _write_run(tmp_path / "after", text, [("Labour will win", "Ed Miliband", "indirect"),
                                          ('"We are ready,"', "Harriet Harman", "direct")])
    lines = compare_runs(gold, tmp_path / "after", tmp_path / "before")
    text_out = "\n".join(lines)
    assert "newly found: 1" in text_out and "Labour will win" in text_out
    assert "speaker newly right: 1" in text_out and "'Ed Miliband' -> 'Harriet Harman'" in text_out
    assert "lost: 0" in text_out and "speaker newly wrong: 0" in text_out
    report = evaluate(gold, tmp_path / "after", compare=tmp_path / "before")
    assert report.metrics["strict_content_recall"] == 1.0 and report.metrics["quote_recall"] == 1.0
    assert any(line.startswith("strict rule") for line in report.lines)
