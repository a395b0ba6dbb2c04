"""Acceptance: the real default model, installed the normal way, translates EN↔ZH for readers.

Skips loudly when the model is not installed here; fails under CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from crosstalk.db.session import session_factory
from crosstalk.language import service
from crosstalk.language.detect import detect
from crosstalk.language.spans import protect
from crosstalk.language.translator import Translator
from tests.integration.language.helpers import require_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local() -> Iterator[Translator]:
    """The process-wide translator as production builds it from Settings (backend "local")."""
    require_model()
    service.set_translator(None)
    translator = service.get_translator()
    yield translator
    service.set_translator(None)


@pytest.fixture
def session(sqlite_url: str) -> Iterator[Session]:
    s = session_factory(sqlite_url)()
    yield s
    s.rollback()
    s.close()


def test_english_to_chinese(local: Translator, session: Session) -> None:
    text = "Just moved here from TikTok, my cat says hi 🐱 @amy_li #cattax"
    result = service.translate_text(session, text, "zh")
    assert (result.backend, result.model) == ("local", "qwen2.5-coder-1.5b-q4km")
    assert detect(result.text).lang in ("zh-Hans", "mixed")
    assert "猫" in result.text
    for span in ("🐱", "@amy_li", "#cattax", "TikTok"):
        assert span in result.text


def test_chinese_to_english(local: Translator, session: Session) -> None:
    text = "今天在外滩拍了3张照片 📸 https://example.com/bund 太美了！"
    result = service.translate_text(session, text, "en")
    assert detect(result.text).lang == "en"
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in result.text)
    for span in ("3", "📸", "https://example.com/bund"):
        assert span in result.text
    assert "photo" in result.text.lower()


def test_traditional_reader_gets_traditional(local: Translator, session: Session) -> None:
    result = service.translate_text(session, "This software changed my life", "zh-Hant")
    assert detect(result.text).lang == "zh-Hant"


def test_the_second_request_comes_from_the_cache(local: Translator, session: Session) -> None:
    first = service.translate_text(session, "Good night everyone 🌙", "zh")
    again = service.translate_text(session, "Good night everyone 🌙", "zh")
    assert again.cached and again.text == first.text


def test_span_suite_is_fully_preserved(local: Translator, session: Session) -> None:
    from tests.unit.language.cases import SPAN_SUITE_EN, SPAN_SUITE_ZH

    cases = [(t, "zh") for t in SPAN_SUITE_EN] + [(t, "en") for t in SPAN_SUITE_ZH]
    lost = []
    for text, target in cases:
        out = service.translate_text(session, text, target).text
        lost += [(text, out, s.original) for s in protect(text).spans if s.original not in out]
    assert lost == []
