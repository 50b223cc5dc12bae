import numpy as np
import pytest

from core.evaluation import Evaluation, format_rate


def make(probabilities, labels):
    return Evaluation(np.array(probabilities, dtype=float), np.array(labels), first_row=900)


def one_hot_rows(predicted, confidence=0.9):
    rows = np.full((len(predicted), 10), (1 - confidence) / 9)
    rows[np.arange(len(predicted)), predicted] = confidence
    return rows


def test_rate_mistakes_and_confusion():
    evaluation = make(one_hot_rows([1, 2, 3, 3]), [1, 2, 3, 4])
    assert (evaluation.correct, evaluation.total, evaluation.rate) == (3, 4, 0.75)
    np.testing.assert_array_equal(evaluation.misclassified, [3])
    assert evaluation.confusion[4, 3] == 1 and evaluation.confusion.sum() == 4
    assert np.trace(evaluation.confusion) == 3
    assert evaluation.confidence(3) == pytest.approx(0.9)
    assert evaluation.most_confused_pairs() == [(4, 3, 1)]


def test_rate_line_has_the_assignment_format():
    evaluation = make(one_hot_rows([0] * 97 + [1] * 3), [0] * 100)
    assert format_rate(evaluation) == "Recognition rate: 97.00% (97/100)"


def test_cost_is_the_mean_cross_entropy():
    evaluation = make(one_hot_rows([0, 0], confidence=0.5), [0, 1])
    assert evaluation.cost == pytest.approx(-(np.log(0.5) + np.log(0.5 / 9)) / 2)
