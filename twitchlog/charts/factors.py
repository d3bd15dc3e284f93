"""Factors against twitches: one pair in detail, all pairs at a glance, dose bands, and two
periods compared."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from twitchlog.analysis.results import (
    LAGS,
    SIGNIFICANCE_Q,
    Association,
    DaySeries,
    DoseBand,
    PeriodComparison,
)
from twitchlog.analysis.series import lagged_pairs
from twitchlog.analysis.wording import (
    NIGHT_FACTORS,
    fmt,
    fmt2,
    fmt_ratio,
    info_for,
    lag_context,
    short_label,
    twitch_axis_label,
)
from twitchlog.charts._common import (
    DEFAULT_WIDTH,
    FONT_SIZE,
    empty_message,
    integer_ticks,
    legend,
    new_figure,
    palette_or_default,
    set_titles,
    style_axes,
)
from twitchlog.charts.palette import ChartPalette
from twitchlog.words import count_words

LAG_MARKERS = {0: "o", 1: "s", 2: "^"}


def _stats_line(assoc: Association) -> str:
    if not assoc.tested:
        return f"Not tested: {assoc.reason}" if assoc.reason else "Not tested"
    verdict = "clear association" if assoc.significant else "no clear association"
    q = assoc.q_value
    q_text = "q < 0.001" if q is not None and q < 0.001 else f"q = {fmt(q, 3)}"
    return (f"{assoc.n} days · rho {fmt2(assoc.rho)} (95% CI {fmt2(assoc.ci_low)} to "
            f"{fmt2(assoc.ci_high)}) · {q_text} · {verdict}")


def factor_vs_episodes(
    series: DaySeries,
    association: Association,
    *,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float = 3.6,
    seed: int = 0,
) -> Figure:
    """Each tracked day as a dot (factor across, episodes up, jittered so equal values stay
    visible), with the mean of the bottom and top third (or of no / yes) as bold bars."""
    pal = palette_or_default(palette)
    info = info_for(association)
    lag = association.lag_days
    name = short_label(info)
    context = lag_context(info.name, lag)
    title = (f"{name} and twitches ({context})" if info.name not in ("sleep_hours",
                                                                     "sleep_quality")
             else f"{name} {context} and twitches" if lag == 0
             else f"{name} ({context}) and twitches")
    fig = new_figure(pal, width, height)
    ax = fig.subplots()
    style_axes(ax, pal, grid_axis="y")
    x, y = lagged_pairs(series, association.factor, lag) if association.factor in \
        series.factors else (np.zeros(0), np.zeros(0))
    rng = np.random.default_rng(seed)
    unit = f" ({info.unit})" if info.unit else ""
    ax.set_ylabel(twitch_axis_label(info.name, lag))
    if not len(x):
        empty_message(ax, pal, "No tracked days with this factor recorded yet.")
        ax.set_xlabel(f"{name}{unit}")
        set_titles(ax, pal, title, _stats_line(association))
        return fig
    jitter = rng.uniform(-0.25, 0.25, len(y))
    y_jit = np.where(y + jitter < 0, y + np.abs(jitter), y + jitter)  # never below zero
    handles: list[Any] = []
    if info.kind == "yesno":
        pos = np.where(x >= 0.5, 1.0, 0.0)
        x_jit = pos + rng.uniform(-0.18, 0.18, len(x))
        ax.scatter(x_jit, y_jit, s=10, color=pal.not_significant, alpha=0.6,
                   linewidths=0, zorder=2)
        for value in (0.0, 1.0):
            group = y[pos == value]
            if len(group):
                ax.plot([value - 0.3, value + 0.3], [group.mean()] * 2, color=pal.rolling,
                        linewidth=3, zorder=3, solid_capstyle="butt")
                ax.text(value + 0.32, group.mean(), f"{fmt(float(group.mean()))} per day",
                        va="center", ha="left", color=pal.text, fontsize=FONT_SIZE - 0.5)
        ax.set_xticks([0, 1], [f"no ({int((pos == 0).sum())} days)",
                               f"yes ({int((pos == 1).sum())} days)"])
        ax.set_xlim(-0.6, 1.9)
        ax.set_xlabel(name)
    else:
        spread = float(np.ptp(x)) or 1.0
        integer_like = bool(np.all(np.equal(np.round(x), x)))
        x_jit = x + (rng.uniform(-0.2, 0.2, len(x)) * (1 if integer_like and spread < 30
                                                        else 0.01 * spread))
        ax.scatter(x_jit, y_jit, s=10, color=pal.not_significant, alpha=0.6,
                   linewidths=0, zorder=2)
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=4,
                              color=pal.not_significant, label="one tracked day"))
        if association.low_cut is not None and association.high_cut is not None:
            lo_mask, hi_mask = x <= association.low_cut, x >= association.high_cut
            for mask, label in ((lo_mask, "bottom third"), (hi_mask, "top third")):
                if mask.any():
                    seg = (float(x[mask].min()), float(x[mask].max()))
                    if seg[0] == seg[1]:
                        seg = (seg[0] - 0.02 * spread, seg[1] + 0.02 * spread)
                    mean = float(y[mask].mean())
                    ax.plot(seg, [mean, mean], color=pal.rolling, linewidth=3, zorder=3,
                            solid_capstyle="butt")
                    ax.annotate(f"{label}: {fmt(mean)} per day", ((seg[0] + seg[1]) / 2, mean),
                                xytext=(0, 5), textcoords="offset points", ha="center",
                                va="bottom", color=pal.text, fontsize=FONT_SIZE - 0.5,
                                bbox={"boxstyle": "round,pad=0.15", "fc": pal.background,
                                      "ec": "none", "alpha": 0.8}, zorder=4)
            handles.append(Line2D([], [], color=pal.rolling, linewidth=3,
                                  label="mean of the bottom and top third"))
        x_name = f"{name} that night" if info.name in NIGHT_FACTORS else name
        ax.set_xlabel(f"{x_name}{unit}")
    ax.set_ylim(bottom=0)
    integer_ticks(ax.yaxis)
    for collection in ax.collections:
        collection.set_clip_on(False)  # dots of days without twitches sit on the axis
    legend(ax, pal, handles, loc="upper right")
    set_titles(ax, pal, title, _stats_line(association))
    return fig


def associations_overview(
    associations: Sequence[Association],
    *,
    factor_labels: Mapping[str, str] | None = None,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float | None = None,
) -> Figure:
    """Each factor's correlation with twitches at each lag, with its 95% CI; filled markers
    are significant (q < 0.05), hollow ones are not."""
    pal = palette_or_default(palette)
    tested = [a for a in associations if a.tested]
    factors: list[str] = []
    for a in tested:
        if a.factor not in factors:
            factors.append(a.factor)
    labels = {a.factor: short_label(info_for(a)) for a in associations}
    if factor_labels:
        labels.update({k: v for k, v in factor_labels.items() if k not in labels})
    rows = max(len(factors), 1)
    fig = new_figure(pal, width, height if height is not None else 1.9 + 0.42 * rows)
    ax = fig.subplots()
    style_axes(ax, pal, grid_axis="x")
    untested = sorted({labels.get(a.factor, a.label) for a in associations
                       if not a.tested and not any(t.factor == a.factor for t in tested)})
    subtitle = f"Filled: clear association (q < {SIGNIFICANCE_Q:g}) · hollow: not clear"
    if untested:
        listed = "Not tested yet (too few days or no variation): " + ", ".join(untested)
        subtitle += "\n" + "\n".join(textwrap.wrap(listed, int(width * 13)))
    if not tested:
        ax.set_yticks([])
        ax.set_xlim(-1, 1)
        ax.set_xlabel("Correlation with twitches (Spearman rho, 95% CI)")
        empty_message(ax, pal, "Nothing could be tested yet: each factor needs 14 tracked "
                               "days with a value\nand some variation.")
        set_titles(ax, pal, "How each factor goes with twitches", subtitle)
        return fig
    order = {name: i for i, name in enumerate(factors)}
    offsets = {0: -0.25, 1: 0.0, 2: 0.25}
    handles: list[Any] = []
    for lag in LAGS:
        for significant in (False, True):
            group = [a for a in tested if a.lag_days == lag and a.significant == significant]
            if not group:
                continue
            yy = np.array([order[a.factor] + offsets.get(lag, 0.0) for a in group])
            rho = np.array([a.rho for a in group], dtype=float)
            err = np.array([[r - a.ci_low for r, a in zip(rho, group, strict=True)],
                            [a.ci_high - r for r, a in zip(rho, group, strict=True)]])
            err = np.clip(err, 0.0, None)  # rho of ±1: the interval's rounding, not an error
            color = pal.significant if significant else pal.not_significant
            ax.errorbar(rho, yy, xerr=err, fmt=LAG_MARKERS.get(lag, "o"), color=color,
                        ecolor=color, elinewidth=1.2 if significant else 0.9,
                        markersize=6, capsize=0,
                        markerfacecolor=color if significant else pal.background,
                        markeredgewidth=1.3)
    for lag in LAGS:
        context = "same day / night before" if lag == 0 else lag_context("", lag)
        handles.append(Line2D([], [], marker=LAG_MARKERS[lag], linestyle="none",
                              color=pal.muted_text, markerfacecolor=pal.background,
                              label=context))
    ax.axvline(0, color=pal.muted_text, linewidth=0.8)
    ax.set_yticks(np.arange(len(factors)), [labels.get(f, f) for f in factors])
    ax.set_ylim(len(factors) - 0.5, -0.5)
    ax.set_xlim(-1, 1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1", "−0.5", "0", "0.5", "1"])
    ax.set_xlabel("← fewer twitches     correlation with twitches (Spearman rho, 95% CI)"
                  "     more twitches →")
    legend(ax, pal, handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="Twitches")
    leg = ax.get_legend()
    if leg is not None:
        leg.get_title().set_color(pal.text)
        leg.get_title().set_fontsize(FONT_SIZE - 0.5)
    set_titles(ax, pal, "How each factor goes with twitches", subtitle)
    return fig


def dose_chart(
    bands: Sequence[DoseBand],
    factor: str,
    *,
    unit: str | None = None,
    label: str | None = None,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float = 3.2,
    more: Sequence[tuple[Sequence[DoseBand], str]] = (),
) -> Figure:
    """Episodes per tracked day for each amount band (same day), with 95% CIs; ``more``
    adds panels for other factors side by side (caffeine and alcohol together)."""
    pal = palette_or_default(palette)
    panels = [(bands, factor, unit, label), *((b, f, None, None) for b, f in more)]
    fig = new_figure(pal, width, height)
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    names = []
    for ax, (panel_bands, panel_factor, panel_unit, panel_label) in zip(axes, panels,
                                                                         strict=True):
        names.append(_dose_axes(ax, pal, panel_bands, panel_factor, panel_unit, panel_label))
    for ax in axes[1:]:
        ax.set_ylabel("")
    if len(axes) > 1:  # half the width each: slanted band labels do not run together
        for ax in axes:
            for tick in ax.get_xticklabels():
                tick.set_rotation(30)
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
    title = f"Twitches by amount of {' and '.join(n.lower() for n in names)} (same day)"
    has_data = any(band.days for panel in panels for band in panel[0])
    set_titles(axes[0], pal, title,
               "Bars: mean episodes per tracked day · lines: 95% CI" if has_data else "")
    return fig


def _dose_axes(ax: Any, pal: ChartPalette, bands: Sequence[DoseBand], factor: str,
               unit: str | None, label: str | None) -> str:
    """One panel of :func:`dose_chart`; returns the factor's name."""
    defaults = {"caffeine_mg": ("Caffeine", "mg"), "alcohol_units": ("Alcohol", "units")}
    name, default_unit = defaults.get(factor, (factor, ""))
    name = label or name
    unit = default_unit if unit is None else unit
    style_axes(ax, pal, grid_axis="y")
    shown = [b for b in bands if b.days > 0]
    ax.set_ylabel("Episodes per tracked day")
    ax.set_xlabel(f"{name} that day ({unit})" if unit else f"{name} that day")
    if not shown:
        ax.set_xticks([])
        empty_message(ax, pal, f"No tracked days with {name.lower()} recorded yet.")
        return name
    x = np.arange(len(bands))
    means = np.array([b.mean if b.mean is not None else np.nan for b in bands], dtype=float)
    ax.bar(x, np.nan_to_num(means), width=0.65, color=pal.bar, edgecolor=pal.bar_edge,
           linewidth=0.6)
    lows = np.array([b.ci_low if b.ci_low is not None else np.nan for b in bands], dtype=float)
    highs = np.array([b.ci_high if b.ci_high is not None else np.nan for b in bands],
                     dtype=float)
    has_ci = ~np.isnan(lows) & ~np.isnan(highs)
    if has_ci.any():
        ax.errorbar(x[has_ci], means[has_ci],
                    yerr=[means[has_ci] - lows[has_ci], highs[has_ci] - means[has_ci]],
                    fmt="none", ecolor=pal.text, elinewidth=1.0, capsize=3)
    top = float(np.nanmax(np.where(has_ci, highs, means)))
    for xi, band in zip(x, bands, strict=True):
        text = count_words(band.days, "day") if band.days else "no days"
        ax.text(float(xi), top * 1.04, text, ha="center", va="bottom", color=pal.muted_text,
                fontsize=FONT_SIZE - 1)
    ax.set_xticks(x, [b.label for b in bands])
    ax.set_ylim(0, max(top * 1.18, 0.5))
    return name


def period_comparison_chart(
    comparison: PeriodComparison,
    *,
    palette: ChartPalette | None = None,
    width: float = DEFAULT_WIDTH,
    height: float = 2.6,
) -> Figure:
    """Two bars, episodes per tracked day in each period with 95% CIs, and the ratio."""
    pal = palette_or_default(palette)
    fig = new_figure(pal, width, height)
    ax = fig.subplots()
    style_axes(ax, pal, grid_axis="x")
    c = comparison
    names = [_period_name(c.label_a, c.start_a, c.end_a),
             _period_name(c.label_b, c.start_b, c.end_b)]
    rates = [c.rate_a, c.rate_b]
    lows, highs = [c.rate_a_low, c.rate_b_low], [c.rate_a_high, c.rate_b_high]
    y = np.array([1.0, 0.0])
    values = np.array([r if r is not None else 0.0 for r in rates])
    ax.barh(y, values, height=0.55, color=[pal.period_a, pal.period_b],
            edgecolor=pal.bar_edge, linewidth=0.6)
    right = float(values.max()) if len(values) else 0.0
    for yi, rate, low, high, days, total in zip(
            y, rates, lows, highs, (c.days_a, c.days_b), (c.days_in_a, c.days_in_b),
            strict=True):
        if rate is not None and low is not None and high is not None:
            ax.errorbar([rate], [yi], xerr=[[rate - low], [high - rate]], fmt="none",
                        ecolor=pal.text, elinewidth=1.0, capsize=3)
            right = max(right, high)
        text = (f"  {fmt(rate, 2)} per day · {days} of {total} days tracked"
                if rate is not None else f"  no tracked days ({total} days)")
        ax.text(high if high is not None else (rate or 0.0), yi, text, va="center",
                ha="left", color=pal.text, fontsize=FONT_SIZE - 0.5)
    ax.set_yticks(y, names)
    ax.set_xlim(0, max(right, 0.1) * 1.9)
    ax.set_xlabel("Episodes per tracked day (95% CI)")
    if c.ratio is not None:
        subtitle = (f"Ratio {fmt_ratio(c.ratio)}× (95% CI {fmt_ratio(c.ci_low)} to "
                    f"{fmt_ratio(c.ci_high)})")
        if (c.ci_low or 0.0) <= 1 <= (c.ci_high if c.ci_high is not None else np.inf):
            subtitle += " · no clear difference"
    else:
        subtitle = "Not enough tracked days for a ratio (each period needs 7)"
    set_titles(ax, pal, "Twitches per tracked day in two periods", subtitle)
    return fig


def _period_name(label: str, start: Any, end: Any) -> str:
    """A bar label: the period's label, with its dates unless the label holds them."""
    name = label[:1].upper() + label[1:]
    if label.lower().startswith("from "):
        return name
    return f"{name}\n{start:%d %b %Y} – {end:%d %b %Y}"
