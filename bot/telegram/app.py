"""Builds the python-telegram-bot Application: wiring only, in the order updates meet it."""

from __future__ import annotations

import logging
import re

from telegram.ext import (
    AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes,
    InlineQueryHandler, MessageHandler, filters,
)

from bot.answer.core import AnswerCore
from bot.briefing.alerts import AlertComposer, AlertPolicy, queue_new_alerts
from bot.briefing.digests import DigestComposer
from bot.config import Settings
from bot.factbase import open_db
from bot.factbase.conversations import ConversationStore
from bot.factbase.queries import FactStore
from bot.ingest.feeds.poll import FeedPoller
from bot.process import settle_after_startup
from bot.telegram.alerts import ALERT_POLL_EVERY, AlertDispatcher, alerts_job
from bot.telegram.commands import COMMANDS, help_menu, on_button, on_command, set_command_menus
from bot.telegram.delivery import FAN_OUT_RATE, schedule_all
from bot.telegram.feeds import POLL_EVERY, poll_feeds
from bot.telegram.handlers import on_error, on_text, on_unknown_command
from bot.telegram.inline import on_inline_query
from bot.telegram.pacer import Pacer
from bot.telegram.retention import PRUNE_EVERY, PRUNE_FIRST, prune_old_articles
from bot.telegram.services import BotServices, NewsContext
from bot.telegram.updates import PerChatUpdateProcessor


class RedactToken(logging.Filter):
    """The token never reaches a log line (httpx logs request URLs, which carry it)."""

    def __init__(self, token: str):
        super().__init__()
        self.pattern = re.compile(re.escape(token)) if token else None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pattern:
            message = record.getMessage()
            if self.pattern.search(message):
                record.msg, record.args = self.pattern.sub("<token>", message), None
        return True


def configure_logging(token: str | None, level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token or ""))


async def flush_conversations(context: NewsContext) -> None:
    context.bot_data.conversations.flush()


def build_application(settings: Settings, rate_limiter: AIORateLimiter | None = None) -> Application:
    async def post_init(app: Application) -> None:
        services: BotServices = app.bot_data
        services.settings = settings
        services.db = open_db(settings.db_path)
        services.core = AnswerCore(FactStore(services.db), help_menu("telegram", settings.admins))
        services.conversations = ConversationStore(services.db)
        services.digests = DigestComposer(services.db)
        services.pacer = Pacer(FAN_OUT_RATE)
        services.poller = FeedPoller(settings.db_path, settings.entities_path, keep_days=settings.keep_days)
        services.alert_composer = AlertComposer(services.db)
        services.alert_policy = AlertPolicy(settings.alerts_per_day, settings.quiet_hours)
        services.alerts = AlertDispatcher(app)
        # before any /follow can be made: the first start sets the cursor at the facts stored so far,
        # a later one matches what was stored while the bot was down
        queue_new_alerts(services.db)
        app.job_queue.run_repeating(flush_conversations, interval=2.0, first=2.0, name="flush-conversations")
        app.job_queue.run_repeating(poll_feeds, interval=POLL_EVERY, first=POLL_EVERY, name="poll-feeds")
        app.job_queue.run_repeating(alerts_job, interval=ALERT_POLL_EVERY, first=1.0, name="alerts")
        if settings.keep_days:
            app.job_queue.run_repeating(prune_old_articles, interval=PRUNE_EVERY, first=PRUNE_FIRST, name="prune")
        await set_command_menus(app)
        await schedule_all(app)
        settle_after_startup()

    async def post_stop(app: Application) -> None:
        if app.bot_data.alerts is not None:
            await app.bot_data.alerts.stop()

    async def post_shutdown(app: Application) -> None:
        services: BotServices = app.bot_data
        if services.alerts is not None:  # run_polling calls post_stop first; a test or bench may not
            await services.alerts.stop()
        if services.conversations is not None:
            services.conversations.flush()
        if services.poller is not None:
            await services.poller.close()
            services.poller = None
        if services.db is not None:
            services.db.close()
            services.db = None

    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .context_types(ContextTypes(context=NewsContext, bot_data=BotServices))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    # 1. commands from the one table (PTB drops '/cmd@otherbot'); 2. buttons, by the table of
    # prefixes; 3. inline queries; 4. any other command; 5. free text (in groups, only what is
    # addressed to the bot); 6. errors
    app.add_handler(CommandHandler([c.name for c in COMMANDS], on_command))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(InlineQueryHandler(on_inline_query))
    app.add_handler(MessageHandler(filters.COMMAND, on_unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_error_handler(on_error)
    return app
