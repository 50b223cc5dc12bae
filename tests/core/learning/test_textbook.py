"""The textbook maths the report quotes: right by finite differences, and equal to the fast code that trains.

`test_training_code_equals_the_textbook_code` is the proof the report names (report/content.py cites it by
this path and name): the fast path's gradients and every optimiser's steps equal the textbook's.
"""

import dataclasses

import numpy as np
import pytest

from core.learning import network as network_module
from core.learning import textbook
from core.base.errors import SettingsError
from core.learning.network import ACTIVATIONS, Network
from core.learning.optimizers import OPTIMIZERS, make_optimizer
from core.learning.settings import TrainingSettings
from core.learning.training import learning_rate_at

LAYER_SIZES = [20, 9, 7, 10]
EPOCHS, BATCHES, BATCH = 3, 3, 8        # 9 steps: momentum's and Adam's state and Adam's t all matter
LEARNING_RATES = {"sgd": 0.3, "momentum": 0.05, "adam": 0.01}
MOMENTUM = 0.9
WEIGHT_DECAY = 1e-3
MOST_RELATIVE_ERROR = 1e-10


def float64_network(activation: str, seed: int = 2) -> Network:
    network = Network.create(LAYER_SIZES, activation, "xavier", seed=seed, dtype=np.float64)
    rng = np.random.default_rng(seed + 1)
    for b in network.biases:
        b[:] = rng.normal(0, 0.1, b.shape)   # non-zero biases, so that their gradients are exercised
    return network


def batches(seed: int = 0):
    rng = np.random.default_rng(seed)
    return [(rng.random((BATCH, LAYER_SIZES[0])), rng.integers(0, 10, BATCH)) for _ in range(EPOCHS * BATCHES)]


def relative_error(fast: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm(fast - reference) / np.linalg.norm(reference))


def assert_equal_arrays(fast, reference, what: str) -> None:
    assert len(fast) == len(reference)
    for index, (a, b) in enumerate(zip(fast, reference)):
        assert a.shape == b.shape, f"{what} {index}: shape {a.shape} against {b.shape}"
        error = relative_error(a, b)
        assert error <= MOST_RELATIVE_ERROR, f"{what} {index}: relative error {error:.1e}"


def textbook_update(optimizer: str, parameters, gradients, state, t: int, learning_rate: float):
    """One step of every array by core/learning/textbook.py, as training makes it: weight decay, then the step."""
    updated = []
    for index, (w, dw) in enumerate(zip(parameters, gradients)):
        dw = textbook.with_weight_decay(w, dw, WEIGHT_DECAY)
        if optimizer == "sgd":
            w = textbook.gradient_descent_step(w, dw, learning_rate)
        elif optimizer == "momentum":
            w, state[index] = textbook.momentum_step(w, dw, state[index], learning_rate, MOMENTUM)
        else:
            m, v = state[index]
            w, m, v = textbook.adam_step(w, dw, m, v, t, learning_rate)
            state[index] = (m, v)
        updated.append(w)
    return updated


def initial_state(optimizer: str, parameters):
    if optimizer == "adam":
        return [(np.zeros_like(p), np.zeros_like(p)) for p in parameters]
    return [np.zeros_like(p) for p in parameters]


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_training_code_equals_the_textbook_code(activation, optimizer):
    """Nine mini-batches over three epochs of a cosine schedule, in float64: at every step the fast
    back-propagation (core/learning/network.py) gives the textbook's gradients, and the fast optimiser
    (core/learning/optimizers.py, with weight decay) moves every weight and bias as the textbook's step does."""
    network = float64_network(activation)
    settings = dataclasses.replace(TrainingSettings(), optimizer=optimizer, learning_rate=LEARNING_RATES[optimizer],
                                   schedule="cosine", epochs=EPOCHS)
    fast = make_optimizer(optimizer, network.parameters, settings.learning_rate, MOMENTUM, WEIGHT_DECAY)
    parameters = [np.array(p) for p in network.parameters]         # the textbook's own copies
    state = initial_state(optimizer, parameters)
    data = iter(batches())
    t = 0
    for epoch in range(EPOCHS):
        fast.learning_rate = learning_rate_at(settings, epoch)
        learning_rate = textbook.cosine_learning_rate(settings.learning_rate, epoch, EPOCHS)
        for _ in range(BATCHES):
            x, labels = next(data)
            t += 1
            cost, fast_gradients = network.gradients(x, labels)
            gradients = textbook.gradients(parameters[0::2], parameters[1::2], activation, x, labels)
            assert_equal_arrays(fast_gradients, gradients, f"step {t}, gradient")
            _a, z = textbook.forward(parameters[0::2], parameters[1::2], activation, x)
            assert cost == pytest.approx(textbook.cross_entropy(z, labels), rel=MOST_RELATIVE_ERROR)
            fast.update(network.parameters, fast_gradients)
            parameters = textbook_update(optimizer, parameters, gradients, state, t, learning_rate)
            assert_equal_arrays(network.parameters, parameters, f"step {t}, parameter")
    moved = relative_error(network.parameters.flat, float64_network(activation).parameters.flat)
    assert moved > 1e-4, "the steps moved the weights far beyond the tolerance"


def numerical_derivative(cost, array: np.ndarray, index: tuple, step: float = 1e-6) -> float:
    original = array[index]
    array[index] = original + step
    plus = cost()
    array[index] = original - step
    minus = cost()
    array[index] = original
    return (plus - minus) / (2 * step)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("hidden", [(7,), (6, 5)], ids=["depth1", "depth2"])
def test_textbook_gradients_match_finite_differences(activation, hidden):
    """Every entry of every weight and bias array, against central differences of the textbook cost."""
    rng = np.random.default_rng(1)
    network = Network.create([12, *hidden, 10], activation, "xavier", seed=2, dtype=np.float64)
    weights = [np.array(w) for w in network.weights]
    biases = [rng.normal(0, 0.1, b.shape) for b in network.biases]
    x, labels = rng.random((8, 12)), rng.integers(0, 10, 8)

    def cost() -> float:
        return textbook.cross_entropy(textbook.forward(weights, biases, activation, x)[1], labels)

    gradients = textbook.gradients(weights, biases, activation, x, labels)
    arrays = [array for pair in zip(weights, biases) for array in pair]
    for number, (array, gradient) in enumerate(zip(arrays, gradients)):
        assert gradient.shape == array.shape
        numeric = np.array([numerical_derivative(cost, array, index) for index in np.ndindex(array.shape)])
        error = relative_error(gradient.ravel(), numeric)
        assert error < 1e-7, f"array {number}: relative error {error:.1e}"


def test_textbook_functions_change_none_of_their_arguments():
    network = float64_network("sigmoid")
    weights, biases = list(network.weights), list(network.biases)
    before = [array.copy() for array in weights + biases]
    x, labels = batches()[0]
    x_before = x.copy()
    gradients = textbook.gradients(weights, biases, "sigmoid", x, labels)
    kept = [array.copy() for array in gradients]
    w, dw = weights[0], gradients[0]
    textbook.with_weight_decay(w, dw, WEIGHT_DECAY)
    textbook.gradient_descent_step(w, dw, 0.1)
    velocity, m, v = np.ones_like(w), np.ones_like(w), np.ones_like(w)
    textbook.momentum_step(w, dw, velocity, 0.1, MOMENTUM)
    textbook.adam_step(w, dw, m, v, 1, 0.1)
    for array, copy in zip(weights + biases + [x] + gradients, before + [x_before] + kept):
        np.testing.assert_array_equal(array, copy)
    assert (velocity == 1).all() and (m == 1).all() and (v == 1).all()


def test_every_activation_the_app_offers_has_textbook_functions_and_an_unknown_one_is_refused():
    assert set(textbook.ACTIVATION_FUNCTIONS) == set(ACTIVATIONS)
    z = np.array([[-2.0, 0.0, 3.0]])
    g, g_prime = textbook.activation_functions("sigmoid")
    np.testing.assert_allclose(g(z), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(g_prime(g(z)), np.exp(-z) / (1 + np.exp(-z))**2)
    with pytest.raises(SettingsError, match="Activation 'swish': expected one of relu, sigmoid, tanh"):
        textbook.activation_functions("swish")


def test_training_takes_its_cost_from_the_one_cost_function(monkeypatch):
    """Back-propagation does not write the cross-entropy a second time: its cost is the textbook's function's."""
    calls = []

    def spy(logits, labels):
        calls.append(logits.copy())
        return 1234.5

    monkeypatch.setattr(network_module, "cross_entropy", spy)
    network = float64_network("relu")
    x, labels = batches()[0]
    cost, _gradients = network.gradients(x, labels)
    assert cost == 1234.5 and len(calls) == 1
    np.testing.assert_array_equal(calls[0], network.forward(x)[-1])


def test_softmax_and_cost_are_stable_for_huge_logits():
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]])
    probabilities = textbook.softmax(logits)
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert probabilities[0, 0] == pytest.approx(1.0)
    assert np.isfinite(textbook.log_softmax(logits)).all()
    assert textbook.cross_entropy(logits, np.array([0, 1])) == pytest.approx(np.log(3) / 2)
    assert textbook.cross_entropy(logits, np.array([1, 1])) == pytest.approx((2000 + np.log(3)) / 2)


def test_cost_is_the_mean_negative_log_probability_of_the_true_class():
    logits = np.log(np.array([[0.7, 0.2, 0.1], [0.25, 0.5, 0.25]]))
    assert textbook.cross_entropy(logits, np.array([0, 2])) == pytest.approx(-(np.log(0.7) + np.log(0.25)) / 2)


def test_cosine_schedule_starts_at_the_rate_and_falls_to_half_at_mid_run():
    assert textbook.cosine_learning_rate(0.2, 0, 10) == 0.2
    assert textbook.cosine_learning_rate(0.2, 5, 10) == pytest.approx(0.1)
    assert textbook.cosine_learning_rate(0.2, 10, 10) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_test_command_reads_as_the_textbook_routine(activation, dataset):
    """The report names this test: `main.py test` (core/learning/evaluation.py on the fast network) predicts the digit
    the textbook's `predict` does for every sample, so its rate is `recognition_rate`'s."""
    from core.learning.evaluation import evaluate

    network = float64_network(activation)
    rng = np.random.default_rng(5)
    x, labels = rng.random((200, LAYER_SIZES[0])), rng.integers(0, 10, 200)
    evaluation = evaluate(network, x, labels)
    predicted = textbook.predict(network.weights, network.biases, activation, x)
    np.testing.assert_array_equal(evaluation.predictions, predicted)
    assert evaluation.rate == textbook.recognition_rate(network.weights, network.biases, activation, x, labels)
    assert 0 < evaluation.rate < 0.5, "a random network reads some digits right and most wrong"


def test_textbook_routine_gives_the_shipped_models_rate(dataset):
    from core.learning.evaluation import evaluate
    from core.learning.model_io import load_model
    from tests.core.samples import MODEL_FILE

    network = load_model(MODEL_FILE).network
    x, labels = dataset.rows((900, 1000))
    rate = textbook.recognition_rate(network.weights, network.biases, network.activation, x, labels)
    assert rate == evaluate(network, x, labels).rate
    assert rate > 0.9
