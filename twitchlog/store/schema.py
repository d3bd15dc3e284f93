"""The journal schema, as ordered migrations applied forward at open.

Each migration is a function registered with sqlite-utils' ``Migrations``; the file's
``PRAGMA user_version`` equals the number of migrations applied, so a file from a
newer TwitchLog (a larger number) is recognised and refused. Never edit a migration
that has shipped: add a new one, and keep a fixture file of the older schema in
``tests/fixtures/``.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from twitchlog.domain import BUILTIN_LOCATIONS
from twitchlog.store.identity import APPLICATION_ID, SCHEMA_VERSION

migrations = Migrations("twitchlog")


@migrations()
def m001_initial(db: Database) -> None:
    """Episodes, check-ins, custom factors, medications, locations, settings."""
    statements = [
        """CREATE TABLE locations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            builtin INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE episodes (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            started_utc TEXT NOT NULL,
            local_date TEXT NOT NULL,
            location_id INTEGER NOT NULL REFERENCES locations(id),
            side TEXT NOT NULL DEFAULT 'unspecified'
                CHECK (side IN ('left', 'right', 'both', 'unspecified')),
            duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0),
            intensity INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10),
            kind TEXT NOT NULL DEFAULT 'twitch'
                CHECK (kind IN ('twitch', 'flutter', 'cramp', 'spasm')),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s, intensity)",
        "CREATE INDEX idx_episodes_utc ON episodes (started_utc)",
        "CREATE INDEX idx_episodes_location ON episodes (location_id, side)",
        """CREATE TABLE checkins (
            date TEXT PRIMARY KEY,
            sleep_hours REAL,
            sleep_quality INTEGER,
            caffeine_mg REAL,
            stress INTEGER,
            exercise_min REAL,
            alcohol_units REAL,
            nicotine INTEGER,
            magnesium INTEGER,
            potassium INTEGER,
            weakness INTEGER,
            numbness INTEGER,
            wasting INTEGER,
            cramps INTEGER,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE factors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            kind TEXT NOT NULL CHECK (kind IN ('number', 'scale', 'yesno')),
            unit TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE factor_values (
            date TEXT NOT NULL REFERENCES checkins(date) ON DELETE CASCADE ON UPDATE CASCADE,
            factor_id INTEGER NOT NULL REFERENCES factors(id) ON DELETE CASCADE,
            value REAL NOT NULL,
            PRIMARY KEY (date, factor_id)
        )""",
        """CREATE TABLE medications (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            dose TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT
        )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]
    for sql in statements:
        db.execute(sql)
    db.table("locations").insert_all(
        {"name": name, "builtin": 1} for name in BUILTIN_LOCATIONS
    )


@migrations()
def m002_import_tracking(db: Database) -> None:
    """Remember which import added which rows, so "Undo last import" is exact."""
    db.execute(
        """CREATE TABLE imports (
            id TEXT PRIMARY KEY,
            imported_at TEXT NOT NULL,
            source TEXT NOT NULL,
            episodes_added INTEGER NOT NULL DEFAULT 0,
            episodes_updated INTEGER NOT NULL DEFAULT 0,
            days_added INTEGER NOT NULL DEFAULT 0,
            days_updated INTEGER NOT NULL DEFAULT 0,
            undone INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("ALTER TABLE episodes ADD COLUMN import_id TEXT REFERENCES imports(id)")
    db.execute("ALTER TABLE checkins ADD COLUMN import_id TEXT REFERENCES imports(id)")
    db.execute("ALTER TABLE medications ADD COLUMN notes TEXT NOT NULL DEFAULT ''")


@migrations()
def m003_import_definitions(db: Database) -> None:
    """Remember which import added a location, custom factor or medication too."""
    for table in ("locations", "factors", "medications"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN import_id TEXT REFERENCES imports(id)")


@migrations()
def m004_unremembered_days(db: Database) -> None:
    """Days the user said they do not remember: still untracked, but no longer asked about."""
    db.execute(
        """CREATE TABLE unremembered_days (
            date TEXT PRIMARY KEY,
            marked_at TEXT NOT NULL
        )"""
    )


@migrations()
def m005_device_values(db: Database) -> None:
    """Sleep and caffeine imported from phones and wearables, with their source.

    A device value never makes a day tracked: it waits in ``device_values`` until the
    day's check-in confirms it, or fills an empty (or, when the person chose so, a typed)
    check-in field of a tracked day, in which case ``applied`` is 1 and the replaced
    value is kept so "Undo last import" can put it back exactly.
    """
    db.execute(
        """CREATE TABLE device_values (
            date TEXT NOT NULL,
            field TEXT NOT NULL CHECK (field IN ('sleep_hours', 'caffeine_mg')),
            value REAL NOT NULL,
            source TEXT NOT NULL,
            import_id TEXT NOT NULL REFERENCES imports(id),
            applied INTEGER NOT NULL DEFAULT 0,
            previous REAL,
            previous_source TEXT,
            PRIMARY KEY (date, field, import_id)
        )"""
    )
    db.execute("CREATE INDEX idx_device_values_import ON device_values (import_id)")
    db.execute("ALTER TABLE checkins ADD COLUMN sleep_source TEXT")
    db.execute("ALTER TABLE checkins ADD COLUMN caffeine_source TEXT")
    db.execute("ALTER TABLE imports ADD COLUMN device_values INTEGER NOT NULL DEFAULT 0")


@migrations()
def m006_import_marks(db: Database) -> None:
    """Remember which import added an "I don't remember" mark or a journal setting, so
    "Undo last import" of a JSON export removes exactly those too."""
    for table in ("unremembered_days", "settings"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN import_id TEXT REFERENCES imports(id)")


__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "migrations"]
