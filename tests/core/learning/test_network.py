import numpy as np
import pytest

from core.base.errors import SettingsError
from core.learning.network import ACTIVATIONS, Network
from core.learning.textbook import softmax


def numerical_gradient(network, x, labels, array, index, step=1e-6):
    original = array[index]
    array[index] = original + step
    plus = network.cost(x, labels)
    array[index] = original - step
    minus = network.cost(x, labels)
    array[index] = original
    return (plus - minus) / (2 * step)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("hidden", [(7,), (6, 5)], ids=["depth1", "depth2"])
def test_gradients_match_finite_differences(activation, hidden):
    rng = np.random.default_rng(1)
    network = Network.create([12, *hidden, 10], activation, "xavier", seed=2, dtype=np.float64)
    for b in network.biases:
        b[:] = rng.normal(0, 0.1, b.shape)   # non-zero biases so their gradients are exercised
    x = rng.random((8, 12))
    labels = rng.integers(0, 10, 8)
    _, gradients = network.gradients(x, labels)
    for name, array, gradient in zip(["w", "b"] * len(network.weights), network.parameters, gradients, strict=True):
        assert gradient.shape == array.shape
        for index in np.ndindex(array.shape):
            numeric = numerical_gradient(network, x, labels, array, index)
            analytic = gradient[index]
            error = abs(numeric - analytic) / max(abs(numeric) + abs(analytic), 1e-7)
            assert error < 1e-4, f"{name}{index}: analytic {analytic} vs numeric {numeric}"


def test_gradient_of_relu_layer_matches_on_a_real_size_network():
    """Spot checks on the assignment's shape, 784-200-10, in float64."""
    rng = np.random.default_rng(3)
    network = Network.create([784, 200, 10], "relu", "he", seed=4, dtype=np.float64)
    x, labels = rng.random((5, 784)), rng.integers(0, 10, 5)
    _, gradients = network.gradients(x, labels)
    for layer_array, gradient in zip(network.parameters, gradients, strict=True):
        for _ in range(5):
            index = tuple(rng.integers(0, n) for n in layer_array.shape)
            numeric = numerical_gradient(network, x, labels, layer_array, index)
            assert gradient[index] == pytest.approx(numeric, rel=1e-4, abs=1e-9)


def test_same_seed_gives_identical_weights():
    first = Network.create([784, 200, 10], seed=7)
    second = Network.create([784, 200, 10], seed=7)
    other = Network.create([784, 200, 10], seed=8)
    for a, b in zip(first.parameters, second.parameters, strict=True):
        assert a.tobytes() == b.tobytes()
    assert first.weights[0].tobytes() != other.weights[0].tobytes()


def test_weights_and_their_gradients_share_a_column_major_layout():
    """x @ w.T and w -= dw then run on contiguous memory; shapes stay (outputs, inputs)."""
    network = Network.create([784, 32, 10], seed=0)
    rng = np.random.default_rng(0)
    x, labels = rng.random((16, 784), dtype=np.float32), rng.integers(0, 10, 16)
    _, gradients = network.gradients(x, labels)
    for w, dw in zip(network.weights, gradients[::2], strict=True):
        assert w.flags.f_contiguous and w.T.flags.c_contiguous and dw.flags.f_contiguous
    assert all(w.flags.f_contiguous for w in network.copy().weights)
    row_major = Network([np.ascontiguousarray(w) for w in network.weights], network.biases)
    assert all(w.flags.f_contiguous for w in row_major.weights)
    np.testing.assert_array_equal(row_major.forward(x)[-1], network.forward(x)[-1])


def test_parameters_and_gradients_are_packed_into_one_buffer_each():
    """An optimiser can then update all of them with one call per operation."""
    weights = [np.ones((5, 4), dtype=np.float32), np.ones((3, 5), dtype=np.float32)]
    biases = [np.zeros(5, dtype=np.float32), np.zeros(3, dtype=np.float32)]
    network = Network(weights, biases)
    parameters = network.parameters
    assert parameters.flat.size == 5 * 4 + 5 + 3 * 5 + 3
    assert all(np.shares_memory(array, parameters.flat) for array in parameters)
    assert not np.shares_memory(network.weights[0], weights[0]), "the network keeps copies"
    network.weights[1][0, 0] = 7
    assert parameters.flat[5 * 4 + 5] == 7, "w2 follows w1 and b1, column-major"
    _, gradients = network.gradients(np.ones((2, 4), dtype=np.float32), np.array([0, 1]))
    assert gradients.layout == parameters.layout and gradients.flat.size == parameters.flat.size
    copy = network.copy()
    assert not np.shares_memory(copy.parameters.flat, parameters.flat)
    np.testing.assert_array_equal(copy.parameters.flat, parameters.flat)


def test_gradients_written_in_place_are_the_bits_of_fresh_products():
    """dW and db go into the network's gradient buffer with the same rounding as x.T @ dz and a sum."""
    network = Network.create([784, 64, 10], seed=0)
    rng = np.random.default_rng(1)
    x, labels = rng.random((32, 784), dtype=np.float32), rng.integers(0, 10, 32)
    _, gradients = network.gradients(x, labels)
    outputs = network.forward(x)
    dz = softmax(outputs[-1])
    dz[np.arange(32), labels] -= 1
    dz /= 32
    np.testing.assert_array_equal(gradients[2], (outputs[1].T @ dz).T)
    np.testing.assert_array_equal(gradients[3], dz.sum(axis=0))


def test_float32_by_default_and_layer_sizes():
    network = Network.create([784, 64, 32, 10])
    assert network.layer_sizes == [784, 64, 32, 10]
    assert all(p.dtype == np.float32 for p in network.parameters)
    assert network.weights[1].shape == (32, 64), "weights are (outputs, inputs) as in the formulas"


@pytest.mark.parametrize("initialisation, expected_std", [("he", np.sqrt(2 / 784)), ("xavier", np.sqrt(2 / 984))])
def test_initialisation_scale(initialisation, expected_std):
    network = Network.create([784, 200, 10], initialisation=initialisation, seed=0)
    assert network.weights[0].std() == pytest.approx(expected_std, rel=0.02)
    assert not network.biases[0].any()


def test_predictions_are_probabilities():
    network = Network.create([784, 20, 10], seed=0)
    x = np.random.default_rng(0).random((4, 784), dtype=np.float32)
    probabilities = network.probabilities(x)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(network.predict(x), probabilities.argmax(axis=1))


def test_unknown_activation_is_refused():
    with pytest.raises(SettingsError, match="Activation 'swish': expected one of relu, sigmoid, tanh"):
        Network.create([4, 3, 10], activation="swish")
