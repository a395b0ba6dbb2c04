"""What `make run` does, as separate processes: migrate, seed the demo, serve it over HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_migrate_seed_and_serve_the_demo_site(tmp_path: Path) -> None:
    exe = shutil.which("crosstalk") or str(Path(sys.executable).parent / "crosstalk")
    port = _free_port()
    env = {
        **os.environ,
        "CROSSTALK_DATA_DIR": str(tmp_path / "var"),
        "CROSSTALK_PORT": str(port),
        "CROSSTALK_WORKER_MODE": "off",
    }
    env.pop("CROSSTALK_DATABASE_URL", None)
    for args in (["migrate"], ["seed", "--demo"]):
        done = subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "var" / "crosstalk.db").exists()
    server = subprocess.Popen(
        [exe, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.time() < deadline, "server did not become ready"
            time.sleep(0.3)
        home = httpx.get(base + "/", timeout=10)
        assert home.status_code == 200 and 'class="card"' in home.text
        feed = httpx.get(base + "/api/v1/feed/explore?limit=50", timeout=10).json()["items"]
        langs = {n["lang"] for n in feed}
        assert "en" in langs and "zh-Hans" in langs
        assert any(n["images"] for n in feed)
        picture = httpx.get(
            base + feed[0]["images"][0]["thumb_url"] if feed[0]["images"] else base + "/healthz"
        )
        assert picture.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
