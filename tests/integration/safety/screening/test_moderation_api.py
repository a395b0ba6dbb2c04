"""Moderation APIs over HTTP: OpenAI-compatible shape (checked with the real `openai` SDK against a
real uvicorn server), native decision previews, input limits and the optional API key."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import openai
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from crosstalk.config import reset_settings_cache
from crosstalk.safety.screening.engine import reset_safety_engine
from crosstalk.safety.screening.scoring import CATEGORIES
from crosstalk.web.api.moderation import MAX_BATCH, MAX_CHARS, router

THREAT = "I will kill you and your family tonight"
KIND = "Thanks for sharing, the photos of the lake are lovely"


def make_app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app


@pytest.fixture
def client() -> Iterator[TestClient]:
    reset_safety_engine()
    with TestClient(make_app()) as c:
        yield c
    reset_safety_engine()


def test_single_input_returns_openai_shaped_result(client: TestClient) -> None:
    r = client.post("/v1/moderations", json={"input": THREAT})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"].startswith("modr-") and body["model"]
    (result,) = body["results"]
    assert set(result["categories"]) == set(CATEGORIES) == set(result["category_scores"])
    assert result["flagged"] is True
    assert result["categories"]["harassment/threatening"] is True
    assert result["category_applied_input_types"]["hate"] == ["text"]


def test_list_input_returns_one_result_per_text_in_order(client: TestClient) -> None:
    r = client.post(
        "/v1/moderations", json={"input": [KIND, THREAT], "model": "omni-moderation-latest"}
    )
    assert r.status_code == 200, r.text
    flags = [x["flagged"] for x in r.json()["results"]]
    assert flags == [False, True]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"input": ""}, "Text 0 in 'input' is empty"),
        ({"input": []}, "'input' is an empty list"),
        ({"input": ["ok"] * (MAX_BATCH + 1)}, f"send at most {MAX_BATCH} per request"),
        ({"input": "x" * (MAX_CHARS + 1)}, f"the limit is {MAX_CHARS}"),
        ({"input": [1, 2]}, "must be a string or a list of strings"),
        ({"text": "hi"}, "with an 'input' field"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(
    client: TestClient, payload: dict, fragment: str
) -> None:
    r = client.post("/v1/moderations", json=payload)
    assert r.status_code == 400
    error = r.json()["error"]
    assert fragment in error["message"]
    assert error["type"] == "invalid_request_error" and error["code"] == "invalid_input"


def test_errors_speak_chinese_when_asked(client: TestClient) -> None:
    r = client.post("/v1/moderations", json={"input": []}, headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 400
    assert r.json()["error"]["message"] == "“input” 是空列表。"


def test_api_key_is_required_once_configured(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSTALK_MODERATION_API_KEY", "s3cret")
    reset_settings_cache()
    try:
        assert client.post("/v1/moderations", json={"input": KIND}).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert client.post("/api/v1/screen", json={"text": KIND}, headers=wrong).status_code == 401
        ok = {"Authorization": "Bearer s3cret"}
        assert client.post("/v1/moderations", json={"input": KIND}, headers=ok).status_code == 200
    finally:
        monkeypatch.delenv("CROSSTALK_MODERATION_API_KEY")
        reset_settings_cache()


def test_screen_previews_the_policy_decision(client: TestClient) -> None:
    r = client.post("/api/v1/screen", json={"text": THREAT, "lang": "en"})
    assert r.status_code == 200, r.text
    body = r.json()
    (result,) = body["results"]
    assert body["policy_version"] == result["policy_version"]
    assert (result["action"], result["clause_id"], result["visibility"]) == (
        "remove",
        "H2",
        "removed",
    )
    assert result["clause"]["title"]["zh-Hans"] == "对他人的威胁"
    assert result["scores"]["harassment/threatening"] >= 0.85
    assert result["stages"][0] == "stage1" and result["stages"][-1] == "rules"
    assert result["evidence"] and result["flagged"] is True


def test_screen_returns_the_full_statement_of_reasons_of_each_decision(
    client: TestClient,
) -> None:
    """Every DSA Art. 17 element a stored decision carries, for a text nothing was stored for."""
    r = client.post("/api/v1/screen", json={"texts": [THREAT, KIND], "lang": "en"})
    assert r.status_code == 200, r.text
    threat, kind = (x["statement_of_reasons"] for x in r.json()["results"])
    assert threat["decision_id"] is None and (threat["item_type"], threat["item_id"]) == (
        "text",
        0,
    )
    assert threat["action"] == "remove" and threat["visibility"] == "removed"
    assert threat["restriction_type"] == "decision_visibility"
    assert threat["visibility_restriction"] == "DECISION_VISIBILITY_CONTENT_REMOVED"
    assert threat["restriction"] == "The content was removed."
    assert threat["scope"] == "item" and threat["end_date"] is None
    assert "harassment/threatening" in threat["facts_and_circumstances"]
    assert threat["facts_and_circumstances"].count("“I will kill you”") <= 1
    assert threat["automated_detection"] is True
    assert threat["automated_decision"] == "AUTOMATED_DECISION_FULLY"
    assert threat["ground"] == {"clause_id": "H2", "title": "Threats against people"}
    assert threat["explanation"].startswith("Threatening to hurt")
    assert [x["kind"] for x in threat["redress"]] == [
        "appeal",
        "out_of_court_settlement",
        "judicial_redress",
    ]
    assert threat["policy_version"] == r.json()["policy_version"]
    assert kind["action"] == "allow" and kind["ground"] is None and kind["redress"] == []
    assert kind["item_id"] == 1


def test_screen_statement_of_reasons_speaks_chinese_and_shows_help_for_self_harm(
    client: TestClient,
) -> None:
    r = client.post(
        "/api/v1/screen",
        json={"text": "我不想活了，今晚就结束这一切。"},
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    sor = result["statement_of_reasons"]
    assert result["action"] == sor["action"] == "limit"
    assert sor["ground"]["clause_id"] == "SH1" and sor["ground"]["title"] == "自伤与自杀"
    assert "400-161-9995" in sor["help"]
    assert (
        sor["restriction"].startswith("内容保留")
        and "系统对此文本" in sor["facts_and_circumstances"]
    )


def test_screen_takes_a_batch_and_rejects_ambiguous_bodies(client: TestClient) -> None:
    r = client.post("/api/v1/screen", json={"texts": [KIND, "今天天气很好，我们去公园散步吧"]})
    assert r.status_code == 200
    assert [x["action"] for x in r.json()["results"]] == ["allow", "allow"]
    both = client.post("/api/v1/screen", json={"text": "a", "texts": ["b"]})
    assert both.status_code == 400 and both.json()["code"] == "invalid_input"
    assert client.post("/api/v1/screen", json={"text": ["a"]}).status_code == 400
    assert client.post("/api/v1/screen", json={"text": "a", "lang": 5}).status_code == 400


def test_policy_is_readable_by_anyone(client: TestClient) -> None:
    body = client.get("/api/v1/policy").json()
    ids = [c["id"] for c in body["clauses"]]
    assert "SH1" in ids and body["version"]
    sh1 = body["clauses"][ids.index("SH1")]
    assert sh1["help"]["en"] and sh1["help"]["zh-Hans"]


# --- the real openai SDK against a real server ------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_url() -> Iterator[str]:
    reset_safety_engine()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(make_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=10)
    reset_safety_engine()


def test_the_openai_sdk_works_unchanged(server_url: str) -> None:
    client = openai.OpenAI(base_url=server_url, api_key="x")
    single = client.moderations.create(input=THREAT)
    assert single.id.startswith("modr-")
    assert single.results[0].flagged is True
    scores = single.results[0].category_scores.model_dump(by_alias=True)
    assert scores["harassment/threatening"] >= 0.5
    batch = client.moderations.create(
        model="omni-moderation-latest", input=[KIND, "你好，很高兴认识你"]
    )
    assert [r.flagged for r in batch.results] == [False, False]
    with pytest.raises(openai.BadRequestError) as info:
        client.moderations.create(input="")
    assert "empty" in str(info.value)


def test_malformed_json_is_a_400_not_a_crash(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    r = client.post("/v1/moderations", content=b"{not json", headers=headers)
    assert r.status_code == 400
    assert r.json()["error"]["message"] == "The request body is not valid JSON."
    r = client.post("/api/v1/screen", content=b"\xff\xfe", headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"


def test_openapi_documents_the_request_bodies(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    body = paths["/v1/moderations"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["required"] == ["input"]
    assert (
        "texts"
        in paths["/api/v1/screen"]["post"]["requestBody"]["content"]["application/json"]["schema"][
            "properties"
        ]
    )
