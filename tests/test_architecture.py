"""The layout is the architecture: these tests hold the rules that keep the
data flowing one way (archive files -> reader -> tidy tables -> analyses ->
figures/tables -> notebooks -> report). They parse the code; nothing runs."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from infoops import paths

LIB = paths.PROJECT_ROOT / "lib" / "infoops"
TESTS = paths.PROJECT_ROOT / "tests"
ANALYSES = ("timing", "themes", "coordination")
SHARED = ("infoops.archive", "infoops.text", "infoops.sentences", "infoops.outputs", "infoops.style", "infoops.checks",
          "infoops.paths", "infoops.errors", "infoops.order")
# What each layer may import from infoops (besides its own package).
ALLOWED: dict[str, tuple[str, ...]] = {
    "archive": ("infoops.paths", "infoops.errors"),
    "text": (), "sentences": (), "style": (), "checks": (), "paths": (), "errors": (), "order": (),
    "outputs": (),
    **{a: SHARED for a in ANALYSES},
    # The generator writes archive files; its truth module compares results given as tables.
    "synthetic": ("infoops.archive", "infoops.text", "infoops.paths", "infoops.errors"),
    "report": ("infoops",),  # the top: notebooks' context, runner and index
    "cli": ("infoops",), "__init__": ("infoops.archive", "infoops.errors"), "__main__": ("infoops.cli",),
}
MAX_LINES = 450


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path) -> list[tuple[str, list[str], int]]:
    """Every infoops import of a module (also inside functions): (module, names, line)."""
    mod = module_name(path, root)
    package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == root.name:
                names = [a.name for a in node.names]
                # "from . import x" imports the module x
                if not node.module:
                    for n in names:
                        out.append((f"{target}.{n}", [], node.lineno))
                else:
                    out.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == root.name]
    return out


def layer_of(mod: str) -> str:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def import_violations(root: Path) -> list[str]:
    """Imports that break the layer rules or reach another module's private names."""
    bad = []
    for f in sorted(root.rglob("*.py")):
        mod = module_name(f, root)
        layer = layer_of(mod) if f.name != "__main__.py" else "__main__"
        own = f"{root.name}.{layer}"
        for target, names, line in imports_of(f, root):
            where = f"{f.relative_to(root.parent)}:{line}"
            if any(n.startswith("_") for n in names):
                bad.append(f"{where}: imports private name(s) {[n for n in names if n.startswith('_')]} of {target}")
            if target == own or target.startswith(own + "."):
                continue
            allowed = ALLOWED.get(layer)
            if allowed is None:
                bad.append(f"{where}: layer {layer!r} has no import rule")
            elif not any(target == a or target.startswith(a + ".") for a in allowed):
                bad.append(f"{where}: {layer} may not import {target}")
    return bad


def lib_modules() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py") if p.name not in ("__init__.py", "__main__.py"))


def test_imports_follow_the_layers():
    assert import_violations(LIB) == []


def test_the_import_rule_catches_violations(tmp_path):
    root = tmp_path / "infoops"
    for rel, text in {
        "__init__.py": "", "text.py": "", "archive/__init__.py": "", "archive/reader.py": "from ..text import x\n",
        "timing/__init__.py": "", "timing/its.py": "from ..themes.topics import fit\nfrom ..archive import load\n",
        "themes/__init__.py": "", "themes/topics.py": "def f():\n    from ..synthetic import vocab\n",
        "coordination/__init__.py": "", "coordination/run.py": "from .events import _private\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    bad = "\n".join(import_violations(root))
    assert "archive may not import infoops.text" in bad
    assert "timing may not import infoops.themes.topics" in bad
    assert "themes may not import infoops.synthetic" in bad  # found inside a function
    assert "imports private name(s) ['_private']" in bad
    assert "infoops.archive" not in bad.split("timing may not import")[-1]  # archive is shared: allowed


def test_no_lib_file_is_over_the_limit():
    long = {str(p.relative_to(LIB)): n for p in LIB.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_every_public_function_and_class_has_a_docstring():
    missing = []
    for f in LIB.rglob("*.py"):
        tree = ast.parse(f.read_text())
        if not ast.get_docstring(tree):
            missing.append(f"{f.relative_to(LIB)}: module")
        # Module-level functions and classes, and the methods of those classes
        # (closures inside a function are part of that function).
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        defs += [m for c in defs if isinstance(c, ast.ClassDef) for m in c.body if isinstance(m, ast.FunctionDef)]
        for node in defs:
            if not node.name.startswith("_") and not ast.get_docstring(node):
                missing.append(f"{f.relative_to(LIB)}:{node.lineno} {node.name}")
    assert missing == []


def test_every_lib_module_has_a_test_file():
    expected = {TESTS / p.relative_to(LIB).parent / f"test_{p.stem}.py" for p in lib_modules()}
    missing = sorted(str(p.relative_to(TESTS)) for p in expected if not p.exists())
    assert missing == []


NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebooks_are_thin(nb):
    """Setup through the notebook context in at most 6 lines, no function
    definitions, no code cell over 12 lines (the parameters cell declares one
    parameter a line and is exempt), and no saving by hand."""
    cells = json.loads(nb.read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1 and code[0] is params[0]
    setup = "".join(code[1]["source"])
    assert "start(" in setup and len([l for l in setup.splitlines() if l.strip()]) <= 6, setup
    for c in code[1:]:
        src = "".join(c["source"])
        tree = ast.parse("\n".join(l for l in src.splitlines() if not l.lstrip().startswith(("%", "!"))))
        assert not any(isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef)) for n in ast.walk(tree)), src
        assert len(src.splitlines()) <= 12, src
        assert "save_table" not in src and "save_figure" not in src and "outputs." not in src, src
