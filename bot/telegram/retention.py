"""The daily prune while the bot runs (NEWSBOT_KEEP_DAYS): old articles and their facts leave the
fact base, off the event loop, on a connection of its own."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.factbase import open_db
from bot.factbase.retention import PruneReport, is_incremental, prune
from bot.telegram.services import NewsContext

log = logging.getLogger(__name__)

PRUNE_EVERY = 24 * 3600.0  # seconds between two prunes
PRUNE_FIRST = 300.0  # the first one, a few minutes after the start (not in the way of a restart)


def prune_file(db_path: Path, keep_days: int) -> PruneReport:
    """The prune, on a connection of its own. A file made before retention is not switched to
    incremental vacuum here: that rewrites it whole while holding the write lock (`newsbot prune`,
    run once with the bot stopped, does it)."""
    db = open_db(db_path)
    try:
        report = prune(db, keep_days, switch=False)
        if not is_incremental(db):
            log.warning("%s frees pages for reuse but does not shrink: stop the bot and run `newsbot prune` "
                        "once to switch it to incremental vacuum", db_path)
        return report
    finally:
        db.close()


async def prune_old_articles(context: NewsContext) -> None:
    """The repeating job. Conversations are written first, so the prune sees what each chat's "more"
    and "sources" point to, and read again after, as the prune left them."""
    services = context.services
    services.conversations.flush()
    try:
        report = await asyncio.to_thread(prune_file, services.settings.db_path, services.settings.keep_days)
    except Exception:
        log.exception("pruning the fact base failed; it is as it was, and the next prune tries again")
        return
    services.conversations.reload()
    log.info("%s", report.line())
