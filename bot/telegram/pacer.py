"""Pacing a fan-out of sends under Telegram's limit of 30 messages a second."""

from __future__ import annotations

import asyncio
import collections
import contextlib


class Pacer:
    """Spaces sends evenly at `rate`, and never lets more than `burst` of them reach the server
    within one second, however the network delays them.

    Sends keep to a plan (the previous planned time plus one interval), so a wake-up a millisecond
    late does not slow every later send; a send later than half an interval starts a new plan rather
    than releasing the ones behind it close together. The window is what guarantees a server counting
    any one second never sees more than Telegram's 30: a send goes out only a second after the
    answer to the send `burst` places before it came back, and that send had arrived by then.

        async with pacer.slot():
            await bot.send_message(...)
    """

    def __init__(self, rate: float, burst: int = 30, window: float = 1.0):
        self.interval = 1.0 / rate
        self.burst, self.window = burst, window
        self._planned = -1e9
        self._resume = 0.0
        self._done: collections.deque[asyncio.Future] = collections.deque(maxlen=burst)
        self._lock = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def slot(self):
        loop = asyncio.get_running_loop()
        async with self._lock:
            if len(self._done) == self.burst:
                answered_at = await asyncio.shield(self._done[0])
            else:
                answered_at = -1e9
            target = max(self._planned + self.interval, answered_at + self.window, self._resume)
            delay = target - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = loop.time()
            self._planned = target if now - target < self.interval / 2 else now
            answered = loop.create_future()
            self._done.append(answered)
        try:
            yield
        finally:
            # answered, refused or failed: by now it has reached the server, or never will
            answered.set_result(loop.time())

    def pause(self, seconds: float) -> None:
        """The server asked us to wait (429 retry_after): no send goes out before then."""
        self._resume = max(self._resume, asyncio.get_running_loop().time() + seconds)
