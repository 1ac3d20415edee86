"""A Bot API double: an HTTP server on loopback that speaks enough of Telegram's Bot API for the
real python-telegram-bot Application to poll it and send to it. Tests queue updates, script
failures (400, 403, 429 with retry_after, 500) and read back what the bot sent."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque

from aiohttp import web

BOT_USER = {"id": 999, "is_bot": True, "first_name": "newsbot", "username": "newsbot_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}
JSON_FIELDS = {"reply_markup", "commands", "scope", "allowed_updates", "entities", "link_preview_options",
               "results", "button"}
INT_FIELDS = {"chat_id", "offset", "limit", "timeout", "message_id", "message_thread_id", "user_id", "cache_time"}


class BotApiDouble:
    def __init__(self, rate_limit: float | None = None):
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self.sent_times: list[float] = []  # when each accepted sendMessage arrived
        self.failures: dict[str, deque] = defaultdict(deque)  # method -> [(status, description, retry_after)]
        self.unsupported: set[str] = set()
        self.admins: dict[int, set[int]] = defaultdict(set)  # group chat id -> its administrators' user ids
        self.rate_limit = rate_limit  # answer 429 above this many sendMessage calls per second
        self._recent: deque = deque()
        self._ids = itertools.count(1)
        self._msg_ids = itertools.count(100)
        self._new_update = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.url = ""

    # -- server ----------------------------------------------------------------------------------

    async def start(self) -> "BotApiDouble":
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # control endpoints, for driving a double that runs in another process (bench/)
        app.router.add_post("/_control/text", self._control_text)
        app.router.add_get("/_control/sent", self._control_sent)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = {}
        if request.can_read_body:
            form = await request.post()
            for k, v in form.items():
                if k in JSON_FIELDS:
                    v = json.loads(v)
                elif k in INT_FIELDS:
                    v = int(v)
                params[k] = v
        if method != "getUpdates":
            self.calls.append((method, params))
        if method in self.unsupported:
            return self._error(404, "Not Found: method not found")
        if self.failures[method]:
            status, description, retry_after = self.failures[method].popleft()
            return self._error(status, description, retry_after)
        if method == "sendMessage" and self.rate_limit:
            now = time.monotonic()
            while self._recent and now - self._recent[0] > 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.rate_limit:
                self.calls[-1] = ("sendMessage:429", params)
                return self._error(429, "Too Many Requests: retry after 1", 1)
            self._recent.append(now)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            return self._ok(True)
        result = handler(params)
        if asyncio.iscoroutine(result):
            result = await result
        return self._ok(result)

    async def _control_text(self, request: web.Request) -> web.Response:
        body = await request.json()
        for item in body:
            self.send_text(int(item["chat_id"]), item["text"], item.get("language_code", "en"))
        return web.json_response({"queued": len(body)})

    async def _control_sent(self, request: web.Request) -> web.Response:
        return web.json_response({"sent": len(self.sent()),
                                  "refused": sum(1 for m, _ in self.calls if m == "sendMessage:429"),
                                  "per_chat": self._per_chat(),
                                  "window": (self.sent_times[-1] - self.sent_times[0]) if self.sent_times else 0.0,
                                  "busiest_second": self.busiest_second()})

    def busiest_second(self) -> int:
        """The most sendMessage calls accepted within any one second."""
        best, lo = 0, 0
        for hi, t in enumerate(self.sent_times):
            while t - self.sent_times[lo] > 1.0:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    def _per_chat(self) -> dict:
        counts: dict[str, int] = {}
        for p in self.sent():
            counts[str(p.get("chat_id"))] = counts.get(str(p.get("chat_id")), 0) + 1
        return counts

    @staticmethod
    def _ok(result) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body = {"ok": False, "error_code": status, "description": description}
        if retry_after:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    # -- methods ---------------------------------------------------------------------------------

    def api_getMe(self, params):
        return BOT_USER

    async def api_getUpdates(self, params):
        offset = params.get("offset", 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(float(params.get("timeout", 0)), 0.2))
            except asyncio.TimeoutError:
                pass
        return list(self.updates)

    def api_sendMessage(self, params):
        self.sent_times.append(time.monotonic())
        message = {"message_id": next(self._msg_ids), "date": int(time.time()),
                   "chat": {"id": params["chat_id"], "type": "private" if params["chat_id"] > 0 else "supergroup"},
                   "text": params.get("text", ""), "from": BOT_USER}
        if params.get("message_thread_id"):
            message["message_thread_id"], message["is_topic_message"] = params["message_thread_id"], True
        return message

    def api_getChatMember(self, params):
        user_id = params["user_id"]
        user = {"id": user_id, "is_bot": False, "first_name": "Member"}
        if user_id in self.admins[params["chat_id"]]:
            return {"status": "creator", "user": user, "is_anonymous": False}
        return {"status": "member", "user": user}

    def api_answerInlineQuery(self, params):
        return True

    def api_editMessageText(self, params):
        return self.api_sendMessage(params)

    # -- what tests use --------------------------------------------------------------------------

    def fail_next(self, method: str, status: int, description: str = "error", retry_after: int | None = None,
                  times: int = 1) -> None:
        for _ in range(times):
            self.failures[method].append((status, description, retry_after))

    def _push(self, update: dict) -> None:
        update["update_id"] = next(self._ids)
        self.updates.append(update)
        self._new_update.set()

    def send_text(self, chat_id: int, text: str, language_code: str | None = "en") -> None:
        user = {"id": chat_id, "is_bot": False, "first_name": "Ana"}
        if language_code:
            user["language_code"] = language_code
        entities = []
        if text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message = {"message_id": next(self._msg_ids), "date": int(time.time()), "text": text, "from": user,
                   "chat": {"id": chat_id, "type": "private", "first_name": "Ana"}}
        if entities:
            message["entities"] = entities
        self._push({"message": message})

    def send_group_text(self, chat_id: int, user_id: int, text: str, language_code: str | None = "en",
                        mention: bool = False, reply_to_bot: bool = False, thread_id: int | None = None) -> None:
        """A message in a group (supergroup; chat ids of groups are negative): with `mention`, the
        bot's @username opens it (as a mention entity); with `reply_to_bot`, it replies to one of the
        bot's messages; with `thread_id`, it is in that forum topic."""
        user = {"id": user_id, "is_bot": False, "first_name": "Luis", "language_code": language_code or "en"}
        entities = []
        if mention:
            at = "@" + BOT_USER["username"]
            text = f"{at} {text}"
            entities.append({"type": "mention", "offset": 0, "length": len(at)})
        elif text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        chat = {"id": chat_id, "type": "supergroup", "title": "Newsroom"}
        if thread_id:
            chat["is_forum"] = True
        message = {"message_id": next(self._msg_ids), "date": int(time.time()), "text": text, "from": user,
                   "chat": chat}
        if entities:
            message["entities"] = entities
        if reply_to_bot:
            message["reply_to_message"] = {"message_id": next(self._msg_ids), "date": int(time.time()),
                                           "text": "…", "from": BOT_USER, "chat": chat}
        if thread_id:
            message["message_thread_id"], message["is_topic_message"] = thread_id, True
        self._push({"message": message})

    def inline_query(self, user_id: int, query: str, language_code: str | None = "en") -> str:
        user = {"id": user_id, "is_bot": False, "first_name": "Ana"}
        if language_code:
            user["language_code"] = language_code
        query_id = str(next(self._ids))
        self._push({"inline_query": {"id": query_id, "from": user, "query": query, "offset": ""}})
        return query_id

    async def wait_inline_answer(self, query_id: str, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for method, params in self.calls:
                if method == "answerInlineQuery" and params.get("inline_query_id") == query_id:
                    return params
            await asyncio.sleep(0.02)
        raise AssertionError(f"no answer to inline query {query_id}")

    def press(self, chat_id: int, data: str, language_code: str | None = "en", user_id: int | None = None,
              thread_id: int | None = None) -> None:
        user = {"id": user_id or chat_id, "is_bot": False, "first_name": "Ana", "language_code": language_code or "en"}
        chat = {"id": chat_id, "type": "private", "first_name": "Ana"} if chat_id > 0 else \
            {"id": chat_id, "type": "supergroup", "title": "Newsroom"}
        message = {"message_id": next(self._msg_ids), "date": int(time.time()), "text": "…", "from": BOT_USER,
                   "chat": chat}
        if thread_id:
            message["message_thread_id"], message["is_topic_message"] = thread_id, True
        self._push({"callback_query": {"id": str(next(self._ids)), "from": user, "message": message,
                                       "chat_instance": "1", "data": data}})

    def sent(self, chat_id: int | None = None) -> list[dict]:
        return [p for m, p in self.calls if m == "sendMessage" and (chat_id is None or p.get("chat_id") == chat_id)]

    async def wait_sent(self, count: int, chat_id: int | None = None, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self.sent(chat_id)
            if len(sent) >= count:
                return sent
            await asyncio.sleep(0.02)
        raise AssertionError(f"expected {count} messages to {chat_id}, got {len(self.sent(chat_id))}: "
                             f"{[s.get('text', '')[:60] for s in self.sent(chat_id)]}")


def serve_forever(port_file: str, rate_limit: float | None = None) -> None:
    """Run a double in this process until killed; write its URL to port_file."""
    import logging

    # a bot shutting down drops its long poll mid-request: not worth a traceback on the bench's screen
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)

    async def main():
        double = await BotApiDouble(rate_limit=rate_limit).start()
        with open(port_file, "w") as f:
            f.write(double.url)
        await asyncio.Event().wait()

    asyncio.run(main())


if __name__ == "__main__":
    import sys

    serve_forever(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None)
