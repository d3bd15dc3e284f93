"""One place validates everything the GUI, the command line and import accept."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twitchlog.domain import (
    CHECKIN_FIELD_BY_NAME,
    CustomFactor,
    DayCheckIn,
    Episode,
    Medication,
    ValueKind,
)
from twitchlog.validation import (
    ValidationError,
    coerce_value,
    format_duration,
    parse_date,
    parse_datetime,
    parse_duration,
    validate_checkin,
    validate_episode,
    validate_factor,
    validate_medication,
)

PLUS_ONE = timezone(timedelta(hours=1))


def test_iso_dates_are_accepted_and_ambiguous_ones_refused() -> None:
    assert parse_date("2024-03-04") == date(2024, 3, 4)
    assert parse_date(" 2024-03-04 ") == date(2024, 3, 4)
    with pytest.raises(ValidationError, match="YYYY-MM-DD") as info:
        parse_date("03/04/2024")
    assert info.value.value == "03/04/2024"
    with pytest.raises(ValidationError, match="not a real calendar date"):
        parse_date("2024-02-30")


def test_date_times_keep_their_offset_and_naive_ones_are_local() -> None:
    assert parse_datetime("2024-03-05T14:30:00+01:00") == datetime(2024, 3, 5, 14, 30,
                                                                  tzinfo=PLUS_ONE)
    assert parse_datetime("2024-03-05T13:30Z").utcoffset() == timedelta(0)
    local = parse_datetime("2024-07-05 14:30")
    assert local.tzinfo is not None
    assert local.utcoffset() == datetime(2024, 7, 5, 14, 30).astimezone().utcoffset()
    assert (local.hour, local.minute) == (14, 30)
    midnight = parse_datetime("2024-07-05")
    assert (midnight.hour, midnight.minute) == (0, 0)


@pytest.mark.parametrize("text", ["05/03/2024 14:30", "2024-03-05T14h30", "yesterday", ""])
def test_unclear_date_times_are_refused_with_the_field_name(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_datetime(text, "--at")
    assert str(info.value).startswith("--at:")


@pytest.mark.parametrize(("text", "seconds"), [
    ("45", 45.0), ("45s", 45.0), ("2m", 120.0), ("1h30m", 5400.0), ("1h 30m 10s", 5410.0),
    ("2.5m", 150.0), (90, 90.0),
])
def test_durations_in_every_documented_form(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["abc", "-5", "5 minutes", "25h"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="duration"):
        parse_duration(text)


def test_durations_read_naturally() -> None:
    assert format_duration(None) == ""
    assert format_duration(45) == "45 s"
    assert format_duration(150) == "2 min 30 s"
    assert format_duration(5400) == "1 h 30 min"


def test_blank_is_unknown_never_zero() -> None:
    for spec in CHECKIN_FIELD_BY_NAME.values():
        if spec.kind is not ValueKind.TEXT:
            assert coerce_value(spec, "") is None
            assert coerce_value(spec, "   ") is None
            assert coerce_value(spec, None) is None


def test_out_of_range_names_field_value_and_range() -> None:
    with pytest.raises(ValidationError) as info:
        coerce_value(CHECKIN_FIELD_BY_NAME["stress"], "11")
    message = str(info.value)
    assert "stress" in message and "11" in message and "0 to 10" in message
    with pytest.raises(ValidationError, match="0 to 24"):
        coerce_value(CHECKIN_FIELD_BY_NAME["sleep_hours"], 25)
    with pytest.raises(ValidationError, match="whole number"):
        coerce_value(CHECKIN_FIELD_BY_NAME["sleep_quality"], "2.5")
    with pytest.raises(ValidationError, match="not a number"):
        coerce_value(CHECKIN_FIELD_BY_NAME["caffeine_mg"], "lots")
    with pytest.raises(ValidationError, match="finite"):
        coerce_value(CHECKIN_FIELD_BY_NAME["caffeine_mg"], "nan")


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", True), ("yes", True), ("TRUE", True), (1, True), (True, True),
    ("0", False), ("no", False), ("False", False), (0, False),
])
def test_yes_no_accepts_common_spellings(raw: object, expected: bool) -> None:
    assert coerce_value(CHECKIN_FIELD_BY_NAME["magnesium"], raw) is expected


def test_yes_no_refuses_anything_else() -> None:
    with pytest.raises(ValidationError, match="yes or no"):
        coerce_value(CHECKIN_FIELD_BY_NAME["cramps"], "2")


@given(st.floats(min_value=0, max_value=24, allow_nan=False))
def test_any_number_in_range_is_kept_exactly(value: float) -> None:
    assert coerce_value(CHECKIN_FIELD_BY_NAME["sleep_hours"], repr(value)) == value


@given(st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=24.000001)))
def test_any_number_out_of_range_is_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        coerce_value(CHECKIN_FIELD_BY_NAME["sleep_hours"], value)


def _episode(**changes: object) -> Episode:
    values: dict = {"started_at": datetime(2024, 3, 5, 14, 30, tzinfo=PLUS_ONE),
                    "location": "eyelid"}
    values.update(changes)
    return Episode(**values)


def test_episode_fields_are_normalised() -> None:
    episode = validate_episode(_episode(location=" Eyelid ", side="LEFT", kind="Flutter",
                                        intensity=4.0, duration_s=3))
    assert (episode.location, episode.side, episode.kind) == ("eyelid", "left", "flutter")
    assert episode.intensity == 4 and isinstance(episode.intensity, int)
    assert episode.duration_s == 3.0


@pytest.mark.parametrize(("changes", "field"), [
    ({"intensity": 11}, "intensity"),
    ({"intensity": 0}, "intensity"),
    ({"intensity": 2.5}, "intensity"),
    ({"side": "middle"}, "side"),
    ({"kind": "tic"}, "kind"),
    ({"location": "  "}, "location"),
    ({"duration_s": -1}, "duration_s"),
    ({"started_at": datetime(2024, 3, 5, 14, 30)}, "started_at"),
    ({"notes": "x" * 10_001}, "notes"),
])
def test_bad_episode_fields_are_refused_by_name(changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_episode(_episode(**changes))
    assert info.value.field == field


def test_episode_location_must_be_known_when_a_list_is_given() -> None:
    with pytest.raises(ValidationError, match="not a known location"):
        validate_episode(_episode(location="elbow"), known_locations=["eyelid", "calf"])


def test_checkin_values_and_custom_factors_are_checked() -> None:
    factors = [CustomFactor("screen time", ValueKind.NUMBER, "h"),
               CustomFactor("mood", ValueKind.SCALE),
               CustomFactor("sauna", ValueKind.YESNO)]
    checkin = validate_checkin(DayCheckIn(date(2024, 3, 5), sleep_hours="7.5",
                                          magnesium="yes",
                                          factors={"screen time": "3", "mood": 7, "sauna": 1}),
                               factors)
    assert checkin.sleep_hours == 7.5 and checkin.magnesium is True
    assert checkin.factors == {"screen time": 3.0, "mood": 7.0, "sauna": 1.0}
    with pytest.raises(ValidationError, match="0 to 10"):
        validate_checkin(DayCheckIn(date(2024, 3, 5), factors={"mood": 12}), factors)
    with pytest.raises(ValidationError, match="not a known custom factor"):
        validate_checkin(DayCheckIn(date(2024, 3, 5), factors={"steps": 3}), factors)


def test_factor_definitions_are_checked() -> None:
    assert validate_factor(CustomFactor("  screen time ", "number")).name == "screen time"
    with pytest.raises(ValidationError, match="built-in"):
        validate_factor(CustomFactor("caffeine_mg", ValueKind.NUMBER))
    with pytest.raises(ValidationError, match="built-in"):
        validate_factor(CustomFactor("date", ValueKind.NUMBER))
    with pytest.raises(ValidationError, match="number, scale, yesno"):
        validate_factor(CustomFactor("diary", ValueKind.TEXT))
    with pytest.raises(ValidationError, match="empty"):
        validate_factor(CustomFactor(" ", ValueKind.NUMBER))


def test_medication_end_cannot_precede_start() -> None:
    validate_medication(Medication("Hydrochlorothiazide", date(2024, 1, 1),
                                   end_date=date(2024, 1, 1)))
    with pytest.raises(ValidationError, match="before the start date 2024-01-01"):
        validate_medication(Medication("Hydrochlorothiazide", date(2024, 1, 1),
                                       end_date=date(2023, 12, 31)))
