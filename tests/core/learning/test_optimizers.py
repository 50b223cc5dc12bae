import numpy as np
import pytest

from core.base.errors import SettingsError
from core.learning.network import Network
from core.learning.optimizers import FLUSH_EVERY, Adam, GradientDescent, make_optimizer
from core.learning.packed import pack, same_layout


def test_plain_gradient_descent_is_w_minus_alpha_gradient():
    w, b = np.array([[1.0, 2.0]]), np.array([0.5])
    dw, db = np.array([[0.1, -0.2]]), np.array([1.0])
    GradientDescent([w, b], learning_rate=0.5).update([w, b], [dw, db])
    np.testing.assert_allclose(w, [[0.95, 2.1]])
    np.testing.assert_allclose(b, [0.0])


@pytest.mark.parametrize("momentum, weight_decay", [(0.0, 0.0), (0.9, 0.0), (0.9, 1e-3)])
def test_in_place_update_gives_the_same_bits_as_the_textbook_formula(momentum, weight_decay):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((20, 30)).astype(np.float32)
    velocity, expected = np.zeros_like(w), w.copy()
    optimizer = GradientDescent([w], learning_rate=0.01, momentum=momentum, weight_decay=weight_decay)
    for _ in range(3):
        dw = rng.standard_normal(w.shape).astype(np.float32)
        velocity = momentum * velocity - 0.01 * (dw + weight_decay * expected)   # v = mu v - alpha dJ/dw
        expected = expected + velocity
        optimizer.update([w], [dw.copy()])
        np.testing.assert_array_equal(w, expected.astype(np.float32))


def test_momentum_accumulates_the_step():
    w = np.array([[0.0]])
    optimizer = GradientDescent([w], learning_rate=1.0, momentum=0.5)
    optimizer.update([w], [np.array([[1.0]])])
    optimizer.update([w], [np.array([[1.0]])])
    assert w[0, 0] == pytest.approx(-1.0 - 1.5)


def test_weight_decay_shrinks_weights_but_not_biases():
    w, b = np.array([[2.0]]), np.array([2.0])
    GradientDescent([w, b], learning_rate=0.1, weight_decay=0.5).update([w, b], [np.zeros((1, 1)), np.zeros(1)])
    assert w[0, 0] == pytest.approx(2.0 - 0.1 * 0.5 * 2.0)
    assert b[0] == 2.0


def test_adam_first_step_has_the_size_of_the_learning_rate():
    w = np.array([[1.0, 1.0]])
    Adam([w], learning_rate=0.01).update([w], [np.array([[3.0, -0.001]])])
    np.testing.assert_allclose(w, [[0.99, 1.01]], rtol=1e-5)


def test_adam_minimises_a_quadratic():
    w = np.array([[5.0, -3.0]])
    optimizer = Adam([w], learning_rate=0.1)
    for _ in range(500):
        optimizer.update([w], [2 * w])
    np.testing.assert_allclose(w, 0.0, atol=1e-2)


def test_unknown_optimizer():
    with pytest.raises(SettingsError, match="Optimiser 'rmsprop': expected one of sgd, momentum, adam"):
        make_optimizer("rmsprop", [], 0.1, 0.9, 0.0)


TINY = np.finfo(np.float32).tiny


def network_parameters(seed=0, packed=False):
    """A small network's [w1, b1, w2, b2]: its own packed buffer, or separate arrays."""
    parameters = Network.create([30, 20, 10], seed=seed).parameters
    return parameters if packed else [p.copy(order="K") for p in parameters]


def gradients_like(parameters, rng, scale=1e-3):
    """Random gradients in the parameters' memory order (so that packed, they are packed alike)."""
    gradients = [np.zeros_like(p) for p in parameters]
    for g in gradients:
        g[...] = rng.standard_normal(g.shape) * scale
    return gradients


def subnormal_entries(arrays) -> int:
    return sum(int(np.count_nonzero((np.abs(a) < TINY) & (a != 0))) for a in arrays)


@pytest.mark.parametrize("make", [
    lambda parameters: Adam(parameters, learning_rate=0.01),
    lambda parameters: GradientDescent(parameters, learning_rate=0.01, momentum=0.9),
    lambda parameters: GradientDescent(parameters, learning_rate=0.01, momentum=0.5),
], ids=["adam", "momentum 0.9", "momentum 0.5"])
@pytest.mark.parametrize("packed", [True, False], ids=["packed", "array by array"])
def test_no_state_entry_ever_becomes_subnormal_on_zero_gradients(make, packed):
    rng = np.random.default_rng(0)
    parameters = network_parameters(packed=packed)
    optimizer = make(parameters)
    for _ in range(20):
        optimizer.update(parameters, gradients_like(parameters, rng))
    for step in range(3000):    # 0.9**800 of 1e-3 is already below the smallest normal
        optimizer.update(parameters, [np.zeros_like(p) for p in parameters])
        assert subnormal_entries(optimizer.state) == 0, f"subnormal state after {step + 1} zero steps"
        assert subnormal_entries(parameters) == 0
    assert not any(np.any(m) for m in optimizer.state[:len(parameters)]), "the decayed state reached zero"


def textbook_adam(w, gradients, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Kingma and Ba's algorithm with the bias corrections in the step size, in float64."""
    w = w.astype(np.float64)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t, g in enumerate(gradients, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - learning_rate * np.sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(v) + epsilon)
    return w


@pytest.mark.parametrize("packed", [True, False], ids=["packed", "array by array"])
def test_adam_gives_the_numbers_of_the_textbook_formula(packed):
    rng = np.random.default_rng(1)
    parameters = network_parameters(packed=packed)
    start = [p.copy() for p in parameters]
    steps = [gradients_like(parameters, rng) for _ in range(50)]
    expected = [textbook_adam(w, [g[i].astype(np.float64) for g in steps], 0.01) for i, w in enumerate(start)]
    optimizer = Adam(parameters, learning_rate=0.01)
    for g in steps:
        optimizer.update(parameters, pack(g) if packed else [a.copy() for a in g])
    for got, want in zip(parameters, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("make", [
    lambda parameters: Adam(parameters, learning_rate=0.01, weight_decay=1e-3),
    lambda parameters: GradientDescent(parameters, learning_rate=0.01, momentum=0.9, weight_decay=1e-3),
    lambda parameters: GradientDescent(parameters, learning_rate=0.01),
], ids=["adam", "momentum", "sgd"])
def test_one_pass_over_packed_buffers_gives_the_bits_of_array_by_array_steps(make):
    rng = np.random.default_rng(2)
    packed, separate = network_parameters(packed=True), network_parameters(packed=False)
    together, apart = make(packed), make(separate)
    for _ in range(40):
        g = gradients_like(packed, rng)
        carried = together.means if isinstance(together, Adam) else together.velocities
        assert same_layout(packed, pack(g), carried), "the packed optimiser makes one pass over the buffers"
        together.update(packed, pack(g))
        apart.update(separate, [a.copy() for a in g])
    for a, b in zip(packed, separate, strict=True):
        np.testing.assert_array_equal(a, b)


def test_flushing_zeroes_only_what_would_turn_subnormal_and_leaves_the_weights_alone():
    w = np.ones((1, 4), dtype=np.float32)
    optimizer = Adam([w], learning_rate=0.01)
    optimizer.means[0][...] = [[1e-3, TINY * 100, TINY * 2, -TINY * 2]]
    optimizer.squares[0][...] = 1e-6
    optimizer.steps = FLUSH_EVERY - 1
    optimizer.update([w], [np.zeros((1, 4), dtype=np.float32)])
    m = optimizer.means[0][0]
    assert m[0] == np.float32(np.float32(1e-3) * np.float32(0.9)) and m[1] > 0, "normal entries are kept"
    assert m[2] == 0 and m[3] == 0, "0.9**16 would take these below the smallest normal before the next flush"
    assert w[0, 0] < 1 and (w[0, 1:] == 1).all(), "steps of 1e-36 do not move a weight of 1 either way"
