"""Every interface string exists in English and Simplified Chinese, and the compiled catalogs
match their sources."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[3] / "src" / "crosstalk" / "web" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    catalog = _catalog("zh_Hans")
    ids = [m for m in catalog if m.id]
    assert len(ids) > 100
    for message in ids:
        assert message.string, f"untranslated: {message.id!r}"
        assert set(PLACEHOLDER.findall(str(message.id))) == set(
            PLACEHOLDER.findall(str(message.string))
        ), message.id


def test_templates_have_no_strings_missing_from_the_catalog(tmp_path: Path) -> None:
    pot = tmp_path / "check.pot"
    root = LOCALE.parents[3]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(root / "babel.cfg"),
            "-o",
            str(pot),
            "--no-location",
            "--omit-header",
            "-k",
            "_",
            "-k",
            "gettext",
            str(root),
        ],
        check=True,
        capture_output=True,
        cwd=root,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    have = {m.id for m in _catalog("zh_Hans") if m.id and m.string}
    assert not wanted - have, f"run `make i18n` and translate: {sorted(wanted - have)}"


def test_compiled_catalogs_match_their_sources() -> None:
    for locale in ("en", "zh_Hans"):
        buf = io.BytesIO()
        write_mo(buf, _catalog(locale))
        buf.seek(0)
        fresh = gettext.GNUTranslations(buf)._catalog  # type: ignore[attr-defined]
        with (LOCALE / locale / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
            committed = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        assert fresh == committed, f"{locale}: run `make i18n`"
