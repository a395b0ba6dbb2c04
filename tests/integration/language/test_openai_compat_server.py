"""The OpenAI-compatible backend against a real llama.cpp server process with the same model."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from crosstalk.db.session import session_factory
from crosstalk.language import service
from crosstalk.language.backends.openai_compat import OpenAICompatTranslator
from crosstalk.language.detect import detect
from tests.integration.language.helpers import free_port, require_model

pytestmark = pytest.mark.slow
MODEL = "qwen2.5-coder-1.5b-q4km"


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = require_model(MODEL)
    port = free_port()
    log = Path(tmp_path_factory.mktemp("llama")) / "server.log"
    cmd = [
        # llama_cpp.server with crosstalk's CPU-safe model loading (see language.llama_runtime)
        sys.executable, "-m", "crosstalk.language.llama_server",
        "--model", str(path), "--model_alias", MODEL,
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048", "--n_threads", "2",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama.cpp server did not start in 120 s")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_openai_compatible_server_translates_both_ways(llama_server: str, sqlite_url: str) -> None:
    translator = OpenAICompatTranslator(llama_server, MODEL, timeout_s=120)
    session: Session = session_factory(sqlite_url)()
    try:
        zh = service.translate_text(
            session, "The night market opens at 6 🍢 #foodie", "zh", translator=translator
        )
        en = service.translate_text(
            session, "这家店的奶茶超级好喝 🧋 @lily_w", "en", translator=translator
        )
    finally:
        session.close()
        translator.close()
    assert zh.backend == "openai" and detect(zh.text).lang in ("zh-Hans", "mixed")
    assert "🍢" in zh.text and "#foodie" in zh.text and "6" in zh.text
    assert detect(en.text).lang == "en" and "🧋" in en.text and "@lily_w" in en.text
