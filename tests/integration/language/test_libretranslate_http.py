"""Real clients over real HTTP: libretranslatepy against crosstalk's LibreTranslate-compatible
API, and crosstalk's own LibreTranslate backend against the same server."""

from __future__ import annotations

import pytest
from libretranslatepy import LibreTranslateAPI
from sqlalchemy.orm import Session

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
