"""Imports every package's models so Alembic and tests see one complete metadata."""

from __future__ import annotations

import importlib

from crosstalk.db.base import Base

# Packages that own tables; a missing optional package is tolerated so each can land alone.
MODEL_MODULES = (
    "crosstalk.community.models",
    "crosstalk.language.models",
    "crosstalk.safety.transparency.models",
    "crosstalk.safety.screening.models",
    "crosstalk.safety.moderation.models",
    "crosstalk.safety.audit.models",
)

for _module in MODEL_MODULES:
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a package is absent
        if exc.name != _module:
            raise

metadata = Base.metadata
