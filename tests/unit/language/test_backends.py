"""The translation backend registry: configuration names a backend, the registry builds it."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from crosstalk.config import Settings, reset_settings_cache
from crosstalk.language import backends
from crosstalk.language.backends.libretranslate import LibreTranslateTranslator
from crosstalk.language.backends.openai_compat import OpenAICompatTranslator
from crosstalk.language.errors import ModelNotInstalled


def test_every_configurable_backend_is_registered_and_nothing_else() -> None:
    configurable = set(get_args(Settings.model_fields["translation_backend"].annotation))
    assert configurable == set(backends.BACKENDS)
    assert "fake" not in backends.BACKENDS


def test_the_configured_http_backends_are_built_with_their_settings() -> None:
    openai = backends.build(
        Settings(translation_backend="openai", translation_model="served-model")
    )
    assert isinstance(openai, OpenAICompatTranslator)
    assert (openai.backend, openai.model) == ("openai", "served-model")
    openai.close()
    libre = backends.build(
        Settings(translation_backend="libretranslate", translation_libretranslate_api_key="k")
    )
    assert isinstance(libre, LibreTranslateTranslator)
    assert (libre.backend, libre.api_key) == ("libretranslate", "k")
    libre.close()


def test_the_local_backend_without_its_model_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSTALK_MODEL_DIR", str(tmp_path))  # the model store reads Settings
    reset_settings_cache()
    try:
        with pytest.raises(ModelNotInstalled, match="crosstalk models install"):
            backends.build(Settings(translation_backend="local"))
    finally:
        monkeypatch.delenv("CROSSTALK_MODEL_DIR")
        reset_settings_cache()


def test_an_unknown_backend_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="translation_backend"):
        Settings(translation_backend="deepl")  # type: ignore[arg-type]
    # Settings built without validation still cannot fall back to some other backend.
    unchecked = Settings.model_construct(translation_backend="deepl")
    with pytest.raises(ValueError, match="Unknown translation backend 'deepl'; choose libre"):
        backends.build(unchecked)
