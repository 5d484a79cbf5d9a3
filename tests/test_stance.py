"""Toward whom, and how: targets, stance cues, and the seed gold's stance labels."""

from __future__ import annotations

import functools

import pytest

from helpers import paths, stance_step, statement_step
from helpers.evaluate import evaluate_seed_csv
from helpers.stance import gate

from .conftest import SEED_GOLD, statement_for

GATE = gate.load(paths.DATA_DIR / gate.GATE_FILE)


def analyse_one_text(text: str) -> tuple[list[dict], list[dict]]:
    """The statements and stances of a short text taken as a whole article (dated 2017-06-01)."""
    article = {"article_id": "a", "text": text, "body_end": len(text), "file": "a.txt", "published": "2017-06-01",
               "author": "Writer", "outlet": "Paper"}
    statements = statement_step.article_statements(article, [], _analysers()[0])
    return statements, stance_step.article_stances(article, statements, [], _analysers()[1])


@functools.lru_cache(maxsize=1)
def _analysers():
    return statement_step.build({}), stance_step.build()


def stance_of(run, file_prefix: str, fragment: str, target: str) -> str:
    statement = statement_for(run.statements, file_prefix, fragment)
    rows = run.stances[(run.stances["statement_id"] == statement["statement_id"]) & (run.stances["target"] == target)]
    return rows.iloc[0]["stance"] if len(rows) else "not a target"


def test_seed_gold_stance_beats_targets_and_the_sentiment_baseline(seed_out):
    m = evaluate_seed_csv(SEED_GOLD, seed_out).metrics
    # (the model decides wherever the cue rules are silent: on the seeds, which the rules were written
    # against, that costs accuracy (0.829 -> 0.756) and gains on unseen UK articles; docs/stance.md)
    assert m["stance_macro_f"] >= 0.80
    assert m["stance_accuracy"] >= 0.75
    assert m["stance_macro_f"] - m["baseline_macro_f"] >= 0.25


@pytest.mark.parametrize("prefix, fragment, target, expected", [
    ("003", "I want to see Ed Miliband as prime minister", "Ed Miliband", "favor"),       # desire, no sentiment words
    ("003", "He might want me to be prime minister", "George Galloway", "against"),       # "I don't want him": pronoun + negation
    ("003", "George Galloway isn't coming back", "George Galloway", "against"),            # negated membership
    ("003", "an unprincipled coward", "Ed Miliband", "against"),                           # target by role
    ("003", "awful", "George Galloway", "against"),                                        # "calling them" = his views
    ("004", "The Blairites are trying to undermine him", "Ed Miliband", "favor"),          # third party attacks: defence
    ("004", "The Blairites are trying to undermine him", "Labour", "against"),             # "They're the real betrayers"
    ("004", "no desire to return to the Labour party", "Labour", "against"),
    ("001", "He could have led it", "Jeremy Corbyn", "favor"),                             # "a very considerable asset"
    ("001", "to take chunks out of Labour", "Labour", "against"),                          # "replace Labour"
    ("000", "if you have an approach", "Labour", "favor"),                                 # "I can come back in" (context)
])
def test_seed_stances(seed_run, prefix, fragment, target, expected):
    assert stance_of(seed_run, prefix, fragment, target) == expected


def test_the_speakers_own_first_person_never_makes_them_a_target(seed_run):
    statement = statement_for(seed_run.statements, "003", "I realise now that I showed poor judgement")
    targets = set(seed_run.stances.loc[seed_run.stances["statement_id"] == statement["statement_id"], "target"])
    assert "George Galloway" not in targets and "Ed Miliband" in targets


def test_ralph_miliband_is_not_a_mention_of_ed(seed_run):
    narration = seed_run.statements[seed_run.statements["text"].str.startswith("Ralph Miliband would have been appalled")]
    assert len(narration) == 1
    stances = seed_run.stances[seed_run.stances["statement_id"] == narration.iloc[0]["statement_id"]]
    assert "Ed Miliband" not in set(stances["target"])


def test_every_stance_has_evidence_and_a_score_in_range(seed_run):
    stances = seed_run.stances
    assert stances["stance"].isin(["favor", "against", "neutral"]).all()
    assert stances["score"].between(-1, 1).all()
    assert stances["evidence"].str.len().gt(0).all()
    decided = stances[stances["stance"] != "neutral"]
    by_rules = decided[decided["method"].isin(["rules", "both"])]
    assert by_rules["evidence"].str.contains("'").all()  # names the cue words
    by_model = decided[decided["method"] == "model"]
    assert by_model["evidence"].str.contains("model: ").all() and by_model["probability"].ge(GATE).all()
    assert stances["method"].isin(["rules", "model", "both"]).all()
    assert stances["sentiment"].isin(["negative", "neutral", "positive"]).all()


def test_stance_in_other_outlets_styles(styles_run):
    run = styles_run

    def stance(fragment: str, target: str) -> str:
        rows = run.statements[run.statements["text"].str.contains(fragment, regex=False)
                              & (run.statements["quote_type"] != "narration")]
        shortest = rows.loc[rows["text"].str.len().idxmin()]
        found = run.stances[(run.stances["statement_id"] == shortest["statement_id"]) & (run.stances["target"] == target)]
        return found.iloc[0]["stance"] if len(found) else "not a target"

    assert stance("weak leader", "Ed Miliband") == "against"
    assert stance("do a deal with George Galloway", "George Galloway") == "against"    # "never": negated alliance
    assert stance("terrible mistake", "Jeremy Corbyn") == "against"                    # "Jeremy" tied to Corbyn by the article
    assert stance("best leader Labour could have", "Jeremy Corbyn") == "favor"
    assert stance("not welcome in the Labour Party", "George Galloway") == "against"
    assert stance("the former MP would not be readmitted", "George Galloway") == "against"  # description → Galloway
    assert stance("he should step down", "Jeremy Corbyn") == "against"      # "told Mr Corbyn he ...": the hearer
    assert stance("inspiring leader", "Jeremy Corbyn") == "favor"
    assert stance("unelectable", "Jeremy Corbyn") == "against"
    assert stance("divisive figure", "George Galloway") == "against"    # '"He is ...," one MP said of Mr Galloway'
    assert stance("divisive figure", "Labour") == "not a target"        # the speaker's own "Labour MP"
    assert stance("lost its way", "Labour") == "against"
    assert stance("pay a heavy price", "Labour") == "against"
    assert stance("a disaster", "Jeremy Corbyn") == "against"            # Lord Mandelson, not Corbyn, said it
    assert stance("trying to undermine Jeremy", "Jeremy Corbyn") == "favor"  # a third party's attack: defending him
    assert stance("to say whether he supported", "Jeremy Corbyn") != "favor"  # an open question takes no side
    assert stance("should never be allowed back", "George Galloway") == "against"  # a reader's comment
    assert stance("Labour are a shambles", "Labour") == "against"


def test_wanting_someone_back_in_the_party_favours_the_party():
    text = 'Unite\'s general secretary said: "Tom Watson should be allowed to rejoin Labour without delay."'
    article = {"article_id": "a", "text": text, "body_end": len(text), "file": "a.txt", "published": "2019-01-01",
               "author": "W", "outlet": "O"}
    stances = stance_step.article_stances(article, statement_step.article_statements(article, [], _analysers()[0]), [],
                                          _analysers()[1])
    assert [(s["target"], s["stance"]) for s in stances] == [("Labour", "favor")]


@pytest.fixture(scope="module")
def styles_run():
    from helpers import pipeline

    from .conftest import FIXTURES

    return pipeline.run([FIXTURES / "styles"], store_dir=None, apply_corrections=False)


@pytest.mark.parametrize("fragment, target, expected", [
    ("would wreck the economy", "Labour", "against"),
    ("deserves real credit", "Jeremy Corbyn", "favor"),
    ("shown real leadership", "Ed Miliband", "favor"),
    ("no place in British politics", "George Galloway", "against"),
    ("nothing but respect for Ed", "Ed Miliband", "favor"),
    ("unfit to lead this country", "Jeremy Corbyn", "against"),
    ("cannot be trusted with the economy", "Labour", "against"),
    ("welcome Labour's commitment", "Labour", "favor"),
    ("should step aside", "Jeremy Corbyn", "against"),
    ("lacks the charisma", "Ed Miliband", "against"),        # "Mr Miliband's critics claim he ...": not the critics
    ("he is underestimated", "Ed Miliband", "favor"),
    ("continues to attack Labour from the left", "Labour", "neutral"),  # the writer reports; "the left" is no leaving
    ("completely lost the plot", "Jeremy Corbyn", "against"),             # "the leadership" of the Labour leader
    ("on this he is right", "Jeremy Corbyn", "favor"),                    # "he" is Jeremy, named in the quotation
    ("respect the result of the referendum", "Labour", "neutral"),        # '"...," he said. "..."': the frame's "he"
                                                                          # is the speaker, not a target
    ("position was untenable", "Labour", "against"),
    ("approach as", "Labour", "against"),         # 'described Labour's approach as "a shambles"': what is described
    ("approach as", "Jeremy Corbyn", "against"),  # "... and accused Corbyn of abandoning his principles"
    ("calm and principled leadership", "Jeremy Corbyn", "favor"),
    ('Mr Galloway "a divisive figure', "George Galloway", "against"),  # 'called X "a divisive figure"': X, not "figure"
    ("depth of anger at Labour", "Labour", "against"),
    ("a decent man who fought", "Ed Miliband", "favor"),   # "describing him as": the verb's object is not its subject
    ("too far to the left", "Ed Miliband", "against"),     # "Mr Miliband had taken Labour ... and had failed": his failure
    ("Britain needs a strong Labour Party", "Labour", "favor"),
    ("seen through", "Jeremy Corbyn", "against"),
    ("Corbyn is paying the price", "Jeremy Corbyn", "against"),
    ("never be allowed back", "George Galloway", "against"),   # "He should never be allowed back": ruled out
    ("principled man", "Jeremy Corbyn", "favor"),               # a tweet: "Jeremy" named by the article before
    ("strong voice against war", "George Galloway", "favor"),  # "he has always been": George, in the quotation
])

def test_common_judgements_in_reactions(styles_run, fragment, target, expected):
    row = styles_run.statements[styles_run.statements["text"].str.contains(fragment, regex=False)].iloc[0]
    found = styles_run.stances[(styles_run.stances["statement_id"] == row["statement_id"])
                               & (styles_run.stances["target"] == target)]
    assert found.iloc[0]["stance"] == expected


def _rules_reading(run, fragment: str, target: str):
    row = run.statements[run.statements["text"].str.contains(fragment, regex=False)].iloc[0]
    return run.stances[(run.stances["statement_id"] == row["statement_id"]) & (run.stances["target"] == target)].iloc[0]


@pytest.mark.parametrize("run_name, fragment", [
    ("seed_run", "I didn’t leave"),              # negated leaving is no leaving
    ("styles_run", "left voters confused"),      # "left" someone confused: no one leaves Labour
])
def test_leaving_words_that_leave_nobody_give_the_rules_no_side(request, run_name, fragment):
    # whatever side the row takes is the sentiment model's, and it says so
    found = _rules_reading(request.getfixturevalue(run_name), fragment, "Labour")
    assert found["stance"] == "neutral" or found["method"] == "model"
    assert "'leave'" not in found["evidence"] and "'left'" not in found["evidence"]


def test_a_stance_bearing_reporting_verb_counts_for_the_reported_statement(styles_run):
    # "Writing on X, ... Jeremy Corbyn congratulated Mr Galloway, saying ...": the verb is the stance
    statements = styles_run.statements
    row = statements[(statements["cue"] == "congratulated") & (statements["file"] == "telegraph_rochdale_result.txt")].iloc[0]
    found = styles_run.stances[(styles_run.stances["statement_id"] == row["statement_id"])]
    assert row["speaker"] == "Jeremy Corbyn"
    assert found.set_index("target").loc["George Galloway", "stance"] == "favor"


def test_the_frame_between_pieces_of_a_quotation_names_no_target(styles_run):
    # '"We have to respect the result," he said. "That is the position of the Labour party ..."': the
    # "he" of the frame is Keir Starmer himself, so Jeremy Corbyn (named nearby) is not a target here
    row = styles_run.statements[styles_run.statements["text"].str.contains("respect the result of the referendum",
                                                                           regex=False)].iloc[0]
    targets = set(styles_run.stances.loc[styles_run.stances["statement_id"] == row["statement_id"], "target"])
    assert row["speaker"] == "Keir Starmer" and "Jeremy Corbyn" not in targets


@pytest.mark.parametrize("text, target, expected", [
    ('"Jeremy Corbyn is the best hope this country has," said Len McCluskey.', "Jeremy Corbyn", "favor"),
    ('Tom Watson said Labour was "in a very dark place".', "Labour", "against"),
    ('"I have never been prouder to be a Labour member," said Angela Rayner.', "Labour", "favor"),  # not a negation
    ('"Ed Miliband would make a good prime minister," said Neil Kinnock.', "Ed Miliband", "favor"),
    ('"I will not be voting Labour," said the former minister.', "Labour", "against"),  # progressive, not passive
    ('"He is a liability on the doorstep," one MP said of Mr Corbyn.', "Jeremy Corbyn", "against"),  # named after
    ('"Ed Miliband is not fit to be prime minister," said David Cameron.', "Ed Miliband", "against"),
    ('"Mr Galloway has no place in our party," said a Labour spokesman.', "George Galloway", "against"),
    ('"I fully support Ed Miliband\'s leadership," said Yvette Cooper.', "Ed Miliband", "favor"),
    ('"Jeremy Corbyn has shown he cannot lead," said a senior Labour source.', "Jeremy Corbyn", "against"),
    ('"Labour\'s policies are popular with voters," said Rebecca Long-Bailey.', "Labour", "favor"),
    ("George Galloway said he was delighted to have beaten Labour.", "Labour", "against"),
    ('"I think Jeremy Corbyn is a threat to national security," said Theresa May.', "Jeremy Corbyn", "against"),
    ('"Jeremy Corbyn is a man of principle," said Ken Loach.', "Jeremy Corbyn", "favor"),
    ('Lord Falconer said Mr Corbyn was "not capable of leading the party".', "Jeremy Corbyn", "against"),
    ('"Ed Miliband stabbed his brother in the back," said a Tory MP.', "Ed Miliband", "against"),  # attacking someone
    ('"Labour will never again win a general election," said the commentator.', "Labour", "against"),
    ('"Mr Corbyn has my full support," said Emily Thornberry.', "Jeremy Corbyn", "favor"),
    # a negated infinitive scopes over its verb phrase
    ('"There are many valid reasons not to form a political alliance with George Galloway," said the editor.',
     "George Galloway", "against"),
    ('"I urge members not to vote for Labour," said the activist.', "Labour", "against"),
    # "hit back" is a retort, not backing anyone
    ('Diane Abbott hit back, saying Mr Galloway\'s comments were "beneath contempt".', "George Galloway", "against"),
    # the negation belongs to the tackling: the antisemitism is still said to be there
    ("Critics say Mr Corbyn has failed to tackle antisemitism in Labour's ranks.", "Labour", "against"),
    ('"We will not be lectured by Jeremy Corbyn," a Conservative spokesman said.', "Jeremy Corbyn", "against"),
    ('Sir Keir Starmer insisted Labour was "ready for government".', "Labour", "favor"),
    # a tweet reported as a clause: the words outside the marks are the speaker's too
    ('Writing on Twitter, Mr Galloway said Labour had been "humiliated".', "Labour", "against"),
    ('Ed Miliband was under pressure. One shadow cabinet minister said: "He simply isn\'t cutting through."',
     "Ed Miliband", "against"),
    ('The Liberal Democrats said Labour\'s plans were "uncosted and unrealistic".', "Labour", "against"),
    # a quotation mark between the copula (or the auxiliary) and the judgement
    ('Ruth Davidson said Labour was "a threat to the union".', "Labour", "against"),
    ('Nigel Farage said Labour had "completely lost touch" with its voters.', "Labour", "against"),
    ('In an interview, Mr Galloway said Ed Miliband was "a busted flush".', "Ed Miliband", "against"),
    # a party and the leader it is under share a judgement
    ('Mr Blair said that Labour under Mr Corbyn would face "annihilation".', "Labour", "against"),
    ('Mr Blair said that Labour under Mr Corbyn would face "annihilation".', "Jeremy Corbyn", "against"),
    ('Former Labour leader Neil Kinnock said he would "never forgive" Mr Galloway.', "George Galloway", "against"),
    ('"Frankly, Ed Miliband is a joke," said a senior Tory.', "Ed Miliband", "against"),
    # a lone first name of a target the article names by surname; a coordinated predicate
    ('Asked about Mr Galloway, Mr Corbyn said: "George is a great campaigner and a man of principle."',
     "George Galloway", "favor"),
    ('"We would be weaker without Jeremy Corbyn," said Len McCluskey.', "Jeremy Corbyn", "favor"),
    # a negated belief verb negates what is believed
    ('"I don\'t think Ed Miliband is up to the job," said Lord Sugar.', "Ed Miliband", "against"),
    # a past joining in a relative clause describes the party, it is no joining
    ('"The Labour party I joined no longer exists," said Frank Field.', "Labour", "against"),
    ('"Mr Miliband has the full support of the shadow cabinet," a spokesman said.', "Ed Miliband", "favor"),
    # a preposition's object is not the copula's subject; a third party's plotting is defended against
    ('Len McCluskey said Labour MPs plotting against Mr Corbyn were "a disgrace".', "Labour", "against"),
    ('Len McCluskey said Labour MPs plotting against Mr Corbyn were "a disgrace".', "Jeremy Corbyn", "favor"),
    # "the party" is the party target named last nearby
    ('I was a Labour member for thirty years. But the party I loved has been hijacked.', "Labour", "against"),
    # "would make" a predicate, as "would be" does (not the role noun it names)
    ('Lord Kinnock said Mr Miliband would make "an excellent prime minister".', "Ed Miliband", "favor"),
    ('Mr Galloway has called on voters to "punish" Labour at the ballot box.', "Labour", "against"),
    ('The Respect MP said Labour "deserved to lose".', "Labour", "against"),
    ('Mr Galloway, speaking to the Guardian, said: "Ed Miliband is a Tory in a red rosette."', "Ed Miliband", "against"),
    ('"Corbyn has my vote," said the Labour member, who did not want to be named.', "Jeremy Corbyn", "favor"),
    # urging others not to attack someone defends them; an attack denied accuses no one
    ("Unite's Len McCluskey has warned Labour MPs not to move against Mr Corbyn.", "Jeremy Corbyn", "favor"),
    ("Labour MPs did not move against Mr Corbyn, said Len McCluskey.", "Labour", "neutral"),
    # a state with its own preposition is no passive
    ("Jeremy Corbyn spoke. Diane Abbott said the party was united behind him.", "Jeremy Corbyn", "favor"),
    ('Writing in the Daily Telegraph, Boris Johnson said Mr Corbyn was "a mutton-headed old mugwump".',
     "Jeremy Corbyn", "against"),
    ('Many voters see Mr Miliband as "weird", said the pollster.', "Ed Miliband", "against"),
    # an attack on someone who is not a target still accuses its subject
    ('Mr Galloway said: "Labour has betrayed Bradford."', "Labour", "against"),
    # a cue read across the quotation mark of a partial quotation
    ('Mr Corbyn said he was "proud" of Labour\'s campaign.', "Labour", "favor"),
    ('Ms Phillips said she had "lost all faith" in the Labour leadership.', "Labour", "against"),
    ('George Galloway claims to speak for the working class. "He does not speak for me," said Ms Abbott.',
     "George Galloway", "against"),
])
def test_one_sentence_reactions(text, target, expected):
    _, stances = analyse_one_text(text)
    assert {s["target"]: s["stance"] for s in stances}.get(target) == expected, stances


def test_the_party_is_not_labour_when_another_party_was_named_since():
    statements, stances = analyse_one_text('Labour won the seat. The Conservative party said the party had "lost its way".')
    reported = [s for s in statements if "lost its way" in s["text"]]
    assert reported and not [s for s in stances if s["statement_id"] == reported[0]["statement_id"]]


def _targets_read(text: str, target_names: tuple[str, ...]) -> set[str]:
    """The targets (defined by these names, as a study's own targets file would) some statement of
    ``text`` refers to."""
    from helpers import config
    from helpers.doc import Doc
    from helpers.stance.targets import make_target

    statements = statement_step.build(config.load_settings().extraction)
    doc = stance_step.build(tuple(make_target(n) for n in target_names))(statements(Doc.from_text(text)))
    return {s.target for s in doc.stances}


@pytest.mark.parametrize("text,target", [
    ("Mr. Rubio was on the hot seat to prove he has what it takes to be president.", "Mr. Rubio"),
    ("Simply put, President Trump is right about the trade deal.", "President Trump"),
    ("Fifty-two percent of adults view Mrs. Clinton favorably in a new poll.", "Mrs. Clinton"),
    ("Critics say Senator Warren has no plan for the deficit.", "Senator Warren"),
])
def test_a_target_defined_with_a_title_is_found_where_the_text_names_the_person(text, target):
    assert _targets_read(text, (target,)) == {target}


def test_a_titled_target_is_still_not_a_target_of_their_own_words():
    text = '"We will win this state," President Trump told the crowd in Ohio on Saturday.'
    assert "President Trump" not in _targets_read(text, ("President Trump",))


def _targets_of_statement(text: str, fragment: str) -> set[str]:
    statements, stances = analyse_one_text(text)
    ids = {s["statement_id"] for s in statements if fragment in s["text"]}
    assert ids, statements
    return {s["target"] for s in stances if s["statement_id"] in ids}


@pytest.mark.parametrize("text, fragment", [
    ("Ed Miliband visited Bradford on Monday.\n\nGalloway's victory in 2012 saw him take 56% of the vote.", "saw him"),
    ("Jeremy Corbyn spoke first.\n\nGalloway's win in Bradford gave him a seat in the Commons.", "gave him"),
])
def test_a_possessor_is_who_the_object_pronoun_of_its_clause_means(text, fragment):
    # "X's victory saw him ...": the subject is the victory, so "him" can be X
    assert _targets_of_statement(text, fragment) == {"George Galloway"}


_VOX_POP = ("George Galloway won the Rochdale by-election with almost 40% of the vote. Turnout was low. "
            "The count ran late. Labour had withdrawn its support from its candidate. "
            "Retired engineer Peter Holt, 67, was unimpressed by the winner. "
            '"He\'s a showman. He\'ll be on the telly more than he\'ll be in Rochdale." '
            '"{quote}," said Bilal Hussain, 23.')


@pytest.mark.parametrize("quote", [
    "He's the only one who stood up and said what we were all thinking",
    "He has earned it, whatever the papers say",
])
def test_a_he_that_continues_the_previous_speakers_he_means_the_same_person(quote):
    # the last "he" was the winner, Galloway; the last person named, Peter Holt, is a passer-by named once
    assert "George Galloway" in _targets_of_statement(_VOX_POP.format(quote=quote), quote[:20])
