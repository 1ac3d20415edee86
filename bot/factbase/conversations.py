"""Each chat's conversation state in SQLite, so follow-ups and buttons work after a restart."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from bot.answer.core import Conversation
from bot.factbase.users import get_prefs


def load_conversation(db: Database, chat_id: int) -> Conversation:
    rows = list(db["conversations"].rows_where("chat_id = ?", [chat_id], limit=1))
    conv = Conversation.from_dict(json.loads(rows[0]["state"])) if rows else Conversation()
    conv.explicit_lang = get_prefs(db, chat_id).get("lang")
    return conv


def save_conversation(db: Database, chat_id: int, conv: Conversation) -> None:
    state = conv.to_dict()
    state.pop("explicit_lang", None)  # kept with the chat's preferences
    with db.atomic():
        db["conversations"].upsert(
            {"chat_id": chat_id, "state": json.dumps(state, ensure_ascii=False),
             "updated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")},
            pk="chat_id")
