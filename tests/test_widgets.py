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
    assert set(ibtimes.heatmap["speaker"]) == {"George Galloway", "Ed Miliband"} or set(ibtimes.heatmap["speaker"]) < set(everything.heatmap["speaker"])
    assert "Chris Williamson" in set(everything.heatmap["speaker"]) and "Chris Williamson" not in set(ibtimes.heatmap["speaker"])


def test_date_range_is_half_open(data):
    # the IBTimes article is dated 2013-04-23
    until = widgets.apply_filters(data, widgets.Filters(date_from=date(2013, 4, 1), date_to=date(2013, 4, 23)))
    through = widgets.apply_filters(data, widgets.Filters(date_from=date(2013, 4, 1), date_to=date(2013, 4, 24)))
    assert "IBTimes UK" not in set(until["outlet"]) and "IBTimes UK" in set(through["outlet"])


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
    evidence = pd.DataFrame([{"statement_id": "x", "speaker": "<b>Bob</b>", "outlet": "O", "published": pd.Timestamp("2020-01-01"),
                              "target": "Labour", "stance": "favor", "text": "<script>alert('x')</script>", "cue": "said",
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
    dashboard.date_from.value, dashboard.date_to.value = date(1990, 1, 1), date(1990, 1, 2)
    assert "Nothing matches" in dashboard.summary.value


def test_a_correction_written_from_the_dashboard_is_applied_on_the_next_run(data, seed_run, tmp_path):
    from helpers import corrections

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
