"""TwitchLog: a private desktop journal for muscle twitches."""

__version__ = "0.1.0"
APP_NAME = "TwitchLog"
