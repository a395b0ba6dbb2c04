"""The facts and circumstances of a decision in plain English and Chinese, written when the
decision is made: what automated screening saw, what a moderator did, or what happened to an
account."""

from __future__ import annotations

from crosstalk.safety.screening.policy import Clause, Condition, Policy
from crosstalk.safety.screening.rules import Facts, Outcome
from crosstalk.safety.transparency.models import Decision

ITEM_NAMES = {
    "note": ("note", "笔记"),
    "comment": ("comment", "评论"),
    "profile": ("profile", "个人资料"),
    "account": ("account", "账号"),
    "text": ("text", "文本"),  # a bare text previewed through the screen API
}
# Why a person looked at the item (the review queue's sources).
_WHY = {
    "hold": ("after automated screening held it", "在自动筛查将其暂扣后"),
    "notice": ("after a user reported it", "在用户举报后"),
    "appeal": ("after its author appealed", "在作者提出申诉后"),
    "shadow": ("on the moderators' own initiative", "由审核团队主动"),
}
# A moderator's outcome, by the engine's action vocabulary ("allow" is a restore).
_OUTCOME = {
    "allow": (
        "found that it does not break the rules and restored it",
        "认定其未违反规则并予以恢复",
    ),
    "label": ("kept it visible with a label", "保留其可见并附加标注"),
    "limit": ("limited how widely it is shown", "限制了其展示范围"),
    "remove": ("removed it", "将其删除"),
}
_ACCOUNT_OUTCOME = {
    "warning": ("gave it a warning", "对其作出警告"),
    "limit": ("limited the reach of its posts", "限制了其帖子的展示范围"),
    "suspension": ("suspended it", "暂停了该账号"),
    "ban": ("banned it", "封禁了该账号"),
}
_RELATED_ITEM = {"note": ("a note", "一篇笔记"), "comment": ("a comment", "一条评论")}


def _top_signals(facts: Facts, limit: int = 3) -> list[tuple[str, float]]:
    ranked = sorted(facts.scores.items(), key=lambda kv: kv[1], reverse=True)
    return [(c, s) for c, s in ranked[:limit] if s >= 0.1]


def automated(item_type: str, facts: Facts, outcome: Outcome, policy: Policy) -> tuple[str, str]:
    """Plain-language facts and circumstances, English and Chinese, built from what rules saw."""
    name_en, name_zh = ITEM_NAMES.get(item_type, (item_type, item_type))
    if outcome.rule is not None and only_reports(outcome.rule.when):
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


def only_reports(cond: Condition) -> bool:
    """True for a rule condition that looks at the reports count and nothing about the text."""
    if cond.reports_at_least is None:
        return False
    content = (cond.scores, cond.lexicon, cond.regex, cond.judge, cond.cluster_size_at_least)
    return not any(content) and cond.velocity is None and cond.links_at_least is None


def by_moderator(
    item_type: str,
    action: str,
    trigger: str,
    clause: Clause | None,
    policy: Policy,
    previous: Decision | None,
) -> tuple[str, str]:
    """What a moderator did with a content item, and why they looked at it."""
    name_en, name_zh = ITEM_NAMES.get(item_type, (item_type, item_type))
    why_en, why_zh = _WHY.get(trigger, _WHY["shadow"])
    outcome_en, outcome_zh = _OUTCOME[action]
    en = f"A moderator reviewed this {name_en} {why_en} and {outcome_en}."
    zh = f"审核员{why_zh}复核了此{name_zh}，并{outcome_zh}。"
    if clause is not None and action != "allow":
        en += f" Clause {clause.id} of policy {policy.version} applies."
        zh += f"适用规则版本 {policy.version} 中的条款 {clause.id}。"
    if previous is not None and previous.action != "allow":
        en += f" It replaces decision #{previous.id}."
        zh += f"此决定取代第 {previous.id} 号决定。"
    return en, zh


def on_account(
    kind: str, days: int | None, clause: Clause, policy: Policy, related: Decision | None
) -> tuple[str, str]:
    """What a moderator did to an account, and the content decision it follows, if any."""
    what_en, what_zh = _ACCOUNT_OUTCOME[kind]
    span_en = f" for {days} days" if days else ""
    span_zh = f"，为期 {days} 天" if days else ""
    en = f"A moderator reviewed this account and {what_en}{span_en}."
    zh = f"审核员复核了该账号，并{what_zh}{span_zh}。"
    if related is not None:
        item_en, item_zh = _RELATED_ITEM.get(related.item_type, ("content", "内容"))
        en += f" It follows decision #{related.id} about {item_en} by this account."
        zh += f"此处理源于针对该账号发布的{item_zh}的第 {related.id} 号决定。"
    en += f" Clause {clause.id} of policy {policy.version} applies."
    zh += f"适用规则版本 {policy.version} 中的条款 {clause.id}。"
    return en, zh
