"""Charts render for an empty journal, one day and ten years, with layperson labels."""

from __future__ import annotations

import io
from datetime import date, timedelta
from itertools import pairwise

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from twitchlog import charts
from twitchlog.analysis.engine import analyze, compare_periods
from twitchlog.analysis.inputs import AnalysisInput
from twitchlog.analysis.results import Insights, LocationCount
from twitchlog.charts import CHART_TITLES, ChartPalette
from twitchlog.domain import Medication

END = date(2024, 12, 31)


def texts(fig: Figure) -> str:
    """Every piece of text in a figure (titles, labels, ticks, legends), joined."""
    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_text())


def render(fig: Figure, fmt: str = "png") -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    return buffer.getvalue()


def empty_insights() -> Insights:
    return analyze(AnalysisInput.from_days(END, END, {}))


def one_day_insights() -> Insights:
    data = AnalysisInput.from_days(END, END, {END: (3, {"caffeine_mg": 200.0})})
    data.location_counts = [("eyelid", "left", 3)]
    data.hour_weekday[END.weekday()][9] = 3
    return analyze(data)


@pytest.fixture(scope="module")
def ten_years() -> Insights:
    rng = np.random.default_rng(4)
    start = END - timedelta(days=3652)
    days = {}
    for i in range(3653):
        if rng.random() < 0.85:
            caffeine = float(rng.choice([0, 95, 190, 285, 380, 475]))
            days[start + timedelta(days=i)] = (
                int(rng.poisson(2 + caffeine / 150)),
                {"caffeine_mg": caffeine, "sleep_hours": float(rng.normal(7, 1)),
                 "stress": float(rng.integers(0, 11)), "magnesium": float(rng.random() < .3),
                 "alcohol_units": float(rng.choice([0, 0, 1, 2, 5]))})
    data = AnalysisInput.from_days(start, END, days)
    data.location_counts = [("eyelid", "left", 900), ("eyelid", "right", 400),
                            ("calf", "both", 300), ("thumb", "unspecified", 40)]
    data.hour_weekday = rng.poisson(20, size=(7, 24)).tolist()
    data.medications = [Medication("Magnesium", END - timedelta(days=400), "300 mg"),
                        Medication("Diuretic", start + timedelta(days=200),
                                   end_date=start + timedelta(days=240))]
    return analyze(data)


@pytest.mark.parametrize("make", [empty_insights, one_day_insights],
                         ids=["empty", "one-day"])
def test_every_chart_renders_for_small_journals(make) -> None:
    insights = make()
    figures = charts.insights_figures(insights)
    assert list(figures) == list(CHART_TITLES)
    for fig in figures.values():
        assert render(fig).startswith(b"\x89PNG")
    assert "Twitches per tracked day" in texts(figures["timeline"])
    assert "Where twitches happen" in texts(figures["locations"])
    assert "When twitches start" in texts(figures["hours"])


def test_empty_journal_charts_say_there_is_nothing_yet() -> None:
    figures = charts.insights_figures(empty_insights())
    assert "No tracked days in this period yet" in texts(figures["timeline"])
    assert "No episodes logged in this period yet." in texts(figures["locations"])
    assert "Nothing could be tested yet" in texts(figures["overview"])
    assert "No factor could be tested yet" in texts(figures["factor"])


def test_ten_year_charts_have_titles_labels_and_few_artists(ten_years: Insights) -> None:
    figures = charts.insights_figures(ten_years, overlay="caffeine_mg")
    timeline = figures["timeline"]
    words = texts(timeline)
    for expected in ("Twitches per tracked day", "Episodes per day", "not tracked",
                     "28-day average", "Caffeine (mg), 28-day average", "Magnesium 300 mg",
                     "days tracked"):
        assert expected in words
    main_ax = next(ax for ax in timeline.axes if ax.get_ylabel() == "Episodes per day")
    # ten years of days drawn with a handful of artists, not thousands of bars
    assert len(main_ax.patches) + len(main_ax.collections) + len(main_ax.lines) < 10
    assert "The last 12 months at a glance" in texts(figures["calendar"])
    assert "Episodes per day" in texts(figures["calendar"])
    assert "Hour of the day the episode started" in texts(figures["hours"])
    assert "Eyelid" in texts(figures["locations"])
    overview = texts(figures["overview"])
    assert "How each factor goes with twitches" in overview
    assert "Spearman rho, 95% CI" in overview and "Caffeine" in overview
    factor = texts(figures["factor"])
    assert "Caffeine and twitches (same day)" in factor
    assert "Episodes that day" in factor and "Caffeine (mg)" in factor
    dose_words = texts(figures["dose"])
    assert "Twitches by amount of caffeine and alcohol (same day)" in dose_words
    assert "Caffeine that day (mg)" in dose_words and "Alcohol that day (units)" in dose_words
    for fig in figures.values():
        render(fig)


def test_factor_chart_for_sleep_and_yes_no_factors(ten_years: Insights) -> None:
    sleep = charts.factor_vs_episodes(ten_years.series, ten_years.association("sleep_hours", 1))
    words = texts(sleep)
    assert "Sleep (2 nights before) and twitches" in words
    # the axes say what the sentence says: "on the 2nd day after nights with …"
    assert "Sleep that night (h)" in words and "Episodes the 2nd day after that night" in words
    magnesium = charts.factor_vs_episodes(ten_years.series,
                                          ten_years.association("magnesium", 0))
    assert "yes (" in texts(magnesium) and "no (" in texts(magnesium)
    render(sleep)
    render(magnesium)


def test_period_comparison_and_dose_charts(ten_years: Insights) -> None:
    data = AnalysisInput.from_days(END - timedelta(days=59), END, {
        END - timedelta(days=i): (i % 4, {}) for i in range(60)})
    comparison = compare_periods(data, END - timedelta(days=59), END - timedelta(days=30),
                                 END - timedelta(days=29), END, "before Magnesium",
                                 "while taking Magnesium")
    fig = charts.period_comparison_chart(comparison)
    words = texts(fig)
    assert "Twitches per tracked day in two periods" in words
    assert "Before Magnesium" in words and "Ratio" in words
    assert "Episodes per tracked day (95% CI)" in words
    dose = charts.dose_chart(ten_years.dose["alcohol_units"], "alcohol_units")
    assert "Alcohol that day (units)" in texts(dose)
    render(fig, "svg")
    render(dose)


def test_palettes_follow_light_dark_and_print() -> None:
    insights = one_day_insights()
    for palette in (ChartPalette.light(), ChartPalette.dark(), ChartPalette.print()):
        fig = charts.episodes_over_time(insights.series, palette=palette)
        assert fig.get_facecolor()[:3] == pytest.approx(
            tuple(int(palette.background[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    dark = ChartPalette.for_background(0.1, "#1f2327")
    assert dark.name == "dark" and dark.background == "#1f2327"
    assert ChartPalette.for_background(0.95).name == "light"
    grey = ChartPalette.print()
    colours = [grey.background, grey.text, grey.episodes, grey.rolling, *grey.sides]
    for colour in colours:  # greyscale: red, green and blue equal
        r, g, b = (colour[i:i + 2] for i in (1, 3, 5))
        assert r == g == b


def test_locations_chart_groups_sides_and_notes_hidden_places() -> None:
    rows = [LocationCount(f"place{i}", "left", 20 - i) for i in range(12)]
    rows.append(LocationCount("place0", "right", 5))
    fig = charts.locations_chart(rows, top=10)
    words = texts(fig)
    assert "2 more places with 19 not shown" in words
    assert " 25" in words  # place0: left 20 + right 5 in one bar


def test_save_figure_writes_png_and_svg(tmp_path) -> None:
    fig = charts.hour_weekday_heatmap(np.zeros((7, 24), dtype=int))
    png = charts.save_figure(fig, tmp_path / "when.png")
    svg = charts.save_figure(fig, tmp_path / "when.svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in svg.read_bytes()[:500]
    with pytest.raises(ValueError):
        charts.save_figure(fig, tmp_path / "when.jpg")
    assert not (tmp_path / "when.jpg").exists()


def _tick_values(axis: object) -> list[float]:
    return [float(t) for t in axis.get_ticklocs()]  # type: ignore[attr-defined]


def test_counts_have_whole_number_ticks_and_no_dot_below_zero(ten_years: Insights) -> None:
    fig = charts.factor_vs_episodes(ten_years.series, ten_years.association("caffeine_mg", 0))
    ax = fig.axes[0]
    FigureCanvasAgg(fig).draw()
    assert all(v == int(v) for v in _tick_values(ax.yaxis))
    assert ax.get_ylim()[0] == 0
    dots = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
    assert len(dots) > 100 and dots.min() >= 0
    few = charts.locations_chart([LocationCount("eyelid", "left", 3),
                                  LocationCount("calf", "right", 2)])
    FigureCanvasAgg(few).draw()
    assert all(v == int(v) for v in _tick_values(few.axes[0].xaxis))


def test_long_place_names_are_shortened_and_nothing_is_squeezed_out(recwarn) -> None:
    long_name = "the small muscle just under the left shoulder blade"
    fig = charts.locations_chart([LocationCount(long_name, "left", 4),
                                  LocationCount("iPad thumb", "right", 2)], width=5.0)
    render(fig)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(label.endswith("…") and len(label) < len(long_name) for label in labels)
    assert "iPad thumb" in labels  # a name of the user's own keeps its capitals
    assert not [w for w in recwarn if "constrained" in str(w.message).lower()]


def test_a_short_medication_bar_keeps_its_whole_name_beside_it() -> None:
    data = AnalysisInput.from_days(END - timedelta(days=89), END, {
        END - timedelta(days=i): (i % 3, {}) for i in range(90)})
    short = Medication("Hydrochlorothiazide", END - timedelta(days=80), "12.5 mg once daily",
                       END - timedelta(days=70))
    pal = ChartPalette.light()
    fig = charts.episodes_over_time(analyze(data).series, medications=[short], palette=pal)
    render(fig)
    label = next(t for ax in fig.axes for t in ax.texts if "Hydrochlorothiazide" in t.get_text())
    assert label.get_text().strip() == "Hydrochlorothiazide 12.5 mg once daily"
    assert label.get_color() == pal.text  # beside the bar, not white text running off it


def _overlapping_tick_labels(fig: Figure, axis: str) -> list[tuple[str, str]]:
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = fig.axes[0]
    labels = [t for t in (ax.get_xticklabels() if axis == "x" else ax.get_yticklabels())
              if t.get_visible() and t.get_text()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    return [(a, b) for (a, box_a), (b, box_b) in pairwise(boxes)
            if box_a.overlaps(box_b)]


def test_count_ticks_never_overlap_on_a_narrow_chart() -> None:
    """The Insights "Where" chart beside the body map is about 3 inches wide at 1024×640:
    ten ticks of up to three digits ran together into "0 255075100125150"."""
    rows = [LocationCount("eyelid", "left", 193), LocationCount("calf", "right", 141),
            LocationCount("thumb", "left", 55)]
    fig = charts.locations_chart(rows, width=3.2)
    assert _overlapping_tick_labels(fig, "x") == []
    assert len(_tick_values(fig.axes[0].xaxis)) >= 3
