"""Imports every package's models so Alembic and tests see one complete metadata."""

from __future__ import annotations

# Each package that owns tables, imported by name: a renamed or missing models module is an
# ImportError here, never a table silently absent from migrations and test databases.
from crosstalk.community import models as community_models
from crosstalk.db.base import Base
from crosstalk.language import models as language_models
from crosstalk.safety.audit import models as audit_models
from crosstalk.safety.moderation import models as moderation_models
from crosstalk.safety.screening import models as screening_models
from crosstalk.safety.transparency import models as transparency_models

MODEL_MODULES = (
    community_models,
    language_models,
    transparency_models,
    screening_models,
    moderation_models,
    audit_models,
)

metadata = Base.metadata
