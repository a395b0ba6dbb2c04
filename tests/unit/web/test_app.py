"""Registration is explicit: every router module is mounted and every models module imported."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import APIRouter

import crosstalk
from crosstalk.db.registry import MODEL_MODULES
from crosstalk.web.app import ROUTERS


def _modules(package: str) -> list[str]:
    path = Path(importlib.import_module(package).__file__ or "").parent
    return [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


def test_every_router_module_is_mounted() -> None:
    routers = []
    for name in [
        "crosstalk.web.ops",
        *_modules("crosstalk.web.api"),
        *_modules("crosstalk.web.pages"),
    ]:
        router = getattr(importlib.import_module(name), "router", None)
        if isinstance(router, APIRouter):
            routers.append(name)
    mounted = {id(r) for r in ROUTERS}
    assert [n for n in routers if id(importlib.import_module(n).router) not in mounted] == []


def test_every_models_module_is_in_the_metadata_registry() -> None:
    root = Path(crosstalk.__file__).parent
    found = {
        "crosstalk." + ".".join(p.relative_to(root).with_suffix("").parts)
        for p in root.rglob("models.py")
    }
    assert found == {m.__name__ for m in MODEL_MODULES}
