"""The package build, beyond pyproject.toml: the installed package carries what a checkout keeps
outside it. The catalogs (locales/*/LC_MESSAGES/newsbot.po) are compiled with babel into
bot/locales/, and data/entities.yaml is copied to bot/data/, so `newsbot` works from any folder.
An editable install (`make`) reads both from the checkout instead."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Every .po under source compiled to the same place under target, as `pybabel compile` does
    (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, catalog)
        written.append(mo)
    if not written:
        raise RuntimeError(f"no catalogs under {source}: the build needs locales/*/LC_MESSAGES/*.po")
    return written


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "bot"
        compile_catalogs(SOURCE / "locales", package / "locales")
        (package / "data").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SOURCE / "data" / "entities.yaml", package / "data" / "entities.yaml")


setup(cmdclass={"build_py": BuildWithCatalogs})
