"""The layers import one way: numbers (core) -> documents (report) -> front ends (cli, gui)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.samples import ROOT

# What each layer's modules may import from the project's own packages.
MAY_IMPORT = {
    "core": {"core"},
    "report": {"core", "report"},
    "cli": {"core", "report", "cli"},
    "gui": {"core", "report", "gui"},
    "trazo": {"core", "report", "cli", "gui", "trazo"},   # the entry point: the app or a command
}
PROJECT_PACKAGES = set(MAY_IMPORT)
FORBIDDEN_IN_CORE = re.compile(r"^\s*(import|from) +(PySide6|pyqtgraph|matplotlib)", re.M)


def imported_packages(path: Path) -> set[str]:
    """The top-level names a module imports, wherever the import statement stands."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_the_layers_below_it(layer):
    for path in sorted((ROOT / layer).rglob("*.py")):
        wrong = (imported_packages(path) & PROJECT_PACKAGES) - MAY_IMPORT[layer]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


# What each folder of core/ may import from the core: base <- learning <- handwriting <- services.
CORE_MAY_IMPORT = {
    "base": {"base"},
    "learning": {"base", "learning"},
    "handwriting": {"base", "learning", "handwriting"},
    "services": {"base", "learning", "handwriting", "services"},
}


def imported_core_folders(path: Path) -> set[str]:
    """The core folders a module imports (`core.learning.data` -> learning), wherever the import stands."""
    folders = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
        folders.update(name.split(".")[1] for name in names if name.startswith("core.") and name.count(".") >= 1)
    return folders


def test_core_is_four_folders_and_nothing_beside_them():
    loose = sorted(path.name for path in (ROOT / "core").glob("*.py") if path.name != "__init__.py")
    folders = sorted(path.name for path in (ROOT / "core").iterdir() if path.is_dir() and path.name != "__pycache__")
    assert loose == [] and folders == sorted(CORE_MAY_IMPORT)


@pytest.mark.parametrize("folder", sorted(CORE_MAY_IMPORT))
def test_each_core_folder_imports_only_the_folders_below_it(folder):
    for path in sorted((ROOT / "core" / folder).rglob("*.py")):
        wrong = imported_core_folders(path) - CORE_MAY_IMPORT[folder]
        assert not wrong, f"{path.relative_to(ROOT)} imports core.{sorted(wrong)}"


def test_the_assignments_training_loop_imports_nothing_of_the_drawing_reader():
    assert "handwriting" not in imported_core_folders(ROOT / "core" / "learning" / "training.py")


def test_the_folder_check_sees_a_wrong_arrow(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from core.handwriting.styles import style_rows\nimport core.services.runs\n")
    assert imported_core_folders(module) == {"handwriting", "services"}


def test_core_imports_neither_qt_nor_matplotlib():
    found = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "core").rglob("*.py"))
             if FORBIDDEN_IN_CORE.search(path.read_text(encoding="utf-8"))]
    assert not found


@pytest.mark.parametrize("command", [
    ["test"],
    ["grade", "--markdown", "resources/model.npz"],
    ["report", "--rows", "900:920", "--out", "{tmp}/r.pdf"],
    ["train", "--epochs", "1", "--hidden", "8", "--rows", "0:100", "--no-augment", "--out", "{tmp}/m.npz"],
])
def test_the_command_line_never_loads_the_apps_widgets(command, tmp_path):
    args = [arg.format(tmp=tmp_path) for arg in command]
    code = ("import sys, main\n"
            f"status = main.main({args!r})\n"
            "loaded = sorted(name for name in sys.modules if name == 'gui' or name.startswith(('gui.', "
            "'PySide6.QtWidgets', 'pyqtgraph')))\n"
            "print('LOADED', loaded)\n"
            "sys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
