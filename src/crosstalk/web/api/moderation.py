"""Moderation APIs: OpenAI-compatible `POST /v1/moderations`, native `POST /api/v1/screen`
(full decisions with their statement of reasons, nothing stored) and `GET /api/v1/policy`
(the enforced policy, readable by anyone).

Limits: at most `MAX_BATCH` texts per request, each non-empty and at most `MAX_CHARS` characters;
anything else is a 400 with a message in English or Chinese (by Accept-Language).
"""

from __future__ import annotations

import hmac
import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from crosstalk.config import get_settings
from crosstalk.safety.errors import InputRejected, SafetyError, Unauthorized
from crosstalk.safety.screening.engine import get_safety_engine

router = APIRouter(tags=["moderation"])

MAX_BATCH = 64
MAX_CHARS = 20_000
MODEL_NAME = "crosstalk-moderation-1"


def _locale(request: Request) -> str:
    header = request.headers.get("accept-language", "").strip().lower()
    return "zh-Hans" if header.startswith("zh") else "en"


def _check_key(request: Request) -> None:
    key = get_settings().moderation_api_key
    if not key:
        return  # dev default: open, like the rest of a local install
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), key):
        raise Unauthorized(
            "This moderation API needs an API key: send 'Authorization: Bearer <key>'.",
            "此审核接口需要 API 密钥：请发送 “Authorization: Bearer <密钥>”。",
        )


def _texts(value: Any, field: str) -> list[str]:
    """Validate one string or a list of strings into a non-empty, bounded list."""
    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise InputRejected(
            f"'{field}' must be a string or a list of strings.",
            f"“{field}” 必须是字符串或字符串列表。",
        )
    if not texts:
        raise InputRejected(f"'{field}' is an empty list.", f"“{field}” 是空列表。")
    if len(texts) > MAX_BATCH:
        raise InputRejected(
            f"'{field}' has {len(texts)} texts; send at most {MAX_BATCH} per request.",
            f"“{field}” 含有 {len(texts)} 条文本；每次请求最多 {MAX_BATCH} 条。",
        )
    for i, text in enumerate(texts):
        if not text.strip():
            raise InputRejected(
                f"Text {i} in '{field}' is empty.", f"“{field}” 中第 {i} 条文本为空。"
            )
        if len(text) > MAX_CHARS:
            raise InputRejected(
                f"Text {i} in '{field}' has {len(text)} characters; the limit is {MAX_CHARS}.",
                f"“{field}” 中第 {i} 条文本有 {len(text)} 个字符；上限为 {MAX_CHARS}。",
            )
    return texts


async def _json_body(request: Request) -> Any:
    """The parsed JSON body; malformed JSON is a 400 like any other bad input (not a 422)."""
    raw = await request.body()
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputRejected(
            "The request body is not valid JSON.", "请求体不是有效的 JSON。"
        ) from None


_TEXTS_SCHEMA = {
    "oneOf": [
        {"type": "string", "minLength": 1, "maxLength": MAX_CHARS},
        {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": MAX_CHARS},
            "minItems": 1,
            "maxItems": MAX_BATCH,
        },
    ]
}
_MODERATION_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["input"],
                    "properties": {"input": _TEXTS_SCHEMA, "model": {"type": "string"}},
                }
            }
        },
    }
}
_SCREEN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1, "maxLength": MAX_CHARS},
                        "texts": _TEXTS_SCHEMA["oneOf"][1],
                        "lang": {"type": "string", "maxLength": 16},
                    },
                }
            }
        },
    }
}


def _openai_error(request: Request, exc: SafetyError, param: str | None) -> JSONResponse:
    kind = "authentication_error" if exc.status == 401 else "invalid_request_error"
    body = {
        "error": {
            "message": exc.message(_locale(request)),
            "type": kind,
            "param": param,
            "code": exc.code,
        }
    }
    return JSONResponse(body, status_code=exc.status)


def _native_error(request: Request, exc: SafetyError) -> JSONResponse:
    return JSONResponse(
        {"detail": exc.message(_locale(request)), "code": exc.code}, status_code=exc.status
    )


@router.post("/v1/moderations", openapi_extra=_MODERATION_BODY)
async def create_moderation(request: Request) -> JSONResponse:
    """OpenAI-compatible moderation: `{input: string | string[], model?}` → flags and scores."""
    try:
        _check_key(request)
        body = await _json_body(request)
        if not isinstance(body, dict) or "input" not in body:
            raise InputRejected(
                "The request body must be a JSON object with an 'input' field.",
                "请求体必须是包含 “input” 字段的 JSON 对象。",
            )
        texts = _texts(body["input"], "input")
    except SafetyError as exc:
        return _openai_error(request, exc, "input" if exc.status == 400 else None)
    # Scoring is CPU work: keep it off the event loop.
    results = await run_in_threadpool(get_safety_engine().moderate, texts)
    return JSONResponse(
        {
            "id": f"modr-{uuid.uuid4().hex}",
            "model": MODEL_NAME,
            "results": [
                {
                    "flagged": r.flagged,
                    "categories": r.categories,
                    "category_scores": {c: round(s, 6) for c, s in r.scored.scores.items()},
                    "category_applied_input_types": {c: ["text"] for c in r.scored.scores},
                }
                for r in results
            ],
        }
    )


@router.post("/api/v1/screen", openapi_extra=_SCREEN_BODY)
async def screen_preview(request: Request) -> JSONResponse:
    """What the enforced policy would do with `text` or `texts` (nothing is stored): per text
    the full decision, i.e. action, clause, scores, evidence, stages and the DSA Art. 17
    statement of reasons a stored decision would carry (in the Accept-Language: en or zh);
    its `decision_id` is null and its `item_id` is the text's index in the request."""
    try:
        _check_key(request)
        body = await _json_body(request)
        if not isinstance(body, dict) or ("text" in body) == ("texts" in body):
            raise InputRejected(
                "Send a JSON object with either 'text' (a string) or 'texts' (a list of strings).",
                "请发送 JSON 对象，包含 “text”（字符串）或 “texts”（字符串列表）其中之一。",
            )
        field = "text" if "text" in body else "texts"
        if field == "text" and not isinstance(body["text"], str):
            raise InputRejected("'text' must be a string.", "“text” 必须是字符串。")
        texts = _texts(body[field], field)
        lang = body.get("lang")
        if lang is not None and (not isinstance(lang, str) or len(lang) > 16):
            raise InputRejected(
                "'lang' must be a short language code such as 'en' or 'zh'.",
                "“lang” 必须是简短的语言代码，例如 “en” 或 “zh”。",
            )
    except SafetyError as exc:
        return _native_error(request, exc)
    engine = get_safety_engine()
    previews = await run_in_threadpool(engine.preview, texts, [lang] * len(texts) if lang else None)
    locale = _locale(request)
    return JSONResponse(
        {
            "policy_version": engine.policy.version,
            "results": [p.to_json(locale, item_id=i) for i, p in enumerate(previews)],
        }
    )


@router.get("/api/v1/policy")
def read_policy() -> JSONResponse:
    """The enforced policy's clauses, so anyone can read the rules decisions cite."""
    policy = get_safety_engine().policy
    return JSONResponse(
        {
            "version": policy.version,
            "name": policy.name.model_dump(by_alias=True),
            "clauses": [
                {
                    "id": c.id,
                    "category": c.category,
                    "title": c.title.model_dump(by_alias=True),
                    "explanation": c.explanation.model_dump(by_alias=True),
                    "help": c.help.model_dump(by_alias=True) if c.help else None,
                }
                for c in policy.clauses
            ],
        }
    )
