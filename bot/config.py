"""Settings from the environment (and a .env file when present)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "data/newsbot.db"
DEFAULT_ENTITIES = "data/entities.yaml"
DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_ALERTS_PER_DAY = 5
DEFAULT_QUIET_HOURS = "22-07"
QUIET_RE = re.compile(r"^\s*([01]?\d|2[0-3])(?::00)?\s*-\s*([01]?\d|2[0-3])(?::00)?\s*$")


def parse_quiet_hours(text: str | None) -> tuple[int, int] | None:
    """'22-07' -> (22, 7): no alerts from 22:00 until 07:00 local time. 'off', '' or a start equal
    to its end -> None (no quiet hours)."""
    m = QUIET_RE.match(text or "")
    if not m or m.group(1) == m.group(2) or int(m.group(1)) == int(m.group(2)):
        return None
    return int(m.group(1)), int(m.group(2))


def _int(text: str | None, default: int) -> int:
    try:
        return max(0, int(text)) if text not in (None, "") else default
    except ValueError:
        return default


def load_dotenv_file(path: str | Path = ".env") -> None:
    """Read .env into the environment without overriding what is already set."""
    if Path(path).is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


@dataclass(frozen=True)
class Settings:
    db_path: Path
    entities_path: Path
    token: str | None
    api_url: str
    admins: frozenset[int]
    webhook_secret: str | None = None  # checked on webhook requests (`newsbot run --webhook`)
    alerts_per_day: int = DEFAULT_ALERTS_PER_DAY  # alert messages a chat gets per local day at most
    quiet_hours: tuple[int, int] | None = parse_quiet_hours(DEFAULT_QUIET_HOURS)  # local hours with no alerts

    @classmethod
    def from_env(cls, db: str | None = None) -> "Settings":
        admins = frozenset(int(x) for x in os.environ.get("NEWSBOT_ADMINS", "").replace(",", " ").split()
                           if x.strip().lstrip("-").isdigit())
        return cls(
            db_path=Path(db or os.environ.get("NEWSBOT_DB") or DEFAULT_DB),
            entities_path=Path(os.environ.get("NEWSBOT_ENTITIES") or DEFAULT_ENTITIES),
            token=os.environ.get("TELEGRAM_BOT_TOKEN") or None,
            api_url=(os.environ.get("TELEGRAM_API_URL") or DEFAULT_API_URL).rstrip("/"),
            admins=admins,
            webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
            alerts_per_day=_int(os.environ.get("NEWSBOT_ALERTS_PER_DAY"), DEFAULT_ALERTS_PER_DAY),
            quiet_hours=parse_quiet_hours(os.environ.get("NEWSBOT_QUIET_HOURS", DEFAULT_QUIET_HOURS)),
        )
