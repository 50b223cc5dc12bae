"""A network as a list of layers (core/learning/layered.py): its back-propagation equal to the textbook formulas put
together and right by finite differences, its optimiser steps equal to the textbook's, and it learns."""

import pickle

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from core.learning import convolution_textbook as conv_textbook
from core.learning import layered as layered_module
from core.learning import textbook
from core.learning.data import column_major_to_image
from core.base.errors import ModelError
from core.learning.layer_spec import Convolution, Dense, Pool, parse_layers
from core.learning.layered import LayeredNetwork, LayeredOptimizer, as_images
from core.learning.layered_check import check_layered_gradients, parameter_names, smooth_difference
from core.learning.network import Network
from core.learning.training import train_epoch

SPECS = ["conv:3:3:same,pool:2,conv:4:3,pool:2,dense:12",
         "conv:2:5,pool:3,dense:8,dense:7",
         "pool:2,conv:3:4:same,dense:9",
         "conv:2:3,conv:3:2:same,pool:2"]
MOST_RELATIVE_ERROR = 1e-10


def relative_error(fast: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm(fast - reference) / np.linalg.norm(reference))


def float64_network(spec: str, seed: int = 1) -> LayeredNetwork:
    network = LayeredNetwork.create(parse_layers(spec), seed=seed, dtype=np.float64)
    rng = np.random.default_rng(seed)
    for b in network.parameters[1::2]:
        b[:] = rng.normal(0, 0.1, b.shape)      # non-zero biases, so that their gradients are exercised
    return network


def batch(rows: int = 5, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.random((rows, 784)), rng.integers(0, 10, rows)


def textbook_gradients(network: LayeredNetwork, x: np.ndarray, labels: np.ndarray) -> list[np.ndarray]:
    """The network's gradients by core/learning/convolution_textbook.py and core/learning/textbook.py's formulas, put together
    here layer by layer: forward, then back-propagation."""
    arrays = iter(network.parameters)
    a = column_major_to_image(x)[:, None] if network.images else x
    steps = []                                          # (kind, what its back-propagation needs)
    for layer in network.spec:
        if isinstance(layer, Convolution):
            w, b = next(arrays), next(arrays)
            steps.append(("conv", (a, w, layer.padding)))
            a = textbook.relu(conv_textbook.convolution_forward(a, w, b, layer.padding))
            steps.append(("relu", a))
        elif isinstance(layer, Pool):
            steps.append(("pool", (a, layer.size)))
            a = conv_textbook.max_pool_forward(a, layer.size)
        else:
            if a.ndim > 2:
                steps.append(("flatten", a.shape[1:]))
                a = conv_textbook.flatten(a)
            w, b = next(arrays), next(arrays)
            steps.append(("dense", (a, w)))
            a = textbook.relu(a @ w.T + b)
            steps.append(("relu", a))
    if a.ndim > 2:
        steps.append(("flatten", a.shape[1:]))
        a = conv_textbook.flatten(a)
    w, b = next(arrays), next(arrays)
    steps.append(("dense", (a, w)))
    z = a @ w.T + b
    dz = (textbook.softmax(z) - np.eye(10)[labels]) / len(labels)      # dz = (y_hat - y) / m
    gradients = []
    for kind, saved in reversed(steps):
        if kind == "dense":
            a, w = saved
            gradients = [dz.T @ a, dz.sum(axis=0)] + gradients          # dW = dz a^T, db = sum(dz)
            dz = dz @ w
        elif kind == "relu":
            dz = dz * textbook.relu_derivative(saved)
        elif kind == "flatten":
            dz = conv_textbook.unflatten(dz, saved)
        elif kind == "pool":
            dz = conv_textbook.max_pool_backward(saved[0], dz, saved[1])
        else:
            dz, dw, db = conv_textbook.convolution_backward(saved[0], saved[1], dz, saved[2])
            gradients = [dw, db] + gradients
    return gradients


@pytest.mark.parametrize("spec", SPECS)
def test_the_network_back_propagates_as_the_textbook_formulas_put_together(spec):
    network = float64_network(spec)
    x, labels = batch()
    cost, gradients = network.gradients(x, labels)
    reference = textbook_gradients(network, x, labels)
    assert len(gradients) == len(reference) == len(network.parameters)
    for name, fast, expected in zip(parameter_names(network), gradients, reference):
        assert fast.shape == expected.shape
        error = relative_error(fast, expected)
        assert error <= MOST_RELATIVE_ERROR, f"{name}: relative error {error:.1e}"
    assert cost == pytest.approx(textbook.cross_entropy(network.logits(x), labels), rel=1e-12)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("biases", ["random", "zero"])
def test_the_gradient_check_agrees_on_every_layer(spec, biases, dataset):
    """On digits. An untrained network's biases are zero, which puts every blank window of a digit exactly on
    ReLU's kink (z = 0), and the pooling windows of blank maps are ties: the check steps to one side there."""
    network = float64_network(spec, seed=2)
    if biases == "zero":
        for b in network.parameters[1::2]:
            b[:] = 0
    x, labels = dataset.rows((0, 8))
    check = check_layered_gradients(network, x, labels)
    assert check.max_relative_error < 1e-6, [(array.name, array.relative_error) for array in check.arrays]
    assert [array.name for array in check.arrays] == parameter_names(network)


def test_at_a_kink_the_difference_is_taken_on_the_side_back_propagation_took():
    """J(θ) = relu(θ) + θ / 2 at θ = 0: back-propagation's derivative is 1/2 (relu'(0) = 0, off); the central
    difference would say 1; near the kink but not on it, the side of θ is the one measured."""
    theta = np.zeros(1)

    def evaluate():
        return float(max(theta[0], 0.0) + theta[0] / 2), bytes([int(theta[0] > 0)])

    assert smooth_difference(evaluate, theta, (0,), 1e-5) == pytest.approx(0.5, abs=1e-9)
    theta[0] = 3e-6                 # on, and the kink 3e-6 below: the side above is measured
    assert smooth_difference(evaluate, theta, (0,), 1e-5) == pytest.approx(1.5, abs=1e-9)
    assert theta[0] == 3e-6


@pytest.mark.parametrize("flipped", ["da", "dw"])
def test_a_sign_flipped_in_the_convolution_back_propagation_reads_about_one(flipped, dataset, monkeypatch):
    """The check finds a wrong back-propagation: a flipped dJ/da of the second convolution turns the first's
    gradients around; a flipped dJ/dW turns both convolutions' filter gradients around, and nothing else."""
    correct = layered_module.convolution_backward

    def flipping(*args, **kwargs):
        da, dw, db = correct(*args, **kwargs)
        if flipped == "dw":
            dw *= -1
            return da, dw, db
        return (None if da is None else -da), dw, db

    monkeypatch.setattr(layered_module, "convolution_backward", flipping)
    network = float64_network(SPECS[0], seed=2)
    check = check_layered_gradients(network, *dataset.rows((0, 8)))
    errors = {array.name: array.relative_error for array in check.arrays}
    wrong = {"da": {"W1", "b1"}, "dw": {"W1", "W2"}}[flipped]
    for name, error in errors.items():
        assert error == pytest.approx(1.0, abs=1e-6) if name in wrong else error < 1e-6, (name, error)
    assert check.verdict == "wrong"


def test_a_list_of_dense_layers_is_the_fully_connected_network():
    layered = float64_network("dense:12,dense:7")
    network = Network([np.array(w) for w in layered.parameters[0::2]], [np.array(b) for b in layered.parameters[1::2]])
    x, labels = batch(6)
    np.testing.assert_allclose(layered.logits(x), network.logits(x), rtol=1e-12)
    cost, gradients = layered.gradients(x, labels)
    expected_cost, expected = network.gradients(x, labels)
    assert cost == pytest.approx(expected_cost, rel=1e-12)
    for fast, reference in zip(gradients, expected):
        assert relative_error(fast, reference) < 1e-12


def test_rows_become_upright_images_by_the_data_files_one_function():
    rows = np.zeros((2, 784))
    rows[1, 27] = 1.0                 # column-major: the 28th value is column 0, row 27, the bottom left pixel
    images = as_images(rows)
    assert images.shape == (2, 1, 28, 28)
    assert images[1, 0, 27, 0] == 1.0 and images.sum() == 1.0
    x, _labels = batch(3)
    np.testing.assert_array_equal(as_images(x)[:, 0], column_major_to_image(x))


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_the_optimisers_move_every_array_as_the_textbook_steps(name):
    """Six steps with weight decay through LayeredOptimizer (the filter banks seen as matrices), against the
    textbook's steps on the arrays in their own shapes: the 4-D filters decay as weights, the biases do not."""
    network = float64_network(SPECS[0])
    rate, momentum, decay = {"sgd": 0.1, "momentum": 0.05, "adam": 0.01}[name], 0.9, 1e-2
    optimizer = LayeredOptimizer(name, network, rate, momentum, decay)
    parameters = [np.array(p) for p in network.parameters]
    state = [(np.zeros_like(p), np.zeros_like(p)) for p in parameters]
    for t in range(1, 7):
        _cost, gradients = network.gradients(*batch(seed=t))
        reference = [np.array(g) for g in gradients]
        optimizer.update(network.parameters, gradients)
        for index, (w, dw) in enumerate(zip(parameters, reference)):
            dw = textbook.with_weight_decay(w, dw, decay)
            if name == "sgd":
                parameters[index] = textbook.gradient_descent_step(w, dw, rate)
            elif name == "momentum":
                parameters[index], velocity = textbook.momentum_step(w, dw, state[index][0], rate, momentum)
                state[index] = (velocity, None)
            else:
                parameters[index], m, v = textbook.adam_step(w, dw, *state[index], t, rate)
                state[index] = (m, v)
        for fast, expected in zip(network.parameters, parameters):
            assert relative_error(fast, expected) <= MOST_RELATIVE_ERROR
    assert relative_error(network.parameters.flat, float64_network(SPECS[0]).parameters.flat) > 1e-3


def test_he_initialisation_and_zero_biases():
    network = LayeredNetwork.create(parse_layers("conv:64:5:same,pool:2,dense:300"), seed=3)
    filters, biases = network.parameters[0], network.parameters[1]
    assert filters.shape == (64, 1, 5, 5) and filters.dtype == np.float32
    assert np.var(filters) == pytest.approx(2 / 25, rel=0.15)
    assert np.var(network.parameters[2]) == pytest.approx(2 / (64 * 14 * 14), rel=0.05)
    assert not biases.any()
    again = LayeredNetwork.create(parse_layers("conv:64:5:same,pool:2,dense:300"), seed=3)
    np.testing.assert_array_equal(again.parameters.flat, network.parameters.flat)


def test_copies_pickles_and_chunks_give_the_same_numbers(monkeypatch):
    network = float64_network(SPECS[0])
    x, labels = batch(23)
    logits = network.logits(x)
    monkeypatch.setattr(layered_module, "CHUNK", 5)
    np.testing.assert_allclose(network.logits(x), logits, rtol=1e-12)  # other products: other roundings
    logits = network.logits(x)
    for other in (network.copy(), pickle.loads(pickle.dumps(network))):
        np.testing.assert_array_equal(other.logits(x), logits)
        other.parameters.flat[:] = 0
    np.testing.assert_array_equal(network.logits(x), logits)       # the copies have arrays of their own
    _cost, first = network.gradients(x[:7], labels[:7])
    first = [np.array(g) for g in first]
    network.gradients(x[7:], labels[7:])                            # the kept arrays are written over ...
    _cost, again = network.gradients(x[:7], labels[:7])
    for a, b in zip(again, first):                                  # ... and give the same numbers again
        np.testing.assert_array_equal(a, b)


def test_arrays_of_the_wrong_shapes_are_refused():
    network = LayeredNetwork.create(parse_layers("conv:4:3,dense:8"))
    arrays = list(network.parameters)
    arrays[0] = arrays[0][:3]
    with pytest.raises(ModelError, match=r"the weights and biases have the shapes \[\(3, 1, 3, 3\)"):
        LayeredNetwork(parse_layers("conv:4:3,dense:8"), arrays)


def test_a_small_convolutional_network_learns_digits(dataset):
    """Five epochs on rows 0-899 with the training loop's own epoch function, one BLAS thread as training
    has (two threads on small products are many times slower on a busy machine)."""
    network = LayeredNetwork.create(parse_layers("conv:8:5:same,pool:2,dense:32"), seed=0)
    optimizer = LayeredOptimizer("adam", network, 0.003)
    x, labels = dataset.rows((0, 900))
    rng = np.random.default_rng(0)
    with threadpool_limits(limits=1, user_api="blas"):
        for _epoch in range(5):
            order = rng.permutation(len(labels))
            assert train_epoch(network, optimizer, x[order], labels[order], 32) == "done"
    test_x, test_labels = dataset.rows((900, 1000))
    assert (network.predict(test_x) == test_labels).mean() >= 0.85
    assert Dense(32) in network.spec
