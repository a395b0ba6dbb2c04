"""Loading GGUF models with llama-cpp-python so they run on this CPU.

ggml repacks weights into "extra buffer types" for faster kernels; on CPUs that advertise AMX
its AMX path segfaults under hypervisors that do not really provide AMX tiles (seen on this
project's 2-core build machines). Where the CPU lists AMX, extra buffers are off by default.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

ExtraBuffers = Literal["auto", "on", "off"]
_patch_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def cpu_advertises_amx(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return False
    return any(flag in text for flag in (" amx_tile", " amx_int8", " amx_bf16"))


def use_extra_buffers(setting: ExtraBuffers) -> bool:
    if setting == "auto":
        return not cpu_advertises_amx()
    return setting == "on"


@contextmanager
def model_params(use_extra_bufts: bool) -> Iterator[None]:
    """While active, every model llama-cpp-python loads gets `use_extra_bufts` as given.

    `Llama.__init__` takes no such argument, so the default-params factory is wrapped for the
    duration of the load; loads are serialized so two threads never see each other's patch.
    """
    import llama_cpp.llama as high_level

    low_level = high_level.llama_cpp
    with _patch_lock:
        original = low_level.llama_model_default_params

        def patched() -> Any:
            params = original()
            params.use_extra_bufts = use_extra_bufts
            return params

        low_level.llama_model_default_params = patched
        try:
            yield
        finally:
            low_level.llama_model_default_params = original


def load_llama(model_path: Path, *, extra_buffers: ExtraBuffers = "auto", **kwargs: Any) -> Any:
    """A `llama_cpp.Llama` for `model_path`, with extra buffers decided by `extra_buffers`."""
    from llama_cpp import Llama  # optional dependency (extra "llm")

    with model_params(use_extra_buffers(extra_buffers)):
        return Llama(model_path=str(model_path), **kwargs)
