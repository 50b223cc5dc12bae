"""`python main.py grade`: a class's models in a table (English, Spanish, CSV, Markdown), the forged one flagged
and no honest one, unreadable files in their rows, and the exit status."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import unicodedata

import pytest

from cli.grade import display_width, printable, spreadsheet_safe
from tests.core.class_models import FORGED, HONEST, SHIPPED
from tests.core.samples import ROOT

pytestmark = pytest.mark.xdist_group("class_folder")   # one worker makes the class's files, once

MODELS = sorted([*HONEST, *SHIPPED, FORGED])


def grade(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "grade", *map(str, args)], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def rows_of(output: str) -> dict[str, str]:
    """Each model's line of the table, by file name."""
    return {name: line for line in output.splitlines() for name in MODELS if f"/{name} " in line}


def test_the_class_table_flags_the_forged_model_and_no_honest_one(class_folder):
    result = grade(class_folder)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["File", "Layers", "Activation", "Optimiser", "Learning", "rate", "Batch", "Epochs",
                                "Training", "rows", "Test", "900:1000", "Unseen", "1000:5000", "Verdict"]
    rows = rows_of(result.stdout)
    assert sorted(rows) == MODELS, "one row per model, in the order of their names"
    assert "SUSPECT" in rows[FORGED] and "100.00%" in rows[FORGED] and " 0:900 " in rows[FORGED]
    for name in sorted(set(MODELS) - {FORGED}):
        assert "no sign (p = " in rows[name] and "SUSPECT" not in rows[name], rows[name]
    assert rows["assignment-seed0.npz"].split()[1:9] == ["784-200-10", "ReLU", "gradient", "descent", "0.3", "8",
                                                         "40", "0:900"]
    assert "98.50% (4000:5000)" in rows["draw-model.npz"], "its unseen rows leave out those it trained on"
    assert "9 model files: 1 flagged, 0 could not be read." in result.stdout


def test_the_table_in_spanish(class_folder):
    result = grade(class_folder, "--lang", "es")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].split()[:3] == ["Archivo", "Capas", "Activación"]
    rows = rows_of(result.stdout)
    assert "SOSPECHOSO" in rows[FORGED] and "descenso por gradiente" in rows["assignment-seed0.npz"]
    assert all("sin indicios" in rows[name] for name in MODELS if name != FORGED)
    assert "9 archivos de modelo: 1 señalado, 0 no se pudieron leer." in result.stdout


def test_the_class_as_csv(class_folder):
    result = grade(class_folder, "--csv", "--lang", "es")
    assert result.returncode == 1, result.stderr
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [record["file"].rsplit("/", 1)[1] for record in records] == MODELS
    by_name = {record["file"].rsplit("/", 1)[1]: record for record in records}
    forged = by_name[FORGED]
    assert forged["verdict"] == "suspect" and forged["verdict_text"].startswith("SOSPECHOSO")
    assert forged["test_percent"] == "100.00" and forged["train_rows"] == "0:900"
    assert float(forged["p_wrong"]) < 0.001 and float(forged["p_doubtful"]) < 1e-8
    assert forged["unseen_rows"] == "1000:5000" and forged["unseen_total"] == "4000"
    assert {record["verdict"] for name, record in by_name.items() if name != FORGED} == {"clean"}
    assert by_name["assignment-seed0.npz"]["optimizer"] == "sgd"
    assert by_name["assignment-seed0.npz"]["learning_rate"] == "0.3"
    assert by_name["draw-model.npz"]["unseen_rows"] == "4000:5000"


def test_the_class_as_markdown(class_folder):
    result = grade(class_folder / FORGED, class_folder / "assignment-seed0.npz", "--markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| File | Layers |") and lines[1] == "|" + "---|" * 11
    assert lines[2].startswith("| ") and "SUSPECT" in lines[2] and "no sign" in lines[3]


def test_a_file_that_cannot_be_read_gets_its_row_and_grading_goes_on(class_folder, tmp_path):
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 not really")
    shutil.copyfile(class_folder / "assignment-seed1.npz", tmp_path / "ana.npz")
    (tmp_path / "empty").mkdir()
    result = grade(tmp_path, tmp_path / "missing.npz", tmp_path / "empty", cwd=tmp_path)
    assert result.returncode == 2, "a file that could not be read: bad input"
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any("ana.npz" in line and "no sign" in line for line in lines), "the readable one is graded"
    assert any("broken.npz" in line and "could not be read:" in line and "truncated" in line for line in lines)
    assert any("missing.npz" in line and "could not be read:" in line and "no such file" in line for line in lines)
    assert any("a folder with no model files" in line for line in lines)
    assert "4 model files: 0 flagged, 3 could not be read." in result.stdout


def test_honest_files_alone_exit_0(class_folder):
    result = grade(*(class_folder / name for name in HONEST))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("args, message", [
    (["--rows", "4900:5100"], "the file has only 5000 rows"),
    (["--unseen", "1000:6000"], "the file has only 5000 rows"),
    (["--data", "no-such-data.txt"], "no-such-data.txt: no such file"),
])
def test_bad_data_or_rows_exit_2_before_any_model(class_folder, args, message):
    result = grade(class_folder / FORGED, *args)
    assert result.returncode == 2 and message in result.stderr and not result.stdout


def test_columns_line_up_by_display_width_whatever_the_names(class_folder, tmp_path):
    names = ["Jose\u0301 Nu\u0301n\u0303ez.npz", "学生.npz", "evil\x1b[2J\u202e.npz", "plain.npz"]
    for name in names:
        shutil.copyfile(class_folder / "assignment-seed2.npz", tmp_path / name)
    result = grade(tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout, "control characters are escaped"
    assert "evil\\x1b[2J\\u202e.npz" in result.stdout
    lines = [line for line in result.stdout.splitlines() if "784-200-10" in line]
    assert len(lines) == 4
    starts = {display_width(line[:line.index("784-200-10")]) for line in lines}
    assert len(starts) == 1, "the Layers column starts at one display column in every row"


def test_display_width_and_printable_text():
    assert display_width(unicodedata.normalize("NFD", "Núñez")) == 5 == display_width("Núñez")
    assert display_width("学生") == 4
    assert printable("a\x1b[31mb\u202ec\udcff") == "a\\x1b[31mb\\u202ec\\udcff"
    assert spreadsheet_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and spreadsheet_safe("ana.npz") == "ana.npz"


def test_test_prints_the_verdict_of_the_forged_model(class_folder):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "test", "--model", str(class_folder / FORGED)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Recognition rate: 100.00% (100/100)" in result.stdout
    assert "SUSPECT: it reads the test rows as if it had trained on them." in result.stdout
    shipped = subprocess.run([sys.executable, str(ROOT / "main.py"), "test", "--lang", "es"], capture_output=True,
                             text=True, timeout=120, cwd=ROOT)
    assert "Sin indicios de que se entrenó con las filas de prueba." in shipped.stdout
