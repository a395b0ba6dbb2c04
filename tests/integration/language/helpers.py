"""Helpers for language integration tests: the real model or a loud skip, a real HTTP server."""

from __future__ import annotations

import os
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from crosstalk.config import get_settings

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_model(name: str | None = None) -> Path:
    """The installed model file through the normal install path, else skip (fail under CI)."""
    from crosstalk.language import model_store
    from crosstalk.language.errors import TranslationUnavailable

    name = name or get_settings().translation_model
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        _missing("llama-cpp-python is not installed (pip install -e '.[llm]')")
    try:
        # Assembles from installed part packages if needed; never downloads.
        return model_store.install(name, allow_pip=False).path
    except TranslationUnavailable as exc:
        _missing(f"model {name} is not installed: {exc.message_en}")
    raise AssertionError("unreachable")


def _missing(message: str) -> None:
    if IN_CI:
        pytest.fail(f"{message} (CI=true: the real model is required)")
    warnings.warn(f"SKIPPING REAL-MODEL TESTS: {message}", stacklevel=3)
    pytest.skip(f"{message} — run `make models` / `crosstalk models install`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerThread:
    """A real uvicorn server on a free port in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
