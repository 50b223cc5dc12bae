"""Grading by behaviour: the chance of so few mistakes on the test rows, the unseen rows, the verdicts."""

from __future__ import annotations

import dataclasses

import pytest

from core.base.i18n import set_language
from core.learning.model_io import load_model
from core.learning.settings import RECIPES
from core.services.grading import (
    ADMITTED,
    CLEAN,
    MIN_UNSEEN_ROWS,
    SUSPECT,
    THRESHOLD,
    UNKNOWN,
    beyond,
    doubtful,
    explain,
    fewer_by_chance,
    grade,
    short_verdict,
    without,
)
from tests.core.class_models import FORGED, HONEST, SHIPPED, edit_train_rows

pytestmark = pytest.mark.xdist_group("class_folder")   # one worker makes the class's files, once


@pytest.mark.parametrize("test_count, test_total, unseen_count, unseen_total", [
    (0, 100, 318, 4000), (3, 100, 120, 4000), (10, 100, 50, 900), (0, 10, 0, 500), (7, 20, 30, 40)])
def test_the_chance_is_fishers_exact_test_as_scipy_computes_it(test_count, test_total, unseen_count,
                                                                unseen_total):
    stats = pytest.importorskip("scipy.stats")
    events = test_count + unseen_count
    expected = stats.hypergeom.cdf(test_count, test_total + unseen_total, events, test_total)
    assert fewer_by_chance(test_count, test_total, unseen_count, unseen_total) == pytest.approx(expected, rel=1e-9)


def test_no_mistake_on_100_rows_at_an_8_percent_rate_is_rare_and_at_1_percent_common():
    assert fewer_by_chance(0, 100, 320, 4000) < 0.001 < fewer_by_chance(0, 100, 40, 4000)


def test_the_unseen_rows_leave_out_the_rows_a_file_says_it_trained_on():
    assert without((1000, 5000), ((0, 900),)) == ((1000, 5000),)
    assert without((1000, 5000), ((0, 900), (1000, 4000))) == ((4000, 5000),)
    assert without((1000, 5000), ((2000, 3000),)) == ((1000, 2000), (3000, 5000))
    assert without((1000, 5000), ((0, 5000),)) == ()


def test_the_unseen_rows_are_beyond_the_test_rows_to_the_end_of_the_data(dataset):
    assert len(dataset) == 5000, "resources/DATA.md: 5000 rows, 1000-4999 never trained on by the assignment"
    assert beyond((900, 1000), dataset) == (1000, 5000)


@pytest.mark.parametrize("name", [*HONEST, *SHIPPED])
def test_no_honest_model_of_the_shipped_recipes_is_flagged(class_folder, dataset, name):
    result = grade(load_model(class_folder / name), dataset, (900, 1000))
    assert result.verdict == CLEAN and not result.flagged, (name, result.errors, result.doubts)
    assert result.chance > 0.01, "well clear of the threshold, not just under it"


def test_the_model_trained_on_0_1000_is_flagged_although_its_file_says_0_900(class_folder, dataset):
    model = load_model(class_folder / FORGED)
    assert model.settings.train_rows == ((0, 900),), "the file lies"
    result = grade(model, dataset, (900, 1000))
    assert result.test.rate == 1.0 and result.unseen.rate < 0.95, "100% on the test rows, ~92% on unseen ones"
    assert result.unseen_rows == ((1000, 5000),)
    assert result.verdict == SUSPECT and result.flagged
    assert result.errors.test_count == 0 and result.doubts.test_count == 0
    assert result.errors.chance < 0.001 and result.doubts.chance < 1e-8 and result.chance < THRESHOLD


def test_a_file_that_says_it_trained_on_the_test_rows_is_flagged_by_its_own_word(class_folder, dataset, tmp_path):
    path = tmp_path / "admitted.npz"
    path.write_bytes((class_folder / FORGED).read_bytes())
    edit_train_rows(path, "0:1000")
    result = grade(load_model(path), dataset, (900, 1000))
    assert result.verdict == ADMITTED and result.flagged
    assert result.unseen_rows == ((1000, 5000),) and result.errors is not None, "its behaviour is still measured"


def test_a_file_that_claims_every_row_beyond_leaves_too_few_to_tell(class_folder, dataset, tmp_path):
    path = tmp_path / "claims-everything.npz"
    path.write_bytes((class_folder / FORGED).read_bytes())
    edit_train_rows(path, "0:900, 1000:4700")
    result = grade(load_model(path), dataset, (900, 1000))
    assert result.verdict == UNKNOWN and not result.flagged and result.unseen is None
    assert result.unseen_rows == ((4700, 5000),) and 300 < MIN_UNSEEN_ROWS
    assert short_verdict(result) == "cannot tell: only 300 unseen rows"


def test_unseen_rows_given_by_hand_leave_out_the_test_rows(dataset):
    from tests.core.samples import MODEL_FILE

    result = grade(load_model(MODEL_FILE), dataset, (900, 1000), unseen=(500, 2000))
    assert result.unseen_rows == ((1000, 2000),), "neither the training rows 0:900 nor the test rows"
    assert result.unseen.total == 1000 and result.verdict == CLEAN


def test_the_draw_models_unseen_rows_are_those_it_never_trained_on(dataset):
    from tests.core.samples import DRAW_MODEL_FILE

    result = grade(load_model(DRAW_MODEL_FILE), dataset, (900, 1000))
    assert result.unseen_rows == ((4000, 5000),) and result.unseen.total == 1000


def test_a_model_of_another_data_file_keeps_every_unseen_row(dataset):
    from tests.core.samples import MODEL_FILE

    model = load_model(MODEL_FILE)
    other = dataclasses.replace(model, settings=model.settings.changed(train_rows=((0, 900), (1000, 4000))),
                                provenance=dataclasses.replace(model.provenance, data_file="theirs.txt"))
    assert grade(other, dataset, (900, 1000)).unseen_rows == ((1000, 5000),), "its rows are another file's"


def test_doubtful_answers_are_those_below_99_percent_for_the_right_digit(dataset):
    from tests.core.samples import MODEL_FILE

    result = grade(load_model(MODEL_FILE), dataset, (900, 1000))
    test = result.test
    right = test.probabilities[range(test.total), test.labels]
    assert doubtful(test).sum() == (right < 0.99).sum() >= test.total - test.correct


def test_the_explanation_gives_the_figures_in_both_languages(class_folder, dataset):
    result = grade(load_model(class_folder / FORGED), dataset, (900, 1000))
    try:
        english = explain(result)
        set_language("es")
        spanish = explain(result)
    finally:
        set_language("en")
    assert english.startswith("SUSPECT: it reads the test rows as if it had trained on them.")
    assert "(1000:5000)" in english and "92." in english and "wrong answers 0 of 100" in english
    assert spanish.startswith("SOSPECHOSO") and "(1000:5000)" in spanish and "0 de 100" in spanish


def test_a_recipe_with_few_epochs_is_not_a_reason_to_flag(dataset):
    """A model that barely learned reads every set of rows badly alike: nothing to flag."""
    from core.services.runs import run_training

    run = run_training(dataset, RECIPES["assignment"].with_changes(epochs=1, train_rows=((0, 300),)))
    assert grade(run.model, dataset, (900, 1000)).verdict == CLEAN
