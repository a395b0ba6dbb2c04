"""In-process translation with llama-cpp-python: one model per process behind a request queue.

A single worker thread owns the model (llama.cpp contexts are not thread-safe). Callers put
batches on a queue and wait with a timeout; the worker drains everything queued, groups it by
direction so the shared few-shot prompt prefix stays in the KV cache, and decodes greedily.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosstalk.config import Settings
from crosstalk.language.errors import InputTooLong, TranslationUnavailable
from crosstalk.language.model_store import require_model
from crosstalk.language.prompts import chat_messages
from crosstalk.language.translator import TranslationRequest

log = logging.getLogger(__name__)


@dataclass
class _Job:
    requests: list[TranslationRequest]
    future: Future[list[str]] = field(default_factory=Future)


def _is_cjk_token(piece: bytes) -> bool:
    # UTF-8 lead bytes E3–E9 start U+3000–U+9FFF (CJK punctuation, kana, ideographs); EF starts
    # the full-width forms. Byte-level tokens carrying them would put Chinese into English.
    return any(0xE3 <= b <= 0xE9 or b == 0xEF for b in piece)


class LlamaLocalTranslator:
    """`Translator` backed by a local GGUF file."""

    backend = "local"

    def __init__(
        self,
        model_name: str,
        model_path: Path,
        *,
        n_threads: int = 0,
        n_ctx: int = 2048,
        timeout_s: float = 120.0,
        mask_cjk_for_english: bool = True,
    ) -> None:
        self.model = model_name
        self.model_path = model_path
        self.n_threads = n_threads or os.cpu_count() or 2
        self.n_ctx = n_ctx
        self.timeout_s = timeout_s
        self.mask_cjk_for_english = mask_cjk_for_english
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._llm: Any = None
        self._cjk_ids: Any = None
        self._thread = threading.Thread(target=self._run, name="llama-translator", daemon=True)
        self._started = False
        self._lock = threading.Lock()

    # --- caller side --------------------------------------------------------------------
    def translate_batch(self, requests: Sequence[TranslationRequest]) -> list[str]:
        if not requests:
            return []
        with self._lock:
            if not self._started:
                self._thread.start()
                self._started = True
        job = _Job(list(requests))
        self._queue.put(job)
        try:
            return job.future.result(timeout=self.timeout_s * max(1, len(requests)))
        except FutureTimeout:
            job.future.cancel()  # the worker skips it if it has not started yet
            raise TranslationUnavailable(reason="local model timed out") from None

    def close(self) -> None:
        if self._started:
            self._queue.put(None)
            self._thread.join(timeout=30)
        if self._llm is not None:
            self._llm.close()
            self._llm = None

    # --- worker side --------------------------------------------------------------------
    def _load(self) -> Any:
        if self._llm is None:
            from crosstalk.config import get_settings
            from crosstalk.language.llama_runtime import load_llama

            self._llm = load_llama(
                self.model_path,
                extra_buffers=get_settings().llama_extra_buffers,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                n_batch=512,
                verbose=False,
            )
        return self._llm

    def _cjk_mask(self) -> Any:
        if self._cjk_ids is None:
            import numpy as np

            llm = self._load()
            ids = [
                i for i in range(llm.n_vocab()) if _is_cjk_token(llm.detokenize([i], special=False))
            ]
            self._cjk_ids = np.array(ids, dtype=np.int64)
        return self._cjk_ids

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs = [job]
            # Drain what else is waiting: one pass over the model serves all of it.
            while True:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                jobs.append(more)
            live = [j for j in jobs if j.future.set_running_or_notify_cancel()]
            flat = [(ji, ri, r) for ji, j in enumerate(live) for ri, r in enumerate(j.requests)]
            # Same direction together: the few-shot prefix is reused from the KV cache.
            flat.sort(key=lambda item: (item[2].source, item[2].strict))
            outputs: list[list[str]] = [[""] * len(j.requests) for j in live]
            errors: dict[int, BaseException] = {}
            for ji, ri, request in flat:
                if ji in errors:
                    continue
                try:
                    outputs[ji][ri] = self._generate(request)
                except Exception as exc:  # one bad request must not kill the worker
                    log.exception("local translation failed")
                    errors[ji] = exc
            for ji, j in enumerate(live):
                if ji in errors:
                    failure = errors[ji]
                    j.future.set_exception(
                        failure
                        if isinstance(failure, TranslationUnavailable | InputTooLong)
                        else TranslationUnavailable(reason=repr(failure))
                    )
                else:
                    j.future.set_result(outputs[ji])

    def _generate(self, request: TranslationRequest) -> str:
        llm = self._load()
        messages = chat_messages(request)
        n_src = len(llm.tokenize(request.text.encode("utf-8"), add_bos=False))
        # Chinese needs about as many tokens as English words; English about 1.5× Chinese.
        max_tokens = int(n_src * 2.5) + 24
        if n_src + max_tokens + 400 > self.n_ctx:
            raise InputTooLong(len(request.text), self.n_ctx)
        kwargs: dict[str, Any] = {}
        if request.target == "en" and self.mask_cjk_for_english:
            import numpy as np
            from llama_cpp import LogitsProcessorList

            mask = self._cjk_mask()

            def no_cjk(_input_ids: Any, scores: Any) -> Any:
                scores[mask] = -np.inf
                return scores

            kwargs["logits_processor"] = LogitsProcessorList([no_cjk])
        out = llm.create_chat_completion(
            messages=messages,
            temperature=0.0,
            top_k=1,
            max_tokens=max_tokens,
            **kwargs,
        )
        return str(out["choices"][0]["message"]["content"] or "")


def from_settings(settings: Settings) -> LlamaLocalTranslator:
    """The backend `translation_backend = "local"` selects: the installed model file, else
    `ModelNotInstalled` naming the command that installs it."""
    return LlamaLocalTranslator(
        settings.translation_model,
        require_model(settings.translation_model),
        n_threads=settings.translation_threads,
        n_ctx=settings.translation_n_ctx,
        timeout_s=settings.translation_timeout_s,
    )
