"""CLI: translate text and files, detect, edit the glossary, list models."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from crosstalk.language.backends.fake import FakeReverseTranslator
from crosstalk.language.commands import app

runner = CliRunner()


def test_translate_prints_the_translation(sqlite_url: str, fake: FakeReverseTranslator) -> None:
    result = runner.invoke(app, ["translate", "Good morning @amy", "--to", "zh"])
    assert result.exit_code == 0, result.output
    assert "@amy" in result.stdout and "Good" not in result.stdout


def test_translate_a_file_line_by_line(
    sqlite_url: str, fake: FakeReverseTranslator, tmp_path: Path
) -> None:
    src = tmp_path / "in.txt"
    src.write_text("今天天气很好 ☀️\n\n我们去公园吧 #周末\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["translate", "--file", str(src), "--to", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").split("\n")
    assert "☀️" in lines[0] and lines[1] == "" and "#周末" in lines[2]
    assert not any("天气" in line for line in lines)


def test_unsupported_target_exits_with_a_bilingual_message(
    sqlite_url: str, fake: FakeReverseTranslator
) -> None:
    result = runner.invoke(app, ["translate", "hello", "--to", "fr"])
    assert result.exit_code == 1
    assert "not supported" in result.output and "不支持" in result.output


def test_detect_prints_language_and_confidence() -> None:
    result = runner.invoke(app, ["detect", "这个地方真的很好玩"])
    assert result.exit_code == 0 and result.stdout.startswith("zh-Hans")


def test_glossary_add_list_remove(sqlite_url: str) -> None:
    added = runner.invoke(app, ["glossary", "add", "bubble tea", "奶茶", "--from", "en"])
    assert added.exit_code == 0, added.output
    term_id = added.stdout.split("#")[1].split(":")[0]
    listed = runner.invoke(app, ["glossary", "list", "--from", "en"])
    assert "bubble tea" in listed.stdout and "奶茶" in listed.stdout
    assert runner.invoke(app, ["glossary", "remove", term_id]).exit_code == 0
    assert "bubble tea" not in runner.invoke(app, ["glossary", "list"]).stdout
    again = runner.invoke(app, ["glossary", "remove", term_id])
    assert again.exit_code == 1 and "不存在" in again.output


def _audit_actions(sqlite_url: str) -> list[tuple[str, str, dict]]:
    from crosstalk.db.session import session_factory
    from crosstalk.safety.audit import log as audit

    with session_factory(sqlite_url)() as session:
        rows = audit.entries(session, audit.AuditFilter(action="glossary."), limit=100)
        return [(e.action, e.target_id, audit.details_of(e)) for e in reversed(rows)]


def test_glossary_edit_changes_the_target_and_notes_and_is_audited(sqlite_url: str) -> None:
    added = runner.invoke(app, ["glossary", "add", "boba", "波霸", "--from", "en"])
    term_id = added.stdout.split("#")[1].split(":")[0]
    edited = runner.invoke(
        app,
        ["glossary", "edit", term_id, "--target", "珍珠奶茶", "--note", "bubble tea",
         "--note-zh", "奶茶"],
    )  # fmt: skip
    assert edited.exit_code == 0, edited.output
    assert "珍珠奶茶" in edited.stdout
    listed = runner.invoke(app, ["glossary", "list", "--search", "boba"], env={"COLUMNS": "200"})
    assert "珍珠奶茶" in listed.stdout and "bubble tea" in listed.stdout
    kept = runner.invoke(app, ["glossary", "edit", term_id, "--keep"])
    assert kept.exit_code == 0 and "keep" in kept.stdout
    assert runner.invoke(app, ["glossary", "remove", term_id]).exit_code == 0
    actions = _audit_actions(sqlite_url)
    assert [a for a, _, _ in actions] == [
        "glossary.add",
        "glossary.update",
        "glossary.update",
        "glossary.delete",
    ]
    assert all(target == term_id and d["via"] == "cli" for _, target, d in actions)
    first_edit = actions[1][2]
    assert first_edit["before"]["translation"] == "波霸"
    assert first_edit["after"] == {
        "translation": "珍珠奶茶",
        "note_en": "bubble tea",
        "note_zh": "奶茶",
    }
    assert actions[2][2]["after"] == {"translation": None}


def test_glossary_edit_refuses_unknown_ids_and_empty_or_contradictory_edits(
    sqlite_url: str,
) -> None:
    unknown = runner.invoke(app, ["glossary", "edit", "999999", "--target", "x"])
    assert unknown.exit_code == 1 and "does not exist" in unknown.output
    assert "不存在" in unknown.output
    nothing = runner.invoke(app, ["glossary", "edit", "1"])
    assert nothing.exit_code == 1 and "Nothing to change" in nothing.output
    both = runner.invoke(app, ["glossary", "edit", "1", "--target", "x", "--keep"])
    assert both.exit_code == 1 and "二选一" in both.output


def test_models_list_shows_the_registry() -> None:
    result = runner.invoke(app, ["models", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "qwen2.5-coder-1.5b-q4km" in result.stdout and "Apache-2.0" in result.stdout
