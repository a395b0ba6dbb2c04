"""Classifier artifacts load from the package alone and score like they did when trained."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from crosstalk.safety.screening.classifiers.lexicon import compile_lexicon, load_lexicons
from crosstalk.safety.screening.classifiers.linear import LinearModel, model_text
from crosstalk.safety.screening.normalize import normalize
from crosstalk.safety.screening.scoring import ARTIFACTS, CATEGORIES


def test_artifacts_are_small_and_plain_data() -> None:
    files = [p for p in ARTIFACTS.iterdir() if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 5_000_000
    assert not [p for p in files if p.suffix in (".pkl", ".pickle", ".joblib")]


def test_models_load_and_give_probabilities() -> None:
    for lang in ("en", "zh"):
        model = LinearModel.load(ARTIFACTS, lang)
        assert set(model.categories) <= set(CATEGORIES)
        p = model.predict(["hello friend", "you stupid bitch"])
        assert p.shape == (2, len(model.categories))
        assert np.all((p >= 0) & (p <= 1))


def test_english_model_separates_an_insult_from_a_greeting() -> None:
    model = LinearModel.load(ARTIFACTS, "en")
    k = model.categories.index("harassment")
    p = model.predict([model_text("have a nice day"), model_text("shut up you stupid bitch")])
    assert p[1, k] > 0.9 > 0.2 > p[0, k]


def test_saved_model_round_trips(tmp_path: Path) -> None:
    model = LinearModel.load(ARTIFACTS, "zh")
    model.save(tmp_path)
    again = LinearModel.load(tmp_path, "zh")
    texts = ["你好", "河南人都是骗子"]
    assert np.allclose(model.predict(texts), again.predict(texts), atol=1e-3)


def test_held_out_metrics_are_recorded_with_the_artifacts() -> None:
    metrics = json.loads((ARTIFACTS / "metrics.json").read_text())
    assert metrics["en"]["spam"]["all"]["f1"] > 0.9
    assert metrics["zh"]["hate"]["all"]["f1"] > 0.8


def test_english_terms_tolerate_stretched_letters_but_keep_word_boundaries() -> None:
    lex = compile_lexicon(
        {"name": "t", "lang": "en", "categories": {"hate": 0.9}, "terms": ["ass"]}
    )
    assert lex.find(normalize("what an asssss"))
    assert not lex.find(normalize("first class passes"))
    assert not lex.find(normalize("as far as I know"))


def test_pinyin_entries_catch_homophones_and_latin_pinyin() -> None:
    lex = compile_lexicon(
        {"name": "t", "lang": "zh", "categories": {"harassment": 0.9}, "pinyin": ["操你妈"]}
    )
    assert lex.find(normalize("草泥马"))
    assert lex.find(normalize("cao ni ma"))
    assert not lex.find(normalize("草地上的马"))


def test_every_shipped_lexicon_names_known_categories() -> None:
    for lex in load_lexicons():
        for category, score in lex.categories:
            assert category in CATEGORIES
            assert 0.5 <= score <= 1.0


def test_fast_tfidf_features_equal_sklearns_transform_exactly() -> None:
    """Stage 1 builds its feature matrix without sklearn's per-n-gram Python loop; the matrix
    (indices, float32 values) must be the one sklearn's own `transform` gives."""
    from crosstalk.safety.screening.classifiers.linear import tfidf_transform
    from crosstalk.safety.screening.scoring import _models

    texts = [
        "you are a stupid idiot!!",
        "Thanks for sharing, the photos of the lake are lovely",
        "FREE entry!! txt WIN to 80086 now, call 0800 123",
        "今天天气很好，我们去公园散步吧",
        "你这个傻逼，滚出去",
        "",
        "  ",
        "a",
        "x  y\tz\n",
        "Straße ǅ ÀÉÎ",
        "日本人为什么进门要脱鞋？ why",
    ]
    for model in _models().values():
        docs = [model_text(normalize(t).squeezed) for t in texts]
        for v in model.vectorizers:
            ours, theirs = tfidf_transform(v, docs), v.transform(docs).tocsr()
            assert ours.dtype == theirs.dtype == np.float32
            assert np.array_equal(ours.indptr, theirs.indptr)
            assert np.array_equal(ours.indices, theirs.indices)
            assert np.array_equal(ours.data, theirs.data)
