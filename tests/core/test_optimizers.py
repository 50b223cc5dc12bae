import numpy as np
import pytest

from core.errors import SettingsError
from core.optimizers import Adam, GradientDescent, make_optimizer


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
    with pytest.raises(SettingsError, match="optimizer 'rmsprop'"):
        make_optimizer("rmsprop", [], 0.1, 0.9, 0.0)
