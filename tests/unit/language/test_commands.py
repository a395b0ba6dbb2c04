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


def test_models_list_shows_the_registry() -> None:
    result = runner.invoke(app, ["models", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "qwen2.5-coder-1.5b-q4km" in result.stdout and "Apache-2.0" in result.stdout
