"""Translation cache in the database, so a viral note is translated once per language pair."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from prometheus_client import Counter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosstalk.language.models import TranslationCacheEntry

CACHE_HITS = Counter("crosstalk_translation_cache_hits_total", "Translations served from cache")
CACHE_MISSES = Counter("crosstalk_translation_cache_misses_total", "Translations not in cache")


def normalize(text: str) -> str:
    """The text as the engine sees it: NFC, no trailing spaces on lines, no outer blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip()


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def cache_key(
    text: str, source: str, target: str, backend: str, model: str, glossary_version: int
) -> str:
    parts = [text_sha256(text), source, target, backend, model, str(glossary_version)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def lookup(session: Session, key: str) -> str | None:
    """The cached translation, counting a hit or a miss.

    Read-only on purpose: a write here would hold SQLite's write lock while the model runs.
    """
    row = session.scalar(
        select(TranslationCacheEntry.translated_text).where(TranslationCacheEntry.key == key)
    )
    if row is None:
        CACHE_MISSES.inc()
        return None
    CACHE_HITS.inc()
    return row


def store(
    session: Session,
    *,
    key: str,
    text: str,
    source: str,
    target: str,
    backend: str,
    model: str,
    glossary_version: int,
    translated: str,
) -> None:
    """Insert once; a concurrent worker that stored the same key first wins quietly."""
    entry = TranslationCacheEntry(
        key=key,
        text_sha256=text_sha256(text),
        source_lang=source,
        target_lang=target,
        backend=backend,
        model=model,
        glossary_version=glossary_version,
        translated_text=translated,
    )
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:
        pass
