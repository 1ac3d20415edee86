"""What every handler and job reaches through its context: the bot's long-lived objects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from telegram import Update
from telegram.ext import CallbackContext, ExtBot

from bot.answer.core import AnswerCore
from bot.briefing.alerts import AlertComposer, AlertPolicy
from bot.briefing.digests import DigestComposer
from bot.config import Settings
from bot.factbase.conversations import ConversationStore
from bot.ingest.feeds.poll import FeedPoller
from bot.telegram.pacer import Pacer


@dataclass
class BotServices:
    """Long-lived objects, opened in post_init and closed in post_shutdown."""

    settings: Settings | None = None
    db: Database | None = None
    core: AnswerCore | None = None
    conversations: ConversationStore | None = None
    digests: DigestComposer | None = None  # one digest per (language, day, last digest), built once
    pacer: Pacer | None = None  # spaces the digest fan-out under Telegram's limit
    poller: FeedPoller | None = None  # polls the feeds, with its own thread and SQLite connection
    alert_composer: AlertComposer | None = None  # one alert per (language, facts, follows), built once
    alert_policy: AlertPolicy | None = None  # the daily cap and quiet hours of the settings
    alerts: object | None = None  # the alert dispatcher (bot.telegram.alerts.AlertDispatcher)


class NewsContext(CallbackContext[ExtBot, dict, dict, BotServices]):
    """The context of every handler and job. For an update from a forum topic it knows the topic
    (`thread_id`), so replies to that chat go to the topic they answer."""

    thread_id: int | None = None
    thread_chat_id: int | None = None

    @property
    def services(self) -> BotServices:
        return self.bot_data

    @classmethod
    def from_update(cls, update: object, application) -> "NewsContext":
        context = super().from_update(update, application)
        message = update.effective_message if isinstance(update, Update) else None
        if message is not None and message.is_topic_message and message.message_thread_id:
            context.thread_id, context.thread_chat_id = message.message_thread_id, message.chat_id
        return context

    def thread_for(self, chat_id: int) -> int | None:
        """The forum topic a message to this chat belongs in: the one the update came from."""
        return self.thread_id if chat_id == self.thread_chat_id else None
