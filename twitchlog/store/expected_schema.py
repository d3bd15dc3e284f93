"""The schema each journal version must have, as the migrations make it.

Generated from twitchlog/store/schema.py by `make schema`; do not edit. A test
regenerates it and fails if this file differs.
"""

from __future__ import annotations

EXPECTED_SCHEMA: dict[int, tuple[tuple[str, str, str, str], ...]] = {
    1: (
        ('index', 'idx__sqlite_migrations_migration_set_name', '_sqlite_migrations',
         'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON'
         ' "_sqlite_migrations" ("migration_set", "name")'),
        ('index', 'idx_episodes_day', 'episodes',
         'CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s,'
         ' intensity)'),
        ('index', 'idx_episodes_location', 'episodes',
         'CREATE INDEX idx_episodes_location ON episodes (location_id, side)'),
        ('index', 'idx_episodes_utc', 'episodes',
         'CREATE INDEX idx_episodes_utc ON episodes (started_utc)'),
        ('index', 'sqlite_autoindex_checkins_1', 'checkins',
         ''),
        ('index', 'sqlite_autoindex_episodes_1', 'episodes',
         ''),
        ('index', 'sqlite_autoindex_factor_values_1', 'factor_values',
         ''),
        ('index', 'sqlite_autoindex_factors_1', 'factors',
         ''),
        ('index', 'sqlite_autoindex_locations_1', 'locations',
         ''),
        ('index', 'sqlite_autoindex_settings_1', 'settings',
         ''),
        ('table', '_sqlite_migrations', '_sqlite_migrations',
         'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY,'
         ' "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )'),
        ('table', 'checkins', 'checkins',
         'CREATE TABLE checkins ( date TEXT PRIMARY KEY, sleep_hours REAL,'
         ' sleep_quality INTEGER, caffeine_mg REAL, stress INTEGER, exercise_min'
         ' REAL, alcohol_units REAL, nicotine INTEGER, magnesium INTEGER, potassium'
         ' INTEGER, weakness INTEGER, numbness INTEGER, wasting INTEGER, cramps'
         " INTEGER, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL )'),
        ('table', 'episodes', 'episodes',
         'CREATE TABLE episodes ( id TEXT PRIMARY KEY, started_at TEXT NOT NULL,'
         ' started_utc TEXT NOT NULL, local_date TEXT NOT NULL, location_id INTEGER'
         ' NOT NULL REFERENCES locations(id), side TEXT NOT NULL DEFAULT'
         " 'unspecified' CHECK (side IN ('left', 'right', 'both', 'unspecified')),"
         ' duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0), intensity'
         ' INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10), kind TEXT'
         " NOT NULL DEFAULT 'twitch' CHECK (kind IN ('twitch', 'flutter', 'cramp',"
         " 'spasm')), notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL )'),
        ('table', 'factor_values', 'factor_values',
         'CREATE TABLE factor_values ( date TEXT NOT NULL REFERENCES checkins(date)'
         ' ON DELETE CASCADE ON UPDATE CASCADE, factor_id INTEGER NOT NULL REFERENCES'
         ' factors(id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (date,'
         ' factor_id) )'),
        ('table', 'factors', 'factors',
         'CREATE TABLE factors ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         " COLLATE NOCASE, kind TEXT NOT NULL CHECK (kind IN ('number', 'scale',"
         " 'yesno')), unit TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL"
         ' DEFAULT 0 )'),
        ('table', 'locations', 'locations',
         'CREATE TABLE locations ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         ' COLLATE NOCASE, builtin INTEGER NOT NULL DEFAULT 0 )'),
        ('table', 'medications', 'medications',
         'CREATE TABLE medications ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dose'
         " TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, end_date TEXT )"),
        ('table', 'settings', 'settings',
         'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)'),
    ),
    2: (
        ('index', 'idx__sqlite_migrations_migration_set_name', '_sqlite_migrations',
         'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON'
         ' "_sqlite_migrations" ("migration_set", "name")'),
        ('index', 'idx_episodes_day', 'episodes',
         'CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s,'
         ' intensity)'),
        ('index', 'idx_episodes_location', 'episodes',
         'CREATE INDEX idx_episodes_location ON episodes (location_id, side)'),
        ('index', 'idx_episodes_utc', 'episodes',
         'CREATE INDEX idx_episodes_utc ON episodes (started_utc)'),
        ('index', 'sqlite_autoindex_checkins_1', 'checkins',
         ''),
        ('index', 'sqlite_autoindex_episodes_1', 'episodes',
         ''),
        ('index', 'sqlite_autoindex_factor_values_1', 'factor_values',
         ''),
        ('index', 'sqlite_autoindex_factors_1', 'factors',
         ''),
        ('index', 'sqlite_autoindex_imports_1', 'imports',
         ''),
        ('index', 'sqlite_autoindex_locations_1', 'locations',
         ''),
        ('index', 'sqlite_autoindex_settings_1', 'settings',
         ''),
        ('table', '_sqlite_migrations', '_sqlite_migrations',
         'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY,'
         ' "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )'),
        ('table', 'checkins', 'checkins',
         'CREATE TABLE checkins ( date TEXT PRIMARY KEY, sleep_hours REAL,'
         ' sleep_quality INTEGER, caffeine_mg REAL, stress INTEGER, exercise_min'
         ' REAL, alcohol_units REAL, nicotine INTEGER, magnesium INTEGER, potassium'
         ' INTEGER, weakness INTEGER, numbness INTEGER, wasting INTEGER, cramps'
         " INTEGER, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'episodes', 'episodes',
         'CREATE TABLE episodes ( id TEXT PRIMARY KEY, started_at TEXT NOT NULL,'
         ' started_utc TEXT NOT NULL, local_date TEXT NOT NULL, location_id INTEGER'
         ' NOT NULL REFERENCES locations(id), side TEXT NOT NULL DEFAULT'
         " 'unspecified' CHECK (side IN ('left', 'right', 'both', 'unspecified')),"
         ' duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0), intensity'
         ' INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10), kind TEXT'
         " NOT NULL DEFAULT 'twitch' CHECK (kind IN ('twitch', 'flutter', 'cramp',"
         " 'spasm')), notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'factor_values', 'factor_values',
         'CREATE TABLE factor_values ( date TEXT NOT NULL REFERENCES checkins(date)'
         ' ON DELETE CASCADE ON UPDATE CASCADE, factor_id INTEGER NOT NULL REFERENCES'
         ' factors(id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (date,'
         ' factor_id) )'),
        ('table', 'factors', 'factors',
         'CREATE TABLE factors ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         " COLLATE NOCASE, kind TEXT NOT NULL CHECK (kind IN ('number', 'scale',"
         " 'yesno')), unit TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL"
         ' DEFAULT 0 )'),
        ('table', 'imports', 'imports',
         'CREATE TABLE imports ( id TEXT PRIMARY KEY, imported_at TEXT NOT NULL,'
         ' source TEXT NOT NULL, episodes_added INTEGER NOT NULL DEFAULT 0,'
         ' episodes_updated INTEGER NOT NULL DEFAULT 0, days_added INTEGER NOT NULL'
         ' DEFAULT 0, days_updated INTEGER NOT NULL DEFAULT 0, undone INTEGER NOT'
         ' NULL DEFAULT 0 )'),
        ('table', 'locations', 'locations',
         'CREATE TABLE locations ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         ' COLLATE NOCASE, builtin INTEGER NOT NULL DEFAULT 0 )'),
        ('table', 'medications', 'medications',
         'CREATE TABLE medications ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dose'
         " TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, end_date TEXT , notes"
         " TEXT NOT NULL DEFAULT '')"),
        ('table', 'settings', 'settings',
         'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)'),
    ),
    3: (
        ('index', 'idx__sqlite_migrations_migration_set_name', '_sqlite_migrations',
         'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON'
         ' "_sqlite_migrations" ("migration_set", "name")'),
        ('index', 'idx_episodes_day', 'episodes',
         'CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s,'
         ' intensity)'),
        ('index', 'idx_episodes_location', 'episodes',
         'CREATE INDEX idx_episodes_location ON episodes (location_id, side)'),
        ('index', 'idx_episodes_utc', 'episodes',
         'CREATE INDEX idx_episodes_utc ON episodes (started_utc)'),
        ('index', 'sqlite_autoindex_checkins_1', 'checkins',
         ''),
        ('index', 'sqlite_autoindex_episodes_1', 'episodes',
         ''),
        ('index', 'sqlite_autoindex_factor_values_1', 'factor_values',
         ''),
        ('index', 'sqlite_autoindex_factors_1', 'factors',
         ''),
        ('index', 'sqlite_autoindex_imports_1', 'imports',
         ''),
        ('index', 'sqlite_autoindex_locations_1', 'locations',
         ''),
        ('index', 'sqlite_autoindex_settings_1', 'settings',
         ''),
        ('table', '_sqlite_migrations', '_sqlite_migrations',
         'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY,'
         ' "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )'),
        ('table', 'checkins', 'checkins',
         'CREATE TABLE checkins ( date TEXT PRIMARY KEY, sleep_hours REAL,'
         ' sleep_quality INTEGER, caffeine_mg REAL, stress INTEGER, exercise_min'
         ' REAL, alcohol_units REAL, nicotine INTEGER, magnesium INTEGER, potassium'
         ' INTEGER, weakness INTEGER, numbness INTEGER, wasting INTEGER, cramps'
         " INTEGER, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'episodes', 'episodes',
         'CREATE TABLE episodes ( id TEXT PRIMARY KEY, started_at TEXT NOT NULL,'
         ' started_utc TEXT NOT NULL, local_date TEXT NOT NULL, location_id INTEGER'
         ' NOT NULL REFERENCES locations(id), side TEXT NOT NULL DEFAULT'
         " 'unspecified' CHECK (side IN ('left', 'right', 'both', 'unspecified')),"
         ' duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0), intensity'
         ' INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10), kind TEXT'
         " NOT NULL DEFAULT 'twitch' CHECK (kind IN ('twitch', 'flutter', 'cramp',"
         " 'spasm')), notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'factor_values', 'factor_values',
         'CREATE TABLE factor_values ( date TEXT NOT NULL REFERENCES checkins(date)'
         ' ON DELETE CASCADE ON UPDATE CASCADE, factor_id INTEGER NOT NULL REFERENCES'
         ' factors(id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (date,'
         ' factor_id) )'),
        ('table', 'factors', 'factors',
         'CREATE TABLE factors ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         " COLLATE NOCASE, kind TEXT NOT NULL CHECK (kind IN ('number', 'scale',"
         " 'yesno')), unit TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL"
         ' DEFAULT 0 , import_id TEXT REFERENCES imports(id))'),
        ('table', 'imports', 'imports',
         'CREATE TABLE imports ( id TEXT PRIMARY KEY, imported_at TEXT NOT NULL,'
         ' source TEXT NOT NULL, episodes_added INTEGER NOT NULL DEFAULT 0,'
         ' episodes_updated INTEGER NOT NULL DEFAULT 0, days_added INTEGER NOT NULL'
         ' DEFAULT 0, days_updated INTEGER NOT NULL DEFAULT 0, undone INTEGER NOT'
         ' NULL DEFAULT 0 )'),
        ('table', 'locations', 'locations',
         'CREATE TABLE locations ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         ' COLLATE NOCASE, builtin INTEGER NOT NULL DEFAULT 0 , import_id TEXT'
         ' REFERENCES imports(id))'),
        ('table', 'medications', 'medications',
         'CREATE TABLE medications ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dose'
         " TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, end_date TEXT , notes"
         " TEXT NOT NULL DEFAULT '', import_id TEXT REFERENCES imports(id))"),
        ('table', 'settings', 'settings',
         'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)'),
    ),
    4: (
        ('index', 'idx__sqlite_migrations_migration_set_name', '_sqlite_migrations',
         'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON'
         ' "_sqlite_migrations" ("migration_set", "name")'),
        ('index', 'idx_episodes_day', 'episodes',
         'CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s,'
         ' intensity)'),
        ('index', 'idx_episodes_location', 'episodes',
         'CREATE INDEX idx_episodes_location ON episodes (location_id, side)'),
        ('index', 'idx_episodes_utc', 'episodes',
         'CREATE INDEX idx_episodes_utc ON episodes (started_utc)'),
        ('index', 'sqlite_autoindex_checkins_1', 'checkins',
         ''),
        ('index', 'sqlite_autoindex_episodes_1', 'episodes',
         ''),
        ('index', 'sqlite_autoindex_factor_values_1', 'factor_values',
         ''),
        ('index', 'sqlite_autoindex_factors_1', 'factors',
         ''),
        ('index', 'sqlite_autoindex_imports_1', 'imports',
         ''),
        ('index', 'sqlite_autoindex_locations_1', 'locations',
         ''),
        ('index', 'sqlite_autoindex_settings_1', 'settings',
         ''),
        ('index', 'sqlite_autoindex_unremembered_days_1', 'unremembered_days',
         ''),
        ('table', '_sqlite_migrations', '_sqlite_migrations',
         'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY,'
         ' "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )'),
        ('table', 'checkins', 'checkins',
         'CREATE TABLE checkins ( date TEXT PRIMARY KEY, sleep_hours REAL,'
         ' sleep_quality INTEGER, caffeine_mg REAL, stress INTEGER, exercise_min'
         ' REAL, alcohol_units REAL, nicotine INTEGER, magnesium INTEGER, potassium'
         ' INTEGER, weakness INTEGER, numbness INTEGER, wasting INTEGER, cramps'
         " INTEGER, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'episodes', 'episodes',
         'CREATE TABLE episodes ( id TEXT PRIMARY KEY, started_at TEXT NOT NULL,'
         ' started_utc TEXT NOT NULL, local_date TEXT NOT NULL, location_id INTEGER'
         ' NOT NULL REFERENCES locations(id), side TEXT NOT NULL DEFAULT'
         " 'unspecified' CHECK (side IN ('left', 'right', 'both', 'unspecified')),"
         ' duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0), intensity'
         ' INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10), kind TEXT'
         " NOT NULL DEFAULT 'twitch' CHECK (kind IN ('twitch', 'flutter', 'cramp',"
         " 'spasm')), notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'factor_values', 'factor_values',
         'CREATE TABLE factor_values ( date TEXT NOT NULL REFERENCES checkins(date)'
         ' ON DELETE CASCADE ON UPDATE CASCADE, factor_id INTEGER NOT NULL REFERENCES'
         ' factors(id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (date,'
         ' factor_id) )'),
        ('table', 'factors', 'factors',
         'CREATE TABLE factors ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         " COLLATE NOCASE, kind TEXT NOT NULL CHECK (kind IN ('number', 'scale',"
         " 'yesno')), unit TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL"
         ' DEFAULT 0 , import_id TEXT REFERENCES imports(id))'),
        ('table', 'imports', 'imports',
         'CREATE TABLE imports ( id TEXT PRIMARY KEY, imported_at TEXT NOT NULL,'
         ' source TEXT NOT NULL, episodes_added INTEGER NOT NULL DEFAULT 0,'
         ' episodes_updated INTEGER NOT NULL DEFAULT 0, days_added INTEGER NOT NULL'
         ' DEFAULT 0, days_updated INTEGER NOT NULL DEFAULT 0, undone INTEGER NOT'
         ' NULL DEFAULT 0 )'),
        ('table', 'locations', 'locations',
         'CREATE TABLE locations ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         ' COLLATE NOCASE, builtin INTEGER NOT NULL DEFAULT 0 , import_id TEXT'
         ' REFERENCES imports(id))'),
        ('table', 'medications', 'medications',
         'CREATE TABLE medications ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dose'
         " TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, end_date TEXT , notes"
         " TEXT NOT NULL DEFAULT '', import_id TEXT REFERENCES imports(id))"),
        ('table', 'settings', 'settings',
         'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)'),
        ('table', 'unremembered_days', 'unremembered_days',
         'CREATE TABLE unremembered_days ( date TEXT PRIMARY KEY, marked_at TEXT NOT'
         ' NULL )'),
    ),
    5: (
        ('index', 'idx__sqlite_migrations_migration_set_name', '_sqlite_migrations',
         'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON'
         ' "_sqlite_migrations" ("migration_set", "name")'),
        ('index', 'idx_device_values_import', 'device_values',
         'CREATE INDEX idx_device_values_import ON device_values (import_id)'),
        ('index', 'idx_episodes_day', 'episodes',
         'CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s,'
         ' intensity)'),
        ('index', 'idx_episodes_location', 'episodes',
         'CREATE INDEX idx_episodes_location ON episodes (location_id, side)'),
        ('index', 'idx_episodes_utc', 'episodes',
         'CREATE INDEX idx_episodes_utc ON episodes (started_utc)'),
        ('index', 'sqlite_autoindex_checkins_1', 'checkins',
         ''),
        ('index', 'sqlite_autoindex_device_values_1', 'device_values',
         ''),
        ('index', 'sqlite_autoindex_episodes_1', 'episodes',
         ''),
        ('index', 'sqlite_autoindex_factor_values_1', 'factor_values',
         ''),
        ('index', 'sqlite_autoindex_factors_1', 'factors',
         ''),
        ('index', 'sqlite_autoindex_imports_1', 'imports',
         ''),
        ('index', 'sqlite_autoindex_locations_1', 'locations',
         ''),
        ('index', 'sqlite_autoindex_settings_1', 'settings',
         ''),
        ('index', 'sqlite_autoindex_unremembered_days_1', 'unremembered_days',
         ''),
        ('table', '_sqlite_migrations', '_sqlite_migrations',
         'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY,'
         ' "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )'),
        ('table', 'checkins', 'checkins',
         'CREATE TABLE checkins ( date TEXT PRIMARY KEY, sleep_hours REAL,'
         ' sleep_quality INTEGER, caffeine_mg REAL, stress INTEGER, exercise_min'
         ' REAL, alcohol_units REAL, nicotine INTEGER, magnesium INTEGER, potassium'
         ' INTEGER, weakness INTEGER, numbness INTEGER, wasting INTEGER, cramps'
         " INTEGER, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id),'
         ' sleep_source TEXT, caffeine_source TEXT)'),
        ('table', 'device_values', 'device_values',
         'CREATE TABLE device_values ( date TEXT NOT NULL, field TEXT NOT NULL CHECK'
         " (field IN ('sleep_hours', 'caffeine_mg')), value REAL NOT NULL, source"
         ' TEXT NOT NULL, import_id TEXT NOT NULL REFERENCES imports(id), applied'
         ' INTEGER NOT NULL DEFAULT 0, previous REAL, previous_source TEXT, PRIMARY'
         ' KEY (date, field, import_id) )'),
        ('table', 'episodes', 'episodes',
         'CREATE TABLE episodes ( id TEXT PRIMARY KEY, started_at TEXT NOT NULL,'
         ' started_utc TEXT NOT NULL, local_date TEXT NOT NULL, location_id INTEGER'
         ' NOT NULL REFERENCES locations(id), side TEXT NOT NULL DEFAULT'
         " 'unspecified' CHECK (side IN ('left', 'right', 'both', 'unspecified')),"
         ' duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0), intensity'
         ' INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10), kind TEXT'
         " NOT NULL DEFAULT 'twitch' CHECK (kind IN ('twitch', 'flutter', 'cramp',"
         " 'spasm')), notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'factor_values', 'factor_values',
         'CREATE TABLE factor_values ( date TEXT NOT NULL REFERENCES checkins(date)'
         ' ON DELETE CASCADE ON UPDATE CASCADE, factor_id INTEGER NOT NULL REFERENCES'
         ' factors(id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (date,'
         ' factor_id) )'),
        ('table', 'factors', 'factors',
         'CREATE TABLE factors ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         " COLLATE NOCASE, kind TEXT NOT NULL CHECK (kind IN ('number', 'scale',"
         " 'yesno')), unit TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL"
         ' DEFAULT 0 , import_id TEXT REFERENCES imports(id))'),
        ('table', 'imports', 'imports',
         'CREATE TABLE imports ( id TEXT PRIMARY KEY, imported_at TEXT NOT NULL,'
         ' source TEXT NOT NULL, episodes_added INTEGER NOT NULL DEFAULT 0,'
         ' episodes_updated INTEGER NOT NULL DEFAULT 0, days_added INTEGER NOT NULL'
         ' DEFAULT 0, days_updated INTEGER NOT NULL DEFAULT 0, undone INTEGER NOT'
         ' NULL DEFAULT 0 , device_values INTEGER NOT NULL DEFAULT 0)'),
        ('table', 'locations', 'locations',
         'CREATE TABLE locations ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         ' COLLATE NOCASE, builtin INTEGER NOT NULL DEFAULT 0 , import_id TEXT'
         ' REFERENCES imports(id))'),
        ('table', 'medications', 'medications',
         'CREATE TABLE medications ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dose'
         " TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, end_date TEXT , notes"
         " TEXT NOT NULL DEFAULT '', import_id TEXT REFERENCES imports(id))"),
        ('table', 'settings', 'settings',
         'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)'),
        ('table', 'unremembered_days', 'unremembered_days',
         'CREATE TABLE unremembered_days ( date TEXT PRIMARY KEY, marked_at TEXT NOT'
         ' NULL )'),
    ),
    6: (
        ('index', 'idx__sqlite_migrations_migration_set_name', '_sqlite_migrations',
         'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" ON'
         ' "_sqlite_migrations" ("migration_set", "name")'),
        ('index', 'idx_device_values_import', 'device_values',
         'CREATE INDEX idx_device_values_import ON device_values (import_id)'),
        ('index', 'idx_episodes_day', 'episodes',
         'CREATE INDEX idx_episodes_day ON episodes (local_date, duration_s,'
         ' intensity)'),
        ('index', 'idx_episodes_location', 'episodes',
         'CREATE INDEX idx_episodes_location ON episodes (location_id, side)'),
        ('index', 'idx_episodes_utc', 'episodes',
         'CREATE INDEX idx_episodes_utc ON episodes (started_utc)'),
        ('index', 'sqlite_autoindex_checkins_1', 'checkins',
         ''),
        ('index', 'sqlite_autoindex_device_values_1', 'device_values',
         ''),
        ('index', 'sqlite_autoindex_episodes_1', 'episodes',
         ''),
        ('index', 'sqlite_autoindex_factor_values_1', 'factor_values',
         ''),
        ('index', 'sqlite_autoindex_factors_1', 'factors',
         ''),
        ('index', 'sqlite_autoindex_imports_1', 'imports',
         ''),
        ('index', 'sqlite_autoindex_locations_1', 'locations',
         ''),
        ('index', 'sqlite_autoindex_settings_1', 'settings',
         ''),
        ('index', 'sqlite_autoindex_unremembered_days_1', 'unremembered_days',
         ''),
        ('table', '_sqlite_migrations', '_sqlite_migrations',
         'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY,'
         ' "migration_set" TEXT, "name" TEXT, "applied_at" TEXT )'),
        ('table', 'checkins', 'checkins',
         'CREATE TABLE checkins ( date TEXT PRIMARY KEY, sleep_hours REAL,'
         ' sleep_quality INTEGER, caffeine_mg REAL, stress INTEGER, exercise_min'
         ' REAL, alcohol_units REAL, nicotine INTEGER, magnesium INTEGER, potassium'
         ' INTEGER, weakness INTEGER, numbness INTEGER, wasting INTEGER, cramps'
         " INTEGER, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id),'
         ' sleep_source TEXT, caffeine_source TEXT)'),
        ('table', 'device_values', 'device_values',
         'CREATE TABLE device_values ( date TEXT NOT NULL, field TEXT NOT NULL CHECK'
         " (field IN ('sleep_hours', 'caffeine_mg')), value REAL NOT NULL, source"
         ' TEXT NOT NULL, import_id TEXT NOT NULL REFERENCES imports(id), applied'
         ' INTEGER NOT NULL DEFAULT 0, previous REAL, previous_source TEXT, PRIMARY'
         ' KEY (date, field, import_id) )'),
        ('table', 'episodes', 'episodes',
         'CREATE TABLE episodes ( id TEXT PRIMARY KEY, started_at TEXT NOT NULL,'
         ' started_utc TEXT NOT NULL, local_date TEXT NOT NULL, location_id INTEGER'
         ' NOT NULL REFERENCES locations(id), side TEXT NOT NULL DEFAULT'
         " 'unspecified' CHECK (side IN ('left', 'right', 'both', 'unspecified')),"
         ' duration_s REAL CHECK (duration_s IS NULL OR duration_s >= 0), intensity'
         ' INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 10), kind TEXT'
         " NOT NULL DEFAULT 'twitch' CHECK (kind IN ('twitch', 'flutter', 'cramp',"
         " 'spasm')), notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
         ' updated_at TEXT NOT NULL , import_id TEXT REFERENCES imports(id))'),
        ('table', 'factor_values', 'factor_values',
         'CREATE TABLE factor_values ( date TEXT NOT NULL REFERENCES checkins(date)'
         ' ON DELETE CASCADE ON UPDATE CASCADE, factor_id INTEGER NOT NULL REFERENCES'
         ' factors(id) ON DELETE CASCADE, value REAL NOT NULL, PRIMARY KEY (date,'
         ' factor_id) )'),
        ('table', 'factors', 'factors',
         'CREATE TABLE factors ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         " COLLATE NOCASE, kind TEXT NOT NULL CHECK (kind IN ('number', 'scale',"
         " 'yesno')), unit TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL"
         ' DEFAULT 0 , import_id TEXT REFERENCES imports(id))'),
        ('table', 'imports', 'imports',
         'CREATE TABLE imports ( id TEXT PRIMARY KEY, imported_at TEXT NOT NULL,'
         ' source TEXT NOT NULL, episodes_added INTEGER NOT NULL DEFAULT 0,'
         ' episodes_updated INTEGER NOT NULL DEFAULT 0, days_added INTEGER NOT NULL'
         ' DEFAULT 0, days_updated INTEGER NOT NULL DEFAULT 0, undone INTEGER NOT'
         ' NULL DEFAULT 0 , device_values INTEGER NOT NULL DEFAULT 0)'),
        ('table', 'locations', 'locations',
         'CREATE TABLE locations ( id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE'
         ' COLLATE NOCASE, builtin INTEGER NOT NULL DEFAULT 0 , import_id TEXT'
         ' REFERENCES imports(id))'),
        ('table', 'medications', 'medications',
         'CREATE TABLE medications ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, dose'
         " TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, end_date TEXT , notes"
         " TEXT NOT NULL DEFAULT '', import_id TEXT REFERENCES imports(id))"),
        ('table', 'settings', 'settings',
         'CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, import_id'
         ' TEXT REFERENCES imports(id))'),
        ('table', 'unremembered_days', 'unremembered_days',
         'CREATE TABLE unremembered_days ( date TEXT PRIMARY KEY, marked_at TEXT NOT'
         ' NULL , import_id TEXT REFERENCES imports(id))'),
    ),
}
