"""A student's report of the assignment's own model (issue 25): what it says and how it is laid out."""

from __future__ import annotations

import dataclasses
import inspect
import shutil
import subprocess
from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest

from core.learning import textbook
from core.base.errors import ReportError
from core.learning.evaluation import Evaluation, format_cost
from core.base.i18n import translations, translator
from core.services.runs import run_training
from core.learning.settings import ASSIGNMENT
from core.learning.training import History
from report.blocks import Code, Heading, Items, Note, Paragraph, Table
from report.content import _digit_comments, build_report
from report.export import default_report_name, write_report
from report.figures import cost_figure, cost_plot_labels, runs_cost_figure
from report.render import render_markdown, write_markdown

TEST_ROWS = (900, 1000)


@pytest.fixture(scope="module")
def assignment_model(dataset):
    return run_training(dataset, ASSIGNMENT).model


@pytest.fixture(scope="module")
def spanish(assignment_model, dataset):
    return build_report(assignment_model, "mi-modelo.npz", dataset, TEST_ROWS, "es")


def section(report, title: str) -> list:
    start = next(i for i, block in enumerate(report.blocks) if isinstance(block, Heading) and block.text == title)
    end = next((i for i, block in enumerate(report.blocks) if i > start and isinstance(block, Heading)),
               len(report.blocks))
    return report.blocks[start + 1:end]


def test_every_confused_pair_that_ties_is_listed(spanish, assignment_model, dataset):
    blocks = section(spanish, "Pares más confundidos")
    pairs = [block for block in blocks if isinstance(block, Items)][0].items
    mistakes = dataset.rows(TEST_ROWS)[1] != assignment_model.network.predict(dataset.rows(TEST_ROWS)[0])
    assert len(pairs) == 6 == mistakes.sum(), "six mistakes, six pairs once each: all six listed"
    assert "9 leído como 7: una vez" in pairs


def test_a_long_tie_is_cut_above_it_and_the_rest_counted():
    # 3 pairs read twice, 13 pairs once: the 3 listed, and "13 other pairs" said
    labels, predicted = [], []
    for true, wrong in [(0, 1), (2, 3), (4, 5)]:
        labels += [true, true]
        predicted += [wrong, wrong]
    once = [(t, w) for t in range(10) for w in range(10) if t != w and (t, w) not in [(0, 1), (2, 3), (4, 5)]][:13]
    labels += [t for t, _ in once]
    predicted += [w for _, w in once]
    probabilities = np.eye(10)[predicted]
    test = Evaluation(probabilities, np.array(labels), 900)
    assert test.most_confused_pairs(count=2) == [(0, 1, 2), (2, 3, 2), (4, 5, 2)], "ties at the cut are kept"
    assert len(test.most_confused_pairs()) == 16 == len(test.mistaken_pairs())
    from report.content import _confused_pairs
    facts = SimpleNamespace(gettext=translator("en"), ngettext=translations("en").ngettext, test=test)
    blocks = _confused_pairs(facts)
    assert blocks[2].items == [f"{t} read as {w}: 2 times" for t, w in [(0, 1), (2, 3), (4, 5)]]
    assert blocks[3].text == "13 other pairs of digits are confused less often."


@pytest.mark.parametrize("figure", ["cost", "runs"])
def test_the_legend_hides_no_curve(assignment_model, figure):
    history = assignment_model.history
    if figure == "cost":
        drawn = cost_figure(history, cost_plot_labels(translator("es")))
    else:
        labels = {"title": "t", "epoch": "e", "cost": "c", "train": "{run}, training", "test": "{run}, test"}
        drawn = runs_cost_figure([history] * 3, ["Run 1", "Run 2", "Run 3"], labels)
    drawn.canvas.draw()
    legend = drawn.legends[0].get_window_extent()
    assert drawn.legends and all(not axis.get_legend() for axis in drawn.axes), "no legend inside the axes"
    for axis in drawn.axes:
        assert not legend.overlaps(axis.get_window_extent()), "the legend lies over the plotted area"
    assert legend.y0 >= 0 and legend.x0 >= 0 and legend.x1 <= drawn.bbox.width, "the legend is inside the figure"
    matplotlib.pyplot.close(drawn)


@pytest.mark.parametrize("cost, written", [(0.463, "0.463"), (0.000512, "0.000512"), (0.0005, "0.000500"),
                                           (2.3149, "2.31"), (0.099996, "0.100"), (0.0, "0")])
def test_a_cost_keeps_three_significant_digits(cost, written):
    assert format_cost(cost) == written


def test_prose_and_table_print_costs_with_the_digits_they_need(spanish, assignment_model):
    last = format_cost(assignment_model.history.train_cost[-1])
    assert len(last.replace(".", "").lstrip("0")) == 3, "three significant digits, however small"
    comments = " ".join(block.text for block in section(spanish, "4. Comentarios"))
    assert f"a {last} tras la época 40" in comments and " 0.000 " not in comments
    table = [block for block in section(spanish, "Tasa de reconocimiento") if isinstance(block, Table)][0]
    assert table.rows[1][2] == format_cost(spanish_train_cost(assignment_model))


def spanish_train_cost(model):
    from core.learning.evaluation import evaluate
    from core.learning.data import load_dataset
    from core.base.resources import DATA_FILE

    data = load_dataset(DATA_FILE)
    return evaluate(model.network, *data.rows_in(model.settings.train_rows)).cost


def test_settings_that_did_nothing_are_left_out(spanish, assignment_model, dataset):
    table = next(block for block in spanish.blocks if isinstance(block, Table))
    labels = [row[0] for row in table.rows]
    assert "Estilos de escritura" not in labels and "Dígitos retrazados" not in labels
    assert "Optimizador" in labels and "Tasa de aprendizaje" in labels
    styled = dataclasses.replace(assignment_model, settings=dataclasses.replace(ASSIGNMENT, styles=5))
    labels = [row[0] for row in next(block for block in build_report(
        styled, "m.npz", dataset, TEST_ROWS, "es").blocks if isinstance(block, Table)).rows]
    assert "Estilos de escritura" in labels, "a setting that acted is shown"


def test_the_report_says_how_to_run_the_test_and_quotes_its_routine(spanish):
    blocks = section(spanish, "Probar el modelo")
    commands = [block.source for block in blocks if isinstance(block, Code) and block.language == "console"]
    assert commands[0] == "python main.py test --model mi-modelo.npz --rows 900:1000"
    assert commands[1] == "Tasa de reconocimiento: 94.00% (94/100)" or commands[1].startswith("Tasa de reconocimiento: ")
    quoted = next(block.source for block in blocks if isinstance(block, Code) and block.language == "python")
    for function in (textbook.predict, textbook.recognition_rate):
        assert inspect.getsource(function).strip() in quoted
    markdown, _ = render_markdown(spanish, "r_files")
    assert "```console\npython main.py test --model mi-modelo.npz --rows 900:1000\n```" in markdown


def test_the_assignments_model_has_no_warning_and_any_other_says_so_first(spanish, english_report):
    assert not [block for block in spanish.blocks if isinstance(block, Note)]
    first_heading = next(i for i, block in enumerate(english_report.blocks) if isinstance(block, Heading))
    notes = [block for block in english_report.blocks[:first_heading] if isinstance(block, Note)]
    assert len(notes) == 1
    assert "This model is not the assignment's" in notes[0].text
    assert "it has 2 hidden layers" in notes[0].text and "trained with Adam" in notes[0].text
    assert "python main.py train --recipe assignment" in notes[0].text
    assert "> **This model is not the assignment" in render_markdown(english_report, "r_files")[0]


def test_markdown_refuses_a_file_in_the_place_of_its_image_folder(spanish, tmp_path, assignment_model, dataset):
    (tmp_path / "r_files").write_text("mine")
    with pytest.raises(ReportError, match="r_files: a file has the name of the folder"):
        write_report(assignment_model, "m.npz", dataset, TEST_ROWS, "en", tmp_path / "r.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r_files"] and (tmp_path / "r_files").read_text() == "mine"
    with pytest.raises(ReportError):
        write_markdown(spanish, tmp_path / "r.md")


def test_counts_of_one_are_singular_in_both_languages():
    test = Evaluation(np.eye(10)[[1, 1, 2]], np.array([1, 7, 2]), 900)
    for lang, expected in (("es", "Hay 1 error de prueba: 7 leído como 1 (1)."),
                           ("en", "There is 1 test mistake: 7 read as 1 (1).")):
        facts = SimpleNamespace(gettext=translator(lang), ngettext=translations(lang).ngettext, test=test)
        assert _digit_comments(facts)[0] == expected


@pytest.mark.parametrize("lang, name", [("es", "informe-mi-modelo.pdf"), ("en", "report-mi-modelo.pdf")])
def test_the_default_report_name_is_in_the_reports_language(lang, name):
    assert default_report_name("mi-modelo.npz", lang) == name


def test_the_cost_table_keeps_its_machine_columns_in_every_language():
    from core.base.i18n import set_language, current_language

    history = History()
    history.append(0.5, 0.6, 0.9, 1.0)
    before = current_language()
    try:
        set_language("es")
        assert history.csv().splitlines()[0] == "epoch,train_cost,test_cost,test_accuracy,seconds"
    finally:
        set_language(before)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_no_page_ends_with_a_heading(assignment_model, dataset, tmp_path, qapp):
    path = write_report(assignment_model, "mi-modelo.npz", dataset, TEST_ROWS, "es", tmp_path / "r.pdf")
    report = build_report(assignment_model, "mi-modelo.npz", dataset, TEST_ROWS, "es")
    headings = {block.text for block in report.blocks if isinstance(block, Heading)}
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for number, page in enumerate(text.split("\f")[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = lines[:-1]          # the last line is the footer
        assert body and body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"
    assert "Matriz de confusión" in headings
