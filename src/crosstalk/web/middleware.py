"""ASGI middleware: UI locale per request, request size limit, request id and access logs."""

from __future__ import annotations

import json
import logging
import secrets
import time
from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosstalk.web.i18n import current_locale, negotiate, normalize_locale

log = logging.getLogger("crosstalk.access")


class LocaleMiddleware:
    """Locale order: ?lang= on this request, the session's choice, the cookie, Accept-Language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        session = scope.get("session") or {}
        cookie = SimpleCookie(headers.get("cookie", ""))
        query = dict(
            pair.split("=", 1)
            for pair in scope.get("query_string", b"").decode().split("&")
            if "=" in pair
        )
        locale = (
            normalize_locale(query.get("lang"))
            or normalize_locale(session.get("locale"))
            or normalize_locale(cookie["locale"].value if "locale" in cookie else None)
            or negotiate(headers.get("accept-language"))
        )
        scope.setdefault("state", {})["locale"] = locale
        token = current_locale.set(locale)
        try:
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)


class BodySizeLimitMiddleware:
    """Refuse bodies over the limit before they are read into memory or spooled to disk."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        html = "text/html" in headers.get("accept", "")
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, html)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise RequestTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except RequestTooLarge:
            await _too_large(send, html)


class RequestTooLarge(Exception):
    pass


_TOO_LARGE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upload too large · crosstalk</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main id="main"><section class="panel narrow">
<h1>The upload is too large</h1>
<p>Each picture can be at most 10 MB, and a note can have up to 9. Nothing was saved:
go back and choose smaller pictures.</p>
<h1 lang="zh-Hans">上传的文件过大</h1>
<p lang="zh-Hans">每张图片最大 10 MB，每篇笔记最多 9 张。内容未保存：请返回并选择较小的图片。</p>
<p><a class="btn" href="/">crosstalk</a></p>
</section></main></body></html>
"""


async def _too_large(send: Send, html: bool = False) -> None:
    # Browsers get a page they can read; API clients the usual JSON problem.
    if html:
        body, ctype = _TOO_LARGE_PAGE.encode(), b"text/html; charset=utf-8"
    else:
        body = json.dumps(
            {"detail": "Request too large. / 请求过大。", "code": "too_large"}, ensure_ascii=False
        ).encode()
        ctype = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", ctype),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            from crosstalk.web.metrics import observe_request

            elapsed = time.perf_counter() - started
            route = scope.get("route")
            path_tmpl = getattr(route, "path", "unmatched")
            observe_request(scope.get("method", ""), path_tmpl, status, elapsed)
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "ms": round(elapsed * 1000, 1),
                },
            )
