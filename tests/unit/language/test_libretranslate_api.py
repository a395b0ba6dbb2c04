"""The LibreTranslate-compatible API answers in LibreTranslate's shapes and status codes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosstalk.config import reset_settings_cache
from crosstalk.language.backends.fake import FakeReverseTranslator
from crosstalk.web import translation_limits
from crosstalk.web.api import libretranslate


@pytest.fixture
def client(db: Session, fake: FakeReverseTranslator) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(libretranslate.router)
    translation_limits.limiter._hits.clear()
    with TestClient(app) as test_client:
        yield test_client


def test_translate_json_with_auto_detection(client: TestClient) -> None:
    r = client.post(
        "/translate", json={"q": "Hello @amy, welcome!", "source": "auto", "target": "zh"}
    )
    assert r.status_code == 200
    body = r.json()
    assert "@amy" in body["translatedText"]
    assert body["detectedLanguage"]["language"] == "en"
    assert 0 < body["detectedLanguage"]["confidence"] <= 100


def test_translate_a_list_keeps_order(client: TestClient) -> None:
    r = client.post(
        "/translate", json={"q": ["你好 👋", "谢谢 🙏"], "source": "zh", "target": "en"}
    )
    assert r.status_code == 200
    out = r.json()["translatedText"]
    assert isinstance(out, list) and "👋" in out[0] and "🙏" in out[1]
    assert "detectedLanguage" not in r.json()


def test_translate_accepts_form_bodies_and_traditional_codes(client: TestClient) -> None:
    r = client.post(
        "/translate", data={"q": "I use this software every day", "source": "en", "target": "zt"}
    )
    assert r.status_code == 200 and r.json()["translatedText"]


def test_html_format_translates_text_and_keeps_tags(client: TestClient) -> None:
    r = client.post(
        "/translate",
        json={
            "q": '<p class="x">Good morning</p><br/>',
            "source": "en",
            "target": "zh",
            "format": "html",
        },
    )
    out = r.json()["translatedText"]
    assert out.startswith('<p class="x">') and out.endswith("</p><br/>") and "Good" not in out


@pytest.mark.parametrize(
    "body",
    [
        {"source": "en", "target": "zh"},
        {"q": "", "source": "en", "target": "zh"},
        {"q": "hi", "source": "en", "target": "fr"},
        {"q": "hi", "source": "xx", "target": "zh"},
        {"q": "hi", "source": "en"},
    ],
)
def test_bad_requests_get_a_libretranslate_error_body(client: TestClient, body: dict) -> None:
    r = client.post("/translate", json=body)
    assert r.status_code == 400 and r.json()["error"]


def test_over_long_input_is_a_400(client: TestClient) -> None:
    r = client.post("/translate", json={"q": "word " * 2000, "source": "en", "target": "zh"})
    assert r.status_code == 400 and "5000" in r.json()["error"]


def test_detect_and_languages(client: TestClient) -> None:
    r = client.post("/detect", data={"q": "今天天气真好，我们去公园散步吧"})
    assert r.status_code == 200 and r.json()[0]["language"] == "zh"
    langs = {item["code"]: item for item in client.get("/languages").json()}
    assert set(langs) == {"en", "zh", "zt"} and "en" in langs["zh"]["targets"]


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set CROSSTALK_* variables for one test; settings are re-read before and after."""
    yield monkeypatch
    monkeypatch.undo()
    reset_settings_cache()


def _configure(env: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        env.setenv(f"CROSSTALK_{name.upper()}", value)
    reset_settings_cache()


def test_too_many_requests_get_429(client: TestClient, settings_env: pytest.MonkeyPatch) -> None:
    _configure(settings_env, translation_rate_limit="2")
    codes = [client.post("/detect", json={"q": "hello there"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "error" in client.post("/detect", json={"q": "hello there"}).json()


def test_without_configured_keys_the_api_is_open_and_ignores_api_key(
    client: TestClient,
) -> None:
    r = client.post("/translate", json={"q": "Hi", "target": "zh", "api_key": "anything"})
    assert r.status_code == 200


@pytest.mark.parametrize("path", ["/translate", "/detect"])
def test_with_keys_configured_a_request_without_a_key_gets_libretranslates_400(
    client: TestClient, settings_env: pytest.MonkeyPatch, path: str
) -> None:
    _configure(settings_env, libretranslate_api_keys="k-one, k-two")
    r = client.post(path, json={"q": "Hello", "source": "en", "target": "zh"})
    assert r.status_code == 400
    assert r.json() == {"error": "Please contact the server operator to get an API key"}


@pytest.mark.parametrize("path", ["/translate", "/detect"])
def test_with_keys_configured_a_wrong_key_gets_libretranslates_403(
    client: TestClient, settings_env: pytest.MonkeyPatch, path: str
) -> None:
    _configure(settings_env, libretranslate_api_keys="k-one,k-two")
    r = client.post(path, data={"q": "Hello", "source": "en", "target": "zh", "api_key": "k-on"})
    assert r.status_code == 403 and r.json() == {"error": "Invalid API key"}


def test_with_keys_configured_any_listed_key_works_in_json_and_form_bodies(
    client: TestClient, settings_env: pytest.MonkeyPatch
) -> None:
    _configure(settings_env, libretranslate_api_keys="k-one,k-two")
    json_body = {"q": "Good night", "source": "en", "target": "zh", "api_key": "k-two"}
    assert client.post("/translate", json=json_body).status_code == 200
    form = {"q": "晚安", "api_key": "k-one"}
    assert client.post("/detect", data=form).json()[0]["language"] == "zh"
    assert client.get("/languages").status_code == 200  # LibreTranslate lists them to anyone


def test_each_key_has_its_own_rate_allowance(
    client: TestClient, settings_env: pytest.MonkeyPatch
) -> None:
    _configure(settings_env, libretranslate_api_keys="k-one,k-two", translation_rate_limit="1")
    assert client.post("/detect", json={"q": "hello", "api_key": "k-one"}).status_code == 200
    assert client.post("/detect", json={"q": "hello", "api_key": "k-one"}).status_code == 429
    assert client.post("/detect", json={"q": "hello", "api_key": "k-two"}).status_code == 200
