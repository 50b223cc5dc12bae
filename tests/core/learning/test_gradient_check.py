"""The gradient check: back-propagation against central finite differences, and a wrong one caught."""

import numpy as np
import pytest

from core.base.i18n import translator
from core.learning.gradient_check import (
    ENTRIES,
    check_batch,
    check_gradients,
    check_model,
    check_summary,
    check_table,
    relative_error,
    sampled_entries,
)
from core.learning.model import model_from_training
from core.learning.model_io import load_model
from core.learning.network import ACTIVATIONS, Network
from core.learning.settings import RECIPES, TrainingSettings
from core.learning.training import train
from tests.core.samples import MODEL_FILE


class SignFlipped(Network):
    """A test double: back-propagation with the sign of one gradient array flipped."""

    flipped = 2     # W2

    def gradients(self, x, labels):
        cost, gradients = super().gradients(x, labels)
        gradients[self.flipped] = -gradients[self.flipped]
        return cost, gradients


class DerivativeForgotten(Network):
    """A test double: the hidden layers' error passed back without g'(z) (a classic slip)."""

    def gradients(self, x, labels):
        outputs = self.forward(x)
        m = len(labels)
        dz = np.exp(outputs[-1] - outputs[-1].max(axis=1, keepdims=True))
        dz /= dz.sum(axis=1, keepdims=True)
        dz[np.arange(m), labels] -= 1
        dz /= m
        gradients = []
        for layer in reversed(range(len(self.weights))):
            gradients[:0] = [dz.T @ outputs[layer], dz.sum(axis=0)]
            dz = dz @ self.weights[layer]
        return 0.0, gradients


def small_network(kind=Network, activation="relu"):
    network = Network.create([30, 8, 6, 10], activation, "xavier", seed=2)
    rng = np.random.default_rng(1)
    for b in network.biases:
        b[:] = rng.normal(0, 0.1, b.shape)
    return kind(network.weights, network.biases, activation)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_right_back_propagation_agrees_for_every_array(activation):
    rng = np.random.default_rng(0)
    x, labels = rng.random((12, 30)), rng.integers(0, 10, 12)
    check = check_gradients(small_network(activation=activation), x, labels)
    assert [array.name for array in check.arrays] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert check.max_relative_error < 1e-7 and check.verdict == "agrees"
    assert [array.checked for array in check.arrays] == [ENTRIES, 8, ENTRIES, 6, ENTRIES, 10]


def test_a_flipped_sign_is_caught_in_the_array_it_is_in():
    rng = np.random.default_rng(0)
    x, labels = rng.random((12, 30)), rng.integers(0, 10, 12)
    check = check_gradients(small_network(SignFlipped), x, labels)
    errors = {array.name: array.relative_error for array in check.arrays}
    assert errors["W2"] == pytest.approx(1.0), "-a against a: |2a| / |2a|"
    assert max(error for name, error in errors.items() if name != "W2") < 1e-7
    assert check.verdict == "wrong" and check.max_relative_error > 0.5
    assert "Back-propagation is wrong for W2" in check_summary(check)


def test_a_forgotten_activation_derivative_is_caught():
    rng = np.random.default_rng(0)
    x, labels = rng.random((12, 30)), rng.integers(0, 10, 12)
    check = check_gradients(small_network(DerivativeForgotten, "sigmoid"), x, labels)
    verdicts = {array.name: array.verdict for array in check.arrays}
    assert verdicts["W3"] == verdicts["b3"] == "agrees", "the output layer needs no derivative"
    assert verdicts["W1"] == verdicts["W2"] == "wrong"


def test_the_check_leaves_the_network_as_it_was():
    network = small_network()
    before = [p.copy() for p in network.parameters]
    rng = np.random.default_rng(0)
    check_gradients(network, rng.random((4, 30)), rng.integers(0, 10, 4))
    for after, original in zip(network.parameters, before, strict=True):
        assert after.dtype == np.float32
        np.testing.assert_array_equal(after, original)


def test_relative_error_and_sampling():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == 1.0
    rng = np.random.default_rng(0)
    assert len(sampled_entries((3, 4), 100, rng)) == 12
    chosen = sampled_entries((256, 784), 25, rng)
    assert len(set(chosen)) == 25 and all(0 <= i < 256 and 0 <= j < 784 for i, j in chosen)


def test_the_shipped_model_agrees_in_float64(dataset):
    model = load_model(MODEL_FILE)
    check = check_model(model, dataset)
    assert check.max_relative_error < 1e-6, check_table(check)
    x, labels = check_batch(dataset, model.settings)
    np.testing.assert_array_equal(labels, dataset.labels[:check.digits])
    table = check_table(check)
    assert table[0] == ["Parameters", "Shape", "Checked", "Relative error", "Verdict"]
    assert table[1][:3] == ["W1", "256 × 784", "25 of 200704"] and table[-1][:3] == ["b3", "10", "10 of 10"]
    assert "agrees with the finite differences" in check_summary(check)
    spanish = check_table(check, translator("es"))
    assert spanish[0][3] == "Error relativo" and spanish[1][4] == "coincide"


def test_an_assignment_recipe_model_agrees_in_float64(dataset):
    settings = RECIPES["assignment"].with_changes(epochs=3)
    result = train(dataset, settings)
    check = check_model(model_from_training(result, 0.0), dataset)
    assert check.max_relative_error < 1e-6, check_table(check)


def test_a_layered_models_check_covers_every_convolution_and_dense_layer(dataset):
    from core.learning.layer_spec import parse_layers

    settings = TrainingSettings(layers=parse_layers("conv:3:3:same,pool:2,conv:4:3,pool:2,dense:8"), epochs=1,
                                train_rows=(0, 100))
    model = model_from_training(train(dataset, settings), test_accuracy=0.5)
    check = check_model(model, dataset, digits=4)
    assert [array.name for array in check.arrays] == ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]
    assert check.arrays[2].shape == (4, 3, 3, 3)
    assert check.max_relative_error < 1e-6 and check.verdict == "agrees"
