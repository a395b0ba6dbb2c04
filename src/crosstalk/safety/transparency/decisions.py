"""Decisions: from a rule outcome to a stored `Decision` with its DSA Art. 17 statement of reasons,
and the statement rendered for the person affected, in English or Chinese.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.db.base import utcnow
from crosstalk.safety.screening.policy import Clause, Condition, Policy
from crosstalk.safety.screening.rules import Facts, Outcome
from crosstalk.safety.transparency.models import Decision

VISIBILITY: dict[str, str] = {
    "allow": "visible",
    "label": "visible",
    "limit": "limited",
    "hold": "held",
    "remove": "removed",
    "suspend": "removed",
}
# How much each visibility hides, least first ("pending" hides like "held": only the author).
VISIBILITY_RANK: dict[str, int] = {
    "visible": 0,
    "limited": 1,
    "pending": 2,
    "held": 2,
    "removed": 3,
}

# Names from the DSA Transparency Database schema, so exports need no translation table.
_DSA_VISIBILITY: dict[str, str] = {
    "label": "DECISION_VISIBILITY_CONTENT_LABELLED",
    "limit": "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "hold": "DECISION_VISIBILITY_CONTENT_DISABLED",
    "remove": "DECISION_VISIBILITY_CONTENT_REMOVED",
    "suspend": "DECISION_VISIBILITY_CONTENT_REMOVED",
}
_DSA_ACCOUNT: dict[str, str] = {"suspend": "DECISION_ACCOUNT_SUSPENDED"}

REDRESS: tuple[str, ...] = ("appeal", "out_of_court_settlement", "judicial_redress")

ITEM_NAMES = {
    "note": ("note", "笔记"),
    "comment": ("comment", "评论"),
    "profile": ("profile", "个人资料"),
    "account": ("account", "账号"),
    "text": ("text", "文本"),  # a bare text previewed through the screen API
}

_RESTRICTIONS = {
    "allow": ("No restriction: the content is visible.", "无限制：内容正常显示。"),
    "label": (
        "The content stays visible with a label.",
        "内容保持可见，但会附加标注。",
    ),
    "limit": (
        "The content stays up but is shown to fewer people (not recommended in public feeds).",
        "内容保留，但展示范围受限（不会在公共信息流中推荐）。",
    ),
    "hold": (
        "The content is hidden from others until a person reviews it.",
        "内容在人工审核前对他人隐藏。",
    ),
    "remove": ("The content was removed.", "内容已被删除。"),
    "suspend": (
        "The content was removed and the account is suspended.",
        "内容已被删除，账号已被暂停。",
    ),
}

# Account actions (safety.strikes) are decisions about an account, not a piece of content.
_ACCOUNT_RESTRICTIONS = {
    "allow": (
        "No restriction: the action on the account was reversed.",
        "无限制：对该账号的处理已撤销。",
    ),
    "warning": (
        "A warning on the account's record; nothing is restricted.",
        "账号记录中的一次警告；不限制任何功能。",
    ),
    "limit": (
        "The account's posts are shown to fewer people (not recommended in public feeds).",
        "该账号的帖子展示范围受限（不会在公共信息流中推荐）。",
    ),
    "suspension": (
        "The account is suspended: it cannot post, comment, like or follow until the end date.",
        "该账号已被暂停：在截止日期前无法发帖、评论、点赞或关注。",
    ),
    "ban": (
        "The account is banned: it can no longer take part.",
        "该账号已被封禁：无法再参与社区活动。",
    ),
}

_AUTOMATION = {
    "AUTOMATED_DECISION_FULLY": ("Fully automated decision.", "完全自动化的决定。"),
    "AUTOMATED_DECISION_PARTIALLY": (
        "Partly automated: a person makes the final decision.",
        "部分自动化：最终决定由人工作出。",
    ),
    "AUTOMATED_DECISION_NOT_AUTOMATED": ("Decided by a person.", "由人工作出的决定。"),
}

_REDRESS_TEXT = {
    "appeal": (
        "Appeal in the app: a person who did not make this decision will review it.",
        "在应用内申诉：将由未参与此决定的人员复核。",
    ),
    "out_of_court_settlement": (
        "Ask a certified out-of-court dispute settlement body (EU DSA Art. 21).",
        "向经认证的庭外争议解决机构申请（欧盟《数字服务法》第 21 条）。",
    ),
    "judicial_redress": (
        "Go to a court under the law that applies to you.",
        "依照适用于你的法律向法院提起诉讼。",
    ),
}

_LABELS = {
    "title": ("Statement of reasons", "决定理由说明"),
    "decision": ("Decision", "决定"),
    "ground": ("Rule applied", "适用的规则"),
    "facts": ("Facts and circumstances", "事实与情况"),
    "automation": ("Automated means", "自动化手段"),
    "detected": (
        "The content was detected by automated screening.",
        "该内容由自动筛查发现。",
    ),
    "not_detected": ("The content was not detected automatically.", "该内容并非由自动筛查发现。"),
    "until": ("Until", "截止至"),
    "help": ("Help", "求助资源"),
    "redress": ("How to contest this decision", "如何对此决定提出异议"),
    "policy": ("Policy version", "规则版本"),
}


def _zh(locale: str) -> bool:
    return locale.lower().replace("_", "-").startswith("zh")


def _pick(pair: tuple[str, str], locale: str) -> str:
    return pair[1] if _zh(locale) else pair[0]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def latest_decision_id(session: Session, item_type: str, item_id: int) -> int | None:
    """The newest decision about an item (profiles keep no decision id of their own)."""
    return session.scalar(
        select(Decision.id)
        .where(Decision.item_type == item_type, Decision.item_id == item_id)
        .order_by(Decision.id.desc())
        .limit(1)
    )


def visibility_for(action: str) -> str:
    """The community visibility state an action leads to."""
    return VISIBILITY[action]


def automated_decision_for(action: str) -> str:
    # A hold only hides content until a person decides; everything else the engine applies alone.
    if action == "hold":
        return "AUTOMATED_DECISION_PARTIALLY"
    return "AUTOMATED_DECISION_FULLY"


def _top_signals(facts: Facts, limit: int = 3) -> list[tuple[str, float]]:
    ranked = sorted(facts.scores.items(), key=lambda kv: kv[1], reverse=True)
    return [(c, s) for c, s in ranked[:limit] if s >= 0.1]


def describe_circumstances(
    item_type: str, facts: Facts, outcome: Outcome, policy: Policy
) -> tuple[str, str]:
    """Plain-language facts and circumstances, English and Chinese, built from what rules saw."""
    name_en, name_zh = ITEM_NAMES.get(item_type, (item_type, item_type))
    if outcome.rule is not None and _only_reports(outcome.rule.when):
        en = [f"Users reported this {name_en} and it was screened again (language: {facts.lang})."]
        zh = [f"用户举报了此{name_zh}，系统对其重新进行了筛查（语言：{facts.lang}）。"]
    else:
        en = [f"Automated screening of this {name_en} (language: {facts.lang})."]
        zh = [f"系统对此{name_zh}进行了自动筛查（语言：{facts.lang}）。"]
    signals = _top_signals(facts)
    if signals:
        listed = ", ".join(f"{c} {s:.2f}" for c, s in signals)
        en.append(f"Highest classifier scores: {listed}.")
        zh.append(f"分类器最高得分：{listed}。")
    # One passage can be evidence for several categories: quote it once.
    spans = list(dict.fromkeys(str(e.get("text", "")) for e in facts.evidence if e.get("text")))
    spans = spans[:3]
    if spans:
        quoted = ", ".join(f"“{s}”" for s in spans)
        en.append(f"Passages that matched: {quoted}.")
        zh.append(f"匹配的片段：{quoted}。")
    if facts.judge_category:
        en.append(f"A second-stage review model flagged: {facts.judge_category}.")
        zh.append(f"第二阶段审核模型标记了：{facts.judge_category}。")
    if facts.cluster_size > 1:
        en.append(f"It is one of {facts.cluster_size} near-identical posts.")
        zh.append(f"它是 {facts.cluster_size} 条几乎相同的帖子之一。")
    burst = {k: v for k, v in facts.velocity.items() if v > 1}
    if burst:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(burst.items()))
        en.append(f"Posts in the last {policy.surge.window_s // 60} minutes: {listed}.")
        zh.append(f"最近 {policy.surge.window_s // 60} 分钟内的发帖数：{listed}。")
    if facts.reports:
        en.append(f"Reports received: {facts.reports}.")
        zh.append(f"收到的举报：{facts.reports} 次。")
    if outcome.rule is not None:
        en.append(f"Rule {outcome.rule.id} of policy {policy.version} matched.")
        zh.append(f"匹配了规则版本 {policy.version} 中的规则 {outcome.rule.id}。")
    else:
        en.append(f"No rule of policy {policy.version} matched.")
        zh.append(f"没有匹配规则版本 {policy.version} 中的任何规则。")
    return " ".join(en), "".join(zh)


def _only_reports(cond: Condition) -> bool:
    """True for a rule condition that looks at the reports count and nothing about the text."""
    if cond.reports_at_least is None:
        return False
    content = (cond.scores, cond.lexicon, cond.regex, cond.judge, cond.cluster_size_at_least)
    return not any(content) and cond.velocity is None and cond.links_at_least is None


def clause_ground(clause: Clause, policy: Policy) -> dict[str, Any]:
    """The clause as stored with a decision (a snapshot: later policy edits cannot change what
    a person was told), with the policy's help resources beside any self-harm clause."""
    help_text = clause.help
    if help_text is None and clause.category.startswith("self-harm"):
        help_text = policy.help_resources
    return {
        "clause_id": clause.id,
        "category": clause.category,
        "title": {"en": clause.title.en, "zh-Hans": clause.title.zh_Hans},
        "explanation": {"en": clause.explanation.en, "zh-Hans": clause.explanation.zh_Hans},
        "help": {"en": help_text.en, "zh-Hans": help_text.zh_Hans} if help_text else None,
    }


def build_decision(
    *,
    item_type: str,
    item_id: int,
    author_id: int | None,
    facts: Facts,
    outcome: Outcome,
    policy: Policy,
    stages: list[str],
    judge_verdict: dict[str, Any] | None = None,
    judge_skipped: str | None = None,
    cluster_id: int | None = None,
    now: datetime | None = None,
) -> Decision:
    """A new (unsaved) Decision with every statement-of-reasons field filled in."""
    now = now or utcnow()
    action = outcome.action
    ground: dict[str, Any] = {}
    explanation_en = explanation_zh = ""
    ends_at = None
    if outcome.rule is not None:
        clause = policy.clause(outcome.rule.clause)
        ground = clause_ground(clause, policy)
        explanation_en = clause.explanation.en
        explanation_zh = clause.explanation.zh_Hans
        if outcome.rule.duration_days and action in ("limit", "suspend"):
            ends_at = now + timedelta(days=outcome.rule.duration_days)
    circumstances_en, circumstances_zh = describe_circumstances(item_type, facts, outcome, policy)
    restricted = action != "allow"
    # When only the count of user reports made the rule fire, people found the item, not
    # screening (DSA Art. 17(3)(c) asks which).
    by_reports = outcome.rule is not None and _only_reports(outcome.rule.when)
    return Decision(
        item_type=item_type,
        item_id=item_id,
        author_id=author_id,
        lang=facts.lang,
        text=facts.text,
        text_hash=text_hash(facts.text),
        action=action,
        visibility=visibility_for(action),
        rule_id=outcome.rule_id,
        clause_id=outcome.clause_id,
        policy_version=policy.version,
        scores=dict(facts.scores),
        evidence=list(facts.evidence),
        facts=facts.to_json(),
        stages=list(stages),
        judge_verdict=judge_verdict,
        judge_skipped=judge_skipped,
        cluster_id=cluster_id,
        restriction_type=("decision_account" if action == "suspend" else "decision_visibility")
        if restricted
        else None,
        visibility_restriction=_DSA_VISIBILITY.get(action),
        account_restriction=_DSA_ACCOUNT.get(action),
        scope="account" if action == "suspend" else "item",
        ends_at=ends_at,
        circumstances_en=circumstances_en,
        circumstances_zh=circumstances_zh,
        automated_detection=not by_reports,
        automated_decision=automated_decision_for(action),
        ground=ground,
        explanation_en=explanation_en,
        explanation_zh=explanation_zh,
        redress=list(REDRESS) if restricted else [],
        created_at=now,
    )


def statement_of_reasons(decision: Decision, locale: str = "en") -> dict[str, Any]:
    """Structured statement of reasons in `locale`: every DSA Art. 17(3) element."""
    key = "zh-Hans" if _zh(locale) else "en"
    ground = decision.ground or {}
    help_text = (ground.get("help") or {}).get(key)
    return {
        "decision_id": decision.id,
        "item_type": decision.item_type,
        "item_id": decision.item_id,
        "action": decision.action,
        "visibility": decision.visibility,
        "restriction_type": decision.restriction_type,
        "visibility_restriction": decision.visibility_restriction,
        "account_restriction": decision.account_restriction,
        "restriction": _pick(
            (_ACCOUNT_RESTRICTIONS if decision.item_type == "account" else _RESTRICTIONS)[
                decision.action
            ],
            locale,
        ),
        "scope": decision.scope,
        "end_date": decision.ends_at.isoformat() if decision.ends_at else None,
        "facts_and_circumstances": (
            decision.circumstances_zh if _zh(locale) else decision.circumstances_en
        ),
        "automated_detection": decision.automated_detection,
        "automated_decision": decision.automated_decision,
        "automation": _pick(_AUTOMATION.get(decision.automated_decision, ("", "")), locale),
        "ground": {
            "clause_id": decision.clause_id,
            "title": (ground.get("title") or {}).get(key),
        }
        if decision.clause_id
        else None,
        "explanation": decision.explanation_zh if _zh(locale) else decision.explanation_en,
        "help": help_text,
        "redress": [
            {"kind": r, "text": _pick(_REDRESS_TEXT[r], locale)}
            for r in decision.redress
            if r in _REDRESS_TEXT
        ],
        "policy_version": decision.policy_version,
        "created_at": decision.created_at.isoformat() if decision.created_at else None,
    }


def render_statement(decision: Decision, locale: str = "en") -> str:
    """The statement of reasons as a short plain-text letter to the person affected."""
    sor = statement_of_reasons(decision, locale)

    def label(name: str) -> str:
        return _pick(_LABELS[name], locale)

    colon = "：" if _zh(locale) else ": "
    lines = [label("title"), "", f"{label('decision')}{colon}{sor['restriction']}"]
    if sor["end_date"]:
        lines.append(f"{label('until')}{colon}{sor['end_date']}")
    if sor["ground"]:
        lines.append(
            f"{label('ground')}{colon}{sor['ground']['clause_id']} {sor['ground']['title']}"
        )
        lines.append(sor["explanation"])
    lines.append(f"{label('facts')}{colon}{sor['facts_and_circumstances']}")
    detected = label("detected") if sor["automated_detection"] else label("not_detected")
    lines.append(f"{label('automation')}{colon}{detected} {sor['automation']}")
    if sor["help"]:
        lines.append(f"{label('help')}{colon}{sor['help']}")
    if sor["redress"]:
        lines.append(f"{label('redress')}{colon}")
        lines.extend(f"- {r['text']}" for r in sor["redress"])
    lines.append(f"{label('policy')}{colon}{sor['policy_version']}")
    return "\n".join(lines)
