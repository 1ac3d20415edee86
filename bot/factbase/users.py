"""Per-chat preferences (language, time zone), kept in SQLite so they survive restarts."""

from __future__ import annotations

from sqlite_utils import Database

from bot.factbase.schema import stamp


def get_prefs(db: Database, chat_id: int) -> dict:
    cursor = db.execute("SELECT * FROM users WHERE chat_id = ?", [chat_id])
    row = cursor.fetchone()
    return dict(zip((c[0] for c in cursor.description), row)) if row else {}


def set_pref(db: Database, chat_id: int, **values) -> None:
    with db.atomic():
        if get_prefs(db, chat_id):
            db["users"].update(chat_id, {**values, "updated_at": stamp()})
        else:
            db["users"].insert({"chat_id": chat_id, **values, "created_at": stamp(), "updated_at": stamp()})
