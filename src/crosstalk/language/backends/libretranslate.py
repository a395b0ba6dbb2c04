"""Translation through an existing LibreTranslate server's HTTP API."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from crosstalk.config import Settings
from crosstalk.language.errors import TranslationUnavailable
from crosstalk.language.translator import TranslationRequest

_CODES = {"en": "en", "zh-Hans": "zh"}


class LibreTranslateTranslator:
    """One `/translate` call per direction with `q` as a list; the strict flag has no prompt."""

    backend = "libretranslate"

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str = "",
        timeout_s: float = 120.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.model = "libretranslate"
        self.api_key = api_key
        self._client = client or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout_s)

    def translate_batch(self, requests: Sequence[TranslationRequest]) -> list[str]:
        results = [""] * len(requests)
        groups: dict[tuple[str, str], list[int]] = {}
        for i, r in enumerate(requests):
            groups.setdefault((r.source, r.target), []).append(i)
        for (source, target), indexes in groups.items():
            body: dict[str, object] = {
                "q": [requests[i].text for i in indexes],
                "source": _CODES[source],
                "target": _CODES[target],
                "format": "text",
            }
            if self.api_key:
                body["api_key"] = self.api_key
            try:
                response = self._client.post("/translate", json=body)
                response.raise_for_status()
                translated = response.json()["translatedText"]
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                raise TranslationUnavailable(reason=f"libretranslate: {exc!r}") from exc
            if isinstance(translated, str):
                translated = [translated]
            if len(translated) != len(indexes):
                raise TranslationUnavailable(reason="libretranslate returned a different count")
            for i, text in zip(indexes, translated, strict=True):
                results[i] = str(text)
        return results

    def close(self) -> None:
        self._client.close()


def from_settings(settings: Settings) -> LibreTranslateTranslator:
    """The backend `translation_backend = "libretranslate"` selects."""
    return LibreTranslateTranslator(
        settings.translation_libretranslate_url,
        api_key=settings.translation_libretranslate_api_key,
        timeout_s=settings.translation_timeout_s,
    )
