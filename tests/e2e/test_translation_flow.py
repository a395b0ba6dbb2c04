"""An English reader meets a Chinese note in a real browser: Translate shows a labelled
machine translation from the real local model, the original is one tap away, and a
Chinese word shows its pinyin and meaning."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import IN_CI

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def real_model() -> None:
    from crosstalk.config import get_settings
    from crosstalk.language import service
    from crosstalk.language.model_store import model_path

    settings = get_settings()
    if not model_path(settings.translation_model).exists():
        message = "the default translation model is not installed (make models installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    service.set_translator(None)  # the configured production backend


def test_english_reader_translates_a_chinese_note_and_reads_pinyin(
    browser,
    live_server: str,
    shot,
    real_model: None,  # type: ignore[no-untyped-def]
) -> None:
    api = httpx.Client(base_url=live_server)
    password = "long enough password"
    api.post(
        "/api/v1/accounts",
        json={"username": "xiaolu_e2e", "password": password, "languages": ["zh-Hans"]},
    )
    token = api.post(
        "/api/v1/tokens", json={"username": "xiaolu_e2e", "password": password}
    ).json()["token"]
    note = api.post(
        "/api/v1/notes",
        headers={"Authorization": f"Bearer {token}"},
        json={"title": "今天天气很好", "body": "我们去公园散步了。#周末"},
    ).json()
    assert note["lang"] == "zh-Hans"

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server}/notes/{note['id']}")
    translate = page.locator("#translate-note")
    assert translate.is_visible()
    translate.click()
    label = page.get_by_test_id("mt-label")
    label.wait_for(state="visible", timeout=120_000)
    page.locator('#note-translation [data-field="title"]:not(:empty)').wait_for(timeout=120_000)
    translated_title = page.locator('#note-translation [data-field="title"]').inner_text()
    assert any(c.isascii() and c.isalpha() for c in translated_title), translated_title
    assert not any("\u4e00" <= c <= "\u9fff" for c in translated_title), translated_title
    assert "Machine translation" in label.inner_text()
    assert "qwen" in label.inner_text().lower()
    assert "#周末" in page.locator('#note-translation [data-field="body"]').inner_text()
    shot(page, "translated-side-by-side")

    page.locator('#note-translation [data-action="show-original"]').click()
    assert page.locator("#note-translation").is_hidden()
    assert page.locator("#note-original").is_visible()
    shot(page, "original-again")

    page.get_by_test_id("reading-aids").locator("summary").click()
    word = page.locator('.word[data-pinyin="jīntiān"]').first
    word.hover()
    assert "today" in (word.get_attribute("data-gloss") or "").lower()
    word.focus()
    shot(page, "pinyin-gloss")
    context.close()
