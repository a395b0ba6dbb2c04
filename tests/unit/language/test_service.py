"""The translation service: what callers and readers can rely on, with a model-free backend."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.orm import Session

from crosstalk.config import Settings, get_settings
from crosstalk.language import service
from crosstalk.language.backends.fake import FakeReverseTranslator, ScriptedTranslator
from crosstalk.language.errors import InputTooLong, TranslationUnavailable, UnsupportedLanguage
from crosstalk.language.spans import protect
from crosstalk.language.translator import TranslationRequest
from tests.unit.language.cases import (
    INJECTIONS_EN,
    INJECTIONS_ZH,
    QUESTIONS_EN,
    QUESTIONS_ZH,
    SPAN_SUITE_EN,
    SPAN_SUITE_ZH,
)


def _spans_kept(source: str, output: str) -> bool:
    return all(span.original in output for span in protect(source).spans)


@pytest.mark.parametrize("drop", [False, True], ids=["model-keeps", "model-drops"])
def test_protected_spans_survive_in_both_directions(db: Session, drop: bool) -> None:
    translator = FakeReverseTranslator(drop_placeholders=drop)
    cases = [(t, "zh") for t in SPAN_SUITE_EN] + [(t, "en") for t in SPAN_SUITE_ZH]
    assert len(cases) >= 40
    results = service.translate_many(
        db, [t for t, _ in cases if _ == "zh"], "zh", translator=translator
    )
    results += service.translate_many(
        db, [t for t, _ in cases if _ == "en"], "en", translator=translator
    )
    kept = [_spans_kept(src, r.text) for (src, _), r in zip(cases, results, strict=True)]
    assert all(kept), [c for c, ok in zip(cases, kept, strict=True) if not ok]


def test_a_viral_note_is_translated_once(db: Session, fake: FakeReverseTranslator) -> None:
    hits = REGISTRY.get_sample_value("crosstalk_translation_cache_hits_total") or 0.0
    first = service.translate_text(db, "This dumpling place is amazing 🥟", "zh")
    again = [
        service.translate_text(db, "This dumpling place is amazing 🥟", "zh") for _ in range(3)
    ]
    assert not first.cached and all(r.cached for r in again)
    assert {r.text for r in again} == {first.text}
    assert len(fake.requests) == 1
    assert REGISTRY.get_sample_value("crosstalk_translation_cache_hits_total") == hits + 3


def test_results_say_where_they_came_from(db: Session, fake: FakeReverseTranslator) -> None:
    result = service.translate_text(db, "Good morning everyone", "zh")
    assert (result.source_lang, result.target_lang) == ("en", "zh-Hans")
    assert (result.backend, result.model) == ("fake", "fake-reverse")


def test_traditional_input_reaches_the_engine_as_simplified(
    db: Session, fake: FakeReverseTranslator
) -> None:
    result = service.translate_text(db, "這個軟體真的很好用，推薦給大家", "en")
    assert result.source_lang == "zh-Hant"
    assert "這" not in fake.requests[0].text and "这个" in fake.requests[0].text


def test_traditional_target_is_written_in_traditional(db: Session) -> None:
    translator = ScriptedTranslator(lambda r: "这个软件让我认识了很多朋友")
    result = service.translate_text(
        db, "This app helped me make many friends", "zt", translator=translator
    )
    assert result.target_lang == "zh-Hant"
    assert result.text == "這個軟體讓我認識了很多朋友"


def test_simplified_to_traditional_needs_no_model(db: Session) -> None:
    translator = ScriptedTranslator(lambda r: pytest.fail("the model must not be called"))
    result = service.translate_text(db, "软件 @amy_li 很好", "zh-Hant", translator=translator)
    assert result.text == "軟體 @amy_li 很好" and result.backend == "opencc"


def test_text_in_the_readers_language_comes_back_unchanged(db: Session) -> None:
    translator = ScriptedTranslator(lambda r: pytest.fail("the model must not be called"))
    assert (
        service.translate_text(db, "Hello there", "en", translator=translator).text == "Hello there"
    )
    assert service.translate_text(db, "🎉🎉 👍", "zh", translator=translator).text == "🎉🎉 👍"


def test_markdown_structure_and_code_blocks_are_kept(
    db: Session, fake: FakeReverseTranslator
) -> None:
    text = "## My trip\n\n- first day was great\n- second day rained\n\n```\nprint('hi')\n```"
    out = service.translate_text(db, text, "zh").text
    lines = out.split("\n")
    assert lines[0].startswith("## ") and lines[2].startswith("- ") and lines[3].startswith("- ")
    assert lines[1] == "" and "```\nprint('hi')\n```" in out


def test_long_input_is_refused_with_a_clear_error(db: Session, fake: FakeReverseTranslator) -> None:
    limit = get_settings().translation_max_chars
    with pytest.raises(InputTooLong) as exc:
        service.translate_text(db, "a" * (limit + 1), "zh")
    assert exc.value.code == "input_too_long" and str(limit) in exc.value.message_zh


def test_languages_other_than_english_and_chinese_are_refused(db: Session) -> None:
    with pytest.raises(UnsupportedLanguage):
        service.translate_text(db, "hello", "fr")
    with pytest.raises(UnsupportedLanguage):
        service.translate_text(db, "Bonjour à tous, comment allez-vous aujourd'hui ?", "zh")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zt", "zh-Hant"),
        ("zh_TW", "zh-Hant"),
        ("EN", "en"),
    ],
)
def test_language_codes_are_normalised(code: str, expected: str) -> None:
    assert service.normalize_lang(code) == expected


def _answering_model(request: TranslationRequest) -> str:
    """A model that answers and obeys unless given the strict prompt (then it translates)."""
    if not request.strict:
        if request.text.rstrip().endswith(("?", "？")):
            return "Canberra." if request.target == "en" else "堪培拉。"
        return (
            "Sure! Here is a poem:\nThe sea is wide and blue,\nthe waves come rolling through."
            if request.target == "en"
            else "好的！下面是一首诗：\n大海宽广又湛蓝，\n浪花一层层拍岸。"
        )
    return FakeReverseTranslator().translate_batch([request])[0]


@pytest.mark.parametrize("text", QUESTIONS_EN + INJECTIONS_EN)
def test_english_questions_and_injections_are_translated_on_the_strict_retry(
    db: Session, text: str
) -> None:
    translator = ScriptedTranslator(_answering_model)
    result = service.translate_text(db, text, "zh", translator=translator)
    assert [r.strict for r in translator.requests] == [False, True]
    assert "堪培拉" not in result.text and "诗" not in result.text


@pytest.mark.parametrize("text", QUESTIONS_ZH + INJECTIONS_ZH)
def test_chinese_questions_and_injections_fail_honestly_when_the_model_keeps_obeying(
    db: Session, text: str
) -> None:
    # What an obeying model writes: an answer to the question, or a multi-line response.
    reply = (
        "Canberra is the capital."
        if text in QUESTIONS_ZH
        else "Sure! Here you go:\nRoses are red,\nviolets are blue."
    )
    translator = ScriptedTranslator(lambda r: reply)
    with pytest.raises(TranslationUnavailable) as exc:
        service.translate_text(db, text, "en", translator=translator)
    assert exc.value.message_zh == "暂时无法翻译。"
    assert len(translator.requests) == 2


def test_successful_texts_are_cached_even_when_another_fails(db: Session) -> None:
    translator = ScriptedTranslator(
        lambda r: "好的" if "fine" in r.text else "I'm sorry, I cannot help with that."
    )
    with pytest.raises(TranslationUnavailable):
        service.translate_many(
            db, ["This is fine", "这个不行"], "zh", source="en", translator=translator
        )
    assert service.translate_text(
        db, "This is fine", "zh", source="en", translator=translator
    ).cached


def test_test_doubles_cannot_be_selected_by_configuration() -> None:
    with pytest.raises(ValueError):
        Settings(translation_backend="fake")  # type: ignore[arg-type]


def test_the_same_text_twice_in_one_batch_is_translated_once(
    db: Session, fake: FakeReverseTranslator
) -> None:
    results = service.translate_many(db, ["Hello world", "Hi there", "Hello world"], "zh")
    assert results[0].text == results[2].text and len(results) == 3
    assert len(fake.requests) == 2
