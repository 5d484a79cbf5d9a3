"""Who said what: quotations found and attributed to the right person."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers import pipeline
from helpers.analyse import statements_of
from helpers.evaluate import evaluate_seed_csv, speakers_match

from .conftest import FIXTURES, SEED_GOLD, statement_for


def speakers_of(text: str, day: date, quote_type: str | None = None) -> list[tuple[str, str]]:
    """(speaker, quote type) of each statement of a short text, the writer's narration left out
    (only the statements of ``quote_type`` when it is given)."""
    return [(s.speaker, s.quote_type) for s in statements_of(text, day, "Writer")
            if s.quote_type != "narration" and (quote_type is None or s.quote_type == quote_type)]


def test_seed_gold_recall_and_attribution_meet_targets(seed_out):
    metrics = evaluate_seed_csv(SEED_GOLD, seed_out).metrics
    assert metrics["quote_recall"] >= 0.95
    assert metrics["attribution_accuracy"] >= 0.95


@pytest.mark.parametrize("file_prefix, fragment, speaker, quote_type", [
    ("003", "He might want me to be prime minister", "Ed Miliband", "direct"),          # "he told BBC Radio Five Live"
    ("003", "George Galloway isn't coming back", "Ed Miliband", "direct"),               # paragraph continues the speaker
    ("003", "an unprincipled coward", "George Galloway", "partial"),                     # "calling the Labour leader ..."
    ("003", "awful", "Ed Miliband", "partial"),
    ("000", "to tell the whole truth", "George Galloway", "partial"),                    # "The Respect MP has threatened"
    ("000", "Re Galloway being allowed to join Labour", "Ivan Lewis", "tweet"),
    ("000", "better not tell lies", "George Galloway", "tweet"),                         # "Galloway replied:"
    ("000", "oh......don't tempt me", "George Galloway", "tweet"),                       # "He later added:"
    ("000", "This is the irony", "Salma Yaqoob", "block"),                               # "She told the Guardian:"
    ("000", "if you have an approach", "George Galloway", "direct"),                     # nested: inner speaker
    ("000", "I didn’t leave", "George Galloway", "direct"),                              # "Miliband asked Galloway ... he replied"
    ("001", "You lead it, I'll support it", "George Galloway", "block"),
    ("001", "the two main parties have not condemned", "Chris Williamson", None),
    ("001", "beyond alarming", "Rishi Sunak", "partial"),
    ("002", "positive", "Livingstone insider", "partial"),                               # anonymous source kept as described
    ("002", "Powerful players in the local party", "Dave Hill", "block"),                # quoted inside a reader comment
    ("004", "represents a move back from the betrayers", "George Galloway", "partial"),  # "The avowed socialist said"
    ("004", "news of the meeting had been leaked", "George Galloway", "indirect"),
])
def test_seed_quotes_are_attributed(seed_statements, file_prefix, fragment, speaker, quote_type):
    statement = statement_for(seed_statements, file_prefix, fragment)
    assert statement["speaker"] == speaker
    if quote_type:
        assert statement["quote_type"] == quote_type


def test_scare_quotes_and_names_in_marks_are_not_statements(seed_statements):
    quoted = seed_statements[seed_statements["quote_type"] != "narration"]
    for phrase in ("Not the Andrew Marr Show", "Bradford Spring", "left rebirth of the Labour Party", "real Labour"):
        assert not quoted["text"].str.strip('"“” ').eq(phrase).any(), phrase
    headline = seed_statements[seed_statements["text"].str.startswith("Jeremy Corbyn spurns")]
    assert list(headline["quote_type"]) == ["narration"]


def test_comments_and_narration_have_their_own_voices(seed_statements):
    comments = seed_statements[seed_statements["quote_type"] == "comment"]
    assert set(comments["speaker"]) == {"Mike", "TH Resident", "Judoker", "Fighting4EdMiliband", "WHS"}
    assert set(comments["speaker_kind"]) == {"commenter"}
    narration = seed_statements[seed_statements["quote_type"] == "narration"]
    by_file = narration.groupby("file")["speaker"].first()
    assert by_file["001_9a72671f639f4af1.txt"] == "Thomas Scripps"       # the byline
    assert by_file["003_114ada349609a17a.txt"] == "politics.co.uk"        # no byline: the outlet


def test_offsets_slice_back_to_the_statement(seed_run):
    texts = dict(zip(seed_run.articles["article_id"], seed_run.articles["text"]))
    for row in seed_run.statements.itertuples():
        assert texts[row.article_id][row.char_start:row.char_end] == row.text


def test_ralph_and_david_miliband_are_never_ed():
    text = ("Ralph Miliband, the Marxist scholar, was a refugee. David Miliband said he missed his father. "
            "\"He taught us to argue,\" said David Miliband. Ed Miliband said: \"My father was a patriot.\"")
    statements = statements_of(text, None, "Writer")
    speakers = {text[s.start:s.end][:12]: s.speaker for s in statements if s.quote_type != "narration"}
    assert speakers["He taught us"] == "David Miliband"
    assert speakers["My father wa"] == "Ed Miliband"
    assert "Ed Miliband" not in {s.speaker for s in statements if "missed his father" in text[s.start:s.end]}


def test_roles_resolve_by_the_articles_date():
    from datetime import date

    text = 'The Labour leader said: "We will win the next election."'
    for day, leader in ((date(2013, 4, 22), "Ed Miliband"), (date(2016, 1, 1), "Jeremy Corbyn"), (date(2021, 1, 1), "Keir Starmer")):
        statements = [s for s in statements_of(text, day, "W") if s.quote_type != "narration"]
        assert statements[0].speaker == leader


@pytest.mark.parametrize("text, leader", [
    # the day Keir Starmer became leader: a report that names neither man was written before the change
    ('The Labour leader said: "We will win the next election."', "Jeremy Corbyn"),
    ('"Our members deserve better," the leader of the Labour party told the BBC.', "Jeremy Corbyn"),
    # ... one that names the new leader means him
    ('Keir Starmer won the contest. The Labour leader said: "We will win the next election."', "Keir Starmer"),
    # ... and one that names the old leader, him
    ('Jeremy Corbyn spoke in Islington. "I am proud of our campaign," the Labour leader said.', "Jeremy Corbyn"),
])
def test_a_role_on_the_day_it_changes_hands_is_the_holder_the_article_means(text, leader):
    statements = [s for s in statements_of(text, date(2020, 4, 4), "W") if s.quote_type != "narration"]
    assert statements[0].speaker == leader


def test_us_politics_works_as_well_as_labour():
    text = ('Donald Trump said on Tuesday that the election was rigged. "We will win big," the Republican nominee said. '
            'Clinton campaign manager Robby Mook told reporters that the claim was baseless.')
    statements = [s for s in statements_of(text, None, "AP") if s.quote_type != "narration"]
    by_text = {text[s.start:s.end][:12]: s.speaker for s in statements}
    assert by_text["the election"] == "Donald Trump"
    assert by_text["We will win "] == "Donald Trump"
    assert by_text["the claim wa"] == "Robby Mook"


STYLE_CASES = [
    ("guardian_galloway_readmission.txt", "known each other", "Jeremy Corbyn"),       # '"...," he said' after a partial
    ("guardian_galloway_readmission.txt", "never be allowed back", "Wes Streeting"),  # "X, the MP for Ilford North, said:"
    ("guardian_galloway_readmission.txt", "completely out of touch", "MP"),          # "Another MP, who asked not to be named"
    ("guardian_galloway_readmission.txt", "beggars belief", "MP"),                   # '"...," the MP added': that source again
    ("guardian_galloway_readmission.txt", "principled man", "George Galloway"),      # "In a post on Twitter, he wrote:"
    ("guardian_galloway_readmission.txt", "a broad church", "Tom Watson"),           # "He told reporters that"
    ("mirror_local_elections.txt", "a wake-up call", "Wes Streeting"),       # "Backbencher X tore into ..., saying"
    ("mirror_local_elections.txt", "going backwards", "Ruth Smeeth"),        # '"...," she tweeted'
    ("mirror_local_elections.txt", "give people hope", "John McDonnell"),    # "The shadow chancellor told the Mirror:"
    ("mirror_local_elections.txt", "seen through", "Brandon Lewis"),         # "Tory chairman X mocked ..., claiming"
    ("mirror_local_elections.txt", "paying the price", "George Galloway"),  # "Former Respect MP X waded in, posting:"
    ("bbc_miliband_resigns.txt", "absolute and total responsibility", "Ed Miliband"),  # "Speaking in London, Mr X said"
    ("bbc_miliband_resigns.txt", "Britain needs a strong Labour Party", "Ed Miliband"),  # '"...," he told activists'
    ("bbc_miliband_resigns.txt", "a decent man who fought", "Alan Johnson"),            # "..., describing him as"
    ("bbc_miliband_resigns.txt", "too far to the left", "former minister"),
    ("bbc_miliband_resigns.txt", "credible economic policy", "Lord Mandelson"),          # "Lord X told the BBC ... he said"
    ("bbc_miliband_resigns.txt", "campaign of smears", "George Galloway"),
    ("bbc_miliband_resigns.txt", "learn the lessons", "Harriet Harman"),
    ("telegraph_rochdale_result.txt", "this is for Gaza", "George Galloway"),  # "told supporters:"
    ("telegraph_rochdale_result.txt", "beyond alarming", "Rishi Sunak"),       # "The Prime Minister said it was ..."
    ("telegraph_rochdale_result.txt", "Rochdale was a one-off", "shadow minister"),
    ("telegraph_rochdale_result.txt", "left voters confused", "Paul Waugh"),    # "He said" after "Paul Waugh, ..."
    ("telegraph_rochdale_result.txt", "a divisive figure", "Simon Danczuk"),   # a long apposition before "called"
    ("guardian_brexit_vote.txt", "catastrophic defeat", "Jeremy Corbyn"),     # '"...," Corbyn said. "..."'
    ("guardian_brexit_vote.txt", "position was untenable", "Chuka Umunna"),   # "X, one of the ..., said"
    ("guardian_brexit_vote.txt", "honour our conference policy", "Chuka Umunna"),  # '"...," he said'
    ("guardian_brexit_vote.txt", "dithering while the country burns", "Labour MP"),  # anonymous MP, colon block
    ("guardian_brexit_vote.txt", "all options remained on the table", "Keir Starmer"),  # "the shadow ..., Keir Starmer,"
    ("guardian_brexit_vote.txt", "Now is the time for Labour to lead", "Ed Miliband"),  # "He wrote:"
    ("guardian_brexit_vote.txt", "calm and principled leadership", "Diane Abbott"),
    ("bbc_corbyn.txt", "We want an election", "Jeremy Corbyn"),                # "Speaking on ..., Mr Corbyn said:"
    ("bbc_corbyn.txt", "the party was united", "John McDonnell"),              # appositive subject, reported speech
    ("bbc_corbyn.txt", "It's a cowardly stunt", "James Cleverly"),             # "said Conservative chairman James Cleverly"
    ("bbc_corbyn.txt", "We will back an election", "Labour spokesperson"),     # described as the guidelines say
    ("bbc_corbyn.txt", "hiding behind process", "One senior backbencher"),
    ("guardian_miliband.txt", "I will never do a deal", "Ed Miliband"),
    ("guardian_miliband.txt", "weak leader", "George Galloway"),               # "he wrote on Twitter"
    ("guardian_miliband.txt", "take nothing for granted", "Harriet Harman"),   # "She said" after "Harriet Harman, ..."
    ("telegraph_galloway.txt", "best leader Labour could have", "George Galloway"),  # single quotation marks
    ("telegraph_galloway.txt", "not welcome in the Labour Party", "senior official"),
    ("standard_khan.txt", "divisive figure", "Sadiq Khan"),                   # "The Mayor of London told" (2016-06)
    ("standard_khan.txt", "Blairite careerist", "George Galloway"),
    ("standard_khan.txt", "leaflet campaign", "party insiders"),              # "According to party insiders"
    ("labourlist_starmer.txt", "serious and principled leader", "Tom Watson"),
    ("labourlist_starmer.txt", "failed to win back trust", "Tom Watson"),     # "the former deputy leader argued"
    ("mail_miliband.txt", "weak leader", "senior Labour MP"),                 # "said one senior Labour MP last night"
    ("mail_miliband.txt", "This is nonsense", "Miliband's spokesman"),
    ("mail_miliband.txt", "do a deal with George Galloway", "Ed Miliband"),   # "The Labour leader, speaking in Bradford, said"
    ("mail_miliband.txt", "always admired George Galloway", "Frank Field"),   # "Former minister Frank Field told the Mail:"
    ("guardian_corbyn_rally.txt", "We will win this election", "Jeremy Corbyn"),   # frame between two quotes
    ("guardian_corbyn_rally.txt", "not interested in alliances", "Jeremy Corbyn"),
    ("guardian_corbyn_rally.txt", "terrible mistake", "George Galloway"),      # "he wrote" after "responded on Twitter"
    ("guardian_corbyn_rally.txt", "bankrupt the country", "Conservative party spokesperson"),
    ("bbc_no_confidence.txt", "he should step down", "Tom Watson"),            # "Deputy leader Tom Watson told Mr Corbyn"
    ("bbc_no_confidence.txt", "will not betray them", "Jeremy Corbyn"),
    ("bbc_no_confidence.txt", "inspiring leader", "John McDonnell"),          # "Shadow chancellor John McDonnell ... he said"
    ("bbc_no_confidence.txt", "unelectable", "Chris Bryant"),
    ("independent_bradford.txt", "most sensational victory", "George Galloway"),   # "Mr Galloway, who was ..., said:"
    ("independent_bradford.txt", "taken the city's voters for granted", "George Galloway"),  # "... described ... and said"
    ("independent_bradford.txt", "We need to learn the lessons", "Ed Miliband"),
    ("independent_bradford.txt", "win the seat back", "Imran Hussain"),       # "Labour's candidate, Imran Hussain, ..."
    ("independent_bradford.txt", "fed up with being ignored", "voter"),       # "one voter told the Independent"
    ("spectator_rochdale.txt", "ready for government", "Keir Starmer"),      # "The Labour leader insists" in 2024
    ("spectator_rochdale.txt", "I remain a socialist", "Jeremy Corbyn"),      # "Asked whether ..., Corbyn replied:"
    ("guardian_rochdale.txt", "a wake-up call", "Rachel Reeves"),             # "Speaking on ..., the shadow chancellor, Rachel Reeves, said"
    ("guardian_rochdale.txt", "win back the seat", "Rachel Reeves"),          # "... but insisted ..."
    ("guardian_rochdale.txt", "lost its way", "Jeremy Corbyn"),               # "Writing in the Guardian, the former Labour leader ..."
    ("guardian_rochdale.txt", "deserve better than division", "No 10 spokesperson"),
    ("guardian_rochdale.txt", "This is for Gaza", "George Galloway"),          # "Galloway, who led ..., told supporters at the count:"
    ("guardian_rochdale.txt", "pay a heavy price", "George Galloway"),         # "He added that ..."
    ("guardian_rochdale.txt", "we did the right thing", "Rachel Reeves"),      # "Asked whether ..., Reeves replied:"
    ("guardian_rochdale.txt", "We have to listen", "Angela Rayner"),
    ("guardian_rochdale.txt", "divisive figure", "Labour MP"),                # single marks, "one Labour MP said of ..."
    ("guardian_rochdale.txt", "no plans to return", "Sources close to Ed Miliband"),
    ("guardian_rochdale.txt", "in chaos", "Conservatives"),                    # "In a statement, the Conservatives said"
    ("telegraph_hodge.txt", "Jeremy is a decent man", "Margaret Hodge"),       # "Dame Margaret, the MP for Barking, said:"
    ("telegraph_hodge.txt", "I will not betray them", "Jeremy Corbyn"),        # single marks, "he told the Daily Telegraph"
    ("telegraph_hodge.txt", "a disaster", "Lord Mandelson"),                   # "Lord Mandelson ... went further. He said"
    ("telegraph_hodge.txt", "Westminster stitch-up", "spokesman for Mr Corbyn"),
    ("telegraph_hodge.txt", "trying to undermine Jeremy", "George Galloway"),  # "In a tweet, George Galloway wrote:"
    ("telegraph_hodge.txt", "lost the confidence", "Tom Watson"),
    ("telegraph_hodge.txt", "This is a coup", "John McDonnell"),
    ("telegraph_hodge.txt", "170 MPs could back", "senior backbencher"),       # "According to one senior backbencher,"
    ("standard_livingstone.txt", "appalling and inexcusable", "Sadiq Khan"),   # "the former mayor's comments": a noun
    ("standard_livingstone.txt", "Ken should be expelled", "Sadiq Khan"),      # a quotation running over paragraphs
    ("standard_livingstone.txt", "I have made that clear", "Sadiq Khan"),
    ("standard_livingstone.txt", "Enough is enough", "David Lammy"),           # "The Labour MP for Tottenham, David Lammy, tweeted:"
    ("standard_livingstone.txt", "pending an investigation", "Labour Party spokesman"),
    ("standard_livingstone.txt", "acted swiftly", "Allies of Mr Corbyn"),
    ("standard_livingstone.txt", "not tolerate antisemitism", "Jeremy Corbyn"),  # "told the BBC's Andrew Marr Show:"
    ("standard_livingstone.txt", "appalled", "Friends of Ed Miliband"),
    ("standard_livingstone.txt", "telling the truth", "Ken Livingstone"),      # "Asked on LBC whether ..., he said:"
    ("standard_livingstone.txt", "captured by the Blairites", "George Galloway"),  # "..., saying Labour had been"
    ("bbc_blair_warning.txt", "annihilation", "Tony Blair"),                   # "Tony Blair's warning that ...": his
    ("bbc_blair_warning.txt", "walking eyes shut", "Tony Blair"),              # "The former prime minister, writing in ..."
    ("bbc_blair_warning.txt", "I don't do personal attacks", "Jeremy Corbyn"),
    ("bbc_blair_warning.txt", "a real alternative", "Jeremy Corbyn"),          # "He told the BBC that"
    ("bbc_blair_warning.txt", "crying out for change", "Andy Burnham"),        # "Andy Burnham, one of his rivals ..., said"
    ("bbc_blair_warning.txt", "echo chamber", "Liz Kendall"),                  # "told ITV's Peston on Sunday:"
    ("bbc_blair_warning.txt", "No.", "Liz Kendall"),                           # "Asked whether ..., she replied:"
    ("bbc_blair_warning.txt", "far from over", "Yvette Cooper's campaign"),
    ("bbc_blair_warning.txt", "support whoever wins", "source"),              # "A source close to the former leader said"
    ("bbc_blair_warning.txt", "I have known George", "Jeremy Corbyn"),         # "Corbyn:" after "Q:"
    ("mirror_reactions.txt", "brilliant campaign", "Diane Abbott"),            # "Diane Abbott, the shadow home secretary:"
    ("mirror_reactions.txt", "mountain to climb", "Chuka Umunna"),             # a quotation over two paragraphs
    ("mirror_reactions.txt", "proved us all wrong", "Owen Smith"),             # "Writing on Twitter, he said:"
    ("mirror_reactions.txt", "good night for a victory", "Lord Mandelson"),    # "the former minister": named before
    ("mirror_reactions.txt", "best leader Labour has had", "George Galloway"),
    ("mirror_reactions.txt", "extraordinary achievement", "Ed Miliband"),      # "tweeted ..., calling the result"
    ("times_bradford.txt", "taken Bradford for granted", "George Galloway"),   # "In an interview with ..., the Respect MP said"
    ("times_bradford.txt", "Labour should listen", "George Galloway"),         # "Mr Galloway, speaking from ..., went on:"
    ("times_bradford.txt", "learn the lessons", "Labour"),                     # "A statement from Labour's national executive read:"
    ("times_bradford.txt", "visit the city next week", "Mr Miliband's office"),
    ("times_bradford.txt", "right man to lead us", "Harriet Harman"),          # "Responding to the result, Harriet Harman, ..., said:"
    ("times_bradford.txt", "23 per cent", "YouGov poll for The Sunday Times"),  # "According to a YouGov poll for The Sunday Times,"
    ("times_bradford.txt", "lost touch with young Muslim voters", "Gerry Sutcliffe"),  # "said in a Facebook post that"
    ("times_bradford.txt", "cannot ignore what happened", "Gerry Sutcliffe"),  # "He later told reporters:"
    ("guardian_liveblog.txt", "caught red-handed", "Jeremy Corbyn"),          # live blog: "Here is what he said:"
    ("guardian_liveblog.txt", "complete nonsense", "Boris Johnson"),           # "replied that this was"
    ("guardian_liveblog.txt", "Johnson had no answers", "Jess Phillips"),      # "Here is the Labour MP Jess Phillips on ...:"
    ("guardian_liveblog.txt", "full confidence", "Downing Street spokesman"),
    ("guardian_liveblog.txt", "hands down", "George Galloway"),               # "George Galloway has been tweeting. He says:"
    ("mail_bradford.txt", "out of touch with working people", "shadow minister"),  # "One shadow minister said:"
    ("mail_bradford.txt", "Never again", "Tariq Mahmood"),                     # "..., 45, from Bradford, said:"
    ("mail_bradford.txt", "at least turns up", "Margaret Holt"),              # "Retired nurse Margaret Holt, 71, added:"
    ("mail_bradford.txt", "confident of winning", "Friends of Mr Miliband"),
    ("mail_bradford.txt", "lectured by George Galloway", "Ed Miliband"),       # "he told a small crowd ..."
    ("mail_bradford.txt", "a great success", "Labour source"),
    ("mail_bradford.txt", "privately furious", "Mail on Sunday"),            # an outlet from outlets.csv speaks
    ("sky_brexit_revolt.txt", "support a Brexit", "Tulip Siddiq"),           # "X, the MP for Y, said in her letter that"
    ("sky_brexit_revolt.txt", "my conscience must come first", "Tulip Siddiq"),  # "She added:"
    ("sky_brexit_revolt.txt", "understands the difficulties", "spokesman for the Labour leader"),  # not the leader
    ("sky_brexit_revolt.txt", "respect the result", "Keir Starmer"),          # after "Speaking to Sky News, ..."
    ("sky_brexit_revolt.txt", "completely lost the plot", "Lord Mandelson"),  # "He told the BBC the leadership had"
    ("sky_brexit_revolt.txt", "electoral oblivion", "Lord Mandelson"),        # "and warned that"
    ("sky_brexit_revolt.txt", "Blairite wreckers", "George Galloway"),        # "tweeted that ... were "...""
    ("sky_brexit_revolt.txt", "vote with the leadership", "Ed Miliband"),     # "Ed Miliband, who led the party ..., said"
    ("sky_brexit_revolt.txt", "on this he is right", "Ed Miliband"),          # "the former leader told the Guardian"
    ("sky_brexit_revolt.txt", "ready for government", "YouGov poll for The Times"),
]


@pytest.fixture(scope="module")
def style_statements() -> pd.DataFrame:
    styles = FIXTURES / "styles"
    return pipeline.run([styles], store_dir=None, apply_corrections=False).statements


def quoted_in(statements: pd.DataFrame, file: str) -> pd.DataFrame:
    """The statements of one file that are not the writer's narration."""
    return statements[(statements["file"] == file) & (statements["quote_type"] != "narration")]


@pytest.mark.parametrize("file, fragment, speaker", STYLE_CASES)
def test_other_outlets_styles_are_attributed(style_statements, file, fragment, speaker):
    rows = quoted_in(style_statements, file)
    rows = rows[rows["text"].str.contains(fragment, regex=False)]
    assert len(rows), fragment
    assert speakers_match(speaker, rows.iloc[0]["speaker"]), (fragment, rows.iloc[0]["speaker"])


def test_transcript_turns_belong_to_their_labels():
    text = ('Fox News Sunday transcript\n\nChris Wallace interviewed Mike Pence.\n\n'
            '"WALLACE: Will Gennifer Flowers be at the debate tomorrow night?\n\n'
            '"PENCE: Well, look, she will not be attending, and that is the end of it.\n\n'
            '"WALLACE: Do you really see those two as equivalent?')
    statements = [s for s in statements_of(text, None, "Writer") if s.quote_type == "block"]
    speakers = [(s.speaker, text[s.start:s.end][:12]) for s in statements]
    assert speakers == [("Chris Wallace", "Will Gennife"), ("Mike Pence", "Well, look, "), ("Chris Wallace", "Do you reall")]


def test_a_turn_over_several_quoted_paragraphs_stays_with_its_speaker():
    text = ('Chris Wallace interviewed Mike Pence.\n\n'
            '"WALLACE: Do you really see those two as equivalent?\n\n'
            '"PENCE: Well, look, Mark Cuban has been saying some tough stuff about my running mate.\n\n'
            '"But the truth is that Donald Trump has a unique way of communicating. He is not about that.\n\n'
            '"(CROSSTALK.)\n\n'
            '"WALLACE: Governor, I want to try to get to the economy.')
    statements = [s for s in statements_of(text, None, "Writer") if s.quote_type == "block"]
    turns = [(s.speaker, text[s.start:s.end]) for s in statements]
    assert [speaker for speaker, _ in turns] == ["Chris Wallace", "Mike Pence", "Chris Wallace"]
    assert "unique way of communicating" in turns[1][1] and "CROSSTALK" not in turns[1][1]


def test_according_to_before_a_quotation_names_its_speaker():
    text = 'According to Limbaugh, "If it was left up to her, she would lose. It is what a debate is."'
    statements = [s for s in statements_of(text, None, "Writer") if s.quote_type != "narration"]
    assert [(s.speaker, s.quote_type, text[s.start:s.end]) for s in statements] == [
        ("Limbaugh", "direct", "If it was left up to her, she would lose. It is what a debate is.")]


FRAME_CASES = [
    # a name in apposition to a description: "The party's campaign chief, Jon Ashworth, said ..."
    ("The party's campaign chief, Jon Ashworth, said the leaflets had been pulped.",
     "the leaflets had been pulped", "Jon Ashworth", "indirect"),
    # an adjunct with commas before "that"
    ("Mr Corbyn said at a rally in Leeds, West Yorkshire, that austerity had failed.",
     "austerity had failed", "Jeremy Corbyn", "indirect"),
    # "told X how ..." and an object in quotation marks before "that"
    ('Ed Miliband told BBC Radio 4\'s "Today" programme that the deal was off the table.',
     "the deal was off the table", "Ed Miliband", "indirect"),
    # a determiner before an anonymous source closing the sentence
    ("The count was delayed for hours because of a dispute over postal votes, another source said.",
     "The count was delayed for hours", "source", "indirect"),
    # a partial quotation inside a reported clause: the clause, not just the quoted words
    ('A cashier who "steals a handful of notes" is held accountable, Mr Galloway said.',
     "is held accountable", "George Galloway", "partial"),
    # a long title between the quotation and the name
    ('"We will not be lectured," Labour press officer Jane Smith said at a briefing on Monday.',
     "We will not be lectured", "Jane Smith", "direct"),
    # subjects with prepositional phrases, and a clause ending in "that"
    ("Political observers in Scotland and across the country say Labour deserves a second look.",
     "Labour deserves a second look", "Political observers in Scotland", "indirect"),
    ("Experts at Strathclyde and other universities said the result could change that.",
     "the result could change that", "Experts at Strathclyde", "indirect"),
    ("Although turnout fell, councillors from both parties say the new system has worked.",
     "the new system has worked", "councillors", "indirect"),
    ("Mr Corbyn said praise from the unions would not change his policy on Trident.",
     "praise from the unions", "Jeremy Corbyn", "indirect"),
    # an aside between dashes, and an inverted frame closed by a place
    ("Galloway — the Respect MP — said the vote was rigged.", "the vote was rigged", "George Galloway", "indirect"),
    ("The meeting ended without a deal and the talks collapsed soon after, said one Labour source in the room.",
     "the talks collapsed", "Labour source", "indirect"),
    # the verb opening the sentence: "Said Ellis: ..."
    ('"It is hard to avoid," said Ryan Ellis, a tax consultant. Labour ignored the issue. '
     'Said Ellis: "I do not think she is the least bit interested."', "the least bit interested", "Ryan Ellis", "direct"),
    # a second verb shares the first one's subject, not the programme's name
    ("Speaking on Sky News's Sunday Morning programme, the shadow chancellor, Rachel Reeves, said the result was "
     '"a wake-up call" but insisted the party would win back the seat.', "would win back the seat", "Rachel Reeves",
     "indirect"),
    # the object of "told" is not part of what was said
    ("Labour's deputy leader, Angela Rayner, told BBC Radio 4's Today programme that she was \"disappointed\".",
     "disappointed", "Angela Rayner", "partial"),
    # a spokesperson keeps its description, the office named before the word included
    ('A No 10 spokesperson said: "The prime minister congratulates Mr Galloway."', "congratulates", "No 10 spokesperson",
     "direct"),
    # a title with "of" before the name; a second clause with its own subject ends the first
    ('Secretary of State John Kerry said Britain would "take robust steps", and he urged Labour to back the motion.',
     "Britain would", "John Kerry", "partial"),
    # "retired", "acting" and the like belong to the title before a closing name
    ('Labour "is the only party with a plan for the NHS," retired surgeon Jane Holt said.', "only party", "Jane Holt",
     "partial"),
    # an -ing form after "is" reports as the plain verb does; a longer noun phrase before "agreed that"
    ("Mr Corbyn is warning that the party could split over Trident.", "the party could split", "Jeremy Corbyn",
     "indirect"),
    ("Only 52 percent of Labour members agreed that the leader should stay.", "the leader should stay",
     "Only 52 percent of Labour members", "indirect"),
    # an explicit "that" opens the clause even when a prepositional phrase follows it
    ("The study found that in the three largest counties, Labour voters had been taken off the rolls.",
     "Labour voters had been taken off", "study", "indirect"),
    # a headline in title case, and a long noun phrase headed by a poll
    ("New Poll Shows Labour Lead Narrowing After Conference.", "Labour Lead Narrowing", "New Poll", "indirect"),
    ("The Electoral Calculus average of polls taken over the past two weeks shows Labour leading by nine points.",
     "Labour leading by nine points", "Electoral Calculus average of polls taken over the past two weeks", "indirect"),
    # naming someone without quotation marks: the label is the speaker's
    ("Galloway branded Ed Miliband a coward on Twitter.", "Ed Miliband a coward", "George Galloway", "indirect"),
    ("Mr Watson described the leadership as a shambles.", "the leadership as a shambles", "Watson", "indirect"),
    # findings without "that", and a long noun phrase closing the sentence
    ("Though his plan would cut taxes, one study found Labour would raise £20bn from the wealthy.",
     "Labour would raise", "study", "indirect"),
    ("Membership rose by a third in a year, a Guardian analysis of the party's own figures shows.",
     "Membership rose by a third", "Guardian analysis of the party's own figures", "indirect"),
    # an organisation name ending in a noun that is the verb here
    ("The Institute for Fiscal Studies estimates that the plan would cost £5bn a year.",
     "the plan would cost", "Institute for Fiscal Studies", "indirect"),
    # "reports of" is a noun; the speaker is the name before the later "said"
    ("Following initial reports of the attack, but before the police had spoken, Labour leader Jeremy Corbyn said at "
     'a rally in Bristol that "a terrible crime" had been committed.', "a terrible crime", "Jeremy Corbyn", "partial"),
    # a quotation inside a reported clause about tweets is not itself a tweet
    ("Angela Rayner says Boris Johnson's flurry of late-night tweets attacking the unions was \"desperate, even for "
     'him."', "flurry of late-night tweets", "Angela Rayner", "partial"),
    # a person and the outlet they write for
    ('"The impact of the debate is still small," wrote Cameron Easley for Morning Consult.', "still small",
     "Cameron Easley", "direct"),
    # a frame after a quotation that ends its sentence is the next sentence's own report
    ('Sadiq Khan said the report should be published but said "the question is the timing." Andy Burnham said it '
     'would be "improper" for him to comment.', "the question is the timing", "Sadiq Khan", "indirect"),
    ("Once, when my mother mentioned Labour, I laughed and said, \"I do not believe in parties.\"",
     "I do not believe in parties", "Writer", "direct"),
    # first names the hand-made list lacks; descriptions between "said" and the name
    ('"This is a waste of time," said Cllr Stacey Plaskett of the Virgin Islands.', "waste of time",
     "Stacey Plaskett", "direct"),
    ('"There are many folks in Westminster whose knowledge is thin," said Cornell William Brooks, president of the '
     'campaign.', "whose knowledge is thin", "Cornell William Brooks", "direct"),
    ('"The rationale does not hold," said Grenfell widow Terry Strada.', "does not hold", "Terry Strada", "direct"),
    # a long appositive with prepositions; a bare plural subject opening the reported clause
    ("But Megan Hester, senior associate for education organising at the Institute for School Reform, said parents "
     "still want neighbourhood schools.", "parents still want", "Megan Hester", "indirect"),
    # "issues and an associate professor": a plural noun, not a reporting verb
    ("David Kamin, an adviser to the campaign on tax and budget issues and an associate professor at the LSE, said "
     "that the party was \"taking a close look\" at the rules.", "taking a close look", "David Kamin", "partial"),
    # a study "by" someone found it, not the someone; a time adjunct between subject and verb
    ("A 2014 study by LSE professor Jane Levitt found 31 cases of fraud out of a billion ballots.", "31 cases of fraud",
     "2014 study by LSE professor Jane Levitt", "indirect"),
    ("Along with the dispute, the Supreme Court this month rejected a request from Labour to delay the vote.",
     "a request from Labour", "Supreme Court", "indirect"),
    # a participle after the quotation is part of the clause; "his rubble comment was" is a noun
    ("His allies called him \"a genius\" for his recently revealed tax strategies.", "recently revealed",
     "His allies", "partial"),
    ("But Mr Corbyn said Labour has \"enormous respect\" for the army and his rubble comment was an expression of "
     "frustration.", "an expression of frustration", "Jeremy Corbyn", "partial"),
    ("Commissioner O'Neill said officials are in possession of video that shows the explosion.",
     "officials are in possession", "O'Neill", "indirect"),
    # news agencies and pollsters listed in people.csv speak alone; an opening phrase is not the subject
    ('This is "roughly the same lead Labour has held all month," reported Reuters.', "same lead", "Reuters", "partial"),
    ("Labour pulled its ads. In a statement on Monday, the party warned that the cuts would hit the poorest.",
     "the cuts would hit",
     "Labour", "indirect"),
    ("At a hustings in Leeds on Monday, one questioner claimed that the party had abandoned the north.",
     "the party had abandoned", "one questioner", "indirect"),
    # "As X put it, ...", "likened A to "B"", and a noun phrase between two pieces of one quotation
    ("As the shadow chancellor, Rachel Reeves, put it in a statement in July, Labour is \"the party of working people.\"",
     "party of working people", "Rachel Reeves", "partial"),
    ('Another critic, Laurence Tribe, likened the rules to "burning the constitution".', "burning the constitution",
     "Laurence Tribe", "partial"),
    ('"If he thinks that makes him smart," the advert\'s narrator says, "what does he think of you?"',
     "what does he think of you", "advert's narrator", "direct"),
    # a report inside a "when" clause is part of the outer claim (and a nested statement of its own)
    ('Lord Dannatt said Mr Corbyn was "absolutely right" when he said on Wednesday that the army had been "reduced to '
     'rubble".', "reduced to rubble", "Lord Dannatt", "partial"),
    # "who" speaks for the name or group right before it
    ("The U-turn is likely to placate nervous backbenchers in the north, who have argued that the policy costs votes.",
     "the policy costs votes", "backbenchers in the north", "indirect"),
    ('"There will be a certain amount of paperwork," said Mr. Kamin, who emphasised that the rules would be simpler.',
     "the rules would be simpler", "Kamin", "indirect"),
    # capitalised groups with an adverb before the verb; an organisation's progressive demand
    ("Tories also described the vote as a shambles, and said the committee might be damaged by it.",
     "the committee might be damaged", "Tories", "indirect"),
    ("The city of Manchester is demanding that the party stop using images of its police officers.",
     "the party stop using", "city of Manchester", "indirect"),
    # a name in apposition after an honorific with a full stop
    ("The minister of the economy, Mr. Guajardo Villarreal, argues there is little point in responding to Labour now.",
     "there is little point", "Guajardo Villarreal", "indirect"),
    # "who" after an unnamed person; adjectives before a closing source; a dateline is the writer's
    ("He refused to pay an architect who said he was owed thousands for the clubhouse.", "he was owed thousands",
     "architect", "indirect"),
    ("LONDON ― The leader's obsession with the polls is an insult to members, senior Labour MPs said on Friday, as "
     "they bristled at the questions.", "The leader's obsession", "Labour MPs", "indirect"),
    # an object and an evaluative word: a label; "described" with or without "as"
    ("The Labour campaign called the charges unsubstantiated and fabricated by former staff.",
     "the charges unsubstantiated", "Labour campaign", "indirect"),
    ("Former aides described crass behaviour by the minister behind the scenes.", "crass behaviour by the minister",
     "Former aides", "indirect"),
    # what precedes a frame set in the middle of the sentence is said too
    ("\"If we go to war, of course we have rifles,\" Mr. Rubio said. But the economic weapons his country has, he added, "
     "are like \"nuclear bombs that you can't use.\"", "economic weapons his country has", "Rubio", "partial"),
    ("So when the party signalled a deal with Mr. Clarke, Mr. Barrett said, \"we were floored.\"",
     "the party signalled a deal", "Barrett", "partial"),
    ("Loretta Lynch spoke at the dinner. When she is filling a post at the department, she said she makes sure women "
     "are on the shortlist.", "filling a post", "Loretta Lynch", "indirect"),
    # the person after a job title is the clause's subject; a capitalised source opening the clause
    ("Labour's campaign manager Jon Trickett said as much on Thursday, arguing that the Tories had \"lost the plot\".",
     "the Tories had", "Jon Trickett", "partial"),
    ("Police announced on Friday the arrest of a man after the clash and said a curfew would continue through the "
     "weekend.", "a curfew would continue", "Police", "indirect"),
    # "according to a speech Mrs. X gave": the person, past the abbreviation's full stop
    ("The plan would curb short-termism, according to a speech Mrs. Reeves gave in the City last year.",
     "curb short-termism", "Reeves", "indirect"),
    # a report "released last year found": the participle is not the verb; counted plural nouns are not verbs
    ("A National Audit Office report released last year found that the department could not be sure.",
     "the department could not be sure", "National Audit Office report", "indirect"),
    ("Labour MPs report that the mood is grim. Both parties say the vote was fair.", "the vote was fair",
     "Both parties", "indirect"),
    # an analysis "released by" an organisation, and a poll "according to" an outlet's poll, speak as themselves
    ("But a 46-page analysis released by the Department of Health last month reveals how fast waiting lists are "
     "growing.", "how fast waiting lists", "46-page analysis", "indirect"),
    ("Labour now holds a lead of 83 points among young voters, according to a Guardian/ICM poll released last week.",
     "Labour now holds a lead", "Guardian/ICM poll released last week", "indirect"),
    # "It shows" after a video or poll is named; a source with "for" closing the sentence
    ("Sky News first broadcast the mobile phone video on Friday. It shows an officer pushing a protester to the ground.",
     "an officer pushing a protester", "mobile phone video", "indirect"),
    ("His relatives watched the footage on Thursday, lawyers for the family said.", "His relatives watched the footage",
     "lawyers for the family", "indirect"),
    # partial quotations from a tweet: the reported clause, as one statement, of type tweet
    ("Mr Galloway tweeted in the early hours that Labour was \"finished\" and \"a con\" and urged members to \"get out\" "
     "now.", "Labour was \"finished\" and \"a con\" and urged members to \"get out\" now", "George Galloway", "tweet"),
]


@pytest.mark.parametrize("text", [
    "Twenty-seven councils led by Labour are challenging the rules in the High Court.",
    "Three reports of the meeting were published on Monday.",
    # a time or an occasion does not see or believe (data/speaker_words.toml [times])
    "Another occasion in 2016 saw him miss a vote on the motion.",
    "The following week saw protests outside the party's headquarters.",
])
def test_counted_nouns_are_not_reporting_verbs(text):
    assert [s.quote_type for s in statements_of(text, date(2016, 5, 1), "Writer")] == ["narration"]


@pytest.mark.parametrize("text, speaker", [
    ('A Labour spokesman said: "We will not be commenting."', "Labour spokesman"),
    ('"We will not be commenting," a Labour Party spokeswoman said.', "Labour Party spokeswoman"),
    ('"The prime minister has full confidence in her," a Downing Street spokesman told reporters.',
     "Downing Street spokesman"),
])
def test_a_spokesperson_is_described_not_collapsed_into_the_organisation(text, speaker):
    statement = next(s for s in statements_of(text, date(2016, 5, 1), "Writer") if s.quote_type != "narration")
    assert statement.speaker == speaker and statement.speaker_kind == "organisation"


@pytest.mark.parametrize("text, fragment, speaker, quote_type", FRAME_CASES)
def test_reporting_frames_of_other_outlets(text, fragment, speaker, quote_type):
    statements = [s for s in statements_of(text, date(2016, 5, 1), "Writer")
                  if s.quote_type != "narration" and fragment in text[s.start:s.end]]
    assert statements, fragment
    assert speakers_match(speaker, statements[0].speaker), statements[0].speaker
    assert statements[0].quote_type == quote_type


@pytest.mark.parametrize("text, speaker", [
    ('Her comments were echoed by Lisa Nandy, who said the party must "listen to voters".', "Lisa Nandy"),
    ('The plan was backed by Lisa Nandy, who said Labour must "listen to voters".', "Lisa Nandy"),
    ('Lisa Nandy said Labour must "listen to voters".', "Lisa Nandy"),  # a name after "said" opens the clause
])
def test_who_said_before_a_partial_quotation(text, speaker):
    found = speakers_of(text, date(2019, 5, 3), "partial")
    assert found and found[0][0] == speaker, found


@pytest.mark.parametrize("text, speaker", [
    ('"It is over," said the editor.', "editor"),           # professions speak as anonymous sources
    ('"It is over," said one columnist.', "columnist"),
    ('"It is over," said the pollster.', "pollster"),
])
def test_a_profession_after_the_verb_is_the_speaker(text, speaker):
    found = speakers_of(text, date(2019, 5, 3), "direct")
    assert found and found[0][0] == speaker, found


def test_a_labelling_participle_before_as_is_passive():
    # the demonstrators are portrayed; they do not portray ("talks which a Livingstone insider described
    # as "positive"" is active: its object comes first, and the seed gold checks it)
    text = ('Rishi Sunak gave an address proposing a raft of attacks on demonstrators portrayed as violent '
            '"extremists" and a threat to "our democracy."')
    statements = statements_of(text, date(2024, 3, 1), "Writer")
    assert all("demonstrators" not in s.speaker for s in statements), [(s.speaker, s.quote_type) for s in statements]


@pytest.mark.parametrize("text", [
    "Corbyn called a press conference.",
    "The band leader called Labour activists to the stage.",
    "His campaign group, called Momentum, will still own the data.",
    "He called for a second referendum on the deal.",
    "In the end the committee decided that the plan was sound.",
    "Police found a body in the river.",
])
def test_events_are_not_statements(text):
    assert [s.quote_type for s in statements_of(text, date(2016, 5, 1), "Writer")] == ["narration"]


def test_a_cue_word_inside_a_name_is_not_a_cue():
    text = "Dr Jane Gorski, of the Wayne State University School of Medicine, was not persuaded."
    statements = statements_of(text, date(2016, 5, 1), "Writer")
    assert [s.quote_type for s in statements] == ["narration"]


@pytest.mark.parametrize("text, speaker", [
    ("The Times on Saturday wrote that the party had lost 40,000 members since the election.", "The Times"),
    ("Unite just this month announced it would cut its donations to the party.", "Unite"),
])
def test_time_adjuncts_are_not_part_of_the_speaker(text, speaker):
    found = speakers_of(text, date(2016, 5, 1), None)
    assert found and found[0][0] == speaker, found


def test_a_closing_mark_used_as_an_opener_still_opens_a_quotation():
    text = "Readers wrote in.\n\n”Fear. I am truly afraid that the Tories will win again.” Edwin Monroy\n\nMore letters follow."
    statements = [s for s in statements_of(text, date(2016, 5, 1), "Writer") if s.quote_type == "direct"]
    assert len(statements) == 1
    assert text[statements[0].start:statements[0].end].startswith("Fear. I am truly afraid")
    assert statements[0].speaker == "Edwin Monroy"  # signed with the name alone


def test_a_report_inside_a_quotation_is_the_inner_speakers_too():
    text = '"It\'s over," Galloway said. "Ed Miliband told me that Labour would never work with Respect."'
    statements = statements_of(text, date(2013, 5, 1), "Writer")
    inner = [s for s in statements if s.nested_in is not None]
    assert [(s.speaker, text[s.start:s.end]) for s in inner] == [("Ed Miliband", "Labour would never work with Respect.")]
    assert inner[0].nested_in.speaker == "George Galloway"


def test_a_second_clause_with_its_own_frame_is_not_part_of_the_first():
    text = 'Secretary of State John Kerry said Britain would "take robust steps", and he urged Labour to back the motion.'
    first = [s for s in statements_of(text, date(2016, 5, 1), "Writer") if s.quote_type == "partial"][0]
    assert "urged" not in text[first.start:first.end]


def test_one_sentence_gives_one_statement_per_speaker(style_statements):
    rows = quoted_in(style_statements, "standard_livingstone.txt")
    for fragment in ("appalling and inexcusable", "captured by the Blairites"):
        assert rows["text"].str.contains(fragment, regex=False).sum() == 1, fragment


def test_the_question_put_to_a_speaker_is_not_their_statement(style_statements):
    rows = quoted_in(style_statements, "bbc_blair_warning.txt")
    assert not rows["text"].str.startswith("Asked whether").any()


def test_reacting_to_something_is_not_a_statement(style_statements):
    rows = quoted_in(style_statements, "mirror_reactions.txt")
    assert not rows["text"].str.contains("election result", regex=False).any()  # "How Labour figures reacted to ..."
    assert rows["text"].str.contains("extraordinary achievement", regex=False).sum() == 1


def test_comment_sections_in_other_formats_keep_their_handles(style_statements):
    comments = style_statements[(style_statements["file"] == "labourlist_comments.txt")
                                & (style_statements["quote_type"] == "comment")]
    assert list(dict.fromkeys(comments["speaker"])) == ["RedRoseRuth", "SocialistSam", "TrueBlue"]  # "Name · 2 hours ago"
    assert not comments["text"].str.contains("Reply").any()


def test_a_block_introduced_after_tweeting_is_a_tweet(style_statements):
    row = style_statements[style_statements["text"].str.startswith("Corbyn won that one hands down")].iloc[0]
    assert (row["speaker"], row["quote_type"]) == ("George Galloway", "tweet")


def test_someone_accused_is_not_the_speaker(style_statements):
    rows = quoted_in(style_statements, "mail_bradford.txt")
    assert not rows["text"].str.contains("ignoring Labour's heartlands", regex=False).any()  # "was last night accused of"


def test_a_name_after_a_partial_quotation_is_its_object_not_its_signature():
    text = 'Former Labour leader Neil Kinnock said he would "never forgive" Mr Galloway.'
    statements = statements_of(text, date(2016, 5, 3), "Writer")
    assert {s.speaker for s in statements} == {"Neil Kinnock"}, [(s.speaker, s.quote_type) for s in statements]


#: One short text, the quote type of its first statement to read, and who says it (compared
#: exactly: "Shopkeeper Tariq Mahmood" is not "Tariq Mahmood").
SPEAKER_CASES = [
    # a full name in apposition after an inverted description
    ('"The Labour party has lost its way," said the former home secretary, Alan Johnson.', "direct", "Alan Johnson"),
    ('"It is over," said the party\'s general secretary, Iain McNicol.', "direct", "Iain McNicol"),
    ('"It is over," said a senior backbencher, who asked not to be named.', "direct", "senior backbencher"),  # no name
    ('A source close to the Labour leader said: "It is over."', "direct", "source close to the Labour leader"),
    ('"It is over," said a senior Tory.', "direct", "senior Tory"),  # a party's member as the head of the phrase
    ('"It is over," one Blairite said.', "direct", "Blairite"),
    # the agent of a passive report
    ('Mr Corbyn was branded "a disaster" by Tony Blair.', "partial", "Tony Blair"),
    ('Mr Galloway was described by Ed Miliband as "a disgrace".', "partial", "Ed Miliband"),
    ('The Labour leader has been accused of "dithering" over Brexit by his own MPs.', "partial", "MPs"),
    # a possessive ends a name
    ('Unite\'s Len McCluskey said: "It is over."', "direct", "Len McCluskey"),
    ('"It is over," said Unite\'s Len McCluskey.', "direct", "Len McCluskey"),
    ('"It is over," said Labour\'s deputy leader Tom Watson.', "direct", "Tom Watson"),
    ('Labour\'s Jess Phillips told Mr Corbyn: "It is over."', "direct", "Jess Phillips"),  # not the hearer
    # the hearer after "told", before the colon, is not an inverted subject
    ('Mr Galloway said the result was "for Gaza" and told Sir Keir Starmer: "You will pay a high price."', "direct",
     "George Galloway"),
    # an occupation or nationality before a name is not part of it; a first name stays
    ('Shopkeeper Tariq Mahmood, 45, from Bradford, said: "It is over."', "direct", "Tariq Mahmood"),
    ('Australian Prime Minister Malcolm Turnbull said: "It is over."', "direct", "Malcolm Turnbull"),
    ('Cornell William Brooks said: "It is over."', "direct", "Cornell William Brooks"),
    # a possessor after the verb opens the clause; a month after an honorific is a name
    ('Mrs May said Labour\'s plans would "wreck the economy".', None, "Theresa May"),
    ('"It is over," said Mrs May.', None, "Theresa May"),
]


@pytest.mark.parametrize("text, quote_type, speaker", SPEAKER_CASES)
def test_who_speaks_in_one_text(text, quote_type, speaker):
    found = speakers_of(text, date(2016, 5, 3), quote_type)
    assert found and found[0][0] == speaker, found


def test_a_passive_report_without_its_agent_stays_the_writers():
    text = 'Mr Corbyn was described as "a threat".'
    statements = statements_of(text, date(2016, 5, 3), "Writer")
    assert [s.quote_type for s in statements] == ["narration"]


def test_a_labelled_reaction_keeps_its_words_without_the_marks():
    text = 'Here is how politicians reacted.\n\nTony Blair: "Labour wins from the centre. This result will not change that."'
    statements = [s for s in statements_of(text, date(2015, 9, 12), "Writer") if s.speaker == "Tony Blair"]
    assert statements and text[statements[0].start:statements[0].end] == \
        "Labour wins from the centre. This result will not change that."


def test_the_hearer_of_told_is_never_an_inverted_subject():
    text = 'Mr Corbyn is understood to have told colleagues that he would "never" step down.'
    assert speakers_of(text, date(2016, 5, 3), "partial") == [("Jeremy Corbyn", "partial")]


def test_a_labelling_verb_in_the_present_frames_its_quotation():
    text = 'Mr Corbyn\'s critics call him a "dangerous" extremist.'
    assert speakers_of(text, date(2016, 5, 3)) == [("Corbyn's critics", "partial")]


@pytest.mark.parametrize("text, fragment, speaker", [
    ('"We were robbed," said Ann Lowe.\n\nRetired engineer Peter Holt, 67, was unimpressed by the winner. '
     '"He\'s a showman. He will be on the telly more than in Rochdale."', "showman", "Peter Holt"),
    ('"We were robbed," said Ann Lowe.\n\nDr Helen Marsh, who studies elections at Leeds, was less diplomatic. '
     '"He divides every town he wins."', "divides every town", "Helen Marsh"),
    ('"We were robbed," said Ann Lowe.\n\nOne Tory minister was candid about what had gone wrong. '
     '"We treated him as a joke and the voters did not."', "treated him as a joke", "Tory minister"),
])
def test_a_quotation_without_a_frame_belongs_to_the_person_the_paragraph_introduces(text, fragment, speaker):
    statement = next(s for s in statements_of(text, date(2016, 5, 1), "Writer")
                     if s.quote_type != "narration" and fragment in text[s.start:s.end])
    assert speakers_match(speaker, statement.speaker), statement.speaker


@pytest.mark.parametrize("text, speaker", [
    ('"I don\'t follow politics much," he said, after Ed Miliband spoke.\n\nOn Lumb Lane, retired bus driver '
     'Ghulam Nabi, 67, was unmoved. "I just want the potholes fixed," he said.', "Ghulam Nabi"),
    ('Ed Miliband was in Leeds.\n\nShopkeeper Tariq Mahmoud, 52, shrugged. "Whoever wins, nothing changes," '
     'he said.', "Tariq Mahmoud"),
])
def test_a_name_with_an_age_in_apposition_is_a_person(text, speaker):
    statement = [s for s in statements_of(text, date(2016, 5, 1), "Writer") if s.quote_type != "narration"][-1]
    assert statement.speaker == speaker


_POSTS = """Labour MPs took to social media as the results came in.

One activist wrote:

Great news, everyone. Apparently Jeremy won the argument. Shame about the election.
\u2014 Dave Kinsella (@doorknockdave) December 13, 2019

Islington councillor Marcus Webb was having none of it:

Jeremy gave a generation of young people hope. I won't let anyone rewrite that tonight.
\u2014 Cllr Marcus Webb (@CllrMarcusWebb) December 13, 2019

The party's general secretary said the count would continue."""


@pytest.mark.parametrize("fragment, speaker", [
    ("Apparently Jeremy won the argument", "Dave Kinsella"),   # not "activist": the signature names the author
    ("a generation of young people hope", "Marcus Webb"),      # the title on the signature line dropped
])
def test_an_embedded_post_belongs_to_the_name_on_its_signature_line(fragment, speaker):
    statement = next(s for s in statements_of(_POSTS, date(2019, 12, 13), "Writer")
                     if fragment in _POSTS[s.start:s.end])
    assert (statement.speaker, statement.quote_type) == (speaker, "tweet")


def test_a_signature_line_is_no_statement_of_its_own():
    statements = statements_of(_POSTS, date(2019, 12, 13), "Writer")
    assert not [s for s in statements if "(@" in _POSTS[s.start:s.end]]


_INTERVIEW = """'I didn't leave the party. The party left me': the councillor who walked out

Interview by Laura Kemp

When Teresa Aldana resigned the whip last month, she did it by email. The councillor now sits as an independent.

Why did you leave?

Because the party I joined at nineteen stopped listening. I didn't leave the party. The party left me.

Some of your colleagues say you have thrown away your influence.

Influence over what? Whether the bins go out on a Tuesday or a Wednesday?

Will Jeremy Corbyn stand as an independent?

That's for Jeremy to decide. But if he does, I'll be knocking on doors for him.

Has anyone from the leadership been in touch?

Nobody rang me. Not once in nine years.

A spokesperson for the council group said: "We wish her well." """


@pytest.mark.parametrize("fragment", [
    "stopped listening",                 # an answer to a question
    "Influence over what",               # an answer to a prompt that asks nothing but addresses "you"
    "knocking on doors",
    "Not once in nine years",
])
def test_the_answers_of_a_question_and_answer_interview_are_the_interviewees(fragment):
    statement = next(s for s in statements_of(_INTERVIEW, date(2023, 5, 1), "Laura Kemp")
                     if s.quote_type != "narration" and fragment in _INTERVIEW[s.start:s.end])
    assert statement.speaker == "Teresa Aldana"


def test_an_interviews_questions_and_the_statements_after_it_keep_their_own_speakers():
    statements = statements_of(_INTERVIEW, date(2023, 5, 1), "Laura Kemp")
    assert not [s for s in statements if "Why did you leave" in _INTERVIEW[s.start:s.end] and s.quote_type != "narration"]
    wish = next(s for s in statements if "We wish her well" in _INTERVIEW[s.start:s.end])
    assert wish.speaker != "Teresa Aldana"


def test_a_headline_quotation_is_the_speaker_whose_words_it_repeats():
    headline = next(s for s in statements_of(_INTERVIEW, date(2023, 5, 1), "Laura Kemp") if s.start < 60)
    assert headline.speaker == "Teresa Aldana"


def test_three_rhetorical_questions_do_not_make_an_article_an_interview():
    text = ("Ed Miliband faced a difficult week.\n\nWhat went wrong?\n\nThe polls moved against him in the spring, "
            "as voters doubted the plan.\n\nWho is to blame?\n\nHis advisers say the message was never clear to "
            "voters.\n\nCan he recover?\n\nThe next month will tell us whether the party keeps faith with him.")
    assert not [s for s in statements_of(text, date(2014, 5, 1), "Writer") if s.quote_type == "block"]


@pytest.mark.parametrize("text, speaker", [
    ('Ed Miliband spoke in Leeds on Monday. Asked about George Galloway, he said: "He has no place in our party."',
     "Ed Miliband"),
    ("Jeremy Corbyn was in Hull. Asked about Tony Blair, he said the former prime minister had been wrong.",
     "Jeremy Corbyn"),
    ("Ed Miliband was in Brighton. After meeting Len McCluskey, he said the talks had gone well.", "Ed Miliband"),
    ("Sadiq Khan spoke at the rally. Having praised Jeremy Corbyn, he said the campaign was the best in years.",
     "Sadiq Khan"),
])
def test_a_topic_or_hearer_is_not_the_he_who_speaks(text, speaker):
    statement = next(s for s in statements_of(text, date(2014, 5, 1), "Writer") if s.quote_type != "narration")
    assert statement.speaker == speaker


def test_who_is_asked_is_who_replies():
    text = ('Miliband asked Galloway why he left Labour ("I didn\u2019t leave, I was thrown out," he replied).')
    statement = next(s for s in statements_of(text, date(2014, 5, 1), "Writer") if s.quote_type != "narration")
    assert statement.speaker == "George Galloway"
