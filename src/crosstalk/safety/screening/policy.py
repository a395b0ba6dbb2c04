"""Moderation policy as data: the versioned YAML schema, its validation and where it is loaded from.

The operator edits YAML; this module turns it into checked objects. Clauses are what users read
(title and explanation in English and Chinese); rules say when a clause applies and what happens.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from crosstalk.config import get_settings
from crosstalk.safety.errors import PolicyInvalid
from crosstalk.safety.screening.scoring import CATEGORIES

Action = Literal["allow", "label", "limit", "hold", "remove", "suspend"]
# Order is severity: when several rules match, the strongest action wins.
ACTIONS: tuple[Action, ...] = ("allow", "label", "limit", "hold", "remove", "suspend")
ACTION_RANK: dict[str, int] = {a: i for i, a in enumerate(ACTIONS)}

_ID = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Localized(_Strict):
    """One user-visible string in both languages the product speaks."""

    en: str = Field(min_length=1)
    zh_Hans: str = Field(alias="zh-Hans", min_length=1)

    def get(self, locale: str) -> str:
        return self.zh_Hans if locale.lower().replace("_", "-").startswith("zh") else self.en


class Clause(_Strict):
    id: str = Field(pattern=_ID)
    category: str
    title: Localized
    explanation: Localized
    help: Localized | None = None  # resources shown beside any decision citing this clause

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        # "general" is for clauses no classifier category covers (e.g. community reports).
        if value not in CATEGORIES and value != "general":
            raise ValueError(f"unknown category {value!r}; known: general, {', '.join(CATEGORIES)}")
        return value


class Velocity(_Strict):
    """Posts counted within `surge.window_s`; the condition holds when any count reaches its bar."""

    account: int | None = Field(default=None, ge=1)
    ip: int | None = Field(default=None, ge=1)
    fingerprint: int | None = Field(default=None, ge=1)


class Condition(_Strict):
    """Every field that is set must hold (AND). Lists inside a field are alternatives (OR)."""

    scores: dict[str, float] = Field(default_factory=dict)  # any category at/above its threshold
    langs: list[str] = Field(default_factory=list)  # only text detected in one of these languages
    lexicon: list[str] = Field(default_factory=list)  # stage-1 lexicon evidence in a category
    regex: list[str] = Field(default_factory=list)  # any pattern found (case-insensitive)
    account_age_days_below: float | None = Field(default=None, gt=0)
    trust_level_at_most: int | None = Field(default=None, ge=0)
    velocity: Velocity | None = None
    cluster_size_at_least: int | None = Field(default=None, ge=2)
    reports_at_least: int | None = Field(default=None, ge=1)
    links_at_least: int | None = Field(default=None, ge=1)
    judge: list[str] = Field(default_factory=list)  # stage-2 judge named one of these categories

    @field_validator("scores")
    @classmethod
    def _scores(cls, value: dict[str, float]) -> dict[str, float]:
        for category, threshold in value.items():
            if category not in CATEGORIES:
                raise ValueError(f"unknown category {category!r} in scores")
            if not 0.0 <= threshold <= 1.0:
                raise ValueError(f"threshold for {category!r} must be between 0 and 1")
        return value

    @field_validator("lexicon", "judge")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown categories {unknown}")
        return value

    @field_validator("regex")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"regex {pattern!r} does not compile: {exc}") from None
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        signals = (
            self.scores,
            self.lexicon,
            self.regex,
            self.account_age_days_below,
            self.trust_level_at_most,
            self.velocity,
            self.cluster_size_at_least,
            self.reports_at_least,
            self.links_at_least,
            self.judge,
        )
        if not any(s is not None and s != [] and s != {} for s in signals):
            # A rule that matches everything would silently apply to every post.
            raise ValueError("a rule needs at least one condition besides langs")
        return self


class Rule(_Strict):
    id: str = Field(pattern=_ID)
    clause: str
    action: Action
    when: Condition
    duration_days: int | None = Field(default=None, ge=1)  # for limit and suspend; None: open


class TrustLevels(_Strict):
    """Discourse-style: new accounts start at 0 and earn 1 and 2 by age and clean visible posts."""

    tl1_after_days: float = Field(default=3, ge=0)
    tl1_min_visible_posts: int = Field(default=3, ge=0)
    tl2_after_days: float = Field(default=30, ge=0)
    tl2_min_visible_posts: int = Field(default=30, ge=0)
    strike_window_days: int = Field(default=90, ge=1)


class Surge(_Strict):
    window_s: int = Field(default=3600, ge=10)  # velocity window
    near_duplicate_threshold: float = Field(default=0.6, gt=0, lt=1)  # Jaccard for LSH
    shingle_chars: int = Field(default=4, ge=1, le=10)
    min_chars: int = Field(default=24, ge=1)  # shorter texts ("nice!") never form clusters
    cluster_window_days: int = Field(default=7, ge=1)


class JudgeSettings(_Strict):
    enabled: bool = True
    # An uncovered category with a stage-1 score at least this high is a "weak signal" worth
    # asking the judge about.
    min_signal: float = Field(default=0.2, ge=0, le=1)


class Policy(_Strict):
    version: str = Field(min_length=1, max_length=40)
    name: Localized
    help_resources: Localized | None = None
    clauses: list[Clause] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    trust: TrustLevels = TrustLevels()
    surge: Surge = Surge()
    judge: JudgeSettings = JudgeSettings()

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        # YAML reads `version: 2026.11` as a float; the version is a label, keep it as written.
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _references(self) -> Policy:
        clause_ids = [c.id for c in self.clauses]
        dupes = sorted({c for c in clause_ids if clause_ids.count(c) > 1})
        if dupes:
            raise ValueError(f"clause ids must be unique; repeated: {', '.join(dupes)}")
        rule_ids = [r.id for r in self.rules]
        dupes = sorted({r for r in rule_ids if rule_ids.count(r) > 1})
        if dupes:
            raise ValueError(f"rule ids must be unique; repeated: {', '.join(dupes)}")
        known = set(clause_ids)
        for rule in self.rules:
            if rule.clause not in known:
                raise ValueError(
                    f"rule {rule.id!r} cites clause {rule.clause!r}, which is not defined"
                )
        return self

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Parse and validate policy YAML; every failure becomes one readable PolicyInvalid."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where_en = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        where_zh = f"（第 {mark.line + 1} 行，第 {mark.column + 1} 列）" if mark else ""
        raise PolicyInvalid(
            f"{source} is not valid YAML: {problem}{where_en}.",
            f"{source} 不是有效的 YAML：{problem}{where_zh}。",
        ) from None
    if not isinstance(data, dict):
        raise PolicyInvalid(
            f"{source} must be a YAML mapping with version, name, clauses and rules.",
            f"{source} 必须是包含 version、name、clauses 和 rules 的 YAML 映射。",
        )
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'policy'}: "
            f"{err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        )
        raise PolicyInvalid(
            f"{source} is not a valid policy: {problems}",
            f"{source} 不是有效的策略：{problems}",
        ) from None


def load_policy(path: Path | str) -> Policy:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyInvalid(
            f"Cannot read policy file {path}: {exc.strerror or exc}.",
            f"无法读取策略文件 {path}：{exc.strerror or exc}。",
        ) from None
    return parse_policy(text, source=str(path))


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The policy shipped inside the package (safety harms only, no viewpoint blocklist)."""
    text = (
        resources.files("crosstalk.safety.screening")
        .joinpath("policies/default.yaml")
        .read_text("utf-8")
    )
    return parse_policy(text, source="default.yaml")


def enforced_policy() -> Policy:
    """The operator's policy when `CROSSTALK_POLICY_PATH` is set, else the shipped default."""
    path = get_settings().policy_path
    return load_policy(path) if path else default_policy()


def shadow_policy() -> Policy | None:
    path = get_settings().shadow_policy_path
    return load_policy(path) if path else None


def cited_clause(clause_id: str | None) -> Clause:
    """The enforced policy's clause a person cites, or a form error listing the clauses."""
    from crosstalk.community.errors import ValidationFailed

    policy = enforced_policy()
    try:
        return policy.clause(clause_id or "")
    except KeyError:
        known = ", ".join(c.id for c in policy.clauses)
        raise ValidationFailed(
            f"Cite a clause of the policy ({known}).",
            f"请引用规则中的条款（{known}）。",
            field="clause_id",
        ) from None
