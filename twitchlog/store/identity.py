"""How a TwitchLog journal file identifies itself, without importing the schema."""

#: ``PRAGMA application_id`` of every TwitchLog journal: ASCII "TWLG".
APPLICATION_ID = 0x54574C47

#: The schema version this TwitchLog writes: the number of migrations in
#: :mod:`twitchlog.store.schema` (a test keeps the two in step).
SCHEMA_VERSION = 6
