"""Migration 0007 fills the new decision columns of existing rows from the JSON they kept them
in: an appeal inherits the source of what it contests, a restore the category of what it
undid, the engine's re-screens after reports are notices."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crosstalk.db.migrate import upgrade
from crosstalk.db.session import make_engine


def _row(row_id: int, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": row_id,
        "item_type": "note",
        "item_id": 1,
        "author_id": 7,
        "lang": "en",
        "text": "t",
        "text_hash": "0" * 64,
        "action": "allow",
        "visibility": "visible",
        "policy_version": "p1",
        "scores": "{}",
        "evidence": "[]",
        "facts": "{}",
        "stages": '["stage1", "rules"]',
        "scope": "item",
        "circumstances_en": "",
        "circumstances_zh": "",
        "automated_detection": True,
        "automated_decision": "AUTOMATED_DECISION_FULLY",
        "ground": "{}",
        "explanation_en": "",
        "explanation_zh": "",
        "redress": "[]",
        "created_at": datetime(2026, 11, 1),
    }
    row.update({k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in over.items()})
    return row


def _review(source: str, moderator: int, previous: int | None) -> dict[str, Any]:
    return {
        "review": {"source": source, "moderator_id": moderator, "previous_decision_id": previous}
    }


def test_existing_decisions_get_source_category_trigger_actor_and_previous(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'm.db').as_posix()}"
    upgrade(url, "0006_audit_accounts")
    engine = make_engine(url)
    human = ["human"]
    rows = [
        # a reported note: the engine re-screened and held it, a moderator removed it, the
        # author appealed and another moderator restored it
        _row(1, action="hold", facts={"reports": 2}, ground={"category": "harassment"}),
        _row(2, action="remove", stages=human, facts=_review("notice", 5, 1),
             ground={"category": "harassment"}),
        _row(3, action="allow", stages=human, facts=_review("appeal", 6, 2)),
        # a held note restored with no clause: counted under what it undid
        _row(4, item_id=2, action="hold", ground={"category": "hate"}),
        _row(5, item_id=2, action="allow", stages=human, facts=_review("hold", 5, 4)),
        # an ordinary post
        _row(6, item_id=3),
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(sa.Table("safety_decisions", sa.MetaData(), autoload_with=conn).insert(), rows)
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            got = {
                r[0]: tuple(r[1:])
                for r in conn.execute(
                    sa.text(
                        "SELECT id, source, category, trigger, actor_id, previous_id "
                        "FROM safety_decisions ORDER BY id"
                    )
                )
            }
    finally:
        engine.dispose()
    assert got == {
        1: ("notice", "harassment", "report", None, None),
        2: ("notice", "harassment", "notice", 5, 1),
        3: ("notice", "harassment", "appeal", 6, 2),
        4: ("own_initiative", "hate", "screening", None, None),
        5: ("own_initiative", "hate", "hold", 5, 4),
        6: ("own_initiative", None, "screening", None, None),
    }
