import numpy as np
import pytest

from core.learning.evaluation import Evaluation, evaluate, format_rate
from core.learning.network import Network


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


def test_recall_is_the_confusion_diagonal_over_each_row():
    evaluation = make(one_hot_rows([1, 1, 2, 3, 3, 3]), [1, 2, 2, 3, 3, 4])
    recall = evaluation.recall
    assert recall[1] == 1.0 and recall[2] == 0.5 and recall[3] == 1.0 and recall[4] == 0.0
    assert np.isnan(recall[0]) and np.isnan(recall[9]), "a digit with no samples has no accuracy"
    confusion = evaluation.confusion
    present = confusion.sum(axis=1) > 0
    np.testing.assert_allclose(recall[present], np.diag(confusion)[present] / confusion.sum(axis=1)[present])


def test_a_threshold_trades_coverage_for_accuracy():
    # sure and right, sure and right, unsure and wrong, less sure still and right
    probabilities = np.vstack([one_hot_rows([0], 0.95), one_hot_rows([1], 0.9), one_hot_rows([5], 0.5),
                               one_hot_rows([3], 0.4)])
    evaluation = make(probabilities, [0, 1, 2, 3])
    assert evaluation.at_threshold(0.0) == (1.0, 0.75), "no threshold: every answer counts"
    assert evaluation.at_threshold(0.45) == (0.75, pytest.approx(2 / 3))
    assert evaluation.at_threshold(0.6) == (0.5, 1.0), "the unsure answers become 'not sure'"
    coverage, accuracy = evaluation.at_threshold(0.99)
    assert coverage == 0.0 and np.isnan(accuracy), "nothing answered: no accuracy"
    thresholds = np.linspace(0, 1, 21)
    coverages, accuracies = evaluation.threshold_curve(thresholds)
    assert np.all(np.diff(coverages) <= 0), "coverage never grows with the threshold"
    assert coverages[0] == 1.0 and accuracies[0] == 0.75


def test_above_its_surest_mistake_the_shipped_model_answers_only_right(dataset):
    """A threshold above every wrong answer's confidence leaves right answers only; below it, all count."""
    from core.learning.model_io import load_model
    from tests.core.samples import MODEL_FILE

    evaluation = evaluate(load_model(MODEL_FILE).network, *dataset.rows((900, 1000)))
    assert evaluation.at_threshold(0.0) == (1.0, evaluation.rate)
    wrong = evaluation.predictions != evaluation.labels
    surest_mistake = evaluation.probabilities.max(axis=1)[wrong].max()
    coverage, accuracy = evaluation.at_threshold(float(np.nextafter(surest_mistake, 1)))
    assert accuracy == 1.0 and coverage == pytest.approx(np.mean(evaluation.probabilities.max(axis=1) > surest_mistake))
    assert coverage < 1.0
