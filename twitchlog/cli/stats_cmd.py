"""``twitchlog stats``: the summary and the associations, as text or JSON (a contract).

Without ``--from``/``--to`` the whole journal is analysed: from the first logged day to
today. ``--from`` alone runs to today; ``--to`` alone starts at the first logged day.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, datetime
from typing import Any

from twitchlog.analysis.results import (
    ASSOCIATION_CAVEAT,
    AdjustedEffect,
    Association,
    DurationStats,
    Insights,
)
from twitchlog.analysis.wording import untested_lines
from twitchlog.cli.common import CommandError, add_range_args, open_journal, warn_out_of_range
from twitchlog.cli.safe_output import shown
from twitchlog.validation import format_duration
from twitchlog.words import count_words


def register(subparsers: Any) -> None:
    stats = subparsers.add_parser(
        "stats", help="summary and factor associations",
        description="Print the summary (how often, how long, the trend) and how each factor "
        "is associated with twitches. Without --from/--to the whole journal is analysed, "
        "from the first logged day to today.")
    add_range_args(stats)
    stats.add_argument("--json", action="store_true",
                       help="print one JSON object (keys are a stable contract)")
    stats.set_defaults(func=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    from twitchlog.services.insights import analyse_range

    if args.start and args.end and args.start > args.end:
        raise CommandError(f"--from {args.start} is after --to {args.end}")
    with open_journal(args, create=False) as journal:
        warn_out_of_range(journal)
        insights = analyse_range(journal, args.start, args.end)
    if args.json:
        json.dump(stats_json(insights), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(stats_text(insights))
    return 0


# --- JSON -------------------------------------------------------------------------------


def _num(value: float | int | None, digits: int = 6) -> float | int | None:
    """JSON-safe numbers: None for unknown or non-finite, floats rounded for reading."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _duration_json(stats: DurationStats) -> dict[str, Any]:
    return {"kind": stats.kind, "n": stats.n, "median": _num(stats.median),
            "p25": _num(stats.p25), "p75": _num(stats.p75), "min": _num(stats.minimum),
            "max": _num(stats.maximum)}


def _association_json(a: Association) -> dict[str, Any]:
    out: dict[str, Any] = {
        "factor": a.factor,
        "label": a.label,
        "lag_days": a.lag_days,
        "n": a.n,
        "n_effective": _num(a.n_effective, 1),
        "tested": a.tested,
    }
    if a.tested:
        out.update({
            "rho": _num(a.rho), "ci_low": _num(a.ci_low), "ci_high": _num(a.ci_high),
            "p_value": _num(a.p_value, 10), "q_value": _num(a.q_value, 10),
            "significant": a.significant, "effect_ratio": _num(a.effect_ratio),
            "effect_ci_low": _num(a.ratio_ci_low), "effect_ci_high": _num(a.ratio_ci_high),
            "low_group": a.low_label, "high_group": a.high_label,
            "low_mean": _num(a.low_mean), "high_mean": _num(a.high_mean),
        })
    else:
        out.update({"rho": None, "ci_low": None, "ci_high": None, "p_value": None,
                    "q_value": None, "significant": False, "effect_ratio": None,
                    "days_needed": a.days_needed, "reason": a.reason})
    out["sentence"] = a.sentence
    return out


def _adjusted_json(e: AdjustedEffect) -> dict[str, Any]:
    return {"factor": e.factor, "label": e.label, "rate_ratio": _num(e.rate_ratio),
            "per": _num(e.per), "per_text": e.per_text, "ci_low": _num(e.ci_low),
            "ci_high": _num(e.ci_high), "p_value": _num(e.p_value, 10),
            "q_value": _num(e.q_value, 10), "significant": e.significant, "note": e.note}


def stats_json(insights: Insights) -> dict[str, Any]:
    """The ``--json`` object. The keys of issue 4 are a contract; the rest are extras."""
    s = insights.summary
    overall = s.durations[0] if s.durations else DurationStats(None, 0, None, None, None,
                                                                None, None)
    trend = s.trend
    model = insights.adjusted
    return {
        "start": s.start.isoformat(),
        "end": s.end.isoformat(),
        "days_in_range": s.coverage.days_in_range,
        "days_tracked": s.coverage.days_tracked,
        "coverage": _num(s.coverage.fraction, 4),
        "episodes": s.episodes,
        "episodes_on_tracked_days": s.episodes_on_tracked_days,
        "first_episode": _when(s.first_episode_ever),
        "first_episode_in_range": _when(s.first_episode_in_range),
        "last_episode": _when(s.last_episode),
        "per_day": {"mean": _num(s.per_day_mean), "median": _num(s.per_day_median)},
        "per_week": _num(s.per_week),
        "share_days_with_any": _num(s.share_days_with_any),
        "duration_s": {"median": _num(overall.median), "p25": _num(overall.p25),
                       "p75": _num(overall.p75), "n": overall.n},
        "durations_by_kind": [_duration_json(d) for d in s.durations[1:]],
        "trend": {
            "per_month": _num(trend.per_month) if trend else None,
            "ci_low": _num(trend.ci_low) if trend else None,
            "ci_high": _num(trend.ci_high) if trend else None,
            "direction": trend.direction if trend else "not enough data",
            "n_days": trend.n_days if trend else 0,
        },
        "top_locations": [{"location": loc.location, "side": loc.side, "count": loc.count}
                          for loc in s.top_locations],
        "warning_days": [{"date": d.isoformat(), "signs": signs}
                         for d, signs in insights.warning_days],
        "associations": [_association_json(a) for a in insights.associations],
        "adjusted": [_adjusted_json(e) for e in model.effects] if model else [],
        "adjusted_model": ({"method": model.method, "n": model.n, "factors": model.factors,
                            "notes": model.notes} if model else None),
        "dose": {name: [{"band": b.label, "days": b.days, "mean": _num(b.mean),
                         "ci_low": _num(b.ci_low), "ci_high": _num(b.ci_high)}
                        for b in bands]
                 for name, bands in insights.dose.items()},
    }


# --- text ---------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def stats_text(insights: Insights) -> str:
    """A readable report for the terminal."""
    s = insights.summary
    lines = [f"TwitchLog summary, {s.start.isoformat()} to {s.end.isoformat()}",
             f"  Days tracked:        {s.coverage.days_tracked} of {s.coverage.days_in_range} "
             f"({100 * s.coverage.fraction:.0f}%)",
             f"  Episodes:            {s.episodes}"]
    if s.first_episode_ever is not None:
        lines.append(f"  First episode ever:  {s.first_episode_ever:%Y-%m-%d %H:%M}")
    if s.first_episode_in_range is not None and s.last_episode is not None:
        lines.append(f"  In this range:       first {s.first_episode_in_range:%Y-%m-%d}, "
                     f"last {s.last_episode:%Y-%m-%d}")
    if s.per_day_mean is not None:
        lines.append(f"  Per tracked day:     mean {_fmt(s.per_day_mean)}, median "
                     f"{_fmt(s.per_day_median, 1)}; per week {_fmt(s.per_week, 1)}")
        lines.append(f"  Days with any:       {100 * (s.share_days_with_any or 0):.0f}% "
                     "of tracked days")
    for d in s.durations:
        if d.n and d.median is not None and d.p25 is not None and d.p75 is not None:
            name = "all kinds" if d.kind is None else d.kind
            lines.append(f"  Typical duration ({name}): {format_duration(d.median)} "
                         f"(middle half {format_duration(d.p25)} to "
                         f"{format_duration(d.p75)}; {d.n} episodes)")
    if s.top_locations:
        places = ", ".join(f"{shown(loc.location)} ({loc.side}) {loc.count}"
                           for loc in s.top_locations)
        lines.append(f"  Most affected:       {places}")
    t = s.trend
    if t is not None and t.per_month is not None:
        lines.append(f"  Trend:               {t.direction}: {t.per_month:+.2f} episodes per "
                     f"day per month (95% CI {t.ci_low:+.2f} to {t.ci_high:+.2f})")
    else:
        lines.append("  Trend:               not enough tracked days yet")
    if insights.warning_days:
        lines.append("  Warning signs:       logged on "
                     f"{count_words(len(insights.warning_days), 'day')}: "
                     + ", ".join(d.isoformat() for d, _ in insights.warning_days[:10])
                     + (" …" if len(insights.warning_days) > 10 else ""))
    lines.append("")
    significant = insights.significant
    lines.append("What goes with your twitches")
    if significant:
        lines.extend(f"  * {shown(a.sentence)}" for a in significant)
    else:
        lines.append("  No clear associations found in this range.")
    model = insights.adjusted
    if model is not None and model.notes:
        lines.append("")
        lines.append(f"Accounting for the factors together ({model.n} days)")
        lines.extend(f"  * {shown(note)}" for note in model.notes)
    unclear = [a for a in insights.tested if not a.significant]
    if unclear:
        lines.append("")
        lines.append("No clear association")
        lines.extend(f"  - {shown(a.sentence)}" for a in unclear)
    untested = insights.untested
    if untested:
        lines.append("")
        lines.append("Not tested")
        lines.extend(f"  - {shown(line)}" for line in untested_lines(untested))
    lines.append("")
    lines.append(ASSOCIATION_CAVEAT)
    return "\n".join(lines) + "\n"
