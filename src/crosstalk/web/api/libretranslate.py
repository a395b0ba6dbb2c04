"""LibreTranslate-compatible API (`/translate`, `/detect`, `/languages`) so existing clients work.

Thin edge: parse JSON or form bodies the way LibreTranslate does, call the language service,
answer in LibreTranslate's shapes, including its `{"error": ...}` bodies and status codes.
With `CROSSTALK_LIBRETRANSLATE_API_KEYS` set, /translate and /detect need one of those keys.
"""

from __future__ import annotations

import hmac
import html
import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from crosstalk.config import get_settings
from crosstalk.db.session import session_factory
from crosstalk.language import service
from crosstalk.language.errors import LanguageError, TranslationUnavailable, UnsupportedLanguage
from crosstalk.web.translation_limits import limiter

router = APIRouter(tags=["libretranslate"])

# LibreTranslate's own codes: "zh" is Simplified, "zt" Traditional Chinese.
_PUBLIC_CODE = {"en": "en", "zh-Hans": "zh", "zh-Hant": "zt"}
_LANGUAGES = [
    {"code": "en", "name": "English"},
    {"code": "zh", "name": "Chinese"},
    {"code": "zt", "name": "Chinese (traditional)"},
]


def get_db() -> Iterator[Session]:
    session = session_factory()()
    try:
        yield session
    finally:
        session.close()


Db = Annotated[Session, Depends(get_db)]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _body(request: Request) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    form = await request.form()
    body: dict[str, Any] = {}
    for key in form:
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        body[key] = values if key == "q" and len(values) > 1 else (values[0] if values else "")
    return body


def _api_keys() -> list[str]:
    raw = get_settings().libretranslate_api_keys
    return [key.strip() for key in raw.split(",") if key.strip()]


def _key_refused(body: dict[str, Any]) -> JSONResponse | None:
    """With keys configured (LibreTranslate's --api-keys), a request needs a valid api_key;
    the status codes and messages are LibreTranslate's own, which its clients expect."""
    keys = _api_keys()
    if not keys:
        return None
    sent = body.get("api_key")
    if not sent or not isinstance(sent, str):
        return _error(400, "Please contact the server operator to get an API key")
    # compare_digest on every key: the time taken does not tell which key came close.
    if not any([hmac.compare_digest(sent.encode(), key.encode()) for key in keys]):
        return _error(403, "Invalid API key")
    return None


def _rate_limited(request: Request, body: dict[str, Any]) -> JSONResponse | None:
    ip = request.client.host if request.client else "unknown"
    # Like LibreTranslate, a valid key gets its own allowance instead of its address's.
    key = f"key:{body['api_key']}" if _api_keys() and body.get("api_key") else ip
    if not limiter.allow(key, get_settings().translation_rate_limit):
        return _error(429, "Too many requests, slow down. 请求过于频繁，请稍后再试。")
    return None


async def _checked_body(request: Request) -> tuple[dict[str, Any], JSONResponse | None]:
    body = await _body(request)
    return body, _key_refused(body) or _rate_limited(request, body)


_TAG = re.compile(r"(<[^>]*>)")


def _translate_html(db: Session, doc: str, target: str, source: str) -> str:
    """Translate the text between tags; tags and attributes pass through untouched."""
    pieces = _TAG.split(doc)
    slots = [i for i, p in enumerate(pieces) if not p.startswith("<") and p.strip()]
    texts = [html.unescape(pieces[i]) for i in slots]
    if not texts:
        return doc
    results = service.translate_many(db, texts, target, source)
    for i, result in zip(slots, results, strict=True):
        lead = pieces[i][: len(pieces[i]) - len(pieces[i].lstrip())]
        trail = pieces[i][len(pieces[i].rstrip()) :]
        pieces[i] = lead + html.escape(result.text, quote=False) + trail
    return "".join(pieces)


def _do_translate(db: Session, texts: list[str], source: str, target: str, fmt: str) -> list[str]:
    if fmt == "html":
        out = [_translate_html(db, t, target, source) for t in texts]
    else:
        out = [r.text for r in service.translate_many(db, texts, target, source)]
    db.commit()  # keep the cache rows
    return out


def _detect(text: str) -> dict[str, Any]:
    from crosstalk.language.detect import detect

    found = detect(text)
    lang = found.lang
    if lang == "mixed":
        # LibreTranslate has no "mixed": report the script that carries more of the text.
        cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
        latin = len(re.findall(r"[A-Za-z]", text))
        lang = "zh-Hans" if cjk * 3 >= latin else "en"
    code = _PUBLIC_CODE.get(lang, lang)
    return {"language": code, "confidence": round(float(found.confidence) * 100, 1)}


@router.post("/translate")
async def translate(request: Request, db: Db) -> JSONResponse:
    body, refused = await _checked_body(request)
    if refused:
        return refused
    q = body.get("q")
    if q is None or q == "" or q == []:
        return _error(400, "Invalid request: missing q parameter")
    texts = q if isinstance(q, list) else [q]
    if not all(isinstance(t, str) for t in texts):
        return _error(400, "Invalid request: q must be a string or a list of strings")
    source = str(body.get("source") or "auto")
    target = body.get("target")
    if not target:
        return _error(400, "Invalid request: missing target parameter")
    fmt = str(body.get("format") or "text")
    if fmt not in ("text", "html"):
        return _error(400, f"Invalid request: format {fmt} is not supported")
    try:
        if source != "auto":
            service.normalize_lang(source)
        service.normalize_lang(str(target))
        translated = await run_in_threadpool(_do_translate, db, texts, source, str(target), fmt)
    except UnsupportedLanguage as exc:
        return _error(400, f"{exc.lang} is not supported")
    except TranslationUnavailable as exc:
        return _error(500, f"{exc.message_en} {exc.message_zh}")
    except LanguageError as exc:
        return _error(400, f"{exc.message_en} {exc.message_zh}")
    response: dict[str, Any] = {
        "translatedText": translated if isinstance(q, list) else translated[0]
    }
    if source == "auto":
        plain = [_TAG.sub(" ", t) if fmt == "html" else t for t in texts]
        detections = [_detect(t) for t in plain]
        response["detectedLanguage"] = detections if isinstance(q, list) else detections[0]
    return JSONResponse(response)


@router.post("/detect")
async def detect(request: Request) -> JSONResponse:
    body, refused = await _checked_body(request)
    if refused:
        return refused
    q = body.get("q")
    if not q or not isinstance(q, str):
        return _error(400, "Invalid request: missing q parameter")
    return JSONResponse([_detect(q)])


@router.get("/languages")
def languages() -> list[dict[str, Any]]:
    codes = [lang["code"] for lang in _LANGUAGES]
    return [{**lang, "targets": codes} for lang in _LANGUAGES]
