"""The prefixes of inline buttons' callback_data. Every keyboard builds its data from these, and
`commands.BUTTONS` routes a press by them. A button's data is `prefix` or `prefix:value`; it outlives
a restart (old messages keep their buttons), so a prefix never changes meaning."""

from __future__ import annotations

MORE = "more"  # the next facts of the last answer
SOURCES = "src"  # the outlets behind the facts last shown
TRANSLATE = "tr"  # tr:<en|es>: the last question answered in that language
EXAMPLE = "ex"  # ex:<n>: the n-th example question of /start
LANGUAGE = "lang"  # lang:<en|es>: the /lang choice
SUBSCRIBE = "sub"  # sub:<HH:MM>: /subscribe at that time
TIMEZONE = "tz"  # tz:<IANA zone>: /timezone to that zone
PICK = "pick"  # pick:<n>: the n-th person offered for a name several people share
FOLLOW = "fol"  # fol:e:<entity id>: follow that person; fol:k:<words>: follow those words as a topic
UNFOLLOW = "unf"  # unf:<follow id>: stop following it
ALERT_MORE = "amore"  # amore:<follow id>: what the fact base has on what an alert was about


def callback_data(prefix: str, value: str | None = None) -> str:
    return prefix if value is None else f"{prefix}:{value}"


def parse_callback(data: str) -> tuple[str, str]:
    """'sub:08:00' -> ('sub', '08:00'); 'more' -> ('more', '')."""
    prefix, _, value = data.partition(":")
    return prefix, value
