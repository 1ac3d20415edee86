"""Any install, not only a checkout: the sdist and the wheel built from it (as `python -m build`
does), installed into a fresh venv outside the repository, give a `newsbot` that ingests and answers
in English and Spanish from any folder, with its fact base in the user's data folder.

Offline: the wheel is built with this venv's setuptools and babel (no build isolation), and the
fresh venv reaches the dependencies already installed here through a .pth file, so nothing is
downloaded. The package under test is the one installed from the wheel, never the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                  "*.mo", "*.db", "*.db-*", "tests", "bench", "articles", ".env")

ARTICLE_EN = """---
title: Riverside council backs the new pier
date: 2026-11-30
lang: en
outlet: Valley Wire
---

The Riverside council approved the pier plan on Monday after a long debate.

"We will build the new pier before the summer," Mayor Ana Ortiz said after the vote.
"""

ARTICLE_ES = """---
title: El concejo de Riverside aprueba el nuevo muelle
date: 2026-11-30
lang: es
outlet: Diario del Valle
---

El concejo de Riverside aprobó el plan del muelle el lunes tras un largo debate.

"Vamos a construir el nuevo muelle antes del verano", dijo la alcaldesa Ana Ortiz tras la votación.
"""


def run(args: list, cwd: Path, env: dict | None = None, check: bool = True,
        stdin: str = "") -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with newsbot installed from the wheel."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT)
    # the sdist first, then the wheel from the unpacked sdist: MANIFEST.in must carry what setup.py needs
    sdist = run([sys.executable, "-c", "import setuptools.build_meta as b; print(b.build_sdist('dist'))"],
                source).stdout.strip().splitlines()[-1]
    with tarfile.open(source / "dist" / sdist) as tar:
        tar.extractall(tmp / "sdist", filter="data")
    (unpacked,) = (tmp / "sdist").iterdir()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", tmp / "wheels", unpacked], tmp)
    (wheel,) = (tmp / "wheels").glob("newsbot-*.whl")

    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp)
    site = Path(run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    tmp).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "_newsbot_test_dependencies.pth").write_text("\n".join(ours) + "\n")
    run([venv / "bin" / "python", "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q",
         wheel], tmp)
    return venv / "bin"


@pytest.fixture
def user_env(tmp_path) -> dict:
    """A user with a home of their own and nothing of newsbot's set."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEWSBOT_", "TELEGRAM_", "XDG_", "PYTHON", "VIRTUAL_ENV"))}
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.mark.slow
def test_the_wheel_carries_the_catalogs_and_the_entities(installed, tmp_path, user_env):
    where = run([installed / "python", "-c", "import bot, bot.config, bot.i18n; "
                 "print(bot.__file__); print(bot.i18n.LOCALES_DIR); print(bot.config.default_entities_path())"],
                tmp_path, user_env).stdout.split()
    package = Path(where[0]).parent
    assert package.is_relative_to(installed.parent) and not package.is_relative_to(ROOT)
    assert Path(where[1]) == package / "locales" and Path(where[2]) == package / "data" / "entities.yaml"
    assert {p.parent.parent.name for p in (package / "locales").glob("*/LC_MESSAGES/newsbot.mo")} == {"en", "es"}
    assert (package / "data" / "entities.yaml").read_bytes() == (ROOT / "data" / "entities.yaml").read_bytes()
    assert (package / "lexicon" / "es.txt").is_file()


@pytest.mark.slow
def test_an_installed_newsbot_ingests_and_answers_in_both_languages_from_any_folder(installed, tmp_path, user_env):
    folder = tmp_path / "somewhere"
    folder.mkdir()
    (folder / "pier.en.md").write_text(ARTICLE_EN, encoding="utf-8")
    (folder / "pier.es.md").write_text(ARTICLE_ES, encoding="utf-8")
    newsbot = installed / "newsbot"

    out = run([newsbot, "ingest", "pier.en.md", "pier.es.md"], folder, user_env).stdout
    assert out.startswith("articles: 2 added, 0 updated, 0 unchanged")
    english = json.loads(run([newsbot, "ask", "--json", "What did Ortiz say?"], folder, user_env).stdout)
    assert english["lang"] == "en" and english["answered"]
    assert english["text"].startswith("What Ana Ortiz said:") and "before the summer" in english["text"]
    spanish = json.loads(run([newsbot, "ask", "--json", "¿Qué dijo Ortiz?"], folder, user_env).stdout)
    assert spanish["lang"] == "es" and spanish["answered"]
    assert spanish["text"].startswith("Lo que dijo Ana Ortiz:") and "antes del verano" in spanish["text"]
    chat = run([newsbot, "chat", "--json"], folder, user_env, stdin="¿Qué dijo Ortiz?\nWhat did Ortiz say?\n")
    replies = [json.loads(line) for line in chat.stdout.splitlines()]
    assert [r["lang"] for r in replies] == ["es", "en"] and all(r["answered"] for r in replies), replies
    assert not chat.stderr

    # the fact base is in the user's data folder, not in ./data of wherever they stood
    assert (tmp_path / "home" / ".local" / "share" / "newsbot" / "newsbot.db").is_file()
    assert not (folder / "data").exists()

    doctor = run([newsbot, "doctor"], folder, user_env, check=False)
    assert doctor.returncode == 1  # no token: Telegram needs one
    lines = doctor.stdout.splitlines()
    assert lines[0].startswith("FAIL  token: TELEGRAM_BOT_TOKEN is not set")
    assert f"ok    fact base: {tmp_path / 'home' / '.local' / 'share' / 'newsbot' / 'newsbot.db'} is writable " \
           "(2 articles, 4 facts)" in lines
    assert any(line.startswith("ok    catalogs: en and es compiled, in ") and str(installed.parent) in line
               for line in lines)


@pytest.mark.slow
def test_newsbot_home_and_newsbot_db_choose_the_fact_base(installed, tmp_path, user_env):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "pier.md").write_text(ARTICLE_EN, encoding="utf-8")
    newsbot = installed / "newsbot"
    home = tmp_path / "service"
    run([newsbot, "ingest", "pier.md"], folder, user_env | {"NEWSBOT_HOME": str(home)})
    assert (home / "newsbot.db").is_file()
    run([newsbot, "ingest", "pier.md"], folder, user_env | {"NEWSBOT_HOME": str(home),
                                                             "NEWSBOT_DB": str(tmp_path / "named.db")})
    assert (tmp_path / "named.db").is_file()
    run([newsbot, "--db", "flag.db", "ingest", "pier.md"], folder, user_env | {"NEWSBOT_DB": str(tmp_path / "x.db")})
    assert (folder / "flag.db").is_file() and not (tmp_path / "x.db").exists()
    assert not (tmp_path / "home").exists()  # the user's data folder was never the default here
