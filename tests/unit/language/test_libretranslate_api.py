"""The LibreTranslate-compatible API answers in LibreTranslate's shapes and status codes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosstalk.language.backends.fake import FakeReverseTranslator
from crosstalk.web.api import libretranslate


@pytest.fixture
def client(db: Session, fake: FakeReverseTranslator) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(libretranslate.router)
    libretranslate.limiter._hits.clear()
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


def test_too_many_requests_get_429(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        libretranslate, "get_settings", lambda: type("S", (), {"translation_rate_limit": 2})()
    )
    codes = [client.post("/detect", json={"q": "hello there"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
