"""The report of a network given as a list of layers: its layer table, the convolution's formulas and code."""

import inspect
import subprocess
import sys

import pytest

from core.learning import convolution_textbook
from core.learning.layer_spec import parse_layers
from core.learning.model import model_from_training
from core.learning.settings import TrainingSettings
from core.learning.training import train
from report.content import Code, Image, Table, build_report
from tests.core.samples import ROOT

LAYERS = "conv:4:3,pool:2,dense:16"


@pytest.fixture(scope="module")
def layered_model(dataset):
    settings = TrainingSettings(layers=parse_layers(LAYERS), epochs=1, train_rows=((0, 200),))
    return model_from_training(train(dataset, settings), test_accuracy=0.5)


@pytest.mark.parametrize("lang, header, total", [("en", ["Layer", "Output shape", "Parameters"], "in all"),
                                                 ("es", ["Capa", "Forma de la salida", "Parámetros"], "en total")])
def test_the_report_lists_each_layer_with_its_output_shape_and_parameters(layered_model, dataset, lang, header,
                                                                          total):
    report = build_report(layered_model, "conv.npz", dataset, (900, 1000), lang)
    table = next(block for block in report.blocks if isinstance(block, Table) and block.rows[0] == header)
    assert [row[1:] for row in table.rows[1:]] == [
        ["1 × 28 × 28", "0"], ["4 × 26 × 26", "40"], ["4 × 13 × 13", "0"], ["16", "10 832"], ["10", "170"],
        ["", "11 042"]]
    assert [row[0] for row in table.rows[2:5]] == ["conv:4:3", "pool:2", "dense:16"] and table.rows[-1][0] == total
    names = {block.name for block in report.blocks if isinstance(block, Image)}
    for formula in ("convolution-forward", "convolution-backward", "pooling-forward", "pooling-backward"):
        assert any(name.endswith(formula) for name in names), formula


def test_the_report_quotes_the_readable_convolution_code_verbatim(layered_model, dataset):
    report = build_report(layered_model, "conv.npz", dataset, (900, 1000), "en")
    code = "\n".join(block.source for block in report.blocks if isinstance(block, Code))
    for function in (convolution_textbook.convolution_forward, convolution_textbook.convolution_backward,
                     convolution_textbook.max_pool_forward, convolution_textbook.max_pool_backward,
                     convolution_textbook.flatten):
        assert inspect.getsource(function).strip() in code


@pytest.fixture(scope="module")
def layered_model_file(tmp_path_factory):
    """A network of layers trained by the command line, once for the module."""
    model = tmp_path_factory.mktemp("layered") / "conv.npz"
    trained = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", "--layers", LAYERS, "--epochs", "1",
                              "--rows", "0:200", "--out", str(model)], capture_output=True, text=True, cwd=ROOT,
                             timeout=120, check=False)
    assert trained.returncode == 0, trained.stderr
    return model


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_command_line_writes_a_layered_models_report(layered_model_file, tmp_path, lang):
    model = layered_model_file
    written = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", "--lang", lang, "--model", str(model),
                              "--out", str(tmp_path / "r.pdf")], capture_output=True, text=True, cwd=ROOT, timeout=120,
                             check=False)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
