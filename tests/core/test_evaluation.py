import numpy as np
import pytest

from core.evaluation import Evaluation, evaluate, format_rate
from core.network import Network


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


def test_test_cost_is_the_training_cost_function_the_mean_cross_entropy():
    rng = np.random.default_rng(3)
    network = Network.create([784, 16, 10], seed=1)
    x, labels = rng.random((50, 784), dtype=np.float32) * 4, rng.integers(0, 10, 50)
    evaluation = evaluate(network, x, labels)
    assert evaluation.cost == network.cost(x, labels), "one formula for the training and the test cost"
    true_class = evaluation.probabilities[np.arange(50), labels].astype(np.float64)
    assert evaluation.cost == pytest.approx(-np.log(true_class).mean(), rel=1e-5)


def test_a_sure_wrong_answer_costs_its_log_not_a_clipped_value():
    network = Network.create([784, 4, 10], seed=0)
    network.weights[-1][:] = 0
    network.biases[-1][:] = [200.0] + [0.0] * 9    # class 0 at probability ~1, the others ~e^-200
    evaluation = evaluate(network, np.zeros((1, 784), dtype=np.float32), [5])
    assert evaluation.cost == pytest.approx(200.0, rel=1e-4), "log-softmax keeps the exact cost"
