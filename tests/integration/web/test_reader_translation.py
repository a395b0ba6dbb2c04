"""Readers get notes and comments in their language: API, page fallback, errors, escaping.

Auto-translate works without JavaScript (cached translations are rendered beside the
original), comments and code-switched text get the same Translate link as notes, Chinese
comments carry reading aids, and translation requests are rate-limited per reader.

These plumbing tests inject the `FakeReverseTranslator` test double; the real model is
exercised in tests/integration/language and the browser test."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crosstalk.language import service
from crosstalk.language.backends.fake import FakeReverseTranslator, ScriptedTranslator
from tests.helpers import signup


@pytest.fixture
def fake_translator() -> Iterator[FakeReverseTranslator]:
    fake = FakeReverseTranslator()
    service.set_translator(fake)
    yield fake
    service.set_translator(None)


def _zh_note(client: TestClient) -> tuple[dict[str, str], dict]:
    h = signup(client, "xiaolu", ["zh-Hans"])
    note = client.post(
        "/api/v1/notes",
        headers=h,
        json={"title": "今天去吃火锅", "body": "成都的火锅真的太好吃了 #美食"},
    ).json()
    return h, note


def test_note_translation_api_returns_labelled_cached_result(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    _, note = _zh_note(client)
    assert note["lang"] == "zh-Hans"
    r = client.get(f"/api/v1/notes/{note['id']}/translation?target=en")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source_lang"] == "zh-Hans" and body["target_lang"] == "en"
    assert body["model"] == "fake-reverse" and body["cached"] is False
    assert "#美食" in body["body"]  # topics are protected spans
    again = client.get(f"/api/v1/notes/{note['id']}/translation?target=en").json()
    assert again["cached"] is True and again["title"] == body["title"]


def test_translation_respects_visibility_and_validates_target(
    client: TestClient,
    fake_translator: FakeReverseTranslator,
    db,  # type: ignore[no-untyped-def]
) -> None:
    from crosstalk.community.models import Note

    _, note = _zh_note(client)
    assert client.get(f"/api/v1/notes/{note['id']}/translation?target=fr").status_code == 422
    assert client.get(f"/api/v1/notes/{note['id']}/translation").status_code == 422
    db.get(Note, note["id"]).state = "held"
    db.commit()
    assert client.get(f"/api/v1/notes/{note['id']}/translation?target=en").status_code == 404


def test_comment_translation(client: TestClient, fake_translator: FakeReverseTranslator) -> None:
    h, note = _zh_note(client)
    he = signup(client, "ohio_jen", ["en"])
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=he, json={"body": "This looks amazing!"}
    ).json()
    r = client.get(f"/api/v1/comments/{comment['id']}/translation?target=zh-Hans", headers=h)
    assert r.status_code == 200 and r.json()["target_lang"] == "zh-Hans"
    assert client.get("/api/v1/comments/99999/translation?target=en").status_code == 404


def test_an_answer_instead_of_a_translation_is_an_honest_failure(client: TestClient) -> None:
    # A backend that answers questions instead of translating them must not be shown.
    service.set_translator(ScriptedTranslator(lambda req: "The capital of Australia is Canberra."))
    try:
        h = signup(client, "asker", ["zh-Hans"])
        note = client.post(
            "/api/v1/notes", headers=h, json={"title": "澳大利亚的首都是哪里？"}
        ).json()
        r = client.get(f"/api/v1/notes/{note['id']}/translation?target=en")
        assert r.status_code == 503
        assert "unavailable" in r.json()["detail"].lower()
    finally:
        service.set_translator(None)


def test_note_page_offers_translate_only_for_foreign_notes_and_escapes_output(
    client: TestClient,
) -> None:
    service.set_translator(
        ScriptedTranslator(lambda req: "<script>alert(1)</script> Hot pot {{0}}")
    )
    try:
        h, note = _zh_note(client)
        signup(client, "reader_en", ["en"])
        html = client.get(f"/notes/{note['id']}", headers={"Accept-Language": "en"}).text
        assert 'id="translate-note"' in html
        page = client.get(f"/notes/{note['id']}?translate=1").text
        assert "<script>alert(1)</script>" not in page
        assert 'data-testid="mt-label"' in page
        zh_reader = client.get(
            f"/notes/{note['id']}", headers={**h, "Accept-Language": "zh-CN"}
        ).text
        assert 'id="translate-note"' not in zh_reader
    finally:
        service.set_translator(None)


def test_feed_titles_appear_in_the_reader_language_once_the_worker_translated_them(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    from crosstalk.pipeline.inline import InlineQueue
    from crosstalk.pipeline.jobs import set_queue

    _, note = _zh_note(client)
    h_en = signup(client, "reader_feed", ["en"])
    first = client.get("/", headers={**h_en, "Accept-Language": "en"}).text
    assert "今天去吃火锅" in first and 'class="mt-badge"' not in first  # nothing cached yet
    set_queue(InlineQueue())  # the worker runs the queued job at once
    try:
        client.get("/", headers={**h_en, "Accept-Language": "en"})
        feed = client.get("/", headers={**h_en, "Accept-Language": "en"}).text
    finally:
        set_queue(None)
    translated = client.get(f"/api/v1/notes/{note['id']}/translation?target=en").json()["title"]
    assert 'class="mt-badge"' in feed and translated in feed
    assert 'title="今天去吃火锅"' in feed  # the original stays one hover away


def test_embedded_worker_runs_jobs_in_the_background(db_url: str) -> None:
    from crosstalk.pipeline.embedded import EmbeddedQueue
    from crosstalk.pipeline.jobs import HANDLERS, Job

    seen: list[int] = []
    HANDLERS["test_echo"] = lambda session, payload: seen.append(payload["n"])
    queue = EmbeddedQueue()
    try:
        assert queue.submit(Job("test_echo", {"n": 1}, dedupe_key="k"))
        queue.join()
        assert queue.submit(Job("test_echo", {"n": 2}))
        queue.join()
    finally:
        queue.close()
        HANDLERS.pop("test_echo")
    assert seen == [1, 2]


# --- auto-translate, comments, mixed text, reading aids, rate limits --------------------------


def _reader(client: TestClient, name: str, langs: list[str], *, auto: bool) -> dict[str, str]:
    h = signup(client, name, langs)
    r = client.patch("/api/v1/me", headers=h, json={"auto_translate": auto})
    assert r.status_code == 200 and r.json()["auto_translate"] is auto
    return h


def _zh_comment(
    client: TestClient, note_id: int, body: str = "看起来太好吃了，周末一起去吧"
) -> dict:
    h = signup(client, f"zh_commenter_{note_id}_{len(body)}", ["zh-Hans"])
    r = client.post(f"/api/v1/notes/{note_id}/comments", headers=h, json={"body": body})
    assert r.status_code == 201, r.text
    return r.json()


def test_an_auto_translate_reader_sees_cached_translations_of_note_and_comment_without_js(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    _, note = _zh_note(client)
    comment = _zh_comment(client, note["id"])
    reader = _reader(client, "auto_reader", ["en"], auto=True)
    en = {**reader, "Accept-Language": "en"}

    # Nothing is cached yet: the page offers the button and lets the script translate.
    first = client.get(f"/notes/{note['id']}", headers=en).text
    assert 'data-auto="true"' in first and 'data-testid="comment-mt"' not in first
    assert re.search(r'id="note-translation"[^>]*hidden', first)

    title = client.get(f"/api/v1/notes/{note['id']}/translation?target=en").json()["title"]
    c_url = f"/api/v1/comments/{comment['id']}/translation?target=en"
    c_text = client.get(c_url).json()["body"]

    page = client.get(f"/notes/{note['id']}", headers=en).text
    assert not re.search(r'id="note-translation"[^>]*hidden', page)
    assert "with-translation" in page  # beside the original on wide screens
    assert f'data-field="title">{title}<' in page
    assert "今天去吃火锅" in page  # the original is still on the page
    assert re.search(r"Machine translation · <span[^>]*>fake-reverse<", page)
    mt = re.search(r'data-testid="comment-mt" lang="en">(.*?)</p>', page, re.S)
    assert mt and "Machine translation · fake-reverse: " in mt.group(1) and c_text in mt.group(1)
    assert "看起来太好吃了" in page
    assert ">Show original<" in page and ">Hide translation<" in page

    original = client.get(f"/notes/{note['id']}?translate=0", headers=en).text
    assert 'data-testid="comment-mt"' not in original
    assert re.search(r'id="note-translation"[^>]*hidden', original)

    zh_ui = client.get(f"/notes/{note['id']}", headers={**reader, "Accept-Language": "zh-CN"})
    assert "机器翻译 · " in zh_ui.text


def test_a_reader_without_auto_translate_gets_buttons_and_a_no_js_comment_translation(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    _, note = _zh_note(client)
    comment = _zh_comment(client, note["id"])
    reader = {**_reader(client, "manual_reader", ["en"], auto=False), "Accept-Language": "en"}
    client.get(f"/api/v1/comments/{comment['id']}/translation?target=en")  # cached, not shown
    page = client.get(f"/notes/{note['id']}", headers=reader).text
    assert 'data-testid="comment-mt"' not in page and 'data-auto="false"' in page
    link = re.search(rf'<a [^>]*data-comment="{comment["id"]}"[^>]*>([^<]*)</a>', page)
    assert link and link.group(1) == "Translate / 翻译"
    assert f"?translate_comment={comment['id']}#c{comment['id']}" in link.group(0)
    note_button = re.search(r'id="translate-note"[^>]*>([^<]*)<', page)
    assert note_button and note_button.group(1) == "Translate / 翻译"

    asked = client.get(f"/notes/{note['id']}?translate_comment={comment['id']}", headers=reader)
    assert asked.status_code == 200
    assert 'data-testid="comment-mt"' in asked.text and "fake-reverse" in asked.text
    zh = client.get(f"/notes/{note['id']}", headers={**reader, "Accept-Language": "zh-CN"}).text
    assert "翻译 / Translate" in zh
    assert client.get(f"/notes/{note['id']}?translate=2", headers=reader).status_code == 422


def test_a_comment_translation_rendered_on_the_page_is_escaped(client: TestClient) -> None:
    service.set_translator(ScriptedTranslator(lambda req: "<img src=x onerror=alert(1)> Yum"))
    try:
        _, note = _zh_note(client)
        comment = _zh_comment(client, note["id"])
        reader = {**_reader(client, "escaped_reader", ["en"], auto=False)}
        page = client.get(f"/notes/{note['id']}?translate_comment={comment['id']}", headers=reader)
        assert "<img src=x" not in page.text and "&lt;img src=x" in page.text
    finally:
        service.set_translator(None)


def test_mixed_language_text_offers_translate_unless_the_reader_reads_both_languages(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    h = signup(client, "code_switcher", ["zh-Hans", "en"])
    note = client.post(
        "/api/v1/notes",
        headers=h,
        json={"title": "今天好累啊 so tired but so happy", "body": "火锅 was really good 哈哈"},
    ).json()
    assert note["lang"] == "mixed"
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments",
        headers=h,
        json={"body": "这个 app 真的 very good 我每天都用"},
    ).json()
    assert comment["lang"] == "mixed"
    for name, langs, offered in (
        ("only_en", ["en"], True),
        ("only_zh", ["zh-Hans"], True),
        ("both_langs", ["en", "zh-Hans"], False),
    ):
        reader = signup(client, name, langs)
        page = client.get(f"/notes/{note['id']}", headers=reader).text
        assert ('id="translate-note"' in page) is offered, name
        assert (f'data-comment="{comment["id"]}"' in page) is offered, name


def test_chinese_comments_carry_pinyin_and_glosses_for_readers_who_are_not_chinese_only(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    _, note = _zh_note(client)
    comment = _zh_comment(client, note["id"], "今天的火锅很好吃")
    learner = signup(client, "learner", ["en", "zh-Hans"])
    page = client.get(f"/notes/{note['id']}", headers=learner).text
    block = page[page.index(f'id="c{comment["id"]}"') :]
    aids = block[: block.index("</details>")]
    assert 'data-testid="reading-aids"' in aids
    word = re.search(r'<span class="word"[^>]*data-pinyin="jīntiān"[^>]*>', aids)
    assert word and "today" in word.group(0).lower()
    gloss = re.search(r'class="word-gloss" role="tooltip" id="([^"]+)">(.*?)</span></span>', aids)
    assert gloss and "jīntiān" in gloss.group(2) and "today" in gloss.group(2).lower()
    assert f'aria-describedby="{gloss.group(1)}"' in aids  # screen readers announce it too
    zh_only = signup(client, "zh_only", ["zh-Hans"])
    zh_page = client.get(f"/notes/{note['id']}", headers=zh_only).text
    zh_block = zh_page[zh_page.index(f'id="c{comment["id"]}"') :]
    assert "aid-c" not in zh_block.split('class="comment-actions"')[0]


def test_feed_cards_name_the_model_of_a_machine_translated_title(
    client: TestClient, fake_translator: FakeReverseTranslator
) -> None:
    from crosstalk.pipeline.inline import InlineQueue
    from crosstalk.pipeline.jobs import set_queue

    _zh_note(client)
    h_en = signup(client, "feed_badge_reader", ["en"])
    set_queue(InlineQueue())
    try:
        client.get("/", headers=h_en)
        feed = client.get("/", headers={**h_en, "Accept-Language": "en"}).text
    finally:
        set_queue(None)
    badge = re.search(r'<span class="mt-badge"[^>]*>', feed)
    assert badge and 'title="Machine translation · fake-reverse"' in badge.group(0)
    zh_feed = client.get("/", headers={**h_en, "Accept-Language": "zh-CN"}).text
    assert 'title="机器翻译 · fake-reverse"' in zh_feed


@pytest.fixture
def two_per_minute(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from crosstalk.config import reset_settings_cache
    from crosstalk.web import translation_limits

    monkeypatch.setenv("CROSSTALK_TRANSLATION_RATE_LIMIT", "2")
    reset_settings_cache()
    translation_limits.limiter._hits.clear()
    yield
    monkeypatch.delenv("CROSSTALK_TRANSLATION_RATE_LIMIT")
    reset_settings_cache()
    translation_limits.limiter._hits.clear()


def test_note_and_comment_translations_are_rate_limited_per_reader(
    client: TestClient, fake_translator: FakeReverseTranslator, two_per_minute: None
) -> None:
    _, note = _zh_note(client)
    comment = _zh_comment(client, note["id"])
    reader = signup(client, "busy_reader", ["en"])
    note_url = f"/api/v1/notes/{note['id']}/translation?target=en"
    comment_url = f"/api/v1/comments/{comment['id']}/translation?target=en"
    assert client.get(note_url, headers=reader).status_code == 200
    assert client.get(comment_url, headers=reader).status_code == 200
    for url in (note_url, comment_url):
        r = client.get(url, headers={**reader, "Accept-Language": "en"})
        assert r.status_code == 429 and r.headers["retry-after"] == "60"
        assert r.json()["code"] == "rate_limited" and "Too many" in r.json()["detail"]
    zh = client.get(note_url, headers={**reader, "Accept-Language": "zh-CN"}).json()
    assert "频繁" in zh["detail"]
    other = signup(client, "other_reader", ["en"])
    assert client.get(note_url, headers=other).status_code == 200  # its own allowance
    assert client.get(note_url).status_code == 200  # strangers: per address


def test_the_no_js_page_path_shares_the_readers_translation_allowance(
    client: TestClient, fake_translator: FakeReverseTranslator, two_per_minute: None
) -> None:
    _, note = _zh_note(client)
    reader = {**signup(client, "page_reader", ["en"]), "Accept-Language": "en"}
    for _ in range(2):
        assert client.get(f"/api/v1/notes/{note['id']}/translation?target=en", headers=reader)
    page = client.get(f"/notes/{note['id']}?translate=1", headers=reader)
    assert page.status_code == 200 and "Too many translation requests" in page.text
    assert not re.search(r'id="note-translation"[^>]*hidden', page.text)  # the reason shows


def test_auto_translate_fetches_a_notes_comments_in_one_batch(
    client: TestClient, fake_translator: FakeReverseTranslator, db
) -> None:  # type: ignore[no-untyped-def]
    from crosstalk.community.models import Comment

    _, note = _zh_note(client)
    first = _zh_comment(client, note["id"], "第一条评论，好吃")
    second = _zh_comment(client, note["id"], "第二条评论：下次还来")
    hidden = _zh_comment(client, note["id"], "第三条评论被删掉了")
    db.get(Comment, hidden["id"]).state = "removed"
    db.commit()
    reader = signup(client, "batch_reader", ["en"])
    url = f"/api/v1/notes/{note['id']}/comments/translation?target=en"
    r = client.get(
        f"{url}&ids={second['id']}&ids={first['id']}&ids={hidden['id']}&ids=999999",
        headers=reader,
    )
    assert r.status_code == 200, r.text
    out = r.json()["comments"]
    assert [c["id"] for c in out] == [second["id"], first["id"]]  # hidden and unknown left out
    assert all(c["model"] == "fake-reverse" and c["body"] and not c["error"] for c in out)
    single = client.get(f"/api/v1/comments/{first['id']}/translation?target=en").json()
    assert single["cached"] is True and single["body"] == out[1]["body"]
    too_many = "&".join(f"ids={n}" for n in range(1, 52))
    assert client.get(f"{url}&{too_many}", headers=reader).status_code == 422
    assert client.get(url, headers=reader).status_code == 422  # ids are required
    assert client.get(f"{url}&ids=abc", headers=reader).status_code == 422


def test_one_comment_that_cannot_be_translated_does_not_cost_the_others(
    client: TestClient,
) -> None:
    # A question answered instead of translated is refused; the other comment still comes.
    def script(req):  # type: ignore[no-untyped-def]
        return "The capital is Canberra." if "首都" in req.text else "Looks delicious!"

    service.set_translator(ScriptedTranslator(script))
    try:
        _, note = _zh_note(client)
        good = _zh_comment(client, note["id"], "看起来好好吃")
        bad = _zh_comment(client, note["id"], "澳大利亚的首都是哪里？")
        url = f"/api/v1/notes/{note['id']}/comments/translation?target=en"
        out = client.get(f"{url}&ids={good['id']}&ids={bad['id']}").json()["comments"]
        assert out[0]["body"] == "Looks delicious!" and out[0]["error"] is None
        assert out[1]["body"] is None and "unavailable" in out[1]["error"].lower()
    finally:
        service.set_translator(None)
