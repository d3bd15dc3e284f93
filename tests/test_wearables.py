"""Device exports: what each format's fixture yields, and what bad files get."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from twitchlog.exchange import ImportRefusedError
from twitchlog.exchange.wearables import ImportCancelledError
from twitchlog.exchange.wearables.plan import DevicePlan, device_files_in, read_device_plan

FIXTURES = Path(__file__).parent / "fixtures" / "wearables"
D5, D7, D10 = date(2024, 3, 5), date(2024, 3, 7), date(2024, 3, 10)


def plan_of(*names: str | Path) -> DevicePlan:
    paths = [n if isinstance(n, Path) else FIXTURES / n for n in names]
    return read_device_plan(device_files_in(paths))


def sleep(plan: DevicePlan) -> dict[date, float]:
    return {v.date: v.value for v in plan.values if v.field == "sleep_hours"}


def caffeine(plan: DevicePlan) -> dict[date, float]:
    return {v.date: v.value for v in plan.values if v.field == "caffeine_mg"}


@pytest.mark.parametrize("name", ["export.xml", "export.zip"])
def test_apple_health_nights_union_stages_and_sources_and_skip_naps(name: str) -> None:
    plan = plan_of(name)
    # Watch stages and the phone's overlapping "Asleep" counted once, the awake gap and
    # time in bed left out; the DST night is 7 real hours; 6 March has no night.
    assert sleep(plan) == {D5: 7.17, D7: 7.5, D10: 7.0}
    assert caffeine(plan) == {D5: 159.0, D7: 100.0}
    assert plan.merged.naps == 1
    assert plan.merged.skipped == {"record with an unreadable date": 1}
    assert {v.source for v in plan.values} == {"Apple Health"}
    assert plan.source == name


def test_fitbit_uses_main_sleep_of_the_wake_date_once() -> None:
    plan = plan_of("sleep-2024-03-01.json")
    assert sleep(plan) == {D5: 6.87, D7: 7.25, D10: 7.0}
    assert plan.merged.naps == 1
    assert plan.merged.skipped == {"sleep log with an unreadable dateOfSleep": 1}


def test_garmin_counts_deep_light_and_rem_of_the_calendar_date() -> None:
    plan = plan_of("2024_sleepData.json")
    assert sleep(plan) == {D5: 7.0, D7: 7.5, D10: 6.75}
    assert plan.merged.skipped == {"sleep summary without sleep stage totals": 1,
                                   "sleep summary with an unreadable stage total": 1}


@pytest.mark.parametrize("name", ["oura_sleep.json", "oura_sleep.csv"])
def test_oura_dates_nights_by_their_end_in_the_files_offset(name: str) -> None:
    plan = plan_of(name)
    assert sleep(plan) == {D5: 7.0, D7: 7.5, D10: 6.5}
    assert plan.merged.naps == 1
    assert sum(plan.merged.skipped.values()) == 1


def test_oura_trends_csv() -> None:
    assert sleep(plan_of("oura_trends.csv")) == {D5: 7.0, D7: 7.5}


def test_gadgetbridge_two_devices_overlap_once_and_the_file_is_untouched() -> None:
    path = FIXTURES / "Gadgetbridge.db"
    before = path.read_bytes()
    plan = plan_of("Gadgetbridge.db")
    assert list(sleep(plan).values()) == [7.0]
    assert plan.merged.skipped == {"activity sample with an unreadable timestamp": 1}
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_two_formats_for_one_night_are_not_added_up() -> None:
    plan = plan_of("export.xml", "sleep-2024-03-01.json", "oura_trends.csv")
    # Apple's intervals win where it has the night; totals never add up.
    assert sleep(plan) == {D5: 7.17, D7: 7.5, D10: 7.0}


def test_a_folder_is_searched_for_device_files(tmp_path: Path) -> None:
    folder = tmp_path / "Takeout" / "Fitbit" / "Global Export Data"
    folder.mkdir(parents=True)
    (folder / "sleep-2024-03-01.json").write_bytes(
        (FIXTURES / "sleep-2024-03-01.json").read_bytes())
    assert sleep(plan_of(tmp_path / "Takeout")) == {D5: 6.87, D7: 7.25, D10: 7.0}


def test_twitchlog_files_are_not_device_files(tmp_path: Path) -> None:
    days = tmp_path / "days.csv"
    days.write_text("date,sleep_hours\n2024-03-05,7\n", encoding="utf-8")
    assert device_files_in([days]) == []
    with pytest.raises(ImportRefusedError, match=r"days\.csv: is not a device export"):
        device_files_in([days, FIXTURES / "export.xml"])


def _apple(tmp_path: Path, body: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY l0 "lol">{lol}]>'
            '<HealthData><Record type="x" value="&l9;"/></HealthData>')
    with pytest.raises(ImportRefusedError, match=r"export\.xml: declares XML entities"):
        plan_of(_apple(tmp_path, body))


def test_an_external_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    body = (f'<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY x SYSTEM '
            f'"{secret.as_uri()}">]><HealthData><Record type="x" value="&x;"/></HealthData>')
    with pytest.raises(ImportRefusedError, match="declares XML entities"):
        plan_of(_apple(tmp_path, body))


def test_a_cut_short_export_is_refused_with_its_name(tmp_path: Path) -> None:
    full = (FIXTURES / "export.xml").read_text(encoding="utf-8")
    path = _apple(tmp_path, full[: len(full) // 2])
    with pytest.raises(ImportRefusedError, match=r"export.xml, line \d+: is cut short"):
        plan_of(path)


def test_foreign_xml_and_damaged_zip_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefusedError, match="not an Apple Health export"):
        plan_of(_apple(tmp_path, '<?xml version="1.0"?><HealthData2/>', "export.xml"))
    whole = (FIXTURES / "export.zip").read_bytes()
    cut = tmp_path / "export.zip"
    cut.write_bytes(whole[: len(whole) - 40])
    with pytest.raises(ImportRefusedError, match=r"export\.zip: is a damaged or cut-short zip"):
        plan_of(cut)
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(ImportRefusedError, match=r"photos\.zip: is a zip archive holding no"):
        plan_of(other)


def test_a_database_that_is_not_gadgetbridge_is_not_taken(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert device_files_in([path]) == []


def test_a_file_with_no_sleep_is_refused(tmp_path: Path) -> None:
    body = '<?xml version="1.0"?><HealthData locale="en"></HealthData>'
    with pytest.raises(ImportRefusedError, match="holds no sleep or caffeine"):
        plan_of(_apple(tmp_path, body))


def test_reading_can_be_cancelled(tmp_path: Path) -> None:
    files = device_files_in([FIXTURES / "export.xml"])
    with pytest.raises(ImportCancelledError):
        read_device_plan(files, progress=lambda fraction: False)


@pytest.mark.parametrize("name", ["export.xml", "export.zip", "sleep-2024-03-01.json",
                                  "2024_sleepData.json", "oura_sleep.json", "oura_sleep.csv",
                                  "oura_trends.csv", "Gadgetbridge.db"])
def test_every_cut_of_a_fixture_is_read_or_refused_cleanly(tmp_path: Path, name: str) -> None:
    """A file cut anywhere gives values or a one-line refusal naming it, never a crash."""
    whole = (FIXTURES / name).read_bytes()
    for cut in range(1, len(whole), max(1, len(whole) // 23)):
        path = tmp_path / name
        path.write_bytes(whole[:cut])
        try:
            files = device_files_in([path])
            if files:
                read_device_plan(files)
        except ImportRefusedError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)


def test_files_that_are_neither_twitchlog_nor_device_exports_say_so(tmp_path: Path) -> None:
    from twitchlog.exchange import read_import

    for name, body, reason in (
            ("notes.xml", "<?xml version='1.0'?><notes/>", "not a TwitchLog export or an "
             "Apple Health export"),
            ("other.json", '{"name": "shopping"}', "not a TwitchLog export or a sleep "
             "export TwitchLog reads (Fitbit, Garmin, Oura)")):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        assert device_files_in([path]) == []
        with pytest.raises(ImportRefusedError) as caught:
            read_import([path])
        assert str(caught.value).startswith(f"{path}: ") and reason in str(caught.value)
