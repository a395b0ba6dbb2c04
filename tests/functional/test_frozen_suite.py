"""The frozen functional suite stays frozen: its files match their recorded hashes, every case
id is unique, and the suite is as large as its README says (≥ 1,200 cases a language)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import yaml

FROZEN = Path(__file__).resolve().parent / "frozen" / "v1"
DEV = Path(__file__).resolve().parent / "dev"


def _groups(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text("utf-8"))


def test_frozen_files_match_their_manifest() -> None:
    for line in (FROZEN / "MANIFEST.sha256").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((FROZEN / name).read_bytes()).hexdigest() == digest, (
            f"{name} changed: a frozen case is never edited; add a new version instead"
        )


def test_cases_are_many_unique_and_cover_enough_functionalities() -> None:
    for lang in ("en", "zh"):
        groups = _groups(FROZEN / f"{lang}.yaml")
        functions = Counter(g["function"] for g in groups)
        assert max(functions.values()) == 1, "one group per function keeps ids stable"
        assert len(functions) >= 25
        assert sum(len(g["texts"]) for g in groups) >= 1200
        assert {g["lang"] for g in groups} == {lang}


def test_no_dev_case_is_a_frozen_case() -> None:
    def texts(folder: Path) -> set[str]:
        return {
            str(t).strip().lower()
            for p in folder.glob("*.yaml")
            for g in _groups(p)
            for t in g["texts"]
        }

    assert texts(FROZEN) & texts(DEV) == set()
