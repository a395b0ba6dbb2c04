"""Safety CLI: `crosstalk policy check|show|diff`, `crosstalk safety train|check`, and
`crosstalk moderate IN.jsonl -o OUT.jsonl` (batch moderation with a progress bar).

Exit codes: 0 success; 1 a bad policy or input file (the message says which line and why);
2 usage errors (Typer's own) or missing training data.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from crosstalk.safety.errors import PolicyInvalid

policy_app = typer.Typer(help="Check, show and compare moderation policies.", no_args_is_help=True)
safety_app = typer.Typer(help="Safety models and one-off checks.", no_args_is_help=True)

out = Console()
err = Console(stderr=True)

BATCH = 64
_SINCE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _fail(message_en: str, message_zh: str, code: int = 1) -> typer.Exit:
    # Plain echo, not Rich: a message must not be re-wrapped or styled for scripts to grep it.
    typer.echo(f"{message_en}\n{message_zh}", err=True)
    return typer.Exit(code)


def parse_since(value: str) -> timedelta:
    """'30m', '12h', '7d', '2w' → a timedelta."""
    match = _SINCE.match(value.strip().lower())
    if not match:
        raise typer.BadParameter(
            f"{value!r} is not a duration like 30m, 12h, 7d or 2w. / "
            f"{value!r} 不是有效的时长（例如 30m、12h、7d、2w）。"
        )
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


# --- policy ---------------------------------------------------------------------------------
@policy_app.command("check")
def policy_check(
    path: Annotated[Path, typer.Argument(help="Policy YAML file to validate.")],
) -> None:
    """Validate a policy file; exit 1 with the reason when it is not valid."""
    from crosstalk.safety.screening.policy import load_policy

    try:
        policy = load_policy(path)
    except PolicyInvalid as exc:
        raise _fail(exc.message_en, exc.message_zh) from None
    typer.echo(
        f"OK: {path} is policy version {policy.version} with {len(policy.clauses)} clauses "
        f"and {len(policy.rules)} rules. / 策略有效。"
    )


@policy_app.command("show")
def policy_show(
    path: Annotated[
        Path | None, typer.Argument(help="Policy file; default: the enforced policy.")
    ] = None,
    lang: Annotated[str, typer.Option(help="en or zh-Hans")] = "en",
) -> None:
    """Print a policy's clauses and rules as tables."""
    from crosstalk.safety.screening.policy import enforced_policy, load_policy

    try:
        policy = load_policy(path) if path else enforced_policy()
    except PolicyInvalid as exc:
        raise _fail(exc.message_en, exc.message_zh) from None
    out.print(f"[bold]{policy.name.get(lang)}[/bold] — version {policy.version}")
    clauses = Table("id", "category", "title", "explanation", show_lines=True)
    for c in policy.clauses:
        clauses.add_row(c.id, c.category, c.title.get(lang), c.explanation.get(lang))
    out.print(clauses)
    rules = Table("rule", "clause", "action", "when")
    for r in policy.rules:
        when = json.dumps(r.when.model_dump(exclude_defaults=True), ensure_ascii=False)
        rules.add_row(r.id, r.clause, r.action, when)
    out.print(rules)


@policy_app.command("diff")
def policy_diff(
    since: Annotated[str, typer.Option(help="How far back: 30m, 12h, 7d, 2w.")] = "7d",
    policy_file: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            help="Candidate policy to replay against stored decisions; default: the logged "
            "shadow decisions of CROSSTALK_SHADOW_POLICY_PATH.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List items where the candidate (shadow) policy and the enforced decision disagree."""
    from crosstalk.config import get_settings
    from crosstalk.db.base import utcnow
    from crosstalk.db.session import session_scope
    from crosstalk.safety.screening.policy import load_policy
    from crosstalk.safety.screening.shadow import logged_disagreements, replay

    window = parse_since(since)
    start = utcnow() - window
    try:
        candidate = load_policy(policy_file) if policy_file else None
    except PolicyInvalid as exc:
        raise _fail(exc.message_en, exc.message_zh) from None
    if candidate is None and get_settings().shadow_policy_path is None:
        raise _fail(
            "No candidate policy: pass --policy FILE or set CROSSTALK_SHADOW_POLICY_PATH.",
            "没有候选策略：请传入 --policy 文件，或设置 CROSSTALK_SHADOW_POLICY_PATH。",
        )
    with session_scope() as session:
        rows = (
            replay(session, candidate, start) if candidate else logged_disagreements(session, start)
        )
    if as_json:
        for row in rows:
            data = {
                k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in vars(row).items()
            }
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    table = Table("item", "enforced", "candidate", "rule", "text")
    for row in rows:
        table.add_row(
            f"{row.item_type} {row.item_id}",
            f"{row.enforced_action} {row.enforced_clause or ''} ({row.enforced_version})",
            f"{row.candidate_action} {row.candidate_clause or ''} ({row.candidate_version})",
            row.candidate_rule or "",
            row.excerpt,
        )
    out.print(table)
    out.print(
        f"{len(rows)} item(s) decided differently in the last {since}. / "
        f"最近 {since} 内有 {len(rows)} 项的决定不同。"
    )


# --- safety ---------------------------------------------------------------------------------
@safety_app.command("train")
def safety_train(
    data_dir: Annotated[Path, typer.Option("--data", help="Training data folder.")] = Path(
        "../shared/data"
    ),
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Where to write artifacts; default: the package.")
    ] = None,
    seed: int = 13,
) -> None:
    """Retrain the stage-1 classifiers from the moderation data sets."""
    from crosstalk.safety.screening.training import train_all
    from crosstalk.safety.screening.training.data import DataMissingError

    target = out_dir or Path(__file__).resolve().parent / "artifacts"
    try:
        report = train_all(data_dir, target, seed=seed)
    except DataMissingError as exc:
        raise _fail(exc.message_en, exc.message_zh, code=2) from None
    out.print_json(json.dumps(report))


@safety_app.command("check")
def safety_check(
    text: Annotated[str, typer.Argument(help="Text to screen (nothing is stored).")],
    lang: Annotated[str | None, typer.Option(help="en or zh; default: detected")] = None,
) -> None:
    """Show what the enforced policy would do with one text."""
    from crosstalk.safety.screening.engine import preview_texts

    if not text.strip():
        raise _fail("The text is empty.", "文本为空。")
    preview = preview_texts([text], [lang] if lang else None)[0]
    out.print_json(json.dumps(preview.to_json(), ensure_ascii=False))


# --- batch moderation -----------------------------------------------------------------------
def _read_items(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSONL file as {id, text, lang}; exit 1 naming the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise _fail(f"Input file {path} does not exist.", f"输入文件 {path} 不存在。") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"Cannot read {path}: {exc}.", f"无法读取 {path}：{exc}。") from None
    items: list[dict[str, Any]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(
                f"{path}:{n}: not valid JSON ({exc.msg}).", f"{path} 第 {n} 行：不是有效的 JSON。"
            ) from None
        if isinstance(row, str):
            row = {"text": row}
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise _fail(
                f"{path}:{n}: each line must be a JSON string or an object with a 'text' string.",
                f"{path} 第 {n} 行：每行必须是 JSON 字符串，或包含 “text” 字符串的对象。",
            )
        lang = row.get("lang")
        if lang is not None and not isinstance(lang, str):
            raise _fail(
                f"{path}:{n}: 'lang' must be a string.", f"{path} 第 {n} 行：“lang” 必须是字符串。"
            )
        items.append({"id": row.get("id", n), "text": row["text"], "lang": lang})
    if not items:
        raise _fail(f"{path} has no lines to moderate.", f"{path} 中没有需要审核的内容。")
    return items


def moderate(
    in_path: Annotated[Path, typer.Argument(help="JSONL: strings or {id?, text, lang?} objects.")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="JSONL results, one per input.")],
    batch_size: Annotated[int, typer.Option(min=1, max=1024)] = BATCH,
) -> None:
    """Moderate a JSONL file in batches: scores, flags and the policy's action for each line."""
    from crosstalk.safety.screening.engine import get_safety_engine

    items = _read_items(in_path)
    engine = get_safety_engine()
    actions: Counter[str] = Counter()
    flagged = 0
    started = time.perf_counter()
    try:
        sink = out_path.open("w", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"Cannot write {out_path}: {exc}.", f"无法写入 {out_path}：{exc}。") from None
    progress = Progress(
        TextColumn("moderating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    with sink, progress:
        task = progress.add_task("moderate", total=len(items))
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            previews = engine.preview([i["text"] for i in batch], [i["lang"] for i in batch])
            for item, preview in zip(batch, previews, strict=True):
                data = preview.to_json()
                actions[data["action"]] += 1
                flagged += int(data["flagged"])
                record = {
                    "id": item["id"],
                    "lang": data["lang"],
                    "flagged": data["flagged"],
                    "action": data["action"],
                    "clause_id": data["clause_id"],
                    "rule_id": data["rule_id"],
                    "category_scores": data["scores"],
                    "policy_version": data["policy_version"],
                }
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            progress.advance(task, len(batch))
    elapsed = time.perf_counter() - started
    table = Table("action / 处理", "items / 条数", title=f"{len(items)} texts → {out_path}")
    for action, count in sorted(actions.items(), key=lambda kv: -kv[1]):
        table.add_row(action, str(count))
    table.add_row("flagged / 被标记", str(flagged))
    out.print(table)
    out.print(f"{len(items) / max(elapsed, 1e-9):.1f} texts/s")
