"""Translation through an OpenAI-compatible chat endpoint (llama.cpp server, vLLM) over HTTP."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx

from crosstalk.config import Settings
from crosstalk.language.errors import TranslationUnavailable
from crosstalk.language.prompts import chat_messages
from crosstalk.language.translator import TranslationRequest


class OpenAICompatTranslator:
    """Same prompts as the local backend; the server does the batching across clients."""

    backend = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout_s: float = 120.0,
        concurrency: int = 4,
        client: httpx.Client | None = None,
    ) -> None:
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.Client(
            base_url=base_url.rstrip("/"), timeout=timeout_s, headers=headers
        )
        self._concurrency = concurrency

    def _one(self, request: TranslationRequest) -> str:
        body = {
            "model": self.model,
            "messages": chat_messages(request),
            "temperature": 0,
            "max_tokens": len(request.text) * 3 + 32,
        }
        try:
            response = self._client.post("/chat/completions", json=body)
            response.raise_for_status()
            return str(response.json()["choices"][0]["message"]["content"] or "")
        except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
            raise TranslationUnavailable(reason=f"openai-compatible server: {exc!r}") from exc

    def translate_batch(self, requests: Sequence[TranslationRequest]) -> list[str]:
        if len(requests) <= 1:
            return [self._one(r) for r in requests]
        with ThreadPoolExecutor(max_workers=self._concurrency) as pool:
            return list(pool.map(self._one, requests))

    def close(self) -> None:
        self._client.close()


def from_settings(settings: Settings) -> OpenAICompatTranslator:
    """The backend `translation_backend = "openai"` selects."""
    return OpenAICompatTranslator(
        settings.translation_openai_url,
        settings.translation_model,
        api_key=settings.translation_openai_api_key,
        timeout_s=settings.translation_timeout_s,
    )
