"""Which charts have enough to show yet, and a friendly word for those that do not.

A chart drawn from three days is an empty axis with a sliver of data: it looks broken
and says nothing. Until a chart has enough, the view says what will appear and when.
"""

from __future__ import annotations

from twitchlog.analysis.results import MIN_DAYS_FOR_TEST

WEEK = 7  # tracked days before the charts over time say anything
HOUR_EPISODES = 20  # twitches before the hour-by-weekday pattern is more than noise


def _more(count: int, word: str, plural: str = "") -> str:
    return f"{count} more {word if count == 1 else (plural or word + 's')} to go"


def chart_placeholders(days_tracked: int, episodes: int) -> dict[str, str]:
    """Chart key → what the user will see there and when, for charts not ready yet."""
    waiting: dict[str, str] = {}
    if days_tracked < WEEK:
        left = _more(WEEK - days_tracked, "check-in")
        waiting["timeline"] = (f"Your twitch chart fills in after about a week of check-ins: "
                               f"{left}.")
        waiting["calendar"] = f"Your calendar fills in after about a week of check-ins: {left}."
    if episodes == 0:
        waiting["locations"] = "The map of where you twitch fills in once you log a twitch."
    if episodes < HOUR_EPISODES:
        left = _more(HOUR_EPISODES - episodes, "twitch", "twitches")
        waiting["hours"] = (f"The times of day you twitch show after about {HOUR_EPISODES} "
                            f"twitches: {left}.")
    if days_tracked < MIN_DAYS_FOR_TEST:
        left = _more(MIN_DAYS_FOR_TEST - days_tracked, "tracked day")
        text = (f"What goes with your twitches shows after {MIN_DAYS_FOR_TEST} tracked days "
                f"(days with a check-in): {left}.")
        for key in ("overview", "factor", "dose"):
            waiting[key] = text
    return waiting
