"""What the report says, as plain data: sentences, figures and table cells.

:func:`assemble` turns the analysis (:class:`~twitchlog.analysis.results.Insights`)
and a few journal facts (the episode log, settings) into a :class:`ReportContent`.
Every number comes from the analysis, so the report agrees with ``twitchlog stats``
and the Insights view; this module only words and formats it. Where the content
goes on the page is :mod:`twitchlog.report.layout`'s business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from twitchlog.analysis.readiness import HOUR_EPISODES, WEEK, chart_placeholders
from twitchlog.analysis.results import ASSOCIATION_CAVEAT, SIGNIFICANCE_Q, Insights
from twitchlog.domain import (
    CHECKIN_FIELD_BY_NAME,
    WARNING_FIELDS,
    Episode,
    Medication,
    ValueKind,
    kind_label,
    location_label,
    place_label,
)
from twitchlog.report.document import ChartSpec
from twitchlog.report.formatting import (
    DASH,
    NBSP,
    fmt_count,
    fmt_date,
    fmt_day_month,
    fmt_duration,
    fmt_number,
    fmt_percent,
    fmt_range,
    fmt_signed,
    fmt_time,
    join_words,
    plural,
)
from twitchlog.store.journal import Journal

#: The appendix lists at most this many episodes (the most recent ones of the range).
APPENDIX_CAP = 500
#: The weekly table lists at most this many weeks (the most recent ones).
WEEKLY_CAP = 52
#: The weekly table has room for this many factor columns.
MAX_WEEKLY_FACTORS = 9
#: Short column titles for the built-in factors in the weekly table.
WEEKLY_HEADERS = {
    "sleep_hours": "Sleep (h)",
    "sleep_quality": "Sleep quality (1-5)",
    "caffeine_mg": "Caffeine (mg)",
    "stress": "Stress (0-10)",
    "exercise_min": "Exercise (min)",
    "alcohol_units": "Alcohol (units)",
    "nicotine": "Nicotine (uses)",
    "magnesium": "Magnesium (% of days)",
    "potassium": "Potassium (% of days)",
}
#: Page one lists at most this many associations and warning dates per sign.
MAX_ASSOCIATIONS = 3
MAX_WARNING_DATES = 12
MIN_FOR_SPREAD = 4  # timed episodes before a "middle half" means anything

REPORT_TITLE = "Muscle twitching report"
FOOTER_TEXT = "Self-recorded by the patient with TwitchLog"
NOTHING_LOGGED_YET = "Nothing is logged yet: this journal has no episodes and no daily check-ins."
NO_WARNINGS = "none logged in this period."
NO_ASSOCIATIONS = "No clear associations found in this period."


@dataclass(slots=True)
class KeyFigure:
    """One of the big answers on page one: a label, a large value and a few lines."""

    label: str
    value: str
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class WarningSign:
    label: str
    days: int
    dates: str  # "4 Jan, 5 Jan and 11 Feb 2025" (the most recent ones when many)


@dataclass(slots=True)
class Item:
    """A line of a list: the main text and an optional smaller detail line below it."""

    text: str
    detail: str = ""


@dataclass(slots=True)
class Column:
    title: str
    weight: float  # share of the spare width (after every column got what it needs)
    align: str = "left"  # "left", "right" or "center"
    wrap: bool = False  # long cells wrap onto more lines (notes, names)


@dataclass(slots=True)
class TableData:
    title: str
    intro: str
    columns: list[Column]
    rows: list[list[str]]


@dataclass(slots=True)
class ReportContent:
    """Everything the report prints, already worded; user text kept verbatim."""

    start: date
    end: date
    generated: date
    patient_name: str = ""
    patient_dob: str = ""
    title: str = REPORT_TITLE
    footer: str = FOOTER_TEXT
    period: str = ""
    completeness: str = ""
    nothing_logged: str = ""  # set when there is nothing to analyse
    key_figures: list[KeyFigure] = field(default_factory=list)
    durations_by_kind: str = ""
    rates_note: str = ""
    warnings: list[WarningSign] = field(default_factory=list)
    warnings_note: str = ""
    locations: list[Item] = field(default_factory=list)
    medications: list[Item] = field(default_factory=list)
    associations: list[Item] = field(default_factory=list)
    associations_note: str = ""
    questions: str = ""
    charts: list[ChartSpec] = field(default_factory=list)
    charts_note: str = ""  # the charts left out until there is enough to draw
    weekly: TableData | None = None
    appendix: TableData | None = None

    @property
    def running_title(self) -> str:
        """The small header line of the following pages."""
        parts = [self.title]
        if self.patient_name:
            parts.append(self.patient_name)
        parts.append(fmt_range(self.start, self.end))
        return " \u00b7 ".join(parts)


def patient_dob_text(raw: str) -> str:
    """An ISO date of birth as ``2 Jan 1980``; anything else exactly as typed."""
    raw = raw.strip()
    try:
        return fmt_date(date.fromisoformat(raw))
    except ValueError:
        return raw


def assemble(
    journal: Journal,
    insights: Insights | None,
    *,
    start: date,
    end: date,
    generated: date,
    questions: str = "",
    include_appendix: bool = True,
    patient_name: str = "",
    patient_dob: str = "",
    chart_factory: Callable[[Insights], list[ChartSpec]] | None = None,
) -> ReportContent:
    """Word the report for ``[start, end]``.

    ``insights`` is ``None`` only for an empty journal. ``chart_factory`` returns the
    chart specifications (see :func:`twitchlog.report.figures.chart_specs`); without it
    the report has no charts (page-one previews do not need them).
    """
    content = ReportContent(
        start=start,
        end=end,
        generated=generated,
        patient_name=patient_name.strip(),
        patient_dob=patient_dob_text(patient_dob),
        questions=questions.strip("\n\r\t "),
        period=f"{fmt_range(start, end)} ({plural((end - start).days + 1, 'day')})",
    )
    if insights is None:
        content.nothing_logged = NOTHING_LOGGED_YET
        content.completeness = "No days tracked yet."
        content.medications = _medications(
            [m for m in journal.medications.all()
             if m.start_date <= end and (m.end_date is None or m.end_date >= start)], end)
        return content
    summary = insights.summary
    coverage = summary.coverage
    content.completeness = (
        f"{fmt_count(coverage.days_tracked)} of {plural(coverage.days_in_range, 'day')} "
        f"tracked with a daily check-in ({fmt_percent(coverage.fraction)})"
    )
    content.medications = _medications(insights.medications, end)
    if summary.episodes == 0 and coverage.days_tracked == 0:
        first = summary.first_episode_ever
        content.nothing_logged = (
            "Nothing was logged in this period: no episodes and no daily check-ins."
            + (f" The first episode in this journal was logged on {fmt_date(first)}."
               if first else "")
        )
        return content

    content.key_figures = _key_figures(insights)
    content.durations_by_kind = _durations_by_kind(insights)
    content.rates_note = (
        "Rates count tracked days only (days with a daily check-in); days without one "
        "are unknown, not counted as zero."
    )
    content.warnings, content.warnings_note = _warnings(insights)
    content.locations = _locations(insights)
    content.associations, content.associations_note = _associations(insights)
    if chart_factory is not None and (summary.episodes or coverage.days_tracked):
        content.charts = chart_factory(insights)
        content.charts_note = _charts_note(insights)
    content.weekly = _weekly_table(journal, insights)
    if include_appendix and summary.episodes:
        content.appendix = _appendix(journal, start, end, summary.episodes)
    return content


# --- page one ----------------------------------------------------------------------------


def _key_figures(insights: Insights) -> list[KeyFigure]:
    summary = insights.summary
    first = summary.first_episode_ever
    noticed = KeyFigure("FIRST NOTICED", fmt_date(first) if first else "Not logged")
    if summary.first_episode_in_range is not None:
        noticed.lines.append(
            f"first in this period {fmt_date(summary.first_episode_in_range)}")
    if summary.last_episode is not None:
        noticed.lines.append(f"most recent {fmt_date(summary.last_episode)}")

    overall = summary.durations[0] if summary.durations else None
    if overall is not None and overall.n:
        how_long = KeyFigure("HOW LONG", fmt_duration(overall.median),
                             _duration_lines(overall.n, overall.minimum, overall.maximum,
                                             overall.p25, overall.p75))
    else:
        how_long = KeyFigure("HOW LONG", DASH, ["no durations logged in this period"])

    if summary.per_day_mean is not None:
        how_often = KeyFigure("HOW OFTEN", f"{fmt_number(summary.per_day_mean, 1)} a day", [
            "mean per tracked day",
            *([f"{fmt_number(summary.per_week, 1)} a week"] if summary.per_week is not None
              else []),
            f"median {fmt_number(summary.per_day_median, 1)} a day",
            f"any episode on {fmt_percent(summary.share_days_with_any)} of tracked days",
            f"{plural(summary.episodes, 'episode')} in this period",
        ])
    else:
        how_often = KeyFigure("HOW OFTEN", DASH, [
            "no tracked days in this period",
            f"{plural(summary.episodes, 'episode')} logged",
        ])

    trend = summary.trend
    if trend is None or trend.per_month is None:
        change = KeyFigure("TREND", "Not enough data", [
            "a trend needs at least 14 tracked days spread over 4 weeks",
        ])
    else:
        label = {"worse": "Worse", "better": "Better"}.get(trend.direction, "No clear change")
        change = KeyFigure("TREND", label, [
            f"{fmt_signed(trend.per_month, 2)} episodes per day each month "
            f"(95% CI {fmt_signed(trend.ci_low, 2)} to {fmt_signed(trend.ci_high, 2)})",
            f"from {plural(trend.n_days, 'tracked day')}",
        ])
    return [noticed, how_long, how_often, change]


def _duration_lines(n: int, shortest: float | None, longest: float | None,
                    p25: float | None, p75: float | None) -> list[str]:
    """The spread behind the median, only where it says something: one timed episode
    has no "shortest 30 s, longest 30 s", a few have no middle half."""
    if n == 1:
        return ["1 timed episode"]
    lines = [f"median of {plural(n, 'timed episode')}",
             f"shortest {fmt_duration(shortest)}, longest {fmt_duration(longest)}"]
    if n >= MIN_FOR_SPREAD:
        lines.append(f"middle half {fmt_duration(p25)} to {fmt_duration(p75)}")
    return lines


def _charts_note(insights: Insights) -> str:
    """Which charts wait for more data (the Insights view's rule), so their absence is
    explained rather than a chart of one day with hours on its axis."""
    summary = insights.summary
    days = summary.coverage.days_tracked
    waiting = chart_placeholders(days, summary.episodes)
    parts = []
    if "timeline" in waiting:
        parts.append(f"twitches per tracked day over time (after {WEEK} tracked days; "
                     f"{fmt_count(days)} so far)")
    if summary.episodes and "hours" in waiting:
        parts.append(f"when twitches start (after {HOUR_EPISODES} episodes; "
                     f"{fmt_count(summary.episodes)} so far)")
    return ("Not drawn yet, as there is too little to show: " + "; ".join(parts) + "."
            if parts else "")


def _durations_by_kind(insights: Insights) -> str:
    kinds = [d for d in insights.summary.durations[1:] if d.kind and d.n]
    if len(kinds) < 2 and not (kinds and kinds[0].kind != "twitch"):
        return ""
    parts = [
        f"{d.kind} {fmt_duration(d.median)} (range {fmt_duration(d.minimum)} to "
        f"{fmt_duration(d.maximum)}, {fmt_count(d.n)} timed)"
        for d in kinds
    ]
    return "Median duration by kind: " + "; ".join(parts) + "."


def _warnings(insights: Insights) -> tuple[list[WarningSign], str]:
    coverage = insights.summary.coverage
    labels = {f.name: f.label for f in WARNING_FIELDS}
    asked = join_words([labels[f.name].lower() if i else labels[f.name]
                        for i, f in enumerate(WARNING_FIELDS)])
    note = (f"Asked in every daily check-in: {asked}. "
            f"{fmt_count(coverage.days_tracked)} of {plural(coverage.days_in_range, 'day')} "
            "in this period had a check-in.")
    by_sign: dict[str, list[date]] = {}
    for day, names in insights.warning_days:
        for name in names:
            by_sign.setdefault(name, []).append(day)
    signs = []
    for spec in WARNING_FIELDS:
        days = sorted(by_sign.get(spec.name, []))
        if days:
            signs.append(WarningSign(spec.label, len(days), _date_list(days)))
    return signs, note


def _date_list(days: list[date]) -> str:
    """Dates grouped by year, the most recent ones when there are many."""
    shown = days[-MAX_WARNING_DATES:]
    by_year: dict[int, list[str]] = {}
    for day in shown:
        by_year.setdefault(day.year, []).append(fmt_day_month(day))
    text = "; ".join(f"{', '.join(items)} {year}" for year, items in by_year.items())
    if len(days) > len(shown):
        text = (f"most recent {len(shown)}: {text} (first on {fmt_date(days[0])}, "
                f"{len(days) - len(shown)} earlier days not listed)")
    return text


def _locations(insights: Insights) -> list[Item]:
    summary = insights.summary
    total = summary.episodes
    items = []
    for loc in summary.top_locations:
        where = place_label(loc.location, loc.side)  # as the app says it: "Left eyelid"
        if loc.side == "both":
            where = f"{where}, both sides"
        share = f" ({fmt_percent(loc.count / total)})" if total else ""
        items.append(Item(f"{where}: {plural(loc.count, 'episode')}{share}"))
    others = len(insights.by_location) - len(summary.top_locations)
    if others > 0:
        items.append(Item(f"and {others} more (see the locations chart)"))
    return items


def _medications(medications: list[Medication], end: date) -> list[Item]:
    items = []
    meds = sorted(medications, key=lambda m: (not m.active_on(end), m.start_date))
    for med in meds:
        name = f"{med.name} {med.dose}".strip()
        if med.active_on(end):
            when = f"since {fmt_date(med.start_date)}"
        else:
            when = f"{fmt_date(med.start_date)} to {fmt_date(med.end_date)} (stopped)"
        items.append(Item(f"{name}: {when}", med.notes.strip()))
    return items


def _associations(insights: Insights) -> tuple[list[Item], str]:
    significant = insights.significant
    tested = insights.tested
    waiting = sorted({a.factor for a in insights.untested if a.days_needed > 0 and a.n > 0}
                     - {a.factor for a in tested})
    items = [Item(a.sentence, a.detail) for a in significant[:MAX_ASSOCIATIONS]]
    if len(significant) > MAX_ASSOCIATIONS:
        items.append(Item(f"and {len(significant) - MAX_ASSOCIATIONS} more: see the chart "
                          "of every factor tested."))
    model = insights.adjusted
    if significant and model is not None and model.disagreement:
        # one calm line where the model of all factors together disagrees
        items.append(Item(model.disagreement,
                          f"From a model of the factors together ({model.method}; "
                          f"{plural(model.n, 'tracked day')})."))
    if tested:
        note = (f"{plural(len(tested), 'factor-and-day pair')} tested; listed are those "
                f"with a false-discovery-corrected q-value below {SIGNIFICANCE_Q:g}; "
                "runs of alike days (a bad week) count as fewer independent days.")
    else:
        note = "No factor has enough tracked days with a value to be tested yet (14 needed)."
    if waiting:
        note += (" Too few days yet to test: "
                 f"{join_words([_factor_label(insights, n) for n in waiting])}.")
    return items, f"{note} {ASSOCIATION_CAVEAT}"


def _factor_label(insights: Insights, name: str) -> str:
    label = insights.factor_labels.get(name)
    if label:
        return label
    spec = CHECKIN_FIELD_BY_NAME.get(name)
    return spec.label if spec else name


# --- tables ------------------------------------------------------------------------------


def _weekly_table(journal: Journal, insights: Insights) -> TableData | None:
    rows = insights.weekly
    if not rows:
        return None
    kinds = {spec.name: spec.kind for spec in CHECKIN_FIELD_BY_NAME.values()}
    kinds.update({f.name: f.kind for f in journal.factors.all(include_archived=True)})
    shown = rows[-WEEKLY_CAP:]
    names: list[str] = []
    for row in shown:
        for name, value in row.factor_means.items():
            if value is not None and name not in names:
                names.append(name)

    def cell(name: str, value: float | None) -> str:
        if value is None:
            return DASH
        if kinds.get(name) is ValueKind.YESNO:
            return fmt_percent(value)
        return fmt_number(value, 1)

    constant = []
    for name in list(names) if len(shown) >= 3 else []:
        values = {cell(name, row.factor_means.get(name)) for row in shown} - {DASH}
        if len(values) == 1:
            constant.append(f"{_factor_label(insights, name)} {values.pop()}")
            names.remove(name)
    left_out = names[MAX_WEEKLY_FACTORS:]
    names = names[:MAX_WEEKLY_FACTORS]
    intro = ("Tracked days, episodes on them and the average of each factor per week "
             "(Monday to Sunday); yes/no factors show the share of days with a yes.")
    if constant:
        intro += f" The same every week: {join_words(constant)}."
    if left_out:
        intro += (" Not shown for lack of room: "
                  f"{join_words([_factor_label(insights, n) for n in left_out])}.")
    if len(rows) > len(shown):
        intro += (f" The last {len(shown)} of {fmt_count(len(rows))} weeks are listed; "
                  "the charts cover the whole period.")
    columns = [Column("Week of", 1.0), Column("Days tracked", 1.0, "right"),
               Column("Episodes", 1.0, "right"), Column("Per day", 1.0, "right")]
    for name in names:
        columns.append(Column(WEEKLY_HEADERS.get(name) or _factor_label(insights, name), 1.0,
                              "right"))
    table_rows = []
    for row in shown:
        # "31 Aug" as one word: the year only when it is not the report's (13 columns
        # leave this one too narrow for "31 Aug 2026", which took three lines a row)
        week = (fmt_day_month(row.week_start) if row.week_start.year == insights.summary.end.year
                else fmt_date(row.week_start)).replace(" ", NBSP, 1)
        cells = [week, str(row.days_tracked), fmt_count(row.episodes),
                 fmt_number(row.episodes / row.days_tracked, 1) if row.days_tracked else DASH]
        cells.extend(cell(name, row.factor_means.get(name)) for name in names)
        table_rows.append(cells)
    return TableData("Week by week", intro, columns, table_rows)


def _appendix(journal: Journal, start: date, end: date, total: int) -> TableData:
    episodes = journal.episodes.find(start, end, newest_first=True, limit=APPENDIX_CAP)
    episodes.reverse()
    if total > len(episodes):
        intro = (f"The last {fmt_count(len(episodes))} of {fmt_count(total)} episodes in this "
                 f"period are listed (from {fmt_date(episodes[0].started_at)}), oldest first. "
                 "All of them are counted in the figures and charts.")
    else:
        intro = f"All {plural(total, 'episode')} of this period, oldest first."
    columns = [Column("Date", 0.2), Column("Time", 0.1), Column("Location", 1.0, wrap=True),
               Column("Side", 0.1), Column("Duration", 0.2, "right"),
               Column("Intensity", 0.1, "right"), Column("Kind", 0.1),
               Column("Notes", 6.0, wrap=True)]
    rows = [_episode_cells(e) for e in episodes]
    return TableData("Appendix: episode log", intro, columns, rows)


def _episode_cells(episode: Episode) -> list[str]:
    return [
        fmt_date(episode.started_at),
        fmt_time(episode.started_at),
        location_label(episode.location),
        "" if episode.side == "unspecified" else episode.side,
        fmt_duration(episode.duration_s) if episode.duration_s is not None else "",
        f"{episode.intensity}/10" if episode.intensity is not None else "",
        kind_label(episode.kind),
        episode.notes,
    ]
