"""The journal's vocabulary: episodes, day check-ins, factors, medications.

Plain dataclasses with no I/O. Field specifications live here once and serve the
GUI (labels, ranges), the command line (flags), the exchange formats (columns) and
the analysis (which factors to test). Validation is in :mod:`twitchlog.validation`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

BUILTIN_LOCATIONS: tuple[str, ...] = (
    "eyelid",
    "eyebrow",
    "cheek",
    "lip",
    "jaw",
    "neck",
    "shoulder",
    "upper arm",
    "forearm",
    "hand",
    "thumb",
    "finger",
    "chest",
    "back",
    "abdomen",
    "buttock",
    "thigh",
    "calf",
    "foot",
    "toe",
)

SIDES: tuple[str, ...] = ("left", "right", "both", "unspecified")
KINDS: tuple[str, ...] = ("twitch", "flutter", "cramp", "spasm")


def location_label(name: str) -> str:
    """A location as every view shows it: built-in names start with a capital
    ("Upper arm"); the user's own keep the capitals they typed ("iPad thumb")."""
    name = name.strip()
    return name[:1].upper() + name[1:] if name.lower() in BUILTIN_LOCATIONS else name


def place_label(location: str, side: str) -> str:
    """A place as every view and the report name it: "Left eyelid", "Back", "Right iPad
    thumb" (a location of the user's own keeps its capitals)."""
    name = location.strip()
    if side in ("left", "right"):
        return f"{side.capitalize()} {name.lower() if name.lower() in BUILTIN_LOCATIONS else name}"
    return location_label(name)


def kind_label(kind: str) -> str:
    """"Twitch", "Flutter": one capitalisation for kinds everywhere."""
    return kind[:1].upper() + kind[1:]


class ValueKind(StrEnum):
    """How a value is entered and stored."""

    NUMBER = "number"  # any non-negative real with a unit
    SCALE = "scale"  # whole number 0-10
    YESNO = "yesno"  # 1 or 0
    TEXT = "text"


class Role(StrEnum):
    """What a check-in field means for the analysis."""

    FACTOR = "factor"  # a possible influence, tested for association
    WARNING = "warning"  # a warning sign a doctor must hear about
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One check-in field: its name (the CSV column), label, range and meaning."""

    name: str
    label: str
    kind: ValueKind
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    integer: bool = False
    role: Role = Role.FACTOR
    help: str = ""

    @property
    def range_text(self) -> str:
        if self.kind is ValueKind.YESNO:
            return "yes or no (1 or 0)"
        lo = _fmt(self.minimum) if self.minimum is not None else None
        hi = _fmt(self.maximum) if self.maximum is not None else None
        if lo is not None and hi is not None:
            return f"{lo} to {hi}"
        if lo is not None:
            return f"{lo} or more"
        return "any number"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


WARNING_HELP = (
    "Worth mentioning to a doctor at your next visit, or sooner if it keeps happening."
)

CHECKIN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("sleep_hours", "Sleep last night", ValueKind.NUMBER, 0, 24, "h",
              help="Hours slept the night before this day."),
    FieldSpec("sleep_quality", "Sleep quality", ValueKind.SCALE, 1, 5, "", integer=True,
              help="1 = very poor, 5 = very good."),
    FieldSpec("caffeine_mg", "Caffeine", ValueKind.NUMBER, 0, 2000, "mg"),
    FieldSpec("stress", "Stress", ValueKind.SCALE, 0, 10, "", integer=True,
              help="0 = calm, 10 = extremely stressed."),
    FieldSpec("exercise_min", "Exercise", ValueKind.NUMBER, 0, 1440, "min"),
    FieldSpec("alcohol_units", "Alcohol", ValueKind.NUMBER, 0, 100, "units"),
    FieldSpec("nicotine", "Nicotine", ValueKind.NUMBER, 0, 500, "uses", integer=True),
    FieldSpec("magnesium", "Magnesium supplement", ValueKind.YESNO),
    FieldSpec("potassium", "Potassium supplement", ValueKind.YESNO),
    FieldSpec("weakness", "Weakness", ValueKind.YESNO, role=Role.WARNING, help=WARNING_HELP),
    FieldSpec("numbness", "Numbness or changed sensation", ValueKind.YESNO, role=Role.WARNING,
              help=WARNING_HELP),
    FieldSpec("wasting", "A muscle looks smaller (shrinking)", ValueKind.YESNO,
              role=Role.WARNING, help=WARNING_HELP),
    FieldSpec("cramps", "Cramps", ValueKind.YESNO, role=Role.WARNING, help=WARNING_HELP),
    FieldSpec("notes", "Notes", ValueKind.TEXT, role=Role.NOTE),
)

CHECKIN_FIELD_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in CHECKIN_FIELDS}
FACTOR_FIELDS: tuple[FieldSpec, ...] = tuple(f for f in CHECKIN_FIELDS if f.role is Role.FACTOR)
WARNING_FIELDS: tuple[FieldSpec, ...] = tuple(f for f in CHECKIN_FIELDS if f.role is Role.WARNING)

EPISODE_LIMITS = {
    "duration_s": (0.0, 86_400.0),  # one day at most
    "intensity": (1, 10),
}


def new_id() -> str:
    """A fresh episode id; ids are stable across export and import."""
    return str(uuid.uuid4())


@dataclass(slots=True)
class Episode:
    """One twitch episode. ``started_at`` is timezone-aware local time."""

    started_at: datetime
    location: str
    side: str = "unspecified"
    duration_s: float | None = None
    intensity: int | None = None
    kind: str = "twitch"
    notes: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def local_date(self) -> date:
        """The day the episode belongs to: its own local calendar date."""
        return self.started_at.date()


@dataclass(slots=True)
class DayCheckIn:
    """What the user recorded about one day. ``None`` always means unknown."""

    date: date
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    caffeine_mg: float | None = None
    stress: int | None = None
    exercise_min: float | None = None
    alcohol_units: float | None = None
    nicotine: int | None = None
    magnesium: bool | None = None
    potassium: bool | None = None
    weakness: bool | None = None
    numbness: bool | None = None
    wasting: bool | None = None
    cramps: bool | None = None
    notes: str = ""
    factors: dict[str, float | None] = field(default_factory=dict)

    def value(self, name: str) -> float | bool | str | None:
        """A built-in field or a custom factor, by name."""
        if name in CHECKIN_FIELD_BY_NAME:
            value: float | bool | str | None = getattr(self, name)
            return value
        return self.factors.get(name)

    @property
    def warning_signs(self) -> list[str]:
        return [f.name for f in WARNING_FIELDS if getattr(self, f.name)]


@dataclass(slots=True)
class CustomFactor:
    """A daily factor the user defined; analysed like the built-in ones."""

    name: str
    kind: ValueKind
    unit: str = ""
    archived: bool = False
    id: int | None = None

    @property
    def spec(self) -> FieldSpec:
        if self.kind is ValueKind.SCALE:
            return FieldSpec(self.name, self.name, ValueKind.SCALE, 0, 10, integer=True)
        if self.kind is ValueKind.YESNO:
            return FieldSpec(self.name, self.name, ValueKind.YESNO)
        return FieldSpec(self.name, self.name, ValueKind.NUMBER, 0, None, self.unit)


@dataclass(slots=True)
class Medication:
    """A medication or supplement, for before/after comparisons."""

    name: str
    start_date: date
    dose: str = ""
    end_date: date | None = None
    notes: str = ""
    id: int | None = None

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(frozen=True, slots=True)
class Location:
    """A body location; built-in ones cannot be renamed or removed."""

    name: str
    builtin: bool
    id: int | None = None


#: Caffeine drink buttons of the check-in, (label, mg); the user may edit the amounts,
#: stored as JSON under the journal setting :data:`DRINKS_SETTING`.
DEFAULT_DRINKS: tuple[tuple[str, float], ...] = (
    ("brewed coffee", 95.0),
    ("espresso", 63.0),
    ("black tea", 47.0),
    ("cola", 34.0),
    ("energy drink", 80.0),
)
DRINKS_SETTING = "caffeine_drinks"

#: The Today view's quick-log buttons in the order the user sees them, stored as JSON
#: ``[location, side, pinned]`` triples so they keep their places from one day to the next.
QUICK_PLACES_SETTING = "quick_log_places"


@dataclass(frozen=True, slots=True)
class QuickPlace:
    """One quick-log button: a place, and whether the user pinned it."""

    location: str
    side: str
    pinned: bool = False
PATIENT_NAME_SETTING = "patient_name"
PATIENT_DOB_SETTING = "patient_dob"
REPORT_QUESTIONS_SETTING = "report_questions"

#: The journal settings a JSON export carries, with the words a person reads for each.
#: They describe the journal; settings about one computer (where a warning was shown,
#: window sizes) never travel.
PORTABLE_SETTINGS: dict[str, str] = {
    PATIENT_NAME_SETTING: "patient name",
    PATIENT_DOB_SETTING: "date of birth",
    REPORT_QUESTIONS_SETTING: "report questions",
    DRINKS_SETTING: "drink buttons",
    QUICK_PLACES_SETTING: "quick-log places",
}
