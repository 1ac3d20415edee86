from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answer.core import AnswerCore
from bot.config import Settings
from bot.conversation import Conversation
from bot.factbase import open_db
from bot.factbase.queries import FactStore
from bot.i18n import LOCALES_DIR
from bot.ingest.pipeline import ingest
from bot.telegram.app import build_application

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
ENTITIES = ROOT / "data" / "entities.yaml"
SEED = ROOT.parent / "shared" / "seed" / "000_d27121fbca7a8f7f.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside this checkout")


def pytest_sessionstart(session):
    missing = [p for p in LOCALES_DIR.glob("*/LC_MESSAGES/newsbot.po") if not p.with_suffix(".mo").exists()]
    if missing:
        pytest.exit(f"compiled catalogs missing ({', '.join(map(str, missing))}): run `make test`", returncode=2)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "newsbot.db"


@pytest.fixture
def fresh_db(db_path):
    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture
def articles_dir(tmp_path) -> Path:
    """A private copy of the shipped articles, free to edit."""
    dest = tmp_path / "articles"
    shutil.copytree(ARTICLES, dest)
    return dest


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("shipped") / "newsbot.db"
    db = open_db(path)
    report = ingest(db, [ARTICLES], ENTITIES)
    assert not report.errors, report.errors
    return db


@pytest.fixture
def core(shipped_db) -> AnswerCore:
    return AnswerCore(FactStore(shipped_db))


@pytest.fixture
def conv() -> Conversation:
    return Conversation()


@pytest.fixture
async def api():
    """The Bot API double, served over HTTP on loopback for one test."""
    from botapi import BotApiDouble

    double = await BotApiDouble().start()
    yield double
    await double.stop()


@pytest.fixture
def built_db(tmp_path):
    """A fact-base file with the shipped articles, closed, for an Application to open."""
    path = tmp_path / "bot.db"
    db = open_db(path)
    assert not ingest(db, [ARTICLES], ENTITIES).errors
    db.close()
    return path


class RunningBot:
    """Start and stop the Application as run_polling would, without blocking the test."""

    def __init__(self, settings: Settings):
        self.app = build_application(settings)

    async def __aenter__(self):
        await self.app.initialize()
        await self.app.post_init(self.app)  # as run_polling does
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1)
        return self.app

    async def __aexit__(self, *exc):
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.post_stop(self.app)  # as run_polling does: before the bot's HTTP client closes
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)


@pytest.fixture
def running(built_db):
    """The real bot on `built_db`, polling a Bot API double: `async with running(api) as app: ...`.
    Each call makes a new Application on the same database, as a restart would."""

    def start(double, admins: frozenset[int] = frozenset(), **settings) -> RunningBot:
        # quiet hours off unless a test sets them: the tests run at any hour
        settings.setdefault("quiet_hours", None)
        return RunningBot(Settings(db_path=built_db, entities_path=ENTITIES, token="123456:TEST-token-secret",
                                   api_url=double.url, admins=admins, **settings))

    return start
