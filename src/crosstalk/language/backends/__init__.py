"""Translation backends, one module each, registered by name; `translation_backend` picks one.

Adding a backend is adding a module with a `from_settings(settings)` factory, one line in
`BACKENDS` and its name in `Settings.translation_backend`. Test doubles (`fake.py`) are not
listed, so configuration can never select them.
"""

from __future__ import annotations

from collections.abc import Callable

from crosstalk.config import Settings
from crosstalk.language.backends import libretranslate, llama_local, openai_compat
from crosstalk.language.translator import Translator

Factory = Callable[[Settings], Translator]

BACKENDS: dict[str, Factory] = {
    "local": llama_local.from_settings,
    "openai": openai_compat.from_settings,
    "libretranslate": libretranslate.from_settings,
}


def build(settings: Settings) -> Translator:
    """The configured production backend."""
    factory = BACKENDS.get(settings.translation_backend)
    if factory is None:
        # Settings validation refuses unknown names first; this guards hand-built settings.
        choices = ", ".join(sorted(BACKENDS))
        raise ValueError(
            f"Unknown translation backend {settings.translation_backend!r}; choose {choices}."
        )
    return factory(settings)
