"""Settings from the environment (and a .env file when present)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "data/newsbot.db"
DEFAULT_ENTITIES = "data/entities.yaml"
DEFAULT_API_URL = "https://api.telegram.org"


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
        )
