"""The command line, run as a user runs it: `python main.py ...` in a subprocess."""

import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import main
from core.learning.data import load_dataset
from core.learning.evaluation import evaluate
from core.learning.model_io import load_model
from core.learning.optimizers import DEFAULT_LEARNING_RATES
from core.learning.settings import RECIPES
from tests.core.hostile_models import HOSTILE, write_hostile
from tests.core.samples import DATA_FILE, MODEL_FILE, ROOT, good_row, write_rows


def run(*args, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def test_test_prints_summary_rate_mistakes_and_confusion_matrix():
    result = run("test")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Model: {MODEL_FILE.resolve()}", "the full path: never mistaken for another model.npz"
    assert lines[1].startswith("Trained: 784-256-256-10 ReLU, Adam, learning rate 0.002") and "rows 0:900" in lines[1]
    match = re.fullmatch(r"Recognition rate: (\d+\.\d\d)% \((\d+)/100\)", lines[2])
    assert match, lines[2]
    expected = evaluate(load_model(MODEL_FILE).network, *load_dataset(DATA_FILE).rows((900, 1000)))
    assert int(match.group(2)) == expected.correct
    assert float(match.group(1)) == pytest.approx(100 * expected.rate)
    mistakes = [line for line in lines if line.startswith("  row ")]
    assert len(mistakes) == expected.total - expected.correct
    assert "Confusion matrix" in result.stdout
    matrix_rows = [line for line in lines if re.match(r"  \d: ", line)]
    assert len(matrix_rows) == 10
    assert sum(int(n) for line in matrix_rows for n in line.split(":")[1].split()) == 100


def test_test_on_other_rows():
    result = run("test", "--rows", "1000:1050")
    assert result.returncode == 0
    assert re.search(r"Recognition rate: \d+\.\d\d% \(\d+/50\)", result.stdout)


@pytest.mark.parametrize("args, message", [
    (["--model", "no-such-model.npz"], "no-such-model.npz: no such file"),
    (["--data", "no-such-data.txt"], "no-such-data.txt: no such file"),
    (["--rows", "4900:5100"], "rows 4900:5100 were requested but the file has only 5000 rows"),
    (["--rows", "ten:twenty"], "expected START:END"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(args, message):
    result = run("test", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_data_line_is_named(tmp_path):
    bad = good_row()
    bad[784] = "12"
    path = write_rows(tmp_path / "bad.txt", [good_row(), good_row(), bad])
    result = run("test", "--data", str(path), "--rows", "0:3")
    assert result.returncode == 2
    assert "bad.txt, line 3: the label is 12" in result.stderr


def test_train_writes_model_and_plot(tmp_path):
    out = tmp_path / "small.npz"
    result = run("train", "--epochs", "2", "--hidden", "16", "--rows", "0:200", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "epoch 2/2" in result.stdout and "ETA" in result.stdout
    model = load_model(out)
    assert model.network.layer_sizes == [784, 16, 10]
    assert model.provenance.epochs_run == 2
    assert (tmp_path / "small.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_train_on_several_row_ranges(tmp_path):
    out = tmp_path / "two.npz"
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:100,1000:1100", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert load_model(out).settings.train_rows == ((0, 100), (1000, 1100))
    result = run("train", "--rows", "0:100,50:150")
    assert result.returncode == 2 and "0:100 and 50:150 overlap" in result.stderr


def test_train_rejects_bad_settings():
    result = run("train", "--epochs", "0")
    assert result.returncode == 2 and "Epochs = 0: expected" in result.stderr
    result = run("train", "--thickness", "-1")
    assert result.returncode == 2 and "Stroke thickness ± = -1" in result.stderr


def test_train_records_the_stroke_thickness(tmp_path):
    out = tmp_path / "thick.npz"
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:100", "--thickness", "1.5", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert load_model(out).settings.thickness == 1.5


def test_ctrl_c_stops_training_and_saves_what_was_learned(tmp_path):
    out = tmp_path / "interrupted.npz"
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "train", "--epochs", "10000",
                                "--hidden", "16", "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert b"epoch 1/" in wait_for(process, b"epoch 1/")    # one line per epoch, as stdout is not a terminal
    process.send_signal(signal.SIGINT)
    stdout, stderr = (stream.decode() for stream in process.communicate(timeout=60))
    assert process.returncode == 0, stderr
    assert "Stopped after" in stdout
    model = load_model(out)
    assert 1 <= model.provenance.epochs_run < 10000
    assert model.provenance.stopped_early is True
    assert np.isfinite(model.network.weights[0]).all()


def test_help_on_every_command():
    for command in ([], ["test"], ["train"], ["report"], ["check-gradients"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_command_line_writes_markdown(tmp_path):
    result = run("report", "--lang", "es", "--rows", "900:950", "--out", str(tmp_path / "reporte.md"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reporte.md").read_text(encoding="utf-8").startswith("# Reconocimiento")
    assert (tmp_path / "reporte_files" / "cost.png").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reporte.md", "reporte_files"]
    assert f"Sus imágenes: {tmp_path / 'reporte_files'}" in result.stdout, "the command says where the images went"


def test_training_into_a_file_writes_one_line_per_epoch(tmp_path):
    result = run("train", "--recipe", "assignment", "--epochs", "3", "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stdout
    epochs = [line for line in result.stdout.splitlines() if line.startswith("epoch ")]
    assert [line.split()[1] for line in epochs] == ["1/3", "2/3", "3/3"], result.stdout
    assert re.search(r"  cost \d\.\d+  test cost \d\.\d+  ", epochs[-1])


def test_spanish_help_and_default_names_are_spanish(tmp_path):
    shown = run("train", "--help", "--lang", "es").stdout
    assert "receta incluida: sí" in shown and "receta incluida: yes" not in shown
    assert "modelo-RECIPE.npz" in shown
    assert "informe-MODEL.pdf" in run("report", "--help", "--lang", "es").stdout
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", "--recipe", "assignment", "--epochs", "1",
                             "--lang", "es"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "modelo-assignment.npz").exists() and (tmp_path / "modelo-assignment.png").exists()
    assert "--out informe-modelo-assignment.pdf" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--out", "report.docx"], "use .pdf, .html or .md"),
    (["--model", "{corrupt}", "--out", "report.pdf"], "not a model file"),
])
def test_command_line_errors_exit_2_and_write_nothing(tmp_path, args, message):
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(b"PK\x03\x04 this is not a zip archive")
    args = [arg.format(corrupt=corrupt) for arg in args]
    out = tmp_path / args[-1]
    args[-1] = str(out)
    result = run("report", *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.startswith("error: ")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corrupt.npz"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_model_file_exits_2_with_its_message(tmp_path, capsys, name):
    path = write_hostile(tmp_path, name)
    assert main.main(["test", "--model", str(path), "--lang", "en"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {path}") and HOSTILE[name][1] in error


def test_a_hostile_model_file_prints_no_traceback(tmp_path):
    result = run("test", "--model", str(write_hostile(tmp_path, "metadata nested 100,000 deep")))
    assert result.returncode == 2 and "nests deeper than" in result.stderr and "Traceback" not in result.stderr


def shipped_copy(folder):
    """A copy of the shipped model, the good file a failed run must leave as it was."""
    path = folder / "m.npz"
    path.write_bytes(MODEL_FILE.read_bytes())
    return path


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/out/model.png"], "model.png: a model file name must end in .npz"),
    (["--out", "{tmp}/model.npz", "--plot", "{tmp}/missing/cost.png"], "the folder"),
    (["--out", "{tmp}/model.npz", "--plot", "{tmp}/cost.txt"], "a plot is written as .png, .svg or .pdf"),
    (["--out", "{tmp}/model.npz", "--plot", "{tmp}/folder.png"], "is a folder; give a file name"),
    (["--out", "{tmp}/nowhere/model.npz"], "nowhere does not exist"),
    (["--out", "{tmp}/pipe.npz"], "is a device, a pipe or a socket, not a file"),
    (["--seed", "-1"], "Random seed = -1: expected a whole number from 0 to 2147483647"),
    (["--hidden"] + ["10"] * 11, "Hidden layers = " + " ".join(["10"] * 11) + ": expected 1 to 10 layer sizes"),
])
def test_bad_paths_and_settings_exit_2_before_training_and_write_nothing(tmp_path, args, message):
    if "pipe" in "".join(args) and not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are a POSIX feature")
    (tmp_path / "out").mkdir()
    (tmp_path / "folder.png").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.npz")
    before = sorted(path.name for path in tmp_path.rglob("*"))
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:100",
                 *[arg.format(tmp=tmp_path) for arg in args])
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "epoch 1/1" not in result.stdout
    assert sorted(path.name for path in tmp_path.rglob("*")) == before


def test_a_diverging_run_exits_4_and_leaves_the_good_file(tmp_path):
    good = shipped_copy(tmp_path)
    before = good.read_bytes()
    result = run("train", "--learning-rate", "10", "--optimizer", "momentum", "--momentum", "0.99",
                 "--hidden", "64", "64", "64", "64", "64", "64", "--epochs", "5", "--rows", "0:200",
                 "--no-augment", "--out", str(good))
    assert result.returncode == 4, result.stderr
    assert "diverged" in result.stderr and "m.npz was not written" in result.stderr
    assert good.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege on Windows")
@pytest.mark.parametrize("plot_option", [True, False])
def test_a_plot_path_that_links_to_the_model_exits_2_and_leaves_the_good_file(tmp_path, plot_option):
    """The plot would follow the link and replace the model just saved: refused before training."""
    good = shipped_copy(tmp_path)
    before = good.read_bytes()
    link = tmp_path / ("cost.png" if plot_option else "m.png")
    link.symlink_to(good)
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:100", "--no-augment", "--out", str(good),
                 *(["--plot", str(link)] if plot_option else []))
    assert result.returncode == 2 and "the cost plot would be written over the model" in result.stderr, result.stderr
    assert "epoch 1/1" not in result.stdout and good.read_bytes() == before


def test_a_plot_that_cannot_be_written_exits_5_and_says_the_model_was_saved(tmp_path, monkeypatch, capsys):
    import report.figures
    from core.base.errors import TrazoError

    def full_disk(history, path, labels=None):
        raise TrazoError(f"{path}: cannot write the file (No space left on device)")

    monkeypatch.setattr(report.figures, "save_cost_plot", full_disk)
    out = tmp_path / "m.npz"
    status = main.main(["train", "--epochs", "1", "--hidden", "8", "--rows", "0:100", "--no-augment",
                        "--out", str(out), "--lang", "en"])
    captured = capsys.readouterr()
    assert status == 5
    assert f"Model: {out}" in captured.out and "Cost plot:" not in captured.out
    assert "No space left on device" in captured.err and "The model was saved" in captured.err
    assert load_model(out).provenance.epochs_run == 1


def start_training(*args):
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "train", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    return process


def wait_for(process, marker: bytes, timeout=60):
    """Read stdout until `marker` has been printed (the training started, an epoch ended)."""
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        byte = process.stdout.read(1)
        if not byte:
            break
        seen += byte
    return seen


def test_ctrl_c_before_the_first_epoch_ends_exits_3_and_leaves_the_good_file(tmp_path):
    good = shipped_copy(tmp_path)
    before = good.read_bytes()
    process = start_training("--epochs", "1", "--batch-size", "1", "--hidden", "512", "512", "--out", str(good))
    wait_for(process, b"Ctrl-C stops")
    process.send_signal(signal.SIGINT)
    stdout, stderr = (stream.decode() for stream in process.communicate(timeout=60))
    assert process.returncode == 3, stderr
    assert "nothing was learned" in stderr and "Traceback" not in stderr
    assert good.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_stop_like_ctrl_c_and_save_what_was_learned(tmp_path, signal_name):
    out = tmp_path / "stopped.npz"
    process = start_training("--epochs", "10000", "--hidden", "16", "--rows", "0:300", "--out", str(out))
    assert b"epoch 1/" in wait_for(process, b"epoch 1/")   # the first epoch's line
    process.send_signal(getattr(signal, signal_name))
    stdout, stderr = (stream.decode() for stream in process.communicate(timeout=60))
    assert process.returncode == 0, stderr
    assert "Stopped after" in stdout and "Traceback" not in stderr
    assert 1 <= load_model(out).provenance.epochs_run < 10000


def test_ten_ctrl_c_at_random_moments_never_lose_the_good_file(tmp_path):
    """Whenever Ctrl-C comes (imports, loading, training, saving), the file is the good one, byte for
    byte, or a model of one or more epochs; never a traceback, never a temporary file left behind.

    The moments start at 0.1 s: in its first ~30 ms the interpreter itself is starting (site, .pth
    files), before any of Trazo's code runs, and Python prints an interrupt there by itself.
    A process ended by the signal itself (-SIGINT) is allowed: the interpreter applies the default action
    only before it installs its handler and after its finalization has restored it, once the file is
    written; either way the file is checked below like any other outcome."""
    rng = np.random.default_rng(11)
    good = shipped_copy(tmp_path)
    shipped = good.read_bytes()
    arguments = ("--epochs", "4", "--rows", "0:300", "--no-augment", "--out", str(good))
    started = time.monotonic()
    first = start_training(*arguments)
    first.communicate(timeout=120)
    assert first.returncode == 0
    whole_run = time.monotonic() - started      # the moments fall within a run's length on this machine
    outcomes = []
    for delay in rng.uniform(0.1, max(whole_run, 0.2), 10):
        good.write_bytes(shipped)
        process = start_training(*arguments)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        stdout, stderr = (stream.decode() for stream in process.communicate(timeout=120))
        assert "Traceback" not in stderr, stderr
        assert process.returncode in (0, 3, 130, -signal.SIGINT), (process.returncode, stderr)
        if good.read_bytes() == shipped:
            outcomes.append("unchanged")
        else:
            assert load_model(good).provenance.epochs_run >= 1
            outcomes.append("saved")
        assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".png") == ["m.npz"], "no temporary left"
    assert len(outcomes) == 10


# --- the assignment, step by step -----------------------------------------------------------------

def readme_assignment_commands(document: str = "README.md",
                               heading: str = "## The assignment, step by step") -> list[str]:
    """The commands of a README's section "The assignment, step by step", in order."""
    text = (ROOT / document).read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip().startswith("python")]


def test_the_readmes_assignment_steps_train_test_and_report_as_they_say(tmp_path):
    commands = readme_assignment_commands()
    assert [command.split()[2] for command in commands] == ["train", "test", "check-gradients", "report"]
    outputs = []
    for command in commands:
        args = command.split()[2:]
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                                cwd=tmp_path, timeout=300)
        assert result.returncode == 0, (command, result.stderr)
        outputs.append(result.stdout)
    train_output, test_output, check_output, report_output = outputs
    model_file = tmp_path / commands[0].split("--out ")[1].split()[0]
    assert f"python main.py test --model {model_file.name}" in train_output, "train says how to test what it wrote"
    assert f"Model: {model_file.resolve()}" in test_output.splitlines()
    trained = next(line for line in test_output.splitlines() if line.startswith("Trained: "))
    assert "784-200-10" in trained and "gradient descent" in trained and "constant" in trained
    rate = float(re.search(r"Recognition rate: (\d+\.\d\d)% \(\d+/100\)", test_output).group(1))
    assert rate >= 90.0, f"the assignment recipe reaches {rate}% on rows 900-999"
    settings = load_model(model_file).settings
    assert (settings.hidden, settings.optimizer, settings.schedule, settings.augment) == ((200,), "sgd", "constant",
                                                                                        False)
    assert settings.train_rows == ((0, 900),) and settings.test_rows == (900, 1000)
    assert float(check_output.splitlines()[-1].split("max relative error: ")[1]) < 1e-6
    report = tmp_path / commands[3].split("--out ")[1].split()[0]
    assert report.read_bytes().startswith(b"%PDF") and "Report: " in report_output


def test_the_spanish_readmes_assignment_steps_work_as_written_in_spanish(tmp_path):
    commands = readme_assignment_commands("README.es.md", "## La tarea, paso a paso")
    assert [command.split()[2] for command in commands] == ["train", "test", "check-gradients", "report"]
    environment = dict(os.environ, LANG="es_MX.UTF-8")
    outputs = []
    for command in commands:
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), *command.split()[2:]], capture_output=True,
                                text=True, cwd=tmp_path, timeout=300, env=environment)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)
        outputs.append(result.stdout)
    expected = re.search(r'imprime "(Tasa de reconocimiento: [\d.]+% \(\d+/100\))"',
                         (ROOT / "README.es.md").read_text(encoding="utf-8")).group(1)
    assert expected in outputs[1], "README.es quotes what test prints"
    assert (tmp_path / commands[3].split("--out ")[1].split()[0]).read_bytes().startswith(b"%PDF")


def test_plain_gradient_descent_with_the_other_defaults_learns(tmp_path):
    out = tmp_path / "sgd.npz"
    result = run("train", "--hidden", "200", "--optimizer", "sgd", "--out", str(out), timeout=600)
    assert result.returncode == 0, result.stderr
    model = load_model(out)
    assert model.settings.learning_rate == DEFAULT_LEARNING_RATES["sgd"], "sgd brings its own learning rate"
    assert model.provenance.test_accuracy >= 0.85


def test_overlapping_rows_print_a_warning(tmp_path):
    result = run("train", "--epochs", "1", "--hidden", "8", "--rows", "0:1000", "--out", str(tmp_path / "o.npz"))
    assert result.returncode == 0
    assert "warning: the test rows 900:1000 overlap the training rows 0:1000" in result.stderr


def test_an_option_changes_the_recipe_and_the_optimisers_rate_follows(tmp_path):
    from cli.arguments import parse_arguments, settings_from

    assignment = settings_from(parse_arguments(["train", "--recipe", "assignment"]))
    assert assignment == RECIPES["assignment"].settings
    changed = settings_from(parse_arguments(["train", "--recipe", "assignment", "--epochs", "7"]))
    assert changed.epochs == 7 and changed.learning_rate == assignment.learning_rate
    adam = settings_from(parse_arguments(["train", "--recipe", "assignment", "--optimizer", "adam"]))
    assert adam.learning_rate == DEFAULT_LEARNING_RATES["adam"]
    own = settings_from(parse_arguments(["train", "--optimizer", "sgd", "--learning-rate", "0,05"]))
    assert own.learning_rate == 0.05


def test_check_gradients_prints_a_row_per_array_and_ends_with_the_largest_error():
    result = run("check-gradients")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line.split() for line in lines if re.match(r"[Wb]\d ", line)]
    assert [row[0] for row in rows] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert all(row[-1] == "agrees" for row in rows)
    largest = max(float(row[-2]) for row in rows)
    assert lines[-1] == f"max relative error: {largest:.1e}" and largest < 1e-6
    assert f"Model: {MODEL_FILE}" in lines


def test_check_gradients_speaks_spanish_and_refuses_a_missing_model(tmp_path):
    result = run("check-gradients", "--lang", "es")
    assert result.returncode == 0 and result.stdout.splitlines()[-1].startswith("error relativo máximo: ")
    assert "coincide" in result.stdout
    missing = run("check-gradients", "--model", str(tmp_path / "none.npz"))
    assert missing.returncode == 2 and "none.npz" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.parametrize("lang, message", [
    ("en", ("Layers = conv:4:3,dense:8,pool:2: layers conv:4:3,dense:8,pool:2: item 3, pool:2: a convolution or "
            "pooling layer cannot follow a dense layer")),
    ("es", ("Capas = conv:4:3,dense:8,pool:2: capas conv:4:3,dense:8,pool:2: elemento 3, pool:2: una capa de "
            "convolución o de agrupación no puede seguir a una capa densa")),
])
def test_a_wrong_list_of_layers_exits_2_saying_where(tmp_path, lang, message):
    result = run("train", "--lang", lang, "--layers", "conv:4:3,dense:8,pool:2", "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_layered_model_trains_tests_and_checks_its_gradients_from_the_command_line(tmp_path):
    path = tmp_path / "conv.npz"
    result = run("train", "--layers", "conv:4:3,pool:2,dense:16", "--epochs", "1", "--rows", "0:200", "--out",
                 str(path))
    assert result.returncode == 0, result.stderr
    assert load_model(path).architecture == "conv:4:3,pool:2,dense:16,dense:10 ReLU"
    result = run("test", "--model", str(path))
    assert result.returncode == 0 and "Trained: conv:4:3,pool:2,dense:16,dense:10 ReLU" in result.stdout
    result = run("check-gradients", "--model", str(path))
    assert result.returncode == 0, result.stderr
    assert re.search(r"W1 +4 × 1 × 3 × 3 .* agrees", result.stdout) and "W3 " in result.stdout
