"""Real clients over real HTTP: libretranslatepy against crosstalk's LibreTranslate-compatible
API, and crosstalk's own LibreTranslate backend against the same server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.error import HTTPError

import pytest
from libretranslatepy import LibreTranslateAPI
from sqlalchemy.orm import Session

from crosstalk.config import reset_settings_cache
from crosstalk.db.session import session_factory
from crosstalk.language import glossary, service
from crosstalk.language.backends.fake import FakeReverseTranslator
from crosstalk.language.backends.libretranslate import LibreTranslateTranslator
from tests.integration.language.helpers import ServerThread, require_model


@pytest.fixture
def fake() -> FakeReverseTranslator:
    translator = FakeReverseTranslator()
    service.set_translator(translator)
    yield translator
    service.set_translator(None)


def test_libretranslatepy_translates_and_detects(
    libretranslate_server: ServerThread, fake: FakeReverseTranslator
) -> None:
    client = LibreTranslateAPI(libretranslate_server.url + "/")
    out = client.translate("See you at 7pm @amy 🎉", "en", "zh")
    assert "@amy" in out and "🎉" in out and "See" not in out
    assert client.detect("今天的晚霞特别美")[0]["language"] == "zh"
    codes = {lang["code"] for lang in client.languages()}
    assert {"en", "zh", "zt"} <= codes


@pytest.fixture
def api_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The operator configured LibreTranslate-style API keys (CROSSTALK_LIBRETRANSLATE_API_KEYS)."""
    monkeypatch.setenv("CROSSTALK_LIBRETRANSLATE_API_KEYS", "team-key-1,team-key-2")
    reset_settings_cache()
    yield "team-key-2"
    monkeypatch.delenv("CROSSTALK_LIBRETRANSLATE_API_KEYS")
    reset_settings_cache()


def test_libretranslatepy_with_a_valid_api_key_translates_and_detects(
    libretranslate_server: ServerThread, fake: FakeReverseTranslator, api_keys: str
) -> None:
    client = LibreTranslateAPI(libretranslate_server.url + "/", api_key=api_keys)
    out = client.translate("See you at 7pm @amy 🎉", "en", "zh")
    assert "@amy" in out and "🎉" in out and "See" not in out
    assert client.detect("今天的晚霞特别美")[0]["language"] == "zh"
    assert {"en", "zh", "zt"} <= {lang["code"] for lang in client.languages()}


def _refusal(call: Callable[[], object]) -> tuple[int, dict[str, str]]:
    with pytest.raises(HTTPError) as info:
        call()
    return info.value.code, json.loads(info.value.read().decode())


def test_libretranslatepy_without_or_with_a_wrong_key_gets_libretranslates_errors(
    libretranslate_server: ServerThread, fake: FakeReverseTranslator, api_keys: str
) -> None:
    keyless = LibreTranslateAPI(libretranslate_server.url + "/")
    expected_400 = {"error": "Please contact the server operator to get an API key"}
    assert _refusal(lambda: keyless.translate("Hello", "en", "zh")) == (400, expected_400)
    assert _refusal(lambda: keyless.detect("Hello")) == (400, expected_400)
    wrong = LibreTranslateAPI(libretranslate_server.url + "/", api_key="team-key-3")
    expected_403 = {"error": "Invalid API key"}
    assert _refusal(lambda: wrong.translate("Hello", "en", "zh")) == (403, expected_403)
    assert _refusal(lambda: wrong.detect("Hello")) == (403, expected_403)


def test_crosstalk_libretranslate_backend_round_trip(
    libretranslate_server: ServerThread, fake: FakeReverseTranslator, sqlite_url: str
) -> None:
    backend = LibreTranslateTranslator(libretranslate_server.url)
    session: Session = session_factory(sqlite_url)()
    glossary.ensure_seeded(session)
    session.commit()  # the server must not wait on this session's write lock
    try:
        results = service.translate_many(
            session, ["Good night 🌙 #sleep", "晚安 @bob"], "zh", translator=backend
        )
    finally:
        session.close()
        backend.close()
    assert results[0].backend == "libretranslate"
    assert "🌙" in results[0].text and "#sleep" in results[0].text
    assert results[1].text == "晚安 @bob"  # already Chinese: never sent


@pytest.mark.slow
def test_libretranslatepy_with_the_real_model(libretranslate_server: ServerThread) -> None:
    require_model()
    service.set_translator(None)  # the configured local backend
    try:
        client = LibreTranslateAPI(libretranslate_server.url + "/")
        out = client.translate("I love cats. #cattax", "en", "zh")
        assert "猫" in out and "#cattax" in out
    finally:
        service.set_translator(None)
