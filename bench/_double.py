"""Start the Bot API double of the tests in a separate process, as a real server would be."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


class RemoteDouble:
    def __init__(self, rate_limit: float | None = None):
        self.port_file = Path(tempfile.mkstemp(suffix=".url")[1])
        self.port_file.write_text("")
        args = [sys.executable, str(ROOT / "tests" / "botapi.py"), str(self.port_file)]
        if rate_limit:
            args.append(str(rate_limit))
        self.proc = subprocess.Popen(args)
        deadline = time.monotonic() + 15
        while not self.port_file.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.url = self.port_file.read_text()
        if not self.url:
            self.close()
            raise RuntimeError("the Bot API double did not start")
        self.http = httpx.AsyncClient(base_url=self.url, timeout=30)

    async def send_texts(self, items: list[dict]) -> None:
        (await self.http.post("/_control/text", json=items)).raise_for_status()

    async def sent(self) -> dict:
        return (await self.http.get("/_control/sent")).json()

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.port_file.unlink(missing_ok=True)
