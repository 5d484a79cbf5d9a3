"""Stance on two layers: the cue rules where they take a side, the sentiment model where they are
silent and it is sure, and a sentiment toward each target on every row."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import paths
from helpers.analyse import stances_of
from helpers.stance import gate

DAY = date(2017, 6, 1)
GATE = gate.load(paths.DATA_DIR / gate.GATE_FILE)  # (the model decides alone only when at least this sure)


def _stance(text: str, target: str):
    found = [s for s in stances_of(text, DAY) if s.target == target]
    assert found, f"{target} not found as a target in {text!r}"
    return found[0]


@pytest.mark.parametrize("text", [
    '"Jeremy Corbyn has given a generation of young people real hope," said one activist.',
    '"Thanks to Jeremy Corbyn, young people finally believe politics can change their lives," said one activist.',
    '"Jeremy Corbyn inspired thousands of young people to get involved," said one activist.',
])
def test_praise_in_words_no_cue_lists_is_read_by_the_model(text):
    stance = _stance(text, "Jeremy Corbyn")
    assert (stance.stance, stance.method, stance.sentiment) == ("favor", "model", "positive")
    assert stance.probability >= GATE and "model: positive" in stance.evidence


@pytest.mark.parametrize("text", [
    '"Ed Miliband is a weak, indecisive man who has no idea how to run anything," said a Tory MP.',
    '"I have never once doubted Jeremy Corbyn. He is the most honest politician of his generation," said a supporter.',
])
def test_where_rules_and_model_agree_the_row_says_both(text):
    stance = [s for s in stances_of(text, DAY)][0]
    assert stance.method == "both" and stance.stance in ("favor", "against")
    assert "'" in stance.evidence.split("; model:")[0]  # the cue words the rules read


@pytest.mark.parametrize("text,target", [
    ("Ed Miliband spoke to reporters in Leeds on Monday.", "Ed Miliband"),
    ('"Ed Miliband will set out the plan in a speech on Tuesday," a spokesman said.', "Ed Miliband"),
    ("Labour will hold its conference in Liverpool in September.", "Labour"),
])
def test_plain_reporting_takes_no_side(text, target):
    stance = _stance(text, target)
    assert stance.stance == "neutral" and stance.sentiment == "neutral"


def test_the_writers_report_of_someone_elses_attack_is_not_the_writers_side_by_the_model():
    # the model reads the sentence as negative toward Labour; it is Galloway's attack, not the writer's
    stance = _stance("George Galloway, meanwhile, continues to attack Labour from the left.", "Labour")
    assert stance.stance == "neutral" and stance.sentiment == "negative"


def test_every_row_carries_the_sentiment_toward_its_target():
    for stance in stances_of('"Labour is the party of the NHS," said Jeremy Corbyn, praising Ed Miliband.', DAY):
        assert stance.sentiment in ("negative", "neutral", "positive")
        assert -1 <= stance.sentiment_score <= 1 and 0 <= stance.sentiment_probability <= 1
        assert stance.method in ("rules", "model", "both")


@pytest.mark.parametrize("text", [
    '"I am proud of what this party has achieved," said one Labour MP.',
    '"Our party has never been stronger," a Labour councillor said.',
    '"My party deserves better than this," said the Labour leader, Jeremy Corbyn.',
])
def test_a_party_members_own_party_is_that_party(text):
    assert any(s.target == "Labour" for s in stances_of(text, DAY))


@pytest.mark.parametrize("text", [
    '"Our party has never been stronger," a Labour spokesman said.',
    'A Labour Party spokeswoman said: "Labour is the party of working people."',
    '"This party will fight for every seat," said a spokesperson for Labour.',
])
def test_a_party_speaking_for_itself_takes_no_stance_toward_itself(text):
    assert not [s for s in stances_of(text, DAY) if s.target == "Labour"]


@pytest.mark.parametrize("text", [
    'Jeremy Corbyn spoke. "Apparently Jeremy won the argument. Shame about the election," one activist said.',
    'Jeremy Corbyn spoke at the count. "Frankly Jeremy has nothing left to say to these voters," one activist said.',
])
def test_an_adverb_opening_a_sentence_is_not_part_of_the_name_after_it(text):
    assert any(s.target == "Jeremy Corbyn" and "Jeremy" in text[s.statement.start:s.statement.end]
               and s.statement.quote_type == "direct" for s in stances_of(text, DAY))


@pytest.mark.parametrize("text,target", [
    ('"George Galloway arrived in Bradford in 2012. Since then he has divided this city and left it poorer," '
     'said a councillor.', "George Galloway"),
    ('"I saw Ed Miliband at the station on Monday morning with two aides. Frankly he is hopeless," said a commuter.',
     "Ed Miliband"),
    ('"Jeremy Corbyn was in Hastings on Saturday for a rally on the seafront. He is a disaster for working people," '
     'said a local Conservative.', "Jeremy Corbyn"),
])
def test_a_judgement_is_not_diluted_by_a_plain_sentence_before_it(text, target):
    # the model reads a sentence at a time (it was trained on sentences); the surest side counts
    stance = _stance(text, target)
    assert (stance.stance, stance.sentiment) == ("against", "negative")
    assert stance.sentiment_probability >= GATE


def test_the_reading_of_a_statement_is_its_surest_sentence():
    from helpers.stance.target_sentiment import Prediction, surest

    plain = Prediction("neutral", {"negative": 0.2, "neutral": 0.7, "positive": 0.1}, [])
    judged = Prediction("negative", {"negative": 0.5, "neutral": 0.3, "positive": 0.2}, [])
    praised = Prediction("positive", {"negative": 0.1, "neutral": 0.3, "positive": 0.6}, [])
    assert surest([plain, judged]) is judged and surest([judged, plain]) is judged
    assert surest([judged, praised]) is praised  # (a side read more surely outweighs one read less surely)
    assert surest([plain]) is plain


def test_a_party_implied_only_by_membership_words_is_left_to_the_rules():
    # "leave" stands in for Labour: the model, trained on named targets, reads the sentence's tone
    text = ('John Smith was a Labour councillor for thirty years until last spring.\n\n'
            '"I didn\'t leave, I was thrown out," he said.')
    implied = [s for s in stances_of(text, DAY) if "membership context" in s.evidence]
    assert implied and all(s.stance == "neutral" and s.method == "rules" for s in implied)
    assert all(s.sentiment for s in implied)  # (the model's reading is still shown as the sentiment)


def test_the_model_decides_only_for_a_named_target():
    from helpers.doc import Statement
    from helpers.stance.rules import StanceResult, combined
    from helpers.stance.target_sentiment import Prediction

    said = Statement(0, 14, "direct", "A", "person", "A", "said", 1.0, "frame", 0, 0, 14)
    silent = StanceResult("Labour", "neutral", 0.0, "mentioned without a stance cue")
    sure = Prediction("negative", {"negative": 0.9, "neutral": 0.05, "positive": 0.05}, [])
    assert combined(said, silent, sure, GATE, named=True).stance == "against"
    implied = combined(said, silent, sure, GATE, named=False)
    assert (implied.stance, implied.method, implied.sentiment) == ("neutral", "rules", "negative")
