"""A realistic synthetic history, so a newcomer (and the benchmarks) see a living journal.

The demo person checks in on most days (with gaps: forgotten days and a holiday or two),
sleeps 5–9 hours, drinks mostly coffee, has stressful weeks, exercises, drinks on
weekends and smokes now and then. Their twitches – mostly eyelid, calf and thumb – come
more often after short nights, with more caffeine and under stress, more during a
six-week course of a diuretic and a little less once they take magnesium, so the
insights have something true to find. A few days have calf cramps; one has numbness.
A custom factor, "screen time" (hours), is recorded too.

Like a real journal, days are not independent: the coffee habit drifts over the months,
stress comes in bad weeks, the twitches have their own slow ups and downs (a bad
stretch lasts a week or two) and a few flare-ups a year lift them for several days for
no logged reason. That is what the analysis must not mistake for evidence.

Everything is drawn from one seeded random generator, so a seed gives the same history
(for the same end date and time zone). The history is written through the bulk import
path in one transaction: ten years (about 100,000 episodes at the benchmark rate) take a
few seconds.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from twitchlog.domain import CustomFactor, DayCheckIn, Episode, Medication, ValueKind
from twitchlog.store import Journal
from twitchlog.store.importing import DayImport, EpisodeImport, ImportPlan, ImportResult
from twitchlog.validation import now_local

DEFAULT_DAYS = 365
DEFAULT_SEED = 1
MAX_DAYS = 20 * 366

#: int or float: the demo keeps whole-number fields (stress, intensity) whole.
_N = TypeVar("_N", int, float)

#: Mean episodes on a typical tracked day. The benchmarks use about 27 to build a
#: ten-year journal of ~100,000 episodes.
DEFAULT_RATE = 6.0
SCREEN_TIME = "screen time"
DIURETIC = "Hydrochlorothiazide"
MAGNESIUM = "Magnesium citrate"

_LOCATIONS = (
    # location, weight, sides (name, weight), kinds (name, weight)
    ("eyelid", 40, (("left", 62), ("right", 33), ("both", 5)),
     (("twitch", 72), ("flutter", 28))),
    ("calf", 24, (("left", 45), ("right", 42), ("both", 8), ("unspecified", 5)),
     (("twitch", 80), ("spasm", 12), ("cramp", 8))),
    ("thumb", 13, (("right", 70), ("left", 28), ("unspecified", 2)),
     (("twitch", 88), ("spasm", 12))),
    ("eyebrow", 4, (("left", 55), ("right", 45)), (("twitch", 100),)),
    ("thigh", 5, (("left", 45), ("right", 45), ("unspecified", 10)),
     (("twitch", 90), ("spasm", 10))),
    ("foot", 4, (("left", 50), ("right", 50)), (("twitch", 70), ("cramp", 30))),
    ("forearm", 3, (("left", 40), ("right", 60)), (("twitch", 100),)),
    ("lip", 2, (("unspecified", 70), ("left", 15), ("right", 15)), (("twitch", 100),)),
    ("back", 2, (("unspecified", 60), ("left", 20), ("right", 20)),
     (("twitch", 80), ("spasm", 20))),
    ("upper arm", 3, (("left", 50), ("right", 50)), (("twitch", 100),)),
)
# (median seconds, spread of the log, shortest, longest) of each kind's duration
_DURATIONS = {
    "twitch": (6.0, 0.9, 1, 600),
    "flutter": (40.0, 0.8, 5, 900),
    "spasm": (15.0, 0.8, 2, 600),
    "cramp": (75.0, 0.7, 10, 900),
}
_INTENSITY = {"twitch": (3.2, 1.3), "flutter": (2.8, 1.2), "spasm": (5.0, 1.5),
              "cramp": (6.5, 1.5)}
# relative chance of an episode starting in each hour of the day
_HOURS = (0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.1, 1.0, 1.0, 1.1,
          1.2, 1.3, 1.3, 1.2, 1.3, 1.5, 1.8, 1.9, 2.0, 1.9, 1.6, 0.9)
_EPISODE_NOTES = (
    "during a meeting", "while reading", "right after coffee", "woke me up",
    "while driving", "in bed", "after a run", "watching TV", "annoying one",
    "lasted a while", "on the train", "at my desk",
)
_DAY_NOTES = (
    "Long day at work", "Travelled", "Neighbours were loud last night", "Big deadline",
    "Relaxed weekend", "Headache in the afternoon", "Late dinner", "Visited family",
    "Worked from home", "Busy but fine",
)


class DemoRefusedError(Exception):
    """The journal already has entries; the demo would mix with real data."""


@dataclass(slots=True)
class _Day:
    day: date
    tracked: bool
    logged: bool  # episodes of an untracked day were still logged
    checkin: DayCheckIn
    multiplier: float
    exercised: bool
    diuretic: bool
    cramp_day: bool


def build_demo_plan(days: int = DEFAULT_DAYS, seed: int = DEFAULT_SEED,
                    end: date | None = None, *, rate: float = DEFAULT_RATE) -> ImportPlan:
    """The demo history ending on ``end`` (default today) as an import plan."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be 1 to {MAX_DAYS}")
    if rate <= 0:
        raise ValueError("rate must be positive")
    now = now_local()
    end = end or now.date()
    start = end - timedelta(days=days - 1)
    rng = random.Random(seed)
    diuretic_start = start + timedelta(days=int(days * 0.35))
    diuretic_end = diuretic_start + timedelta(days=max(5, min(42, days // 6)) - 1)
    magnesium_start = start + timedelta(days=int(days * 0.6))
    medications = [
        Medication(DIURETIC, diuretic_start, "12.5 mg once daily", diuretic_end,
                   "Diuretic for blood pressure; stopped after review with the GP."),
        Medication(MAGNESIUM, magnesium_start, "300 mg in the evening", None,
                   "Supplement, started because of the calf cramps."),
    ]
    plan = ImportPlan(
        source=f"demo data ({days} days, seed {seed})",
        factors=[CustomFactor(SCREEN_TIME, ValueKind.NUMBER, "h")],
        medications=medications,
    )
    states = _simulate_days(rng, start, days, diuretic_start, diuretic_end, magnesium_start)
    scale = rate / (sum(s.multiplier for s in states) / len(states))
    for state in states:
        if state.tracked:
            plan.days.append(DayImport(state.checkin))
        if state.tracked or state.logged:
            for episode in _episodes_of(rng, state, state.multiplier * scale):
                if episode.started_at <= now:
                    if episode.created_at is not None and episode.created_at > now:
                        episode.created_at = episode.updated_at = now
                    plan.episodes.append(EpisodeImport(episode))
    return plan


def generate_demo(journal: Journal, days: int = DEFAULT_DAYS, seed: int = DEFAULT_SEED,
                  end: date | None = None, *, replace: bool = False,
                  rate: float = DEFAULT_RATE) -> ImportResult:
    """Fill ``journal`` with the demo history in one transaction.

    A journal with any entries (episodes, days, custom factors or medications) is
    refused with :class:`DemoRefusedError` unless ``replace``, which first removes
    all of them (journal settings are kept) in the same transaction.
    """
    counts = journal.counts()
    if not replace and any(counts[k] for k in ("episodes", "checkins", "factors",
                                               "medications")):
        what = ", ".join(
            f"{counts[key]} {word}{'' if counts[key] == 1 else 's'}"
            for key, word in (("episodes", "episode"), ("checkins", "tracked day"),
                              ("factors", "custom factor"), ("medications", "medication"))
            if counts[key])
        raise DemoRefusedError(f"the journal at {journal.path} already has entries ({what}); "
                               "demo data would mix with them")
    plan = build_demo_plan(days, seed, end, rate=rate)
    return journal.imports.apply(plan, replace=replace)


def create_demo_journal(path: Path | str, days: int = DEFAULT_DAYS,
                        seed: int = DEFAULT_SEED, *, end: date | None = None) -> ImportResult:
    """Create (or refill) the demo journal file at ``path``; its old content is replaced."""
    with Journal.open(path) as journal:
        return generate_demo(journal, days, seed, end, replace=True)


# --- the simulation ----------------------------------------------------------------------


def _simulate_days(rng: random.Random, start: date, days: int, diuretic_start: date,
                   diuretic_end: date, magnesium_start: date) -> list[_Day]:
    gauss, rand = rng.gauss, rng.random
    holidays = _holidays(rng, start, days)
    stressful = _stressful_weeks(rng, start, days)
    flares = _flare_ups(rng, days)
    numbness_day = start + timedelta(days=int(days * 0.72)) if days >= 14 else None
    stress_level = 3.5
    habit = 0.0  # the coffee habit, drifting over months
    mood = 0.0  # the twitches' own slow ups and downs (log scale)
    previous_alcohol = 0.0
    states: list[_Day] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        weekend = day.weekday() >= 5
        target = (2.5 if weekend else 4.5) + (3.0 if day in stressful else 0.0)
        stress_level = 0.65 * stress_level + 0.35 * target + gauss(0, 0.9)
        stress = _clamp(round(stress_level), 0, 10)
        sleep = _clamp(gauss(7.2 + (0.6 if weekend else 0.0) - 0.15 * (stress - 4), 0.8),
                       4.0, 9.5)
        sleep = round(sleep * 4) / 4
        quality = _clamp(round(3 + 0.8 * (sleep - 7) - 0.15 * (stress - 4) + gauss(0, 0.6)),
                         1, 5)
        habit = 0.98 * habit + gauss(0, 0.08)
        mood = 0.85 * mood + gauss(0, 0.12)
        cups = min(4, _poisson(rng, max(0.2, 1.5 + habit + 0.6 * max(0.0, 7 - sleep)
                                        + 0.1 * (stress - 4))))
        caffeine = cups * 95.0
        if rand() < 0.25:
            caffeine += rng.choice((47.0, 34.0, 63.0))
        caffeine = min(caffeine, 400.0)
        exercised = rand() < (0.55 if weekend else 0.4)
        exercise = float(rng.choice((20, 30, 30, 45, 45, 60, 60, 75, 90))) if exercised else 0.0
        if day.weekday() in (4, 5):
            alcohol = float(rng.choice((1, 2, 2, 3, 4))) if rand() < 0.55 else 0.0
        else:
            alcohol = float(rng.choice((1, 1, 2))) if rand() < 0.12 else 0.0
        nicotine = rng.choice((1, 2, 3)) if rand() < (0.15 if alcohol > 2 else 0.02) else 0
        on_diuretic = diuretic_start <= day <= diuretic_end
        magnesium = day >= magnesium_start and rand() < 0.9
        screen = _clamp(gauss(3.0 + 0.35 * stress + (1.0 if weekend else 0.0), 1.2), 0.5, 12)
        screen = round(screen * 2) / 2
        cramp_day = rand() < (0.06 if on_diuretic else 0.012) * (1.5 if exercised else 1.0)
        checkin = DayCheckIn(
            date=day,
            sleep_hours=_maybe(rng, sleep, 0.03),
            sleep_quality=_maybe(rng, quality, 0.08),
            caffeine_mg=_maybe(rng, caffeine, 0.03),
            stress=_maybe(rng, stress, 0.03),
            exercise_min=_maybe(rng, exercise, 0.05),
            alcohol_units=_maybe(rng, alcohol, 0.04),
            nicotine=_maybe(rng, nicotine, 0.05),
            magnesium=magnesium,
            potassium=False,
            weakness=False,
            numbness=day == numbness_day,
            wasting=False,
            cramps=cramp_day,
            notes=rng.choice(_DAY_NOTES) if rand() < 0.06 else "",
            factors={SCREEN_TIME: _maybe(rng, screen, 0.08)},
        )
        if cramp_day:
            checkin.notes = "Calf cramp woke me up at night"
        if day == numbness_day:
            checkin.notes = "Tingling and numbness in the left foot for about an hour"
        log_rate = (0.30 * (caffeine / 100 - 1.5) + 0.25 * max(0.0, 7 - sleep)
                    - 0.05 * max(0.0, sleep - 7) + 0.07 * (stress - 4)
                    + (0.15 if previous_alcohol > 2 else 0.0)
                    + (0.35 if on_diuretic else 0.0) - (0.12 if magnesium else 0.0)
                    + 0.02 * (screen - 4) + mood + flares[offset] + gauss(0, 0.2))
        previous_alcohol = alcohol
        away = day in holidays
        tracked = not away and rand() < 0.93
        states.append(_Day(day=day, tracked=tracked, logged=not away and rand() < 0.5,
                           checkin=checkin, multiplier=math.exp(log_rate),
                           exercised=exercised, diuretic=on_diuretic, cramp_day=cramp_day))
    return states


def _holidays(rng: random.Random, start: date, days: int) -> set[date]:
    """A week or so away from the app about twice a year (long histories only)."""
    away: set[date] = set()
    for _ in range(days // 180):
        first = start + timedelta(days=rng.randrange(days))
        away.update(first + timedelta(days=i) for i in range(rng.randint(4, 10)))
    return away


def _flare_ups(rng: random.Random, days: int) -> list[float]:
    """Extra log-rate per day: about four flare-ups a year, each rising at once and
    fading over 3 to 10 days."""
    extra = [0.0] * days
    for _ in range(round(days * 4 / 365)):
        first, length = rng.randrange(days), rng.randint(3, 10)
        height = rng.uniform(0.4, 0.8)
        for i in range(length):
            if first + i < days:
                extra[first + i] += height * (1 - i / length)
    return extra


def _stressful_weeks(rng: random.Random, start: date, days: int) -> set[date]:
    busy: set[date] = set()
    for _ in range(max(1, days // 120)):
        first = start + timedelta(days=rng.randrange(days))
        busy.update(first + timedelta(days=i) for i in range(rng.randint(10, 21)))
    return busy


def _episodes_of(rng: random.Random, state: _Day, mean: float) -> list[Episode]:
    count = _poisson(rng, mean)
    extra_cramps = rng.randint(1, 3) if state.cramp_day else 0
    weights = [w * (1.5 if name == "calf" and (state.exercised or state.diuretic) else 1.0)
               for name, w, _, _ in _LOCATIONS]
    chosen = rng.choices(_LOCATIONS, weights=weights, k=count)
    episodes = [_episode(rng, state.day, *spec) for spec in chosen]
    calf = _LOCATIONS[1]
    for _ in range(extra_cramps):
        episodes.append(_episode(rng, state.day, calf[0], 0, calf[2], (("cramp", 1),),
                                 night=True))
    return episodes


def _episode(rng: random.Random, day: date, location: str, _weight: int,
             sides: tuple[tuple[str, int], ...], kinds: tuple[tuple[str, int], ...],
             *, night: bool = False) -> Episode:
    side = _pick(rng, sides)
    kind = _pick(rng, kinds)
    hour = rng.choice((2, 3, 4, 5)) if night else rng.choices(range(24), weights=_HOURS)[0]
    naive = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60))
    started = naive.astimezone()
    median, spread, low, high = _DURATIONS[kind]
    duration = None
    if rng.random() >= 0.1:
        duration = float(_clamp(round(median * math.exp(rng.gauss(0, spread))), low, high))
    intensity = None
    if rng.random() >= 0.08:
        mu, sigma = _INTENSITY[kind]
        intensity = _clamp(round(rng.gauss(mu, sigma)), 1, 10)
    notes = rng.choice(_EPISODE_NOTES) if rng.random() < 0.04 else ""
    logged = started + timedelta(seconds=rng.randint(5, 900))
    return Episode(started_at=started, location=location, side=side, duration_s=duration,
                   intensity=intensity, kind=kind, notes=notes,
                   id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                   created_at=logged, updated_at=logged)


def _pick(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    if len(options) == 1:
        return options[0][0]
    return rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; normal approximation for large means)."""
    if mean > 60:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _maybe(rng: random.Random, value: _N, blank: float) -> _N | None:
    """Most fields are filled in; now and then one is left blank (unknown)."""
    return None if rng.random() < blank else value


def _clamp(value: _N, low: _N, high: _N) -> _N:
    return low if value < low else high if value > high else value
