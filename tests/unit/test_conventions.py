"""The project's conventions, checked: domain packages never import the web edge; packages
import only the layers below them, but for a short list of upward imports with reasons (so no
other cycles); no private names used across modules; every setting in the README; a docstring
on every module; no module over 500 lines. Each check also runs on a throwaway tree that breaks
it, so a check that cannot fail fails here."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PACKAGE = "crosstalk"
DOMAIN = ("community", "language", "safety", "pipeline", "search", "messaging", "demo")
MAX_LINES = 500
# Packages from the bottom up: each may import those below it. Units are the top-level packages
# of crosstalk, safety counted as its four parts; a new package must be placed here.
LAYERS: tuple[str, ...] = (
    "config",
    "logs",
    "db",
    "safety",  # safety/errors.py
    "safety.audit",
    "pipeline",
    "language",
    "community",
    "safety.screening",
    "safety.transparency",
    "safety.moderation",
    "search",
    "messaging",
    "demo",
    "db.registry",  # imports every package's models for Alembic and tests
    "web",
    "cli",
)
# The imports that go up the layers, each with the reason it is right. Everything else goes
# down, so the packages have no other import cycle.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {
    ("language", "community"): (
        "the reader view and the title jobs read the notes and comments they translate"
    ),
    ("community", "safety.screening"): (
        "community hands every new or edited item to the publication gate"
    ),
    ("community", "safety.moderation"): (
        "a report filed in community enters the review queue at once"
    ),
    ("safety.screening", "safety.transparency"): (
        "the engine's decisions are built by the one decision builder"
    ),
    ("safety.screening", "safety.moderation"): (
        "the gate hands each decision to the one after-decision path"
    ),
    ("safety.transparency", "safety.moderation"): (
        "the public report counts the review queue and appeals"
    ),
}


# --- reading a tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. crosstalk.safety.moderation.queue
    path: Path
    tree: ast.Module
    lines: int


def modules(src: Path) -> Iterator[Module]:
    for path in sorted((src / PACKAGE).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # Alembic revisions are data with a fixed shape, not modules of the app
        rel = path.relative_to(src).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        text = path.read_text(encoding="utf-8")
        yield Module(".".join(parts), path, ast.parse(text), len(text.splitlines()))


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports(mod: Module) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import, function-local ones
    included; imports only for type checkers are not dependencies at run time."""

    def walk(node: ast.AST) -> Iterator[ast.AST]:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                continue
            yield child
            yield from walk(child)

    for node in walk(mod.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names], node.lineno


def unit_of(dotted: str) -> str | None:
    """The package a module belongs to for layering: crosstalk.X, or crosstalk.safety.X."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    if parts[1] == "safety" and len(parts) >= 3 and parts[2] not in ("errors",):
        return f"safety.{parts[2]}"
    if parts[1:3] == ["db", "registry"]:
        return "db.registry"
    return parts[1]


# --- the checks -----------------------------------------------------------------------------


def layering_violations(src: Path) -> list[str]:
    out = []
    for mod in modules(src):
        unit = unit_of(mod.name)
        if unit is None or unit.split(".")[0] not in DOMAIN:
            continue
        for target, _, line in imports(mod):
            if target == f"{PACKAGE}.web" or target.startswith(f"{PACKAGE}.web."):
                out.append(f"{mod.name}:{line} imports {target}")
    return out


def package_graph(src: Path) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for mod in modules(src):
        unit = unit_of(mod.name)
        if unit is None:
            continue
        for target, names, _ in imports(mod):
            # `from crosstalk.safety import errors` names a module, not the package.
            targets = [f"{target}.{n}" for n in names] if target.count(".") < 2 else [target]
            for t in targets or [target]:
                other = unit_of(t)
                if other is not None and other != unit:
                    graph[unit].add(other)
    return graph


def upward_violations(
    src: Path, layers: tuple[str, ...], allowed: dict[tuple[str, str], str]
) -> list[str]:
    """Imports that go up the layers without a reason, and packages not placed in a layer."""
    rank = {name: i for i, name in enumerate(layers)}
    out = []
    for unit, targets in sorted(package_graph(src).items()):
        for target in sorted(targets):
            if unit not in rank or target not in rank:
                out.append(f"{unit if unit not in rank else target} is in no layer")
            elif rank[target] > rank[unit] and (unit, target) not in allowed:
                out.append(f"{unit} -> {target}")
    return sorted(set(out))


def private_import_violations(src: Path) -> list[str]:
    """`from crosstalk.x import _name` or `x._name` on an imported crosstalk module."""
    out = []
    all_modules = list(modules(src))
    known = {m.name for m in all_modules}
    for mod in all_modules:
        aliases: dict[str, str] = {}
        for target, names, line in imports(mod):
            if not target.startswith(PACKAGE):
                continue
            for name in names:
                if name.startswith("_") and not name.startswith("__"):
                    out.append(f"{mod.name}:{line} imports {target}.{name}")
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(PACKAGE):
                        aliases[alias.asname or alias.name.split(".")[0]] = alias.name
        for node in ast.walk(mod.tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and aliases.get(node.value.id) in known
            ):
                out.append(f"{mod.name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    return out


def undocumented_settings(src: Path, readme: Path) -> list[str]:
    config = ast.parse((src / PACKAGE / "config.py").read_text(encoding="utf-8"))
    fields = [
        stmt.target.id
        for cls in config.body
        if isinstance(cls, ast.ClassDef) and cls.name == "Settings"
        for stmt in cls.body
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
    ]
    documented = set(re.findall(r"^\|\s*`(CROSSTALK_[A-Z0-9_]+)`", readme.read_text(), re.M))
    return [f for f in fields if f"CROSSTALK_{f.upper()}" not in documented]


def missing_docstrings(src: Path) -> list[str]:
    return [m.name for m in modules(src) if ast.get_docstring(m.tree) is None]


def oversized(src: Path) -> list[str]:
    return [f"{m.name} ({m.lines} lines)" for m in modules(src) if m.lines > MAX_LINES]


# --- on the project ---------------------------------------------------------------------------


def test_domain_packages_never_import_the_web_edge() -> None:
    assert layering_violations(SRC) == []


def test_packages_import_up_the_layers_only_where_a_reason_is_written_down() -> None:
    assert upward_violations(SRC, LAYERS, ALLOWED_UPWARD) == []


def test_every_allowed_upward_import_still_exists() -> None:
    """An upward import that was removed leaves the list too, so the list stays short and true."""
    graph = package_graph(SRC)
    assert [f"{a} -> {b}" for a, b in ALLOWED_UPWARD if b not in graph.get(a, set())] == []


def test_no_module_uses_another_modules_private_names() -> None:
    assert private_import_violations(SRC) == []


def test_every_setting_is_in_the_readme_table() -> None:
    assert undocumented_settings(SRC, ROOT / "README.md") == []


def test_every_module_says_what_it_holds() -> None:
    assert missing_docstrings(SRC) == []


def test_no_module_is_over_500_lines() -> None:
    assert oversized(SRC) == []


# --- the checks can fail ----------------------------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    src = tmp_path / "src"
    for rel, text in files.items():
        path = src / PACKAGE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in {p.parent for p in (src / PACKAGE).rglob("*.py")} | {src / PACKAGE}:
        init = folder / "__init__.py"
        if not init.exists():
            init.write_text('"""A package."""\n', encoding="utf-8")
    return src


DOC = '"""A module."""\n'


def test_a_domain_module_importing_web_is_caught(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {"web/app.py": DOC, "community/notes.py": DOC + "from crosstalk.web import app\n"},
    )
    assert layering_violations(src) == ["crosstalk.community.notes:2 imports crosstalk.web"]
    assert layering_violations(_tree(tmp_path / "ok", {"community/notes.py": DOC})) == []


def test_an_upward_import_is_caught_and_an_allowed_one_is_not(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            "language/a.py": DOC + "from crosstalk.search import b\n",
            "search/b.py": DOC + "def f():\n    from crosstalk.language import a\n",
            "pipeline/c.py": DOC + "import crosstalk.language.a\n",
        },
    )
    layers = ("pipeline", "language", "search")
    assert upward_violations(src, layers, {}) == ["language -> search", "pipeline -> language"]
    allowed = {("language", "search"): "a reason", ("pipeline", "language"): "another"}
    assert upward_violations(src, layers, allowed) == []
    assert upward_violations(src, ("language", "search"), allowed) == ["pipeline is in no layer"]


def test_an_import_only_for_type_checkers_goes_nowhere(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            "language/a.py": DOC
            + "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            + "    from crosstalk.search import b\n",
            "search/b.py": DOC + "from crosstalk.language import a\n",
        },
    )
    assert upward_violations(src, ("language", "search"), {}) == []


def test_private_names_across_modules_are_caught(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {
            "safety/queue.py": DOC + "def _close():\n    pass\n",
            "safety/appeals.py": DOC + "from crosstalk.safety.queue import _close\n",
            "safety/decide.py": DOC + "from crosstalk.safety import queue\nqueue._close()\n",
            "safety/own.py": DOC + "def _mine():\n    pass\n_mine()\n",
        },
    )
    assert sorted(private_import_violations(src)) == [
        "crosstalk.safety.appeals:2 imports crosstalk.safety.queue._close",
        "crosstalk.safety.decide:3 uses crosstalk.safety.queue._close",
    ]


def test_an_undocumented_setting_is_caught(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {"config.py": DOC + "class Settings:\n    data_dir: str = 'var'\n    new_knob: int = 1\n"},
    )
    readme = tmp_path / "README.md"
    readme.write_text("| variable | default |\n|---|---|\n| `CROSSTALK_DATA_DIR` | var |\n")
    assert undocumented_settings(src, readme) == ["new_knob"]


def test_a_module_without_a_docstring_or_too_long_is_caught(tmp_path: Path) -> None:
    src = _tree(
        tmp_path,
        {"language/bare.py": "x = 1\n", "language/long.py": DOC + "x = 1\n" * MAX_LINES},
    )
    assert missing_docstrings(src) == ["crosstalk.language.bare"]
    assert oversized(src) == [f"crosstalk.language.long ({MAX_LINES + 1} lines)"]
