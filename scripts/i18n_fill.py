"""Fill the zh_Hans gettext catalog from locale/zh_Hans.yaml and list what is missing.

Run by `make i18n` after `pybabel update`; exits 1 when a msgid has no Chinese yet."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "crosstalk" / "web" / "locale"


def main() -> int:
    strings: dict[str, str] = yaml.safe_load((LOCALE / "zh_Hans.yaml").read_text("utf-8")) or {}
    po_path = LOCALE / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="zh_Hans")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in strings:
            message.string = strings[key] if isinstance(message.id, str) else (strings[key],)
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(key)
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    for key in missing:
        print(f"missing zh_Hans: {key!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
