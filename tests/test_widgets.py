"""The dashboard's logic, without a browser: filters change the table and the heatmap's data."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers import widgets


@pytest.fixture(scope="module")
def data(seed_run) -> widgets.DashboardData:
    return widgets.DashboardData(seed_run.statements, seed_run.stances, seed_run.articles)


def test_outlet_filter_changes_the_table_and_the_heatmap(data):
    everything = widgets.compute_view(data, widgets.Filters())
    ibtimes = widgets.compute_view(data, widgets.Filters(outlets=("IBTimes UK",)))
    assert set(ibtimes.rows["outlet"]) == {"IBTimes UK"}
    assert len(ibtimes.rows) < len(everything.rows)
    assert not ibtimes.table.equals(everything.table)
    shown, all_shown = set(ibtimes.heatmap["speaker"]), set(everything.heatmap["speaker"])
    assert shown == {"George Galloway", "Ed Miliband"} or shown < all_shown
    assert "Chris Williamson" in all_shown and "Chris Williamson" not in shown


def test_both_ends_of_the_date_range_are_included_and_said_so(data):
    # the IBTimes article is dated 2013-04-23
    before = widgets.apply_filters(data, widgets.Filters(date_from=date(2013, 4, 1), date_to=date(2013, 4, 22)))
    through = widgets.apply_filters(data, widgets.Filters(date_from=date(2013, 4, 1), date_to=date(2013, 4, 23)))
    starting = widgets.apply_filters(data, widgets.Filters(date_from=date(2013, 4, 23)))
    assert "IBTimes UK" not in set(before["outlet"]) and "IBTimes UK" in set(through["outlet"])
    assert "IBTimes UK" in set(starting["outlet"])
    described = widgets.Filters(date_from=date(2013, 4, 1), date_to=date(2013, 4, 23)).describe()
    assert described.startswith("2013-04-01 to 2013-04-23 (both included)")


def test_reader_comments_and_narration_are_not_among_quoted_speakers_unless_chosen(data):
    quoted = widgets.compute_view(data, widgets.Filters())
    assert {"WHS", "Fighting4EdMiliband"} & set(data.options("speaker"))
    assert not {"WHS", "Fighting4EdMiliband", "Mike"} & set(quoted.heatmap["speaker"])
    assert "Thomas Scripps" not in set(quoted.heatmap["speaker"])  # (the writer's own voice)
    assert "quoted speakers" in widgets.Filters().describe()
    commenters = widgets.compute_view(data, widgets.Filters(speaker_kinds=("commenters",)))
    assert "Fighting4EdMiliband" in set(commenters.heatmap["speaker"])
    assert set(commenters.rows["quote_type"]) == {"comment"}
    own_voice = widgets.compute_view(data, widgets.Filters(speaker_kinds=("the outlet's own voice",)))
    assert set(own_voice.rows["quote_type"]) == {"narration"} and "Thomas Scripps" in set(own_voice.heatmap["speaker"])
    everyone = widgets.compute_view(data, widgets.Filters(speaker_kinds=()))
    assert everyone.statements == quoted.statements + commenters.statements + own_voice.statements
    assert data.kind_options() == ["people", "organisations", "sources", "commenters", "the outlet's own voice"]


def test_articles_are_counted_as_the_records_analysed(data):
    # the New Statesman file holds two items: six records, five of which mention a target
    everything = widgets.compute_view(data, widgets.Filters(speaker_kinds=()))
    assert everything.articles_in_range == 6 and everything.articles == 5
    assert widgets.corpus_line(everything).startswith("6 articles (5 with statements shown), 5 outlets")
    assert "6 articles" in widgets.summary_html(everything)
    dated = widgets.compute_view(data, widgets.Filters(date_from=date(2013, 4, 22), date_to=date(2013, 4, 23)))
    assert dated.articles_in_range == 2  # (New Statesman's first item and IBTimes; the split item is undated)


def test_speaker_target_and_type_filters(data):
    view = widgets.apply_filters(data, widgets.Filters(speakers=("George Galloway",), targets=("Ed Miliband",),
                                                       quote_types=("direct", "partial")))
    assert set(view["speaker"]) == {"George Galloway"} and set(view["target"]) == {"Ed Miliband"}
    assert set(view["quote_type"]) <= {"direct", "partial"}
    busy = widgets.apply_filters(data, widgets.Filters(min_statements=5))
    assert busy.groupby("speaker", observed=True)["statement_id"].size().min() >= 5


def test_empty_selection_says_nothing_matches(data):
    result = widgets.compute_view(data, widgets.Filters(date_from=date(1990, 1, 1), date_to=date(1990, 2, 1)))
    assert result.empty and "Nothing matches" in widgets.summary_html(result)
    assert "Nothing matches" in widgets.evidence_html(result.evidence, 0)


def test_speaker_search_is_case_insensitive_and_ordered_by_activity(data):
    found = data.speakers_matching("gall")
    assert found[0] == "George Galloway"
    assert all("gall" in s.lower() for s in found)


def test_quote_text_is_escaped_in_the_evidence_list():
    evidence = pd.DataFrame([{"statement_id": "x", "speaker": "<b>Bob</b>", "outlet": "O",
                              "published": pd.Timestamp("2020-01-01"),
                              "target": "Labour", "stance": "favor", "text": "<script>alert('x')</script>",
                              "cue": "said",
                              "evidence": "<img src=x onerror=alert(1)>"}])
    rendered = widgets.evidence_html(evidence, 1)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<img" not in rendered and "<b>Bob" not in rendered


def test_export_writes_charts_and_table_named_after_the_filter(data, tmp_path):
    result = widgets.compute_view(data, widgets.Filters(outlets=("IBTimes UK",), targets=("Ed Miliband",)))
    written = widgets.export_view(result, tmp_path)
    names = {p.name for p in written}
    assert "statements__IBTimes-UK_Ed-Miliband.csv" in names
    for ext in ("png", "svg", "pdf"):
        assert f"heatmap__IBTimes-UK_Ed-Miliband.{ext}" in names
    assert len(pd.read_csv(tmp_path / "views" / "statements__IBTimes-UK_Ed-Miliband.csv")) == len(result.rows)


def test_dashboard_widgets_redraw_when_the_outlet_changes(data, tmp_path):
    dashboard = widgets.Dashboard(data, export_dir=tmp_path, corrections_file=tmp_path / "corrections.csv")
    before_table, before_heatmap = dashboard.summary.value, dashboard.heatmap.value
    dashboard.outlets.value = ("IBTimes UK",)
    assert dashboard.summary.value != before_table and dashboard.heatmap.value != before_heatmap
    assert set(dashboard.result.rows["outlet"]) == {"IBTimes UK"}
    dashboard.date_from.value, dashboard.date_to.value = "1990-01-01", "1990-01-02"
    assert "Nothing matches" in dashboard.summary.value


def test_dates_are_typed_in_iso_form_and_a_uk_date_is_read_day_first(data, tmp_path):
    dashboard = widgets.Dashboard(data, export_dir=tmp_path, corrections_file=tmp_path / "corrections.csv")
    assert dashboard.date_from.placeholder == "2009-01-05" or dashboard.date_from.placeholder.startswith("20")
    dashboard.date_from.value = "01/04/2013"
    assert dashboard.date_from.value == "2013-04-01"
    dashboard.date_to.value = "2013-04-23"
    filters = dashboard.result.filters
    assert (filters.date_from, filters.date_to) == (date(2013, 4, 1), date(2013, 4, 23))
    assert "2013-04-01 to 2013-04-23 (both included)" in dashboard.summary.value
    assert "IBTimes UK" in set(dashboard.result.rows["outlet"])  # (dated 2013-04-23: the last day is in)
    dashboard.date_to.value = "23rd of April"
    assert "not a date" in dashboard.status.value
    assert dashboard.result.filters.date_to == date(2013, 4, 23)  # (the last readable date stays)
    dashboard.date_to.value = ""
    assert dashboard.status.value == "" and dashboard.result.filters.date_to is None


def test_dashboard_images_are_sized_to_their_box_keeping_their_aspect(data, tmp_path):
    dashboard = widgets.Dashboard(data, export_dir=tmp_path, corrections_file=tmp_path / "corrections.csv")
    for image, box in ((dashboard.heatmap, dashboard._heatmap_box), (dashboard.timeline, dashboard._timeline_box)):
        assert image.layout.width == "100%" and image.layout.height == "auto"
        png_width = int.from_bytes(image.value[16:20], "big")
        assert box.layout.max_width == f"{png_width // 2}px"  # (drawn at twice the screen's density)


def test_a_correction_written_from_the_dashboard_is_applied_on_the_next_run(data, seed_run, tmp_path):
    from helpers.tables import corrections

    corrections_file = tmp_path / "corrections.csv"
    dashboard = widgets.Dashboard(data, export_dir=tmp_path, corrections_file=corrections_file)
    target = seed_run.statements[seed_run.statements["text"].str.contains("Powerful players")].iloc[0]
    dashboard.correction_id.value = target["statement_id"]
    dashboard.correction_action.value = "speaker"
    dashboard.correction_value.value = "Dave Hill (Guardian)"
    dashboard.correction_button.click()
    assert "Correction saved" in dashboard.status.value
    statements, _, applied, notes = corrections.apply(seed_run.statements, seed_run.stances, corrections_file)
    assert applied == 1 and not notes
    assert statements.set_index("statement_id").loc[target["statement_id"], "speaker"] == "Dave Hill (Guardian)"


def test_the_speakers_offered_follow_the_who_filter(data):
    quoted = data.speakers_matching("", speaker_kinds=widgets.QUOTED_SPEAKERS)
    everyone = data.speakers_matching("", speaker_kinds=())
    assert set(quoted) < set(everyone)  # the seeds have commenters and the writers' narration
    shown = {k for label in widgets.QUOTED_SPEAKERS for k in widgets.SPEAKER_KINDS[label]}
    rows = data.view.assign(speaker=data.view["speaker"].astype(str), kind=data.view["speaker_kind"].astype(str))
    assert set(quoted) == set(rows.loc[rows["kind"].isin(shown), "speaker"])
    commenters = data.speakers_matching("", speaker_kinds=("commenters",))
    assert commenters and not set(commenters) & set(data.speakers_matching("", speaker_kinds=("people",)))


def test_the_dashboard_offers_only_speakers_it_would_show(data):
    board = widgets.Dashboard(data)
    assert set(board.speakers.options) == set(data.speakers_matching("", speaker_kinds=widgets.QUOTED_SPEAKERS))
    board.speaker_kinds.value = ("commenters",)
    assert set(board.speakers.options) == set(data.speakers_matching("", speaker_kinds=("commenters",)))
