"""Rebuild the stage-1 classifier artifacts from the moderation data sets, reproducibly.

`train_all(data_dir, out_dir)` fits one TF-IDF + logistic-regression model per language
(categories the data supports), calibrates each category with Platt scaling on a held-out
calibration split and reports precision / recall / F1 on a separate test split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from crosstalk.safety.screening.classifiers.linear import LinearModel, make_vectorizers, model_text
from crosstalk.safety.screening.normalize import normalize
from crosstalk.safety.screening.training.data import DATASETS, Example, load_splits

# Categories a trained model covers, per language (everything else is rules + stage 2).
TRAINED: dict[str, tuple[str, ...]] = {
    "en": ("harassment", "hate", "sexual", "spam"),
    "zh": ("hate",),
}
_C = {"en": 4.0, "zh": 2.0}


def eligible(ex: Example, category: str) -> int | None:
    """1 / 0 training label of `ex` for `category`, or None when the row says nothing about it.

    A row labelled harmful for another category is left out (its data set never asked about
    this one), except where that contrast is the data set's point: Davidson "offensive" rows
    are negatives for hate, and every non-spam row is a negative for spam.
    """
    if ex.category == category:
        return 1
    if ex.category is None:
        return 0
    if category == "spam":
        return 0
    if category == "hate" and ex.source == "davidson" and ex.category == "harassment":
        return 0
    return None


def classifier_input(text: str) -> str:
    """The folded form both training and scoring feed to the model."""
    return model_text(normalize(text).squeezed)


def _rows(examples: list[Example], category: str) -> tuple[list[int], np.ndarray, np.ndarray]:
    idx, y, w = [], [], []
    for i, ex in enumerate(examples):
        label = eligible(ex, category)
        if label is not None:
            idx.append(i)
            y.append(label)
            w.append(ex.weight)
    return idx, np.array(y), np.array(w)


def _prf(y: np.ndarray, p: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    pred = p >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "positives": int(np.sum(y == 1)),
        "n": len(y),
    }


def train_language(
    lang: str, splits: dict[str, dict[str, list[Example]]], seed: int
) -> tuple[LinearModel, dict[str, Any]]:
    names = [n for n, lang_ in DATASETS.items() if lang_ == lang and n in splits]
    part = {s: [ex for n in names for ex in splits[n][s]] for s in ("train", "calib", "test")}
    texts = {s: [classifier_input(ex.text) for ex in part[s]] for s in part}

    vectorizers = make_vectorizers(lang)
    blocks = [v.fit_transform(texts["train"]) for v in vectorizers]
    x_train = sp.hstack(blocks, format="csr")

    def transform(ts: list[str]) -> sp.csr_matrix:
        return sp.hstack([v.transform(ts) for v in vectorizers], format="csr")

    x_calib, x_test = transform(texts["calib"]), transform(texts["test"])
    categories = TRAINED[lang]
    coef = np.zeros((x_train.shape[1], len(categories)), dtype=np.float32)
    intercept = np.zeros(len(categories), dtype=np.float32)
    platt_a = np.ones(len(categories), dtype=np.float32)
    platt_b = np.zeros(len(categories), dtype=np.float32)
    for k, category in enumerate(categories):
        idx, y, w = _rows(part["train"], category)
        lr = LogisticRegression(
            C=_C[lang], class_weight="balanced", solver="liblinear", random_state=seed
        )
        lr.fit(x_train[idx], y, sample_weight=w)
        coef[:, k] = lr.coef_[0]
        intercept[k] = lr.intercept_[0]
        cidx, cy, _ = _rows(part["calib"], category)
        margin = (x_calib[cidx] @ coef[:, k] + intercept[k]).reshape(-1, 1)
        platt = LogisticRegression(C=1e4, solver="lbfgs")
        platt.fit(margin.astype(np.float64), cy)
        platt_a[k] = platt.coef_[0][0]
        platt_b[k] = platt.intercept_[0]

    model = LinearModel(
        lang=lang,
        categories=categories,
        vectorizers=vectorizers,
        coef=coef,
        intercept=intercept,
        platt_a=platt_a,
        platt_b=platt_b,
        info={"seed": seed, "datasets": names, "train_rows": len(part["train"])},
    )
    # Evaluate the model exactly as it will be loaded (float16 weights).
    model.coef = model.coef.astype(np.float16).astype(np.float32)
    probs = 1.0 / (
        1.0 + np.exp(-(platt_a * (np.asarray(x_test @ model.coef) + intercept) + platt_b))
    )
    metrics: dict[str, Any] = {}
    for k, category in enumerate(categories):
        tidx, ty, _ = _rows(part["test"], category)
        metrics[category] = {"all": _prf(ty, probs[tidx, k])}
        for name in names:
            sel = [j for j, i in enumerate(tidx) if part["test"][i].source == name]
            if sel and int(np.sum(ty[sel])) > 0:
                metrics[category][name] = _prf(ty[sel], probs[tidx, k][sel])
    harmful = np.array([1 if ex.category not in (None, "spam") else 0 for ex in part["test"]])
    not_spam = [i for i, ex in enumerate(part["test"]) if ex.category != "spam"]
    harm_cols = [k for k, c in enumerate(categories) if c != "spam"]
    any_harm = probs[np.ix_(not_spam, harm_cols)].max(axis=1)
    metrics["any_harmful"] = _prf(harmful[not_spam], any_harm)
    return model, metrics


def train_all(data_dir: Path, out_dir: Path, seed: int = 13) -> dict[str, Any]:
    """Train and write `<lang>.json.gz` + `<lang>.npz` for en and zh; returns held-out metrics."""
    splits = load_splits(Path(data_dir), seed)
    out_dir = Path(out_dir)
    report: dict[str, Any] = {"seed": seed}
    for lang in TRAINED:
        model, metrics = train_language(lang, splits, seed)
        model.save(out_dir)
        report[lang] = metrics
    (out_dir / "metrics.json").write_text(
        json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return report
