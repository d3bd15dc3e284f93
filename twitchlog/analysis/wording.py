"""Plain-language sentences for associations and comparisons (no numpy).

House rules: "associated with", never "causes"; sleep is about "the night before" (it is
recorded on the morning after); calm wording, numbers with their uncertainty and days.
"""

from __future__ import annotations

import math

from twitchlog.analysis.inputs import FactorInfo
from twitchlog.analysis.results import (
    MIN_DAYS_FOR_TEST,
    AdjustedModel,
    Association,
    PeriodComparison,
)
from twitchlog.words import as_many, count_words, plural

#: Factors recorded about the night before the day they are stored on.
NIGHT_FACTORS = frozenset({"sleep_hours", "sleep_quality"})

#: Short names used inside sentences and chart rows.
SHORT_LABELS = {
    "sleep_hours": "Sleep",
    "sleep_quality": "Sleep quality",
    "caffeine_mg": "Caffeine",
    "stress": "Stress",
    "exercise_min": "Exercise",
    "alcohol_units": "Alcohol",
    "nicotine": "Nicotine",
    "magnesium": "Magnesium supplement",
    "potassium": "Potassium supplement",
}


def short_label(info: FactorInfo) -> str:
    return SHORT_LABELS.get(info.name, info.label)


def lag_context(factor: str, lag: int) -> str:
    """When the twitches were counted, relative to the factor, in words."""
    if factor in NIGHT_FACTORS:
        return {0: "the night before", 1: "2 nights before", 2: "3 nights before"}.get(
            lag, f"{lag + 1} nights before")
    return {0: "same day", 1: "next day", 2: "2 days later"}.get(lag, f"{lag} days later")


def pair_title(info: FactorInfo, lag: int) -> str:
    """"Caffeine – same day", "Sleep – the night before"."""
    return f"{short_label(info)} – {lag_context(info.name, lag)}"


def fmt(value: float | None, digits: int = 1) -> str:
    """A number without a pointless ".0"."""
    if value is None or not math.isfinite(value):
        return "–"
    rounded = round(value, digits)
    if float(rounded).is_integer():
        return str(int(rounded))
    return f"{rounded:.{digits}f}"


def fmt2(value: float | None) -> str:
    """A correlation: always two decimals, a real minus sign."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def fmt_ratio(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "unbounded"
    return f"{value:.2f}" if value < 0.1 else f"{value:.1f}"


def _amount(info: FactorInfo, value: float) -> str:
    digits = 0 if abs(value) >= 10 else 1
    unit = f" {info.unit}" if info.unit else ""
    return f"{fmt(value, digits)}{unit}"


def group_phrase(info: FactorInfo, high: bool, cut: float | None) -> str:
    """The condition of one group, to follow "with" / "after nights with"."""
    name = short_label(info)
    lowered = name if info.custom else name[0].lower() + name[1:]
    if info.kind == "yesno":
        return lowered if high else f"no {lowered}"
    bound = "or more" if high else "or less"
    if cut is None:
        return f"{'higher' if high else 'lower'} {lowered}"
    if info.name == "sleep_hours":
        return f"{_amount(info, cut)} of sleep {bound}"
    if info.kind == "scale":
        return f"{lowered} {fmt(cut)} {bound}"
    return f"{_amount(info, cut)} {bound} of {lowered}"


def _when(info: FactorInfo, lag: int, phrase: str, first: bool) -> str:
    if info.name in NIGHT_FACTORS:
        core = f"nights with {phrase}"
        if lag == 0:
            return f"{'On days after' if first else 'after'} {core}"
        return f"{'On the' if first else 'on the'} {_ordinal(lag + 1)} day after {core}"
    if info.kind == "yesno" and phrase.startswith("no "):
        phrase_days = f"without {phrase[3:]}"
    else:
        phrase_days = f"with {phrase}"
    if lag == 0:
        return f"{'On days' if first else 'on days'} {phrase_days}"
    if lag == 1:
        return f"{'On days after a day' if first else 'on days after a day'} {phrase_days}"
    return (f"{'Two days after a day' if first else 'two days after a day'} {phrase_days}"
            if lag == 2 else f"{lag} days after a day {phrase_days}")


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def association_sentence(assoc: Association, info: FactorInfo,
                         low_cut: float | None, high_cut: float | None) -> str:
    """The plain sentence for one pair (tested or not)."""
    title = pair_title(info, assoc.lag_days)
    if not assoc.tested:
        if assoc.days_needed > 0:
            return (f"{title}: not tested yet – {assoc.days_needed} more tracked "
                    f"{plural(assoc.days_needed, 'day')} with a value needed "
                    f"(has {assoc.n} of {MIN_DAYS_FOR_TEST}).")
        return f"{title}: not tested – {assoc.reason}."
    if not assoc.significant:
        return (f"{title}: no clear association with twitches "
                f"({assoc.n} days).")
    return effect_sentence(assoc, info, low_cut, high_cut)


def effect_sentence(assoc: Association, info: FactorInfo,
                    low_cut: float | None, high_cut: float | None) -> str:
    """"On days with 300 mg or more of caffeine you logged 1.8× as many twitches as on
    days with 100 mg or less (95% CI 1.3 to 2.4; 64 days)."""
    high_phrase = group_phrase(info, True, high_cut)
    low_phrase = group_phrase(info, False, low_cut)
    ratio, lo, hi = assoc.effect_ratio, assoc.ratio_ci_low, assoc.ratio_ci_high
    more_high = (ratio is None and (assoc.high_mean or 0) > 0) or (
        ratio is not None and ratio >= 1)
    if not more_high and ratio is not None and ratio > 0:
        ratio, lo, hi = 1 / ratio, (1 / hi if hi else None), (1 / lo if lo else None)
    if more_high:
        first, second = high_phrase, low_phrase
        first_mean, second_mean = assoc.high_mean, assoc.low_mean
    else:
        first, second = low_phrase, high_phrase
        first_mean, second_mean = assoc.low_mean, assoc.high_mean
    opening = _when(info, assoc.lag_days, first, True)
    other = _when(info, assoc.lag_days, second, False)
    if ratio is None or not math.isfinite(ratio) or ratio == 0:
        return (f"{opening} you logged {fmt(first_mean or 0.0)} twitches per day, "
                f"{other} {fmt(second_mean or 0.0)} ({assoc.n} days).")
    ci = f"95% CI {fmt_ratio(lo)} to {fmt_ratio(hi)}"
    return (f"{opening} you logged {as_many(ratio)} twitches as {other} "
            f"({ci}; {assoc.n} days).")


def association_detail(assoc: Association) -> str:
    """The numbers behind a sentence, for a tooltip or the report."""
    if not assoc.tested:
        return assoc.reason
    direction = "more" if (assoc.rho or 0) > 0 else "fewer"
    strength = "Associated with" if assoc.significant else "Not clearly associated with"
    return (f"{strength} {direction if assoc.significant else ''} twitches "
            f"({assoc.lag_text}): Spearman rho {fmt2(assoc.rho)} "
            f"(95% CI {fmt2(assoc.ci_low)} to {fmt2(assoc.ci_high)}), "
            f"p {_p(assoc.p_value)}, q {_p(assoc.q_value)}, {days_worth(assoc)}.").replace(
        "  ", " ")


def days_worth(assoc: Association) -> str:
    """"150 days, worth about 40 independent days" (alike days count for less)."""
    text = f"{assoc.n} day{'s' if assoc.n != 1 else ''}"
    if assoc.n_effective is None or round(assoc.n_effective) >= assoc.n:
        return text
    worth = round(assoc.n_effective)
    return f"{text}, worth about {worth} independent day{'s' if worth != 1 else ''}"


def _p(value: float | None) -> str:
    """``= 0.042`` or ``< 0.001``: the comparison sign is part of the text."""
    if value is None:
        return "= –"
    if value < 0.001:
        return "< 0.001"
    return f"= {value:.3f}" if value < 0.1 else f"= {value:.2f}"


def comparison_sentence(cmp: PeriodComparison, min_days: int) -> str:
    if cmp.days_a < min_days or cmp.days_b < min_days:
        return (f"Too few tracked days to compare: {cmp.label_a} has {cmp.days_a}, "
                f"{cmp.label_b} has {cmp.days_b}; each needs at least {min_days}.")
    if cmp.ratio is None:
        return (f"No twitches were logged {cmp.label_a} "
                f"({count_words(cmp.days_a, 'tracked day')}); "
                f"{cmp.label_b}: {fmt(cmp.rate_b or 0.0, 2)} per tracked day "
                f"({count_words(cmp.days_b, 'tracked day')}).")
    ci = f"95% CI {fmt_ratio(cmp.ci_low)} to {fmt_ratio(cmp.ci_high)}"
    text = (f"{cmp.label_b[0].upper()}{cmp.label_b[1:]} you logged {as_many(cmp.ratio)} "
            f"twitches per tracked day as {cmp.label_a} "
            f"({fmt(cmp.rate_b, 2)} vs {fmt(cmp.rate_a, 2)}; {ci}; "
            f"{cmp.days_b} and {cmp.days_a} tracked days).")
    low = cmp.ci_low if cmp.ci_low is not None else 0.0
    high = cmp.ci_high if cmp.ci_high is not None else math.inf
    if cmp.too_short:
        text += (f" Too short to tell: neighbouring days are so alike that the periods are "
                 f"worth only about {round(cmp.n_effective_b or 0)} and "
                 f"{round(cmp.n_effective_a or 0)} independent days.")
    elif low <= 1 <= high:
        text += " The interval includes 1: no clear difference."
    return text


def info_for(assoc: Association) -> FactorInfo:
    """The :class:`FactorInfo` an association was computed from (for labels)."""
    from twitchlog.analysis.inputs import BUILTIN_FACTORS

    for info in BUILTIN_FACTORS:
        if info.name == assoc.factor:
            return info
    return FactorInfo(assoc.factor, assoc.label, assoc.kind, assoc.unit, custom=True)


def twitch_axis_label(factor: str, lag: int) -> str:
    """The y label of a factor chart: when the twitches were counted."""
    if factor in NIGHT_FACTORS:  # as the sentences say: "on the 2nd day after nights with"
        return ("Episodes the day after that night" if lag == 0
                else f"Episodes the {_ordinal(lag + 1)} day after that night")
    return {0: "Episodes that day", 1: "Episodes the next day",
            2: "Episodes two days later"}.get(lag, f"Episodes {lag} days later")


def untested_lines(associations: list[Association]) -> list[str]:
    """Untested pairs in few lines: one per factor when none of its lags could be tested
    (with the days still needed), otherwise one per untested lag."""
    by_factor: dict[str, list[Association]] = {}
    for assoc in associations:
        by_factor.setdefault(assoc.factor, []).append(assoc)
    lines = []
    for pairs in by_factor.values():
        untested = [a for a in pairs if not a.tested]
        if not untested:
            continue
        info = info_for(untested[0])
        if len(untested) == len(pairs):
            first = min(untested, key=lambda a: a.lag_days)
            if first.days_needed > 0:
                need = max(a.days_needed for a in untested)
                lines.append(
                    f"{short_label(info)}: not tested yet – needs {first.days_needed} more "
                    f"tracked {plural(first.days_needed, 'day')} with a value"
                    + (f" ({need} for the later days)" if need > first.days_needed else "")
                    + ".")
            else:
                lines.append(f"{short_label(info)}: not tested – {first.reason}.")
        else:
            lines.extend(a.sentence for a in untested)
    return lines


def _lower(info: FactorInfo) -> str:
    name = short_label(info)
    return name if info.custom else name[0].lower() + name[1:]


def _more(info: FactorInfo, up: bool) -> str:
    """"more caffeine", "less sleep", "higher stress" (scales go up and down); for a
    yes/no factor the factor itself or "no ..." ("days with no nicotine")."""
    if info.kind == "yesno":
        return _lower(info) if up else f"no {_lower(info)}"
    if info.kind == "scale":
        return f"{'higher' if up else 'lower'} {_lower(info)}"
    return f"{'more' if up else 'less'} {_lower(info)}"


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _accounted(others: list[FactorInfo]) -> str:
    """"stress is" / "sleep and stress are" (before "accounted for")."""
    return f"{_and_list([_lower(o) for o in others])} {'is' if len(others) == 1 else 'are'}"


def adjusted_notes(model: AdjustedModel, associations: list[Association],
                   infos: dict[str, FactorInfo]) -> None:
    """Fill each effect's note, ``model.notes`` and ``model.disagreement``.

    A factor with a clear same-day association is either "still clear after accounting
    for ..." or "not clear once X is accounted for", naming the model factor it moves
    with most (and how); a factor clear only once the others are accounted for says so.
    """
    if len(model.factors) < 2:
        return
    clear = {a.factor: a for a in associations
             if a.tested and a.significant and a.lag_days == 0}
    disagree: list[str] = []
    for effect in model.effects:
        info = infos[effect.factor]
        others = [infos[f] for f in model.factors if f != effect.factor]
        name = short_label(info)
        name = name[0].upper() + name[1:]  # it opens the sentence
        assoc = clear.get(effect.factor)
        # two decimals: a rate ratio per step is often near 1 (0.89× per hour of sleep)
        numbers = (f"{effect.rate_ratio:.2f}× {effect.per_text}, 95% CI "
                   f"{effect.ci_low:.2f} to {effect.ci_high:.2f}")
        if assoc is not None and effect.significant and (
                (effect.rate_ratio > 1) == ((assoc.rho or 0) > 0)):
            effect.note = (f"{name}: still clear after accounting for "
                           f"{_and_list([_lower(o) for o in others])} ({numbers}).")
        elif assoc is not None and effect.significant:
            effect.note = (f"{name}: the link turns the other way once "
                           f"{_accounted(others)} accounted for ({numbers}); treat it "
                           "with caution.")
            disagree.append(effect.note)
        elif assoc is not None:
            partner = max(others, key=lambda o: abs(model.correlations.get(
                (effect.factor, o.name), 0.0)))
            rho = model.correlations.get((effect.factor, partner.name), 0.0)
            if abs(rho) >= 0.2:
                why = (f" (days with {_more(partner, rho > 0)} also had "
                       f"{_more(info, True)})" if info.kind != "yesno" else "")
                effect.note = (f"{name}: not clear once {_lower(partner)} is accounted "
                               f"for{why}.")
            else:
                effect.note = (f"{name}: not clear once {_accounted(others)} accounted "
                               f"for ({numbers}).")
            disagree.append(effect.note)
        elif effect.significant:
            effect.note = (f"{name}: clear only once {_accounted(others)} accounted for "
                           f"({numbers}).")
        if effect.note:
            model.notes.append(effect.note)
    model.disagreement = " ".join(disagree)
