"""An English reader meets a Chinese note in a real browser: Translate shows a labelled
machine translation from the real local model, the original is one tap away, and a
Chinese word shows its pinyin and meaning on hover and on tap. A reader who translates
automatically gets the note and every comment translated as the page loads."""

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

    aids = page.get_by_test_id("reading-aids").first
    aids.locator("summary").click()
    word = aids.locator('.word[data-pinyin="jīntiān"]').first
    gloss = word.locator(".word-gloss")
    assert gloss.is_hidden()  # nothing covers the text until the reader asks
    word.hover()
    gloss.wait_for(state="visible", timeout=5_000)
    assert "jīntiān" in gloss.inner_text() and "today" in gloss.inner_text().lower()
    box = gloss.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    shot(page, "pinyin-gloss-hover")
    page.mouse.move(0, 0)
    gloss.wait_for(state="hidden", timeout=5_000)
    context.close()

    # On a phone there is no hover: a tap opens the word, a second tap closes it.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="en-US"
    )
    page = phone.new_page()
    page.goto(f"{live_server}/notes/{note['id']}")
    aids = page.get_by_test_id("reading-aids").first
    aids.locator("summary").tap()
    word = aids.locator('.word[data-pinyin="jīntiān"]').first
    gloss = word.locator(".word-gloss")
    word.tap()
    gloss.wait_for(state="visible", timeout=5_000)
    assert "today" in gloss.inner_text().lower()
    shot(page, "pinyin-gloss-tap")
    word.tap()
    gloss.wait_for(state="hidden", timeout=5_000)
    phone.close()


def test_an_auto_translate_reader_gets_the_note_and_its_comments_translated_on_load(
    browser,
    live_server: str,
    shot,  # type: ignore[no-untyped-def]
) -> None:
    from crosstalk.language import service
    from crosstalk.language.backends.fake import FakeReverseTranslator

    service.set_translator(FakeReverseTranslator())  # the browser plumbing, not the model
    try:
        api = httpx.Client(base_url=live_server)
        password = "long enough password"
        tokens = {}
        for name, langs in (("zh_writer", ["zh-Hans"]), ("en_auto", ["en"])):
            api.post(
                "/api/v1/accounts",
                json={"username": name, "password": password, "languages": langs},
            )
            tokens[name] = api.post(
                "/api/v1/tokens", json={"username": name, "password": password}
            ).json()["token"]
        writer = {"Authorization": f"Bearer {tokens['zh_writer']}"}
        reader = {"Authorization": f"Bearer {tokens['en_auto']}"}
        api.patch("/api/v1/me", headers=reader, json={"auto_translate": True})
        note = api.post(
            "/api/v1/notes", headers=writer, json={"title": "周末去爬山", "body": "风景很美"}
        ).json()
        for body in ("今天的天气真好", "下次一起去吧"):
            api.post(f"/api/v1/notes/{note['id']}/comments", headers=writer, json={"body": body})

        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        page = context.new_page()
        page.goto(f"{live_server}/login?next=/notes/{note['id']}")
        page.fill("#username", "en_auto")
        page.fill("#password", password)
        page.locator("form.stack button[type=submit]").click()
        page.wait_for_url(f"**/notes/{note['id']}")
        page.get_by_test_id("mt-label").wait_for(state="visible", timeout=20_000)
        assert "fake-reverse" in page.get_by_test_id("mt-label").inner_text()
        translations = page.locator('[data-testid="comment-mt"]')
        translations.nth(1).wait_for(state="visible", timeout=20_000)
        assert translations.count() == 2
        assert all(
            "Machine translation · fake-reverse" in t for t in translations.all_inner_texts()
        )
        links = page.locator("a[data-comment]")
        assert links.first.inner_text() == "Hide translation"
        links.first.click()
        assert translations.first.is_hidden() and links.first.inner_text() == "Translate / 翻译"
        shot(page, "auto-translated-comments")
        context.close()
    finally:
        service.set_translator(None)
