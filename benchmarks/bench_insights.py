"""Insights on the ten-year journal: analysis plus every chart, and the view itself.

Budgets from issue 4:

* analysis plus a full chart refresh (analyse the loaded range, build all seven Insights
  figures and render each one) <= 1.5x a reference measured in the same run: the same
  seven figures drawn directly with matplotlib from precomputed numpy arrays (same sizes,
  artists, titles and layout; nothing computed at draw time);
* loading the range from the journal (the daily series plus the per-episode counts)
  <= 1.5x plain sqlite3 queries computing the same numbers, and, for information, the
  whole chain (load + analysis + charts) against the drawing reference;
* the Insights view's first open <= 1.5 s (a fresh process: imports of numpy, scipy and
  matplotlib, loading, the analysis, the visible chart and its first paint) and a later
  refresh <= 0.5 s, for the default range (the last 90 days); all ten years and the
  moment every background tab's chart is ready are reported for information.

The journal ends on ``END``, so "the last 90 days" here means the 90 days up to ``END``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from typing import Any

import numpy as np

from benchmarks.common import END, ROOT, BenchContext, Row, log, median, timed
from twitchlog.store import Journal

MAX_RATIO = 1.5
FIRST_OPEN_BUDGET = 1.5
REFRESH_BUDGET = 0.5
REPEATS = 5
DPI = 100


def run(ctx: BenchContext) -> list[Row]:
    path = ctx.journal_path
    rows: list[Row] = []
    with Journal.open_reader(path) as journal:
        first_day = journal.date_bounds()[0]
        ranges = {"90 days": (END - timedelta(days=89), END), "10 years": (first_day, END)}
        for name, (start, end) in ranges.items():
            log(f"  insights: analysis + 7 charts, {name} …")
            rows.extend(_analysis_and_charts(journal, name, start, end))
        log("  insights: loading ten years …")
        rows.append(_loading(journal, first_day, END))
    for name, key in (("90 days (default)", "90"), ("10 years", "all")):
        log(f"  insights: the view in a fresh process, {name} …")
        timings = _view_timings(path, key)
        default = key == "90"
        rows.append(Row(f"insights view: first open, {name}", timings["first"],
                        budget=FIRST_OPEN_BUDGET if default else None,
                        note="cold imports; summary, sentences, visible chart painted"))
        rows.append(Row(f"insights view: refresh, {name}", timings["refresh"],
                        budget=REFRESH_BUDGET if default else None,
                        note="after a change; summary, sentences, visible chart painted"))
        rows.append(Row(f"insights view: every tab's chart ready, {name}", timings["all"],
                        note="first open; the hidden tabs are drawn in the background"))
    log("  insights: the view after the window's idle warm-up …")
    rows.append(Row("insights view: first open after the idle warm-up, 90 days",
                    _view_timings(path, "90", warm=True)["first"],
                    note="imports done in the background beforehand"))
    return rows


# --- analysis + full chart refresh vs. the reference -----------------------------------------


def _analysis_and_charts(journal: Journal, name: str, start: date, end: date) -> list[Row]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from twitchlog.analysis.engine import analyze
    from twitchlog.charts import insights_figures
    from twitchlog.store.analysis_queries import load_analysis_input

    data = load_analysis_input(journal, start, end).resolve()

    def ours() -> None:
        for figure in insights_figures(analyze(data)).values():
            FigureCanvasAgg(figure).draw()

    def whole_chain() -> None:
        insights = analyze(load_analysis_input(journal, start, end))
        for figure in insights_figures(insights).values():
            FigureCanvasAgg(figure).draw()

    arrays = _precompute(analyze(data))

    def reference() -> None:
        for figure in _reference_figures(arrays):
            FigureCanvasAgg(figure).draw()

    ours()  # warm caches (imports, fonts) for both sides alike
    reference()
    measured, chain, base = [], [], []
    for _ in range(REPEATS):  # interleaved, so a busy machine slows every side alike
        measured += timed(ours)
        base += timed(reference)
        chain += timed(whole_chain)
    rows = [Row(f"insights: analysis + 7 charts, {name}", median(measured),
                reference=median(base), max_ratio=MAX_RATIO,
                reference_name="matplotlib from arrays")]
    rows.append(Row(f"insights: load + analysis + 7 charts, {name}", median(chain),
                    reference=median(base), reference_name="matplotlib from arrays",
                    note="information"))
    return rows


def _loading(journal: Journal, start: date, end: date) -> Row:
    """``load_analysis_input`` against plain sqlite3 queries computing the same numbers."""
    import sqlite3

    from twitchlog.store.analysis_queries import load_analysis_input

    lo, hi = start.isoformat(), end.isoformat()
    padded = (start - timedelta(days=27)).isoformat()
    uri = journal.path.resolve().as_uri() + "?mode=ro"

    def raw() -> None:
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.execute("SELECT c.*, e.n, e.dur, e.inten FROM checkins c LEFT JOIN ("
                         "SELECT local_date, COUNT(*) AS n, SUM(duration_s) AS dur, "
                         "AVG(intensity) AS inten FROM episodes WHERE local_date BETWEEN ? "
                         "AND ? GROUP BY local_date) e ON e.local_date = c.date "
                         "WHERE c.date BETWEEN ? AND ?", [padded, hi, padded, hi]).fetchall()
            conn.execute("SELECT date, factor_id, value FROM factor_values WHERE date "
                         "BETWEEN ? AND ?", [padded, hi]).fetchall()
            conn.execute("SELECT COUNT(*), MIN(started_utc), MAX(started_utc) FROM episodes "
                         "WHERE local_date BETWEEN ? AND ?", [lo, hi]).fetchall()
            conn.execute("SELECT kind, duration_s, COUNT(*) FROM episodes WHERE local_date "
                         "BETWEEN ? AND ? AND duration_s IS NOT NULL GROUP BY 1, 2",
                         [lo, hi]).fetchall()
            conn.execute("SELECT strftime('%w', local_date), substr(started_at, 12, 2), "
                         "COUNT(*) FROM episodes WHERE local_date BETWEEN ? AND ? "
                         "GROUP BY 1, 2", [lo, hi]).fetchall()
            conn.execute("SELECT location_id, side, COUNT(*) FROM episodes WHERE local_date "
                         "BETWEEN ? AND ? GROUP BY 1, 2", [lo, hi]).fetchall()
            conn.execute("SELECT * FROM medications").fetchall()
            conn.execute("SELECT * FROM checkins WHERE date BETWEEN ? AND ? AND (weakness = 1 "
                         "OR numbness = 1 OR wasting = 1 OR cramps = 1)", [lo, hi]).fetchall()
        finally:
            conn.close()

    def ours() -> None:
        load_analysis_input(journal, start, end).resolve()

    ours()
    raw()
    measured, base = [], []
    for _ in range(REPEATS):
        measured += timed(ours)
        base += timed(raw)
    return Row("insights: load ten years from the journal", median(measured),
               reference=median(base), max_ratio=MAX_RATIO, reference_name="raw sqlite3")


def _precompute(insights: Any) -> dict[str, Any]:
    """Everything the reference figures draw, as numpy arrays and plain values."""
    from matplotlib import colormaps

    from twitchlog.analysis.series import lagged_pairs
    from twitchlog.charts._common import runs
    from twitchlog.charts.palette import ChartPalette

    s = insights.series
    pal = ChartPalette.light()
    first = (s.start - date(1970, 1, 1)).days
    edges = np.arange(first, first + len(s.days) + 1, dtype=float)
    # calendar: the last 53 weeks as a 7 x weeks RGBA image, one pixel block per day
    last = s.end
    start = max(s.start, last - timedelta(days=364))
    monday = start - timedelta(days=start.weekday())
    weeks = (last - monday).days // 7 + 1
    grid = np.ones((7, weeks, 4))
    offsets = np.arange((last - monday).days + 1)
    idx = offsets + (monday - s.start).days
    ok = (idx >= 0) & (idx < len(s.days)) & (offsets >= (start - monday).days)
    values = np.full(len(offsets), np.nan)
    values[ok] = s.episodes[idx[ok]]
    tracked = ok & ~np.isnan(values)
    top = max(1.0, float(np.nanmax(values))) if tracked.any() else 1.0
    grid[offsets[tracked] % 7, offsets[tracked] // 7] = colormaps["YlOrRd"](
        values[tracked] / top)
    untracked = ok & ~tracked
    grid[offsets[untracked] % 7, offsets[untracked] // 7] = (0.9, 0.9, 0.9, 1)
    image = grid.repeat(6, axis=0).repeat(6, axis=1)
    assoc = insights.tested[0]
    x, y = lagged_pairs(s, assoc.factor, assoc.lag_days)
    tested = insights.tested
    factors = list(dict.fromkeys(a.factor for a in tested))
    locations: dict[str, dict[str, int]] = {}
    for row in insights.by_location:
        locations.setdefault(row.location, {})[row.side] = row.count
    shown = sorted(locations, key=lambda n: -sum(locations[n].values()))[:10]
    bands = insights.dose["caffeine_mg"]
    return {
        "pal": pal, "edges": edges, "episodes": s.episodes,
        "rolling": s.rolling28 if len(s.days) > 120 else s.rolling7,
        "untracked": [(edges[a], n) for a, n in runs(~s.tracked)],
        "medications": [(max(float((m.start_date - date(1970, 1, 1)).days), edges[0]),
                         min(float(((m.end_date or s.end) - date(1970, 1, 1)).days + 1),
                             edges[-1]), m.name)
                        for m in insights.medications],
        "calendar": image, "weeks": weeks, "top": top,
        "hours": np.asarray(insights.hour_weekday, dtype=float),
        "locations": shown,
        "side_counts": {side: np.array([locations[n].get(side, 0) for n in shown], float)
                        for side in ("left", "right", "both", "unspecified")},
        "x": x, "y": y, "jitter": np.random.default_rng(0).uniform(-0.25, 0.25, len(y)),
        "low_cut": assoc.low_cut, "high_cut": assoc.high_cut,
        "factors": factors,
        "rho": {(a.factor, a.lag_days): (a.rho, a.ci_low, a.ci_high, a.significant)
                for a in tested},
        "band_labels": [b.label for b in bands],
        "band_means": np.array([b.mean or 0.0 for b in bands]),
        "band_err": np.array([[(b.mean or 0) - (b.ci_low or 0) for b in bands],
                              [(b.ci_high or 0) - (b.mean or 0) for b in bands]]),
    }


def _titled(ax: Any, title: str, subtitle: str) -> None:
    ax.annotate(subtitle, xy=(0, 1), xycoords="axes fraction", xytext=(0, 5),
                textcoords="offset points", fontsize=8.5)
    ax.set_title(title, loc="left", fontsize=11.5, fontweight="bold", pad=21)


def _reference_figures(a: dict[str, Any]) -> list[Any]:
    """The seven Insights figures drawn straight from arrays with plain matplotlib."""
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure

    def fig(height: float) -> Figure:
        return Figure(figsize=(8.0, height), dpi=DPI, layout="constrained")

    figures = []
    f = fig(3.6 + (0.28 * len(a["medications"]) + 0.2 if a["medications"] else 0))
    if a["medications"]:
        med_ax, ax = f.subplots(2, 1, sharex=True,
                                height_ratios=[0.28 * len(a["medications"]) + 0.2, 3.6])
        for row, (begin, end, label) in enumerate(a["medications"]):
            med_ax.broken_barh([(begin, end - begin)], (row + 0.15, 0.7))
            med_ax.text(begin, row + 0.5, label, va="center", clip_on=True)
        med_ax.set_axis_off()
    else:
        med_ax, ax = None, f.subplots()
    ax.broken_barh(a["untracked"], (0, 1), transform=ax.get_xaxis_transform(),
                   facecolor="#e6e6e6")
    ax.stairs(a["episodes"], a["edges"], fill=True)
    ax.plot(a["edges"][:-1] + 0.5, a["rolling"], linewidth=2)
    ax.set_xlim(a["edges"][0], a["edges"][-1])
    ax.set_ylabel("Episodes per day")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend(["not tracked", "episodes on a tracked day", "average"], ncols=3,
              loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False)
    _titled(med_ax if med_ax is not None else ax, "Twitches per tracked day", "days tracked")
    figures.append(f)

    f = fig(2.3)
    ax = f.subplots()
    image = ax.imshow(a["calendar"], extent=(0, a["weeks"], 7, 0), interpolation="nearest")
    ax.set_yticks([0.5, 2.5, 4.5, 6.5], ["Mon", "Wed", "Fri", "Sun"])
    ax.set_xticks(np.linspace(0.5, a["weeks"] - 0.5, 12),
                  ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                   "Nov", "Dec"])
    f.colorbar(image, ax=ax, shrink=0.8, fraction=0.03).set_label("Episodes per day")
    ax.legend(["not tracked"], loc="lower right", bbox_to_anchor=(1, 1), frameon=False)
    _titled(ax, "The last 12 months at a glance", "darker: more")
    figures.append(f)

    f = fig(1.3 + 0.32 * len(a["locations"]))
    ax = f.subplots()
    yy = np.arange(len(a["locations"]))[::-1]
    left = np.zeros(len(yy))
    for side, counts in a["side_counts"].items():
        if counts.any():
            ax.barh(yy, counts, left=left, height=0.7, label=side)
            left += counts
    for yi, value in zip(yy, left, strict=True):
        ax.text(value, yi, f" {int(value)}", va="center")
    ax.set_yticks(yy, a["locations"])
    ax.set_xlabel("Episodes")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), title="Side", frameon=False)
    _titled(ax, "Where twitches happen", "episodes in this period")
    figures.append(f)

    f = fig(3.0)
    ax = f.subplots()
    image = ax.imshow(a["hours"], cmap="YlOrRd", aspect="auto", extent=(0, 24, 7, 0))
    ax.set_yticks(np.arange(7) + 0.5, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    ax.set_xticks(np.arange(0, 25, 3), [f"{h:02d}:00" for h in range(0, 25, 3)])
    ax.set_xlabel("Hour of the day the episode started")
    f.colorbar(image, ax=ax, pad=0.01, aspect=15).set_label("Episodes")
    _titled(ax, "When twitches start", "darker = more")
    figures.append(f)

    f = fig(1.9 + 0.42 * len(a["factors"]))
    ax = f.subplots()
    order = {name: i for i, name in enumerate(a["factors"])}
    for lag, marker in ((0, "o"), (1, "s"), (2, "^")):
        for significant in (False, True):
            keys = [k for k, v in a["rho"].items() if k[1] == lag and v[3] == significant]
            if keys:
                rho = np.array([a["rho"][k][0] for k in keys])
                err = np.array([[a["rho"][k][0] - a["rho"][k][1] for k in keys],
                                [a["rho"][k][2] - a["rho"][k][0] for k in keys]])
                ax.errorbar(rho, [order[k[0]] + (lag - 1) * 0.25 for k in keys], xerr=err,
                            fmt=marker, markersize=6, capsize=0)
    ax.axvline(0)
    ax.set_yticks(np.arange(len(a["factors"])), a["factors"])
    ax.set_xlim(-1, 1)
    ax.set_xlabel("correlation with twitches (Spearman rho, 95% CI)")
    ax.legend(["same day", "next day", "2 days later"], loc="upper left",
              bbox_to_anchor=(1, 1), frameon=False)
    _titled(ax, "How each factor goes with twitches", "filled: clear association")
    figures.append(f)

    f = fig(3.6)
    ax = f.subplots()
    x, y = a["x"], a["y"]
    ax.scatter(x + a["jitter"], y + a["jitter"], s=10, alpha=0.6, linewidths=0)
    for mask, label in ((x <= a["low_cut"], "bottom third"), (x >= a["high_cut"], "top third")):
        mean = float(y[mask].mean())
        ax.plot([x[mask].min(), x[mask].max()], [mean, mean], linewidth=3)
        ax.annotate(f"{label}: {mean:.1f} per day", (x[mask].mean(), mean),
                    xytext=(0, 5), textcoords="offset points", ha="center")
    ax.set_xlabel("Factor")
    ax.set_ylabel("Episodes that day")
    ax.legend(["one tracked day", "mean of the bottom and top third"], loc="upper right",
              frameon=False)
    _titled(ax, "A factor and twitches", "days · rho · q")
    figures.append(f)

    f = fig(3.2)
    ax = f.subplots()
    xb = np.arange(len(a["band_labels"]))
    ax.bar(xb, a["band_means"], width=0.65)
    ax.errorbar(xb, a["band_means"], yerr=a["band_err"], fmt="none", capsize=3)
    for xi in xb:
        ax.text(xi, float(a["band_means"].max()) * 1.1, "days", ha="center")
    ax.set_xticks(xb, a["band_labels"])
    ax.set_ylabel("Episodes per tracked day")
    ax.set_xlabel("Caffeine that day (mg)")
    _titled(ax, "Twitches by amount of caffeine (same day)", "Bars: mean · lines: 95% CI")
    figures.append(f)
    return figures


# --- the view in a fresh process ------------------------------------------------------------


_VIEW_SCRIPT = textwrap.dedent("""
    import json, sys, time
    from datetime import date
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from twitchlog.store import Journal
    from twitchlog.ui.context import JournalContext
    from twitchlog.ui.insights_view import InsightsView
    from twitchlog.ui.tasks import TaskRunner

    path, key, start, end, warm = sys.argv[1:6]
    context = JournalContext(Journal.open(path))
    tasks = TaskRunner()
    view = InsightsView(context, tasks)
    if warm == "warm":
        from twitchlog.ui.warm_up import import_heavy_modules
        import_heavy_modules()  # what the window does on a thread, idle after start-up
    view.resize(1280, 800)
    if key == "90":
        view.set_range("custom", date.fromisoformat(start), date.fromisoformat(end))
    else:
        view.set_range("all")

    def visible_done():
        return (view.insights is not None and view.insights.complete
                and not tasks.is_busy("insights") and not tasks.is_busy("insights-full"))

    def until(done, started):
        while not done():
            app.processEvents()
            time.sleep(0.002)
        view.grab()  # paint: the summary, the sentences and the visible chart
        return time.perf_counter() - started

    started = time.perf_counter()
    view.show()
    first = until(visible_done, started)
    every = until(lambda: not view._busy_keys, started)
    refreshes = []
    for _ in range(5):
        started = time.perf_counter()
        context.notify_changed()
        view.refresh()
        refreshes.append(until(visible_done, started))
        until(lambda: not view._busy_keys, started)
    refreshes.sort()
    print(json.dumps({"first": first, "all": every,
                      "refresh": refreshes[len(refreshes) // 2]}))
""")


def _view_timings(path: Any, key: str, warm: bool = False) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start, end = END - timedelta(days=89), END
    out = subprocess.run([sys.executable, "-c", _VIEW_SCRIPT, str(path), key,
                          start.isoformat(), end.isoformat(), "warm" if warm else "cold"],
                         capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])
