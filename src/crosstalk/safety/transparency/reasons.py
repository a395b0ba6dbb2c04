"""The statement of reasons as the person affected reads it: every DSA Art. 17(3) element of a
stored decision, in English or Chinese, as data or as a short plain-text letter."""

from __future__ import annotations

from typing import Any

from crosstalk.safety.transparency.models import Decision

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


def is_zh(locale: str) -> bool:
    return locale.lower().replace("_", "-").startswith("zh")


def _pick(pair: tuple[str, str], locale: str) -> str:
    return pair[1] if is_zh(locale) else pair[0]


def statement_of_reasons(decision: Decision, locale: str = "en") -> dict[str, Any]:
    """Structured statement of reasons in `locale`: every DSA Art. 17(3) element."""
    key = "zh-Hans" if is_zh(locale) else "en"
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
            decision.circumstances_zh if is_zh(locale) else decision.circumstances_en
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
        "explanation": decision.explanation_zh if is_zh(locale) else decision.explanation_en,
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

    colon = "：" if is_zh(locale) else ": "
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
