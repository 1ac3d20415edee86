"""Each chat's conversation state in SQLite, so follow-ups and buttons work after a restart.

Conversations are read from memory and written behind: changed ones are flushed together every
few seconds and at shutdown, so a reply does not wait for a commit. A crash can lose at most the
last few seconds of "more"/"and Trump?" context — never preferences or subscriptions, which are
written at once.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from bot.conversation import Conversation
from bot.factbase.schema import stamp
from bot.factbase.users import get_prefs


def load_conversation(db: Database, chat_id: int) -> Conversation:
    rows = list(db["conversations"].rows_where("chat_id = ?", [chat_id], limit=1))
    conv = Conversation.from_dict(json.loads(rows[0]["state"])) if rows else Conversation()
    conv.explicit_lang = get_prefs(db, chat_id).get("lang")
    return conv


def _row(chat_id: int, conv: Conversation) -> dict:
    state = conv.to_dict()
    state.pop("explicit_lang", None)  # kept with the chat's preferences
    return {"chat_id": chat_id, "state": json.dumps(state, ensure_ascii=False),
            "updated_at": stamp()}


class ConversationStore:
    """Conversations of a running bot: in memory, written behind to SQLite."""

    def __init__(self, db: Database):
        self.db = db
        self._cache: dict[int, Conversation] = {}
        self._dirty: set[int] = set()

    def get(self, chat_id: int) -> Conversation:
        conv = self._cache.get(chat_id)
        if conv is None:
            conv = self._cache[chat_id] = load_conversation(self.db, chat_id)
        return conv

    def changed(self, chat_id: int) -> None:
        self._dirty.add(chat_id)

    def flush(self) -> int:
        if not self._dirty:
            return 0
        rows = [_row(c, self._cache[c]) for c in self._dirty if c in self._cache]
        with self.db.atomic():
            self.db["conversations"].upsert_all(rows, pk="chat_id")
        self._dirty.clear()
        if len(self._cache) > 10_000:  # keep memory bounded; SQLite has them all
            self._cache.clear()
        return len(rows)

    def reload(self) -> None:
        """Read conversations from SQLite again when next asked (after a prune changed them); those
        changed since the last flush are kept as they are."""
        self._cache = {c: conv for c, conv in self._cache.items() if c in self._dirty}
