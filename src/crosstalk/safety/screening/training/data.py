"""Load the moderation data sets, map their labels to the taxonomy and split them reproducibly.

Every data set gets its own train / calibration / test split (70 / 15 / 15, fixed seed,
stratified by label and category; SWSR grouped by Weibo post). The benchmark reuses the same
function, so its held-out numbers are on exactly the rows training never saw.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crosstalk.safety.errors import SafetyError

# data set → language; the files each SOURCE.md describes.
DATASETS: dict[str, str] = {
    "davidson": "en",
    "convabuse": "en",
    "sms_spam": "en",
    "cold": "zh",
    "swsr": "zh",
}
_FILES: dict[str, tuple[str, ...]] = {
    "davidson": ("all.jsonl.gz",),
    "convabuse": ("convabuse.jsonl",),
    "sms_spam": ("sms_spam.jsonl",),
    "cold": ("train.jsonl.gz", "dev.jsonl"),
    "swsr": ("swsr.jsonl.gz",),
}
SPLITS = ("train", "calib", "test")


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    source: str
    category: str | None  # taxonomy category when harmful, else None
    weight: float  # annotator agreement, 1.0 when the set has no per-item votes
    group: str  # rows sharing a group always land in the same split


class DataMissingError(SafetyError):
    code = "safety.data_missing"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Moderation training data not found at {path}.",
            f"在 {path} 找不到审核训练数据。",
        )


def _read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _weight(row: dict) -> float:
    meta = row.get("meta") or {}
    if row["source"] == "davidson":
        count = int(meta.get("count") or 0)
        votes = {0: "hate_speech", 1: "offensive_language", 2: "neither"}[int(meta["class"])]
        return int(meta.get(votes) or 0) / count if count else 1.0
    if row["source"] == "convabuse":
        n = int(meta.get("n_annotators") or 0)
        abusive = int(meta.get("abusive_votes") or 0)
        if n:
            agree = abusive if row["label"] else n - abusive
            return max(agree / n, 0.5)
    return 1.0


def load_dataset(data_dir: Path, name: str) -> list[Example]:
    """Rows of one data set, de-duplicated by exact text (majority label, ties → harmful)."""
    folder = data_dir / "moderation" / name
    if not folder.is_dir():
        raise DataMissingError(folder)
    by_text: dict[str, list[dict]] = defaultdict(list)
    for file in _FILES[name]:
        for row in _read_jsonl(folder / file):
            text = (row.get("text") or "").strip()
            if text:
                row["source"] = name
                by_text[text].append(row)
    out = []
    for text, rows in by_text.items():
        harmful = [r for r in rows if r["label"]]
        if len(harmful) * 2 >= len(rows):
            cats = Counter(r["category"] for r in harmful)
            category: str | None = cats.most_common(1)[0][0]
            chosen = harmful
        else:
            category = None
            chosen = [r for r in rows if not r["label"]]
        weight = sum(_weight(r) for r in chosen) / len(chosen)
        meta = chosen[0].get("meta") or {}
        group = str(meta.get("weibo_id")) if name == "swsr" else text
        out.append(Example(text, DATASETS[name], name, category, weight, group))
    out.sort(key=lambda e: e.text)
    return out


def split_dataset(examples: list[Example], seed: int) -> dict[str, list[Example]]:
    """Stratified (by category) grouped split into train / calib / test, 70 / 15 / 15."""
    strata: dict[str, dict[str, list[Example]]] = defaultdict(lambda: defaultdict(list))
    for ex in examples:
        strata[ex.category or "-"][ex.group].append(ex)
    rng = random.Random(seed)  # noqa: S311 (a reproducible shuffle, not a secret)
    out: dict[str, list[Example]] = {s: [] for s in SPLITS}
    assigned: dict[str, str] = {}
    for key in sorted(strata):
        groups = sorted(strata[key])
        rng.shuffle(groups)
        total = sum(len(strata[key][g]) for g in groups)
        done = 0
        for g in groups:
            split = assigned.get(g)
            if split is None:
                frac = done / total if total else 0.0
                split = "train" if frac < 0.70 else "calib" if frac < 0.85 else "test"
                assigned[g] = split
            out[split].extend(strata[key][g])
            done += len(strata[key][g])
    return out


def load_splits(data_dir: Path, seed: int = 13) -> dict[str, dict[str, list[Example]]]:
    """data set name → split name → examples, for every data set present under `data_dir`."""
    return {name: split_dataset(load_dataset(data_dir, name), seed) for name in DATASETS}
