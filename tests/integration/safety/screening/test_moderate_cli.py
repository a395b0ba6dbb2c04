"""`crosstalk moderate IN.jsonl -o OUT.jsonl`: one result line per input line, clear failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from crosstalk.safety.screening.commands import moderate
from crosstalk.safety.screening.engine import reset_safety_engine

app = typer.Typer()
app.command()(moderate)


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    reset_safety_engine()
    yield
    reset_safety_engine()


def test_moderates_every_line_and_summarises(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "I will kill you and your family tonight"}),
        json.dumps("What a lovely sunset over the harbour"),
        "",
        json.dumps({"text": "今天的蛋糕很好吃", "lang": "zh"}, ensure_ascii=False),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, [str(src), "-o", str(dst), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in dst.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, 4]
    assert (rows[0]["action"], rows[0]["clause_id"], rows[0]["flagged"]) == ("remove", "H2", True)
    assert [r["action"] for r in rows[1:]] == ["allow", "allow"]
    assert rows[2]["lang"] == "zh"
    assert "flagged" in result.output and "texts/s" in result.output


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"text": "ok"}\n{not json}\n', "in.jsonl:2: not valid JSON"),
        ('{"body": "no text field"}\n', "in.jsonl:1: each line must be"),
        ('{"text": "x", "lang": 3}\n', "in.jsonl:1: 'lang' must be a string"),
        ("\n\n", "has no lines to moderate"),
    ],
)
def test_bad_input_files_exit_1_naming_the_line(
    tmp_path: Path, content: str, fragment: str
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, [str(src), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert fragment in result.output


def test_a_missing_input_file_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "不存在" in result.output
