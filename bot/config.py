"""Settings from the environment (and a .env file when present), and where the data lives.

The fact base is, in this order: `--db PATH`; $NEWSBOT_DB; $NEWSBOT_HOME/newsbot.db; data/newsbot.db
of the checkout when newsbot runs from one (`make run`, `make test`); else the user's data folder
(platformdirs: ~/.local/share/newsbot/newsbot.db on Linux). The default entities file is the
checkout's data/entities.yaml, or the copy the installed package carries; $NEWSBOT_ENTITIES overrides."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DB_NAME = "newsbot.db"
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


class SettingsError(ValueError):
    """A setting in the environment that cannot be used as it is."""


def load_dotenv_file(path: str | Path = ".env") -> None:
    """Read .env into the environment without overriding what is already set."""
    if Path(path).is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


def checkout_root() -> Path | None:
    """The source checkout the package runs from (an editable install, or the tests), else None."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "locales").is_dir() and (root / "data").is_dir():
        return root
    return None


def data_home() -> Path:
    """The folder the fact base lives in when neither --db nor $NEWSBOT_DB names a file."""
    if os.environ.get("NEWSBOT_HOME"):
        return Path(os.environ["NEWSBOT_HOME"]).expanduser()
    root = checkout_root()
    if root is not None:
        return root / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsbot", appauthor=False))


def default_db_path() -> Path:
    return data_home() / DB_NAME


def default_entities_path() -> Path:
    root = checkout_root()
    if root is not None:
        return root / "data" / "entities.yaml"
    return PACKAGE_DIR / "data" / "entities.yaml"


def keep_days_setting(value: str | None) -> int | None:
    """$NEWSBOT_KEEP_DAYS: a whole number of days, at least 1; unset or empty keeps everything."""
    if value is None or not value.strip():
        return None
    try:
        days = int(value.strip())
    except ValueError:
        days = 0
    if days < 1:
        raise SettingsError(f"NEWSBOT_KEEP_DAYS must be a whole number of days, 1 or more (not {value!r})")
    return days


@dataclass(frozen=True)
class Settings:
    db_path: Path
    entities_path: Path
    token: str | None
    api_url: str
    admins: frozenset[int]
    webhook_secret: str | None = None  # checked on webhook requests (`newsbot run --webhook`)
    keep_days: int | None = None  # prune articles older than this many days (None: keep everything)
    alerts_per_day: int = DEFAULT_ALERTS_PER_DAY  # alert messages a chat gets per local day at most
    quiet_hours: tuple[int, int] | None = parse_quiet_hours(DEFAULT_QUIET_HOURS)  # local hours with no alerts

    @classmethod
    def from_env(cls, db: str | None = None) -> "Settings":
        admins = frozenset(int(x) for x in os.environ.get("NEWSBOT_ADMINS", "").replace(",", " ").split()
                           if x.strip().lstrip("-").isdigit())
        db_path = db or os.environ.get("NEWSBOT_DB")
        return cls(
            db_path=Path(db_path).expanduser() if db_path else default_db_path(),
            entities_path=Path(os.environ.get("NEWSBOT_ENTITIES") or default_entities_path()),
            token=os.environ.get("TELEGRAM_BOT_TOKEN") or None,
            api_url=(os.environ.get("TELEGRAM_API_URL") or DEFAULT_API_URL).rstrip("/"),
            admins=admins,
            webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
            keep_days=keep_days_setting(os.environ.get("NEWSBOT_KEEP_DAYS")),
            alerts_per_day=_int(os.environ.get("NEWSBOT_ALERTS_PER_DAY"), DEFAULT_ALERTS_PER_DAY),
            quiet_hours=parse_quiet_hours(os.environ.get("NEWSBOT_QUIET_HOURS", DEFAULT_QUIET_HOURS)),
        )
