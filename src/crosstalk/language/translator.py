"""The `Translator` protocol every backend implements, and the request/result value types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

# Backends only ever see English and Simplified Chinese: Traditional input is converted to
# Simplified before translation and Traditional output is produced by OpenCC afterwards.
EngineLang = Literal["en", "zh-Hans"]


@dataclass(frozen=True)
class TranslationRequest:
    """One segment for a backend: plain text whose protected spans are `{{N}}` placeholders."""

    text: str
    source: EngineLang
    target: EngineLang
    # Set on the retry after a guard rejected the first output: the backend uses its
    # stricter prompt (more examples of questions and instructions being translated).
    strict: bool = False


@dataclass(frozen=True)
class TranslationResult:
    """What callers get back from `service.translate_text`."""

    text: str
    source_lang: str
    target_lang: str
    model: str
    backend: str
    cached: bool


@runtime_checkable
class Translator(Protocol):
    """A translation engine. Raises `TranslationUnavailable` when it cannot answer at all."""

    @property
    def backend(self) -> str:
        """Short backend name recorded with every result and in the cache key."""
        ...

    @property
    def model(self) -> str:
        """Model identifier recorded with every result and in the cache key."""
        ...

    def translate_batch(self, requests: Sequence[TranslationRequest]) -> list[str]:
        """Raw outputs, one per request, in order; guards and span repair happen in the service."""
        ...

    def close(self) -> None:
        """Release threads, processes or connections."""
        ...
