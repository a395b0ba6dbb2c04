"""Audit CLI: `crosstalk audit verify` (exit 1 naming the first bad entry), `crosstalk audit
export` (JSON Lines or CSV, re-verifiable elsewhere) and `crosstalk audit show`.

Exit codes: 0 the chain holds / the export was written; 1 the chain is broken; 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

audit_app = typer.Typer(
    help="Verify, read and export the tamper-evident audit log.", no_args_is_help=True
)


@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            help="A head hash recorded earlier (outside the database) that must still be there.",
        ),
    ] = None,
) -> None:
    """Check every entry against its hash and its predecessor; exit 1 at the first break."""
    from crosstalk.db.session import session_scope
    from crosstalk.safety.audit.log import verify

    if expect_head is not None and (
        len(expect_head) != 64 or any(c not in "0123456789abcdef" for c in expect_head)
    ):
        typer.echo("--expect-head must be a 64-character hex SHA-256.", err=True)
        raise typer.Exit(2)
    with session_scope() as session:
        result = verify(session, expect_head=expect_head)
    if result.problem is not None:
        typer.echo(
            f"FAILED at entry {result.problem.seq} ({result.problem.kind}): "
            f"{result.problem.message_en}\n"
            f"校验失败，第 {result.problem.seq} 条记录：{result.problem.message_zh}",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(
        f"OK: {result.entries} entries, chain intact. Head: entry {result.head_seq} "
        f"{result.head_hash}"
    )


@audit_app.command("export")
def audit_export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
) -> None:
    """Write every entry, oldest first, with the hashes needed to re-verify the chain."""
    from crosstalk.db.session import session_scope
    from crosstalk.safety.audit.log import export_rows, record, to_csv, to_jsonl

    if fmt not in ("jsonl", "csv"):
        typer.echo(f"Unknown format {fmt!r}: use jsonl or csv.", err=True)
        raise typer.Exit(2)
    writer = to_jsonl if fmt == "jsonl" else to_csv
    with session_scope() as session:
        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            for chunk in writer(export_rows(session)):
                stream.write(chunk)
        finally:
            if output:
                stream.close()
        record(
            session,
            actor_id=None,
            action="audit.export",
            target_type="audit",
            target_id="cli",
            details={"format": fmt, "to": str(output) if output else "stdout"},
        )
    if output:
        typer.echo(f"Wrote the audit log to {output}.", err=True)


@audit_app.command("show")
def audit_show(
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    action: Annotated[
        str | None, typer.Option(help="An action, or a prefix like 'appeal.'")
    ] = None,
) -> None:
    """Print the newest entries."""
    from crosstalk.db.session import session_scope
    from crosstalk.safety.audit.log import AuditFilter, entries

    with session_scope() as session:
        for entry in entries(session, AuditFilter(action=action), limit=limit):
            actor = entry.actor_id if entry.actor_id is not None else "system"
            typer.echo(
                f"{entry.seq:>6}  {entry.created_at:%Y-%m-%d %H:%M:%S}  {actor!s:>6}  "
                f"{entry.action:<22} {entry.target_type}:{entry.target_id}  {entry.details}"
            )
