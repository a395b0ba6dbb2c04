"""Readers get notes and comments in their language: API, page fallback, errors, escaping.

These plumbing tests inject the `FakeReverseTranslator` test double; the real model is
exercised in tests/integration/language and the browser test."""

from __future__ import annotations

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
