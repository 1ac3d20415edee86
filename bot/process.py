"""Start-up of the processes that stay up (the Telegram bot, the terminal chat): load what the
first questions would otherwise pay for, then keep garbage collection off the replies."""

from __future__ import annotations

import gc
import os

from bot.language import load_model

# Young objects are collected after this many allocations (Python's default is 700): a reply
# allocates a few thousand short-lived objects, so with the default several collections run in
# each reply, and now and then an older generation's with them.
YOUNG_COLLECTION_AFTER = 20_000


def settle_after_startup() -> None:
    """Call once everything long-lived is loaded (fact-base connection, answer core, catalogs)."""
    load_model()
    if os.environ.get("NEWSBOT_GC_DEFAULTS"):  # bench/answers.py compares both ways
        return
    # what start-up made lives as long as the process: out of every later collection's way
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, middle, old)
