"""Stage-1 classifier: TF-IDF word and character n-grams, one linear model per category.

The artifact is plain data (a gzipped JSON vocabulary and an `.npz` of weights, loaded with
`allow_pickle=False`), so loading a model file can never execute code.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+);")
_RT = re.compile(r"^rt\b:?\s*")


def model_text(folded: str) -> str:
    """What the classifier reads: folded text without mentions, URLs and retweet markers."""
    out = _ENTITY.sub(" ", folded)
    out = _URL.sub(" httpurl ", out)
    out = _MENTION.sub(" @user ", out)
    return _RT.sub("", out.strip())


def make_vectorizers(lang: str) -> list[TfidfVectorizer]:
    """The feature extractors for `lang`; training and loading build the same ones."""
    if lang == "zh":
        return [
            TfidfVectorizer(
                analyzer="char",
                ngram_range=(1, 3),
                min_df=3,
                max_features=60000,
                sublinear_tf=True,
                dtype=np.float32,
            )
        ]
    return [
        TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            min_df=2,
            max_features=30000,
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w+\b|[!?]",  # noqa: S106 (a regex, not a password)
            dtype=np.float32,
        ),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            min_df=3,
            max_features=50000,
            sublinear_tf=True,
            dtype=np.float32,
        ),
    ]


def tfidf_transform(v: TfidfVectorizer, docs: list[str]) -> sp.csr_matrix:
    """`v.transform(docs)` for a fitted sublinear-tf, l2-normalised vectorizer, computed the
    same way (float32 counts, log + 1, idf, l2) and equal to it, but with the vocabulary
    looked up by `map` and the counts summed by scipy instead of a Python loop per n-gram."""
    analyze = v.build_analyzer()
    get = v.vocabulary_.get
    indices: list[int] = []
    indptr = [0]
    for doc in docs:
        indices += [j for j in map(get, analyze(doc)) if j is not None]
        indptr.append(len(indices))
    x = sp.csr_matrix(
        (
            np.ones(len(indices), dtype=v.dtype),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int32),
        ),
        shape=(len(docs), len(v.vocabulary_)),
    )
    x.sum_duplicates()  # sorted indices, one entry per feature holding its count
    if v.sublinear_tf:
        np.log(x.data, x.data)
        x.data += 1.0
    if v.use_idf:
        x.data *= v.idf_[x.indices]
    if v.norm is not None:
        x = normalize(x, norm=v.norm, copy=False)
    return x


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """`np.savez_compressed` with fixed timestamps, so retraining gives byte-identical files."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


@dataclass
class LinearModel:
    """Calibrated per-category linear scores for one language."""

    lang: str
    categories: tuple[str, ...]
    vectorizers: list[TfidfVectorizer]
    coef: np.ndarray  # (n_features, n_categories)
    intercept: np.ndarray  # (n_categories,)
    platt_a: np.ndarray  # calibrated p = sigmoid(a * margin + b)
    platt_b: np.ndarray
    info: dict[str, Any]

    def features(self, texts: list[str]) -> sp.csr_matrix:
        prepared = [model_text(t) for t in texts]
        blocks = [tfidf_transform(v, prepared) for v in self.vectorizers]
        return sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0].tocsr()

    def margins(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.features(texts) @ self.coef) + self.intercept

    def predict(self, texts: list[str]) -> np.ndarray:
        """(len(texts), n_categories) calibrated probabilities."""
        if not texts:
            return np.zeros((0, len(self.categories)), dtype=np.float32)
        z = self.platt_a * self.margins(texts) + self.platt_b
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "lang": self.lang,
            "categories": list(self.categories),
            "vocabularies": [
                sorted(v.vocabulary_, key=v.vocabulary_.__getitem__) for v in self.vectorizers
            ],
            "info": self.info,
        }
        with gzip.GzipFile(folder / f"{self.lang}.json.gz", "wb", mtime=0) as fh:
            fh.write(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode())
        arrays: dict[str, np.ndarray] = {
            "coef": self.coef.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
            "platt_a": self.platt_a.astype(np.float32),
            "platt_b": self.platt_b.astype(np.float32),
        }
        for i, v in enumerate(self.vectorizers):
            arrays[f"idf{i}"] = v.idf_.astype(np.float32)
        _write_npz(folder / f"{self.lang}.npz", arrays)

    @classmethod
    def load(cls, folder: Path, lang: str) -> LinearModel:
        with gzip.open(folder / f"{lang}.json.gz", "rt", encoding="utf-8") as fh:
            meta = json.load(fh)
        with np.load(folder / f"{lang}.npz", allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        vectorizers = make_vectorizers(lang)
        for i, (v, vocab) in enumerate(zip(vectorizers, meta["vocabularies"], strict=True)):
            v.vocabulary_ = {term: j for j, term in enumerate(vocab)}
            v.fixed_vocabulary_ = True
            v.idf_ = arrays[f"idf{i}"].astype(np.float64)
        return cls(
            lang=lang,
            categories=tuple(meta["categories"]),
            vectorizers=vectorizers,
            coef=arrays["coef"].astype(np.float32),
            intercept=arrays["intercept"],
            platt_a=arrays["platt_a"],
            platt_b=arrays["platt_b"],
            info=meta["info"],
        )
