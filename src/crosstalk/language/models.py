"""Language tables: the translation cache and the glossary (terms plus an edit log = versions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crosstalk.db.base import Base, utcnow


class TranslationCacheEntry(Base):
    """One finished translation; `key` hashes text, languages, backend, model, glossary version."""

    __tablename__ = "translation_cache"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    text_sha256: Mapped[str] = mapped_column(String(64))
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    backend: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(120))
    glossary_version: Mapped[int] = mapped_column(Integer)
    translated_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class GlossaryTerm(Base):
    """A forced translation (`translation` set) or a do-not-translate term (`translation` null).

    Directional: `source_lang` is "en" or "zh"; a two-way pair is two rows.
    """

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("source_lang", "term", name="uq_glossary_terms_lang_term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(8))
    term: Mapped[str] = mapped_column(String(200))
    translation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note_en: Mapped[str] = mapped_column(Text, default="")
    note_zh: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class GlossaryVersion(Base):
    """Every glossary edit appends a row; the highest id is the current glossary version."""

    __tablename__ = "glossary_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))  # add | update | delete | import
    term_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    term: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
