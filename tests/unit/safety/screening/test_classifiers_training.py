"""Training rebuilds loadable, calibrated artifacts from data laid out like /work/shared/data."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from crosstalk.safety.screening.classifiers.linear import LinearModel
from crosstalk.safety.screening.training import train_all
from crosstalk.safety.screening.training.data import DataMissingError, load_dataset, split_dataset

_EN_OK = ["what a lovely day at the park", "see you at dinner tonight", "the train is late again"]
_EN_BAD = ["you are a stupid idiot", "shut up you worthless loser", "nobody likes you moron"]
_EN_HATE = ["those people are vermin", "they are subhuman animals", "send them all back"]
_EN_SEX = ["send me nudes now", "i want your body tonight", "show me your tits"]
_EN_SPAM = ["win a free prize call now", "claim your cash reward today", "free ringtone text win"]
_ZH_OK = ["今天天气很好", "我们去公园散步吧", "这家店的面很好吃"]
_ZH_BAD = ["这些人都是垃圾", "他们都是骗子和小偷", "那帮人真下贱"]


def _rows(rng: random.Random, pools: list[tuple[list[str], int, str | None]], n: int) -> list[dict]:
    rows = []
    for i in range(n):
        texts, label, category = pools[i % len(pools)]
        text = f"{rng.choice(texts)} {rng.choice(texts)} {i}"
        rows.append({"text": text, "label": label, "category": category, "meta": {}})
    return rows


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data.encode()))
    else:
        path.write_text(data, encoding="utf-8")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    rng = random.Random(1)
    root = tmp_path / "data"
    mod = root / "moderation"
    davidson = _rows(
        rng, [(_EN_OK, 0, None), (_EN_BAD, 1, "harassment"), (_EN_HATE, 1, "hate")], 240
    )
    for r in davidson:
        cls = 2 if r["label"] == 0 else (0 if r["category"] == "hate" else 1)
        r["meta"] = {
            "class": cls,
            "count": 3,
            "hate_speech": 3 * (cls == 0),
            "offensive_language": 3 * (cls == 1),
            "neither": 3 * (cls == 2),
        }
    _write(mod / "davidson" / "all.jsonl.gz", davidson)
    _write(
        mod / "convabuse" / "convabuse.jsonl",
        _rows(rng, [(_EN_OK, 0, None), (_EN_SEX, 1, "sexual"), (_EN_BAD, 1, "harassment")], 240),
    )
    _write(
        mod / "sms_spam" / "sms_spam.jsonl",
        _rows(rng, [(_EN_OK, 0, None), (_EN_SPAM, 1, "spam")], 200),
    )
    cold = _rows(rng, [(_ZH_OK, 0, None), (_ZH_BAD, 1, "hate")], 200)
    _write(mod / "cold" / "train.jsonl.gz", cold[:150])
    _write(mod / "cold" / "dev.jsonl", cold[150:])
    swsr = _rows(rng, [(_ZH_OK, 0, None), (_ZH_BAD, 1, "hate")], 120)
    for i, r in enumerate(swsr):
        r["meta"] = {"weibo_id": f"w{i // 4}"}
    _write(mod / "swsr" / "swsr.jsonl.gz", swsr)
    return root


def test_train_all_writes_loadable_calibrated_models_and_metrics(data_dir: Path, tmp_path: Path):
    out = tmp_path / "artifacts"
    report = train_all(data_dir, out, seed=13)
    for lang in ("en", "zh"):
        model = LinearModel.load(out, lang)
        assert model.predict(["hello"]).shape == (1, len(model.categories))
    assert report["en"]["spam"]["all"]["f1"] > 0.9
    assert report["zh"]["hate"]["all"]["f1"] > 0.9
    assert json.loads((out / "metrics.json").read_text())["seed"] == 13


def test_training_is_byte_reproducible(data_dir: Path, tmp_path: Path) -> None:
    train_all(data_dir, tmp_path / "a", seed=13)
    train_all(data_dir, tmp_path / "b", seed=13)
    for name in ("en.npz", "en.json.gz", "zh.npz", "zh.json.gz", "metrics.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_swsr_comments_of_one_post_stay_in_one_split(data_dir: Path) -> None:
    splits = split_dataset(load_dataset(data_dir, "swsr"), seed=13)
    seen: dict[str, str] = {}
    for split, rows in splits.items():
        for ex in rows:
            assert seen.setdefault(ex.group, split) == split


def test_missing_data_is_a_clear_bilingual_error(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError) as info:
        train_all(tmp_path / "nowhere", tmp_path / "out")
    assert "not found" in info.value.message_en
    assert "找不到" in info.value.message_zh
