"""The command line with text from other people's files and names at the edges (issue: nothing lost, round 3).

Each case runs `python main.py ...` as a user does and checks the exit status, the message in English
and Spanish, that no traceback and no raw terminal control is printed, and that files which must
survive are left byte for byte.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.learning.model_io import load_model

from tests.core.hostile_models import HOSTILE, metadata_with, write_hostile
from tests.core.samples import DATA_FILE, MODEL_FILE, ROOT, good_row, write_rows

TERMINAL_CONTROLS = (b"\x1b", b"\x07", b"\x9b", b"\r\n\x1b")
NOT_UTF8 = os.fsdecode(b"\xff\xfe")          # a name's bytes that are not UTF-8, as Python keeps them


def run(*args, lang: str = "en", cwd: Path = ROOT, environment: dict | None = None, timeout: int = 180):
    """`python main.py ARGS` with its output as bytes, so nothing is decoded away before it is checked."""
    env = dict(os.environ, LANG="es_MX.UTF-8" if lang == "es" else "C.UTF-8", **(environment or {}))
    words = [os.fsencode(word) if isinstance(word, (str, Path)) else word for word in args]
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *words], capture_output=True, env=env, cwd=cwd,
                          timeout=timeout)


def text(output: bytes) -> str:
    return output.decode("utf-8")


def assert_clean(result) -> None:
    """No traceback, and nothing a terminal would obey, in either stream."""
    for stream in (result.stdout, result.stderr):
        assert b"Traceback" not in stream
        for control in TERMINAL_CONTROLS:
            assert control not in stream, (control, stream[-400:])
        stream.decode("utf-8")   # whole characters only


def hostile_model(folder: Path, data_file: str, name: str = "m.npz") -> Path:
    path = folder / name
    path.write_bytes(metadata_with(data_file=data_file))
    return path


# --- family 3: text from a file is text, never terminal control ---------------------------------------

@pytest.mark.parametrize("lang, trained", [("en", "Trained: "), ("es", "Entrenado: ")])
def test_a_models_data_file_name_cannot_clear_or_retitle_the_terminal(tmp_path, lang, trained):
    model = hostile_model(tmp_path, "\x1b[2J\x1b]0;owned\x07mnist\n.txt")
    before = model.read_bytes()
    result = run("test", "--model", model, lang=lang)
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    line = next(line for line in text(result.stdout).splitlines() if line.startswith(trained))
    assert "\\x1b[2J\\x1b]0;owned\\x07mnist\\n.txt" in line, "shown, escaped, on one line"
    assert model.read_bytes() == before


@pytest.mark.parametrize("lang, message", [("en", "no such file"), ("es", "el archivo no existe")])
def test_an_error_naming_a_file_with_controls_shows_them_escaped(tmp_path, lang, message):
    result = run("test", "--model", tmp_path / "\x1b[2Jgone\x07.npz", lang=lang)
    assert result.returncode == 2
    assert_clean(result)
    assert f"gone\\x07.npz: {message}" in text(result.stderr)


def test_a_data_value_with_controls_is_quoted_escaped(tmp_path):
    row = good_row()
    row[5] = "\x1b[31mred"
    data = write_rows(tmp_path / "d\x1b.txt", [row])
    for lang, words in (("en", "line 1: value 6 is '\\x1b[31mred', which is not a number"),
                        ("es", "línea 1: el valor 6 es '\\x1b[31mred', que no es un número")):
        result = run("test", "--data", data, "--rows", "0:1", lang=lang)
        assert result.returncode == 2
        assert_clean(result)
        assert "d\\x1b.txt, " + words in text(result.stderr)


def test_check_gradients_shows_a_hostile_model_name_escaped(tmp_path):
    model = tmp_path / "m\x1b[2J.npz"
    model.write_bytes(MODEL_FILE.read_bytes())
    result = run("check-gradients", "--model", model)
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    assert text(result.stdout).splitlines()[0].endswith("m\\x1b[2J.npz")


# --- family 5: names, sizes and honesty at the edges ------------------------------------------------

def test_a_model_name_that_is_not_utf8_is_written_shown_and_suggested_so_a_shell_reads_it_back(tmp_path):
    out = tmp_path / f"{NOT_UTF8}.npz"
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:100", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    assert load_model(out).network.layer_sizes == [784, 8, 10]
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG", "the cost plot is written too"
    stdout = text(result.stdout)
    assert f"Model: {tmp_path}/\\xff\\xfe.npz" in stdout
    suggested = next(line.strip() for line in stdout.splitlines() if line.strip().startswith("python main.py test"))
    assert f"--model $'{tmp_path}/\\xff\\xfe.npz'" in suggested
    again = subprocess.run(["bash", "-c", suggested.replace("python main.py", shlex.join([sys.executable,
                                                                                         str(ROOT / "main.py")]))],
                           capture_output=True, cwd=tmp_path, timeout=180)
    assert again.returncode == 0 and b"Recognition rate" in again.stdout, "the suggestion runs as printed"


@pytest.mark.parametrize("lang, word", [("en", "Report"), ("es", "Informe")])
def test_a_report_name_that_is_not_utf8_is_written_and_shown(tmp_path, lang, word):
    out = tmp_path / f"r{NOT_UTF8}.md"
    result = run("report", "--rows", "900:950", "--out", out, lang=lang)
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    assert out.read_bytes().startswith(b"# ")
    assert f"{word}: {tmp_path}/r\\xff\\xfe.md" in text(result.stdout)


def test_a_terminal_that_cannot_encode_the_words_gets_escapes_not_a_traceback():
    result = run("test", "--rows", "0:100", lang="es", environment={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and b"Tasa de reconocimiento" in result.stdout
    assert b"\\xe9" in result.stdout + result.stderr, "é is written as an escape"


@pytest.mark.parametrize("lang, warning", [
    ("en", "warning: the test rows 0:100 overlap the rows 0:900 this model was trained on, so the rate is optimistic"),
    ("es", "atención: las filas de prueba 0:100 se solapan con las filas 0:900 con las que se entrenó este modelo"),
])
def test_testing_on_the_models_own_training_rows_warns(lang, warning):
    result = run("test", "--rows", "0:100", lang=lang)
    assert result.returncode == 0
    assert_clean(result)
    assert warning in text(result.stderr)


def test_testing_on_unseen_rows_or_another_file_does_not_warn(tmp_path):
    assert b"warning" not in run("test", "--rows", "900:1000").stderr
    other = tmp_path / "own.txt"
    other.write_bytes(b"".join(DATA_FILE.read_bytes().splitlines(keepends=True)[:100]))
    result = run("test", "--data", other, "--rows", "0:100")
    assert result.returncode == 0 and b"warning" not in result.stderr, "the model never saw own.txt"


def test_the_next_steps_repeat_the_data_and_the_test_rows_that_were_used(tmp_path):
    own = tmp_path / "my data.txt"
    own.write_bytes(b"".join(DATA_FILE.read_bytes().splitlines(keepends=True)[:400]))
    result = run("train", "--data", "my data.txt", "--rows", "0:300", "--test-rows", "300:400", "--epochs", "1",
                 "--hidden", "8", "--out", "m.npz", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in text(result.stdout).splitlines() if line.strip().startswith("python main.py")]
    assert lines == ["python main.py test --model m.npz --data 'my data.txt' --rows 300:400",
                     "python main.py report --model m.npz --data 'my data.txt' --rows 300:400 --out report-m.pdf"]
    command = shlex.split(lines[0])[2:]
    again = run(*command, cwd=tmp_path)
    assert again.returncode == 0 and b"(0/100)" not in again.stdout and b"/100)" in again.stdout
    assert b"Test accuracy on rows 300:400" in result.stdout


def test_the_next_steps_leave_out_what_is_the_default(tmp_path):
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:100", "--out", "m.npz", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  python main.py test --model m.npz\n" in text(result.stdout)


@pytest.mark.parametrize("lang, words", [
    ("en", "the file is write-protected (read-only), so it is not replaced"),
    ("es", "el archivo está protegido contra escritura (solo lectura), así que no se reemplaza"),
])
@pytest.mark.parametrize("name", ["kept.md", "kept.html", "kept.pdf"])
def test_a_write_protected_report_is_refused_and_left_as_it_was(tmp_path, lang, words, name):
    report = tmp_path / name
    report.write_bytes(b"my own notes")
    report.chmod(0o444)
    result = run("report", "--out", report, lang=lang)
    assert result.returncode == 2
    assert_clean(result)
    assert words in text(result.stderr)
    assert report.read_bytes() == b"my own notes" and stat.S_IMODE(report.stat().st_mode) == 0o444
    assert sorted(path.name for path in tmp_path.iterdir()) == [name], "no image or temporary file is left"


def test_a_write_protected_model_is_refused_before_training(tmp_path):
    out = tmp_path / "kept.npz"
    out.write_bytes(MODEL_FILE.read_bytes())
    out.chmod(0o444)
    result = run("train", "--epochs", "1", "--hidden", "8", "--out", out)
    assert result.returncode == 2
    assert_clean(result)
    assert "kept.npz: the file is write-protected" in text(result.stderr) and b"Training" not in result.stdout
    assert out.read_bytes() == MODEL_FILE.read_bytes()


# --- family 6: every message in the user's language --------------------------------------------------

@pytest.mark.parametrize("args, english, spanish", [
    (["test", "--data", "BAD"], "line 1: 3 values, expected 785 (784 pixels and the label)",
     "línea 1: 3 valores, se esperan 785 (784 píxeles y la etiqueta)"),
    (["train", "--learning-rate", "1.000,5"], "Learning rate = 1.000,5: expected a number above 0",
     "Tasa de aprendizaje = 1.000,5: se espera un número mayor que 0"),
    (["train", "--epochs", "1000000"], "Epochs = 1000000: expected a whole number from 1 to 100000",
     "Épocas = 1000000: se espera un número entero de 1 a 100000"),
    (["test", "--rows", "4900:5100"], "rows 4900:5100 were requested but the file has only 5000 rows",
     "se pidieron las filas 4900:5100, pero el archivo solo tiene 5000 filas"),
    (["test", "--data", "FOLDER"], "is a folder, not a data file", "es una carpeta, no un archivo de datos"),
    (["test", "--model", "MEMBER"], "unknown member 'notes.npy'", "miembro desconocido 'notes.npy'"),
    (["test", "--model", "TRUNCATED"], "not a model file, or a truncated one (the archive is damaged or cut short)",
     "no es un archivo de modelo, o está truncado (el archivo comprimido está dañado o cortado)"),
    (["report", "--out", "r.docx"], "the extension '.docx' names no report format",
     "la extensión '.docx' no corresponde a ningún formato de informe"),
])
def test_errors_from_every_layer_come_in_the_users_language(tmp_path, args, english, spanish):
    (tmp_path / "bad.txt").write_text("1,2,3\n")
    (tmp_path / "folder").mkdir()
    truncated = tmp_path / "cut.npz"
    truncated.write_bytes(MODEL_FILE.read_bytes()[:5000])
    places = {"BAD": tmp_path / "bad.txt", "FOLDER": tmp_path / "folder", "TRUNCATED": truncated,
              "MEMBER": write_hostile(tmp_path, "an unknown extra member")}
    args = [places.get(arg, arg) for arg in args]
    for lang, message in (("en", english), ("es", spanish)):
        result = run(*args, lang=lang)
        assert result.returncode == 2, result.stderr
        assert_clean(result)
        assert message in text(result.stderr), (lang, text(result.stderr)[-300:])
    assert "unknown member" in HOSTILE["an unknown extra member"][1]
