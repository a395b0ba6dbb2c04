"""Shadow mode: a candidate policy is logged beside the enforced one and diffed, never applied."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from crosstalk.db.base import utcnow
from crosstalk.safety.screening.commands import policy_app
from crosstalk.safety.screening.engine import SafetyEngine
from crosstalk.safety.screening.models import ShadowDecision
from crosstalk.safety.screening.policy import Policy, default_policy, parse_policy
from crosstalk.safety.screening.results import ScreenItem
from crosstalk.safety.screening.shadow import logged_disagreements, replay
from tests.unit.safety.screening.screening_helpers import FixedScorer, scored

# Harassment scores around the default limit threshold (0.6) and the hold threshold (0.85).
SCORES = {1: 0.2, 2: 0.52, 3: 0.55, 4: 0.58, 5: 0.61, 6: 0.7, 7: 0.9}


def candidate_yaml(limit_threshold: float = 0.5, version: str = "2026.11-2") -> str:
    """The default policy with one threshold changed: what an operator would edit."""
    data = yaml.safe_load(
        Path(__import__("crosstalk.safety.screening", fromlist=["x"]).__file__)
        .parent.joinpath("policies/default.yaml")
        .read_text("utf-8")
    )
    data["version"] = version
    for rule in data["rules"]:
        if rule["id"] == "harassment-limit":
            rule["when"]["scores"]["harassment"] = limit_threshold
    return yaml.safe_dump(data, allow_unicode=True)


def candidate() -> Policy:
    return parse_policy(candidate_yaml())


def screen_all(db: Session, shadow: Policy | None = None) -> None:
    now = utcnow()
    results = [scored(f"comment {i}", harassment=s) for i, s in SCORES.items()]
    eng = SafetyEngine(
        default_policy(),
        shadow=shadow,
        scorer=FixedScorer(*results),
        clock=lambda: now,
        load_default_judge=False,
    )
    for i in SCORES:
        eng.screen(
            db,
            ScreenItem(
                item_type="comment",
                item_id=i,
                text=f"comment {i}",
                lang="en",
                author_id=100 + i,
                author_created_at=now - timedelta(days=300),
                author_trust_level=2,
            ),
        )


def test_every_screen_logs_the_shadow_decision_without_applying_it(db: Session) -> None:
    screen_all(db, shadow=candidate())
    rows = db.scalars(select(ShadowDecision).order_by(ShadowDecision.item_id)).all()
    assert len(rows) == len(SCORES)
    by_item = {r.item_id: r for r in rows}
    assert (by_item[2].action, by_item[2].enforced_action) == ("limit", "allow")
    assert by_item[2].policy_version == "2026.11-2"
    assert by_item[2].enforced_policy_version == default_policy().version


def test_logged_diff_lists_exactly_the_items_the_threshold_change_affects(db: Session) -> None:
    screen_all(db, shadow=candidate())
    rows = logged_disagreements(db, utcnow() - timedelta(days=7))
    assert sorted(r.item_id for r in rows) == [2, 3, 4]
    assert {(r.enforced_action, r.candidate_action, r.candidate_clause) for r in rows} == {
        ("allow", "limit", "H1")
    }


def test_replaying_stored_decisions_lists_exactly_the_affected_items(db: Session) -> None:
    screen_all(db)  # no shadow configured at the time
    rows = replay(db, candidate(), utcnow() - timedelta(days=7))
    assert sorted(r.item_id for r in rows) == [2, 3, 4]
    stricter = parse_policy(candidate_yaml(limit_threshold=0.65))
    assert [r.item_id for r in replay(db, stricter, utcnow() - timedelta(days=7))] == [5]
    assert replay(db, default_policy(), utcnow() - timedelta(days=7)) == []


def test_replay_only_looks_at_the_window(db: Session) -> None:
    screen_all(db)
    assert replay(db, candidate(), datetime.now() + timedelta(days=1)) == []


def test_policy_diff_command_lists_the_affected_items(db: Session, tmp_path: Path) -> None:
    screen_all(db)
    db.commit()
    path = tmp_path / "candidate.yaml"
    path.write_text(candidate_yaml(), encoding="utf-8")
    result = CliRunner().invoke(
        policy_app, ["diff", "--since", "7d", "--policy", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(r["item_id"] for r in rows) == [2, 3, 4]
    table = CliRunner().invoke(policy_app, ["diff", "--policy", str(path)])
    assert "3 item(s) decided differently" in table.output


def test_policy_diff_without_a_candidate_says_what_to_do(db: Session) -> None:
    result = CliRunner().invoke(policy_app, ["diff"])
    assert result.exit_code == 1
    assert "pass --policy FILE or set CROSSTALK_SHADOW_POLICY_PATH" in result.output


def test_policy_diff_rejects_a_malformed_duration() -> None:
    result = CliRunner().invoke(policy_app, ["diff", "--since", "yesterday", "--policy", "x"])
    assert result.exit_code == 2
