"""Ingestion: files → articles, comments and rejections; metadata from the manifest or inferred."""

from __future__ import annotations

import re
import shutil

import pandas as pd

from helpers import paths
from helpers.ingest.corpus import ingest


def test_seeds_come_in_with_their_manifest_metadata():
    corpus = ingest([paths.SEEDS_DIR])
    first = corpus.articles[corpus.articles["part"] == 1].set_index("file")
    assert len(first) == 5
    assert first.loc["001_9a72671f639f4af1.txt", "outlet"] == "World Socialist Web Site"
    assert first.loc["001_9a72671f639f4af1.txt", "published"] == "2024-03-06"
    assert first.loc["001_9a72671f639f4af1.txt", "author"] == "Thomas Scripps"
    assert first.loc["003_114ada349609a17a.txt", "title"] == "Galloway’s charm offensive leaves Miliband unmoved"
    assert first.loc["004_0f3b99f453f47cf3.txt", "url"].startswith("https://www.ibtimes.co.uk/")
    assert all(source.startswith("outlet:manifest,published:manifest") for source in first["metadata_source"])
    assert corpus.rejected.empty


def test_new_statesman_extra_item_is_split_off_the_galloway_article():
    corpus = ingest([paths.SEEDS_DIR])
    parts = corpus.articles[corpus.articles["file"] == "000_1cf4f0a06f8cda70.txt"].sort_values("part")
    assert list(parts["part"]) == [1, 2]
    galloway, extra = parts.iloc[0], parts.iloc[1]
    assert "Serena" not in galloway["text"] and "Show Hide image" not in galloway["text"]
    assert galloway["text"].rstrip().endswith("certainly suggests that his relationship with the party was discussed.")
    assert extra["title"] == "New Digital Editor: Serena Kutchinsky"
    assert extra["outlet"] == "New Statesman" and "outlet:inherited" in extra["metadata_source"]
    assert galloway["article_id"] != extra["article_id"]


def test_labouruncut_comments_become_comment_records_with_handles():
    corpus = ingest([paths.SEEDS_DIR])
    article = corpus.articles[corpus.articles["file"] == "002_1a7ab09f8f760321.txt"].iloc[0]
    comments = corpus.comments[corpus.comments["article_id"] == article["article_id"]].sort_values("number")
    assert list(comments["handle"]) == ["Mike", "TH Resident", "Judoker", "TH Resident", "Fighting4EdMiliband", "WHS"]
    body = article["text"][:article["body_end"]]
    assert "kick in the teeth" not in body and "Leave a Reply" not in article["text"] and "Tags:" not in article["text"]
    for comment in comments.itertuples():
        assert article["text"][comment.char_start:comment.char_end] == comment.text
    assert comments.iloc[2]["text"] == "The first response is the correct one."


def test_page_furniture_and_related_headlines_are_dropped():
    corpus = ingest([paths.SEEDS_DIR]).articles.set_index(["file", "part"])
    ibtimes = corpus.loc[("004_0f3b99f453f47cf3.txt", 1), "text"]
    assert "Ukip's Nigel Farage is in my League" not in ibtimes
    ns = corpus.loc[("000_1cf4f0a06f8cda70.txt", 1), "text"]
    assert "Photograph: Getty Images" not in ns and "is political editor of the New Statesman" not in ns
    wsws = corpus.loc[("001_9a72671f639f4af1.txt", 1), "text"]
    assert "To contact the WSWS" not in wsws and "# Jeremy" not in wsws


def test_metadata_is_inferred_and_marked_when_there_is_no_manifest(tmp_path):
    for seed in paths.SEEDS_DIR.glob("*.txt"):
        shutil.copy(seed, tmp_path)
    articles = ingest([tmp_path]).articles.set_index(["file", "part"])
    wsws = articles.loc[("001_9a72671f639f4af1.txt", 1)]
    assert wsws["published"] == "2024-03-06" and wsws["author"] == "Thomas Scripps"
    assert "published:inferred-byline" in wsws["metadata_source"] and wsws["needs_review"]
    assert articles.loc[("002_1a7ab09f8f760321.txt", 1), "outlet"] == "LabourUncut"   # "Uncut understands"
    assert articles.loc[("004_0f3b99f453f47cf3.txt", 1), "outlet"] == "IBTimes UK"   # "exclusively to IBTimes UK"
    assert articles.loc[("000_1cf4f0a06f8cda70.txt", 1), "author"] == "George Eaton"  # from the author note
    assert articles.loc[("003_114ada349609a17a.txt", 1),
                        "title"] == "Galloway’s charm offensive leaves Miliband unmoved"


def test_manifest_outside_the_folder_and_unicode_normalised_ids(tmp_path):
    corpus_dir = tmp_path / "articles"
    corpus_dir.mkdir()
    shutil.copy(paths.SEEDS_DIR / "003_114ada349609a17a.txt", corpus_dir)
    manifest = tmp_path / "elsewhere.csv"
    manifest.write_text("file,outlet,published,author,title,url\n003_114ada349609a17a.txt,politics.co.uk,26/04/2013,,T,\n")
    articles = ingest([corpus_dir], manifest=manifest).articles
    assert articles.iloc[0]["published"] == "2013-04-26" and articles.iloc[0]["outlet"] == "politics.co.uk"
    # the same text with non-breaking spaces and straight quotes is the same article
    text = (paths.SEEDS_DIR / "003_114ada349609a17a.txt").read_text()
    variant = tmp_path / "variant"
    variant.mkdir()
    (variant / "copy.txt").write_text(text.replace(" ", "\u00a0").replace("’", "'"))
    assert ingest([variant]).articles.iloc[0]["article_id"] == articles.iloc[0]["article_id"]


def test_exact_duplicates_are_analysed_once_and_reported(tmp_path):
    shutil.copy(paths.SEEDS_DIR / "003_114ada349609a17a.txt", tmp_path / "a.txt")
    shutil.copy(paths.SEEDS_DIR / "003_114ada349609a17a.txt", tmp_path / "b.txt")
    corpus = ingest([tmp_path])
    assert list(corpus.articles["file"]) == ["a.txt"]
    assert list(corpus.rejected["file"]) == ["b.txt"]
    assert "exact duplicate of a.txt" in corpus.rejected.iloc[0]["reason"]


def test_html_is_extracted_by_trafilatura_with_its_metadata(tmp_path):
    html = """<html><head><title>Corbyn wins | The Guardian</title>
    <meta property="og:site_name" content="The Guardian"><meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2015-09-13T10:00:00Z"></head>
    <body><nav>Home | Politics | Share this</nav><article><h1>Corbyn wins the Labour leadership</h1>
    <p>Jeremy Corbyn has been elected leader of the Labour party with a landslide majority of members.</p>
    <p>"This is a great day for our movement," he told supporters in London on Saturday afternoon.</p>
    <script>alert('x')</script><p>His rivals conceded defeat after the result was announced by the party.</p>
    </article></body></html>"""
    (tmp_path / "page.html").write_text(html)
    article = ingest([tmp_path]).articles.iloc[0]
    assert (article["outlet"], article["published"], article["author"]) == ("The Guardian", "2015-09-13", "Jane Doe")
    assert "alert(" not in article["text"] and "Home | Politics" not in article["text"]
    assert "This is a great day for our movement" in article["text"]


def test_csv_and_jsonl_corpora_hold_one_article_per_row(tmp_path):
    (tmp_path / "corpus.csv").write_text(
        'id,outlet,date,title,text\n1,BBC News,2015-09-12,"Win","Corbyn said he was delighted to have won."\n'
        '2,BBC News,2015-09-13,"Empty",""\n')
    (tmp_path / "more.jsonl").write_text(
        '{"id": "x1", "outlet": "Sky News", "published": "2016-01-02", "text": "Galloway said he would stand again."}\n'
        "not json\n")
    corpus = ingest([tmp_path])
    assert sorted(corpus.articles["file"]) == ["corpus.csv#1", "more.jsonl#x1"]
    assert corpus.articles.set_index("file").loc["corpus.csv#1", "published"] == "2015-09-12"
    reasons = dict(zip(corpus.rejected["file"], corpus.rejected["reason"]))
    assert "empty" in reasons["corpus.csv#2"] and "not valid JSON" in reasons["more.jsonl#line2"]


def _readme_byline_forms() -> list[str]:
    """The byline forms the README promises, as written there (in backticks in its Bylines item)."""
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    item = re.search(r"^- \*\*Bylines\*\*(.+?)(?=^- |\n\n)", readme, re.MULTILINE | re.DOTALL).group(1)
    return [form for form in re.findall(r"`([^`]+)`", item) if not form.startswith("data/")]


def test_every_byline_form_the_readme_gives_yields_its_author_and_date(tmp_path):
    forms = _readme_byline_forms()
    assert "Thomas Scripps / 6 March 2024" in forms and len(forms) >= 6
    forms.append("Jane Doe\n6 March 2024")  # (the name on a line of its own, above the date)
    for i, form in enumerate(forms):
        (tmp_path / f"byline_{i:02d}.txt").write_text(
            f"Galloway returns to the fray\n\n{form}\n\nGeorge Galloway said Labour had lost its way {i} times.\n",
            encoding="utf-8")  # (each text its own: a byline is not part of it)
    articles = ingest([tmp_path]).articles.set_index("file")
    for i, form in enumerate(forms):
        article = articles.loc[f"byline_{i:02d}.txt"]
        names = re.findall(r"(?:Jane Doe|Thomas Scripps)(?: and John Smith)?", form)
        assert article["author"] == names[0], form
        assert "author:inferred-byline" in article["metadata_source"], form
        if "2024" in form:
            assert article["published"] == "2024-03-06", form
        assert article["title"] == "Galloway returns to the fray", form


def test_a_name_and_something_that_is_not_a_date_is_no_byline(tmp_path):
    (tmp_path / "a.txt").write_text("Conference diary\n\nLabour Party / Conference season\n\n"
                                    "Ed Miliband, speaking in Manchester on Tuesday, said the party was ready.\n")
    article = ingest([tmp_path]).articles.iloc[0]
    assert pd.isna(article["author"])


def test_an_article_without_author_or_outlet_is_named_in_a_warning(tmp_path):
    (tmp_path / "anonymous.txt").write_text("Galloway returns\n\nGeorge Galloway said Labour had lost its way.\n")
    warnings = ingest([tmp_path]).warnings
    assert any(w.startswith("anonymous.txt: no author: the writer's own sentences are given to 'unknown author'")
               for w in warnings)
    assert any(w.startswith("anonymous.txt: no outlet") for w in warnings)


def test_a_misspelt_manifest_column_gets_a_did_you_mean_hint(tmp_path):
    (tmp_path / "a.txt").write_text("Galloway returns\n\nGeorge Galloway said Labour had lost its way.\n")
    (tmp_path / "manifest.csv").write_text("file,outlet,pubished,Autor\na.txt,The Guardian,2013-04-22,Jane Doe\n")
    corpus = ingest([tmp_path])
    assert "manifest.csv: unknown column 'pubished' ignored (did you mean 'published'?)" in corpus.warnings
    assert "manifest.csv: unknown column 'autor' ignored (did you mean 'author'?)" in corpus.warnings
    assert corpus.articles.iloc[0]["outlet"] == "The Guardian"
