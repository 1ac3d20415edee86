"""Alerts on Telegram: a JobQueue job looks at the fact base every ALERT_POLL_EVERY seconds for
facts stored since its last look (by this bot, a `newsbot ingest` or a `newsbot poll` in another
process alike), queues them for their followers, and a dispatcher sends one alert per chat under
the Pacer that digests use too."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from typing import Callable

from telegram.error import Forbidden
from telegram.ext import Application

from bot.briefing.alerts import DueAlert, claim_alert, plan_alerts, queue_new_alerts, record_alert
from bot.i18n import Translator
from bot.telegram.delivery import send_with_retries
from bot.telegram.follows import alert_keyboard
from bot.telegram.format import message_parts
from bot.telegram.services import BotServices, NewsContext

log = logging.getLogger(__name__)
ALERT_POLL_EVERY = 20.0  # seconds: an alert reaches its follower within a minute of the fact being stored
SENDERS = 8  # alerts claimed and in flight at once; the Pacer sets the rate, this bounds what a crash can cut short
STOP_GRACE = 5.0  # seconds a shutdown waits for the alerts in flight


class AlertDispatcher:
    """Sends what is due, one pass at a time: a pass started while one runs is folded into it
    (the running pass looks again when it ends), so no chat is sent to from two passes at once."""

    def __init__(self, app: Application):
        self.app = app
        self.now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)
        self._task: asyncio.Task | None = None
        self._again = False
        self._stopping = False

    def kick(self) -> asyncio.Task | None:
        if self._stopping:
            return None
        if self._task is not None and not self._task.done():
            self._again = True
        else:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="alerts")
        return self._task

    async def _run(self) -> None:
        services: BotServices = self.app.bot_data
        while True:
            self._again = False
            try:
                due = plan_alerts(services.db, services.alert_composer, services.alert_policy, self.now())
            except Exception:
                log.exception("planning alerts failed")
                return
            if due:
                await self.send_all(due)
            if not self._again or self._stopping:
                return

    async def send_all(self, due: list[DueAlert]) -> list[str]:
        """Send these alerts, SENDERS at a time, each claimed right before its send."""
        queue: asyncio.Queue[tuple[int, DueAlert]] = asyncio.Queue()
        for item in enumerate(due):
            queue.put_nowait(item)
        results = [""] * len(due)

        async def sender() -> None:
            while not queue.empty() and not self._stopping:
                n, alert = queue.get_nowait()
                results[n] = await send_alert(self.app, alert)

        await asyncio.gather(*(sender() for _ in range(min(SENDERS, len(due)))))
        return results

    async def idle(self) -> None:
        """Wait for the running pass, if any (tests and the bench)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        """At shutdown: no new alert is claimed, the ones in flight get STOP_GRACE seconds to be
        answered (so a restart sends each exactly once), and the unsent ones stay queued for the
        next start. Only an alert cut off in flight stays 'sending', never to be sent again."""
        self._stopping = True
        if self._task is None or self._task.done():
            return
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(self._task), STOP_GRACE)
        if not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def send_alert(app: Application, due: DueAlert) -> str:
    """Claim one chat's alert and send it; what happened, never raising for one chat's failure."""
    services: BotServices = app.bot_data
    claimed = claim_alert(services.db, due, services.alert_policy)
    if claimed is None:
        return "already"
    keyboard = alert_keyboard(due.follows, Translator(due.lang))
    parts = message_parts(due.plan.text)
    try:
        for n, part in enumerate(parts):
            await send_with_retries(app, due.chat_id, part, message_thread_id=due.thread_id,
                                    reply_markup=keyboard if n == len(parts) - 1 else None)
    except Forbidden:
        record_alert(services.db, claimed, "blocked")
        log.info("follower %s blocked the bot: follows paused", due.chat_id)
        return "blocked"
    except Exception as exc:  # one chat's failure never stops the others
        log.warning("alert for %s not delivered: %s", due.chat_id, exc)
        record_alert(services.db, claimed, "failed")
        return "failed"
    record_alert(services.db, claimed, "sent")
    return "sent"


async def alerts_job(context: NewsContext) -> None:
    """The repeating job: queue what is new, then send what is due (held alerts whose quiet hours
    have ended too). Nothing here may stop the job from running again."""
    services = context.services
    try:
        queued = queue_new_alerts(services.db)
        if queued:
            log.info("%d alerts queued", queued)
    except Exception:
        log.exception("queueing alerts failed")
    services.alerts.kick()
