"""The convolutional layers: the textbook's (core/learning/convolution_textbook.py) right by finite differences, and the
fast ones training runs (core/learning/convolution.py) equal to them within 1e-10 in float64."""

import numpy as np
import pytest

from core.learning import convolution as fast
from core.learning import convolution_textbook as textbook

MOST_RELATIVE_ERROR = 1e-10
# (samples, channels, height, width, filters, filter size): odd and even sizes, one channel and several
CASES = [(2, 1, 7, 7, 3, 3), (3, 2, 6, 5, 4, 3), (2, 3, 8, 9, 2, 5), (2, 4, 5, 6, 3, 2), (1, 2, 4, 4, 5, 1),
         (2, 5, 5, 5, 3, 4)]
IDS = ["m{}c{}_{}x{}_k{}f{}".format(*case) for case in CASES]


def relative_error(fast_array: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm(fast_array - reference) / np.linalg.norm(reference))


def convolution_case(case, seed=0):
    m, channels, height, width, filters, f = case
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((m, channels, height, width))
    w = rng.standard_normal((filters, channels, f, f))
    b = rng.standard_normal(filters)
    return a, w, b, rng


def assert_close(fast_array, reference, what):
    assert fast_array.shape == reference.shape, f"{what}: shape {fast_array.shape} against {reference.shape}"
    error = relative_error(fast_array, reference)
    assert error <= MOST_RELATIVE_ERROR, f"{what}: relative error {error:.1e}"


@pytest.mark.parametrize("padding", textbook.PADDINGS)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fast_convolution_equals_the_textbook(case, padding):
    a, w, b, rng = convolution_case(case)
    z = textbook.convolution_forward(a, w, b, padding)
    fast_z, columns = fast.convolution_forward(a, w, b, padding)
    assert_close(fast_z, z, "z")
    dz = rng.standard_normal(z.shape)
    da, dw, db = textbook.convolution_backward(a, w, dz, padding)
    fast_da, fast_dw, fast_db = fast.convolution_backward(columns, a.shape, w, dz, padding)
    assert_close(fast_da, da, "dJ/da")
    assert_close(fast_dw, dw, "dJ/dW")
    assert_close(fast_db, db, "dJ/db")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_same_padding_keeps_the_size_and_valid_shrinks_it_by_the_filter_less_one(case):
    a, w, b, _rng = convolution_case(case)
    m, _channels, height, width, filters, f = case
    assert textbook.convolution_forward(a, w, b, "same").shape == (m, filters, height, width)
    assert textbook.convolution_forward(a, w, b, "valid").shape == (m, filters, height - f + 1, width - f + 1)


def test_the_convolution_is_the_sum_over_the_filter_written_out():
    """One output entry by the formula z[k, i, j] = sum_c sum_u sum_v W[k, c, u, v] a[c, i+u, j+v] + b[k]."""
    a, w, b, _rng = convolution_case((2, 3, 6, 7, 4, 3))
    z = textbook.convolution_forward(a, w, b, "valid")
    n, k, i, j = 1, 2, 3, 1
    expected = b[k] + sum(w[k, c, u, v] * a[n, c, i + u, j + v] for c in range(3) for u in range(3) for v in range(3))
    assert z[n, k, i, j] == pytest.approx(expected, rel=1e-12)
    # 'same' pads one zero on each side for a 3x3 filter: its z[i, j] is valid's z[i - 1, j - 1]
    same = textbook.convolution_forward(a, w, b, "same")
    np.testing.assert_allclose(same[:, :, 1:-1, 1:-1], z, rtol=1e-12)


def test_even_filters_pad_the_extra_row_and_column_below_and_right():
    assert textbook.padding_widths(4, "same") == (1, 2)
    assert textbook.padding_widths(5, "same") == (2, 2)
    assert textbook.padding_widths(5, "valid") == (0, 0)


def numerical_gradient(function, array: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """dJ/darray of a scalar function by central differences, every entry."""
    gradient = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        original = array[index]
        array[index] = original + step
        plus = function()
        array[index] = original - step
        minus = function()
        array[index] = original
        gradient[index] = (plus - minus) / (2 * step)
    return gradient


def check_relative_error(analytic, numeric) -> float:
    return float(np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric)))


@pytest.mark.parametrize("module", [textbook, fast], ids=["textbook", "fast"])
@pytest.mark.parametrize("padding", textbook.PADDINGS)
@pytest.mark.parametrize("case", CASES[:4], ids=IDS[:4])
def test_convolution_gradients_match_finite_differences(case, padding, module):
    """J = sum(R * z) for a random R, so dJ/dz = R; every entry of dJ/da, dJ/dW and dJ/db against differences."""
    a, w, b, rng = convolution_case(case, seed=3)
    r = rng.standard_normal(textbook.convolution_forward(a, w, b, padding).shape)

    def forward():
        result = module.convolution_forward(a, w, b, padding)
        return result[0] if isinstance(result, tuple) else result

    def cost():
        return float(np.sum(r * forward()))

    if module is textbook:
        da, dw, db = textbook.convolution_backward(a, w, r, padding)
    else:
        da, dw, db = fast.convolution_backward(fast.convolution_forward(a, w, b, padding)[1], a.shape, w, r, padding)
    for name, analytic, array in (("a", da, a), ("W", dw, w), ("b", db, b)):
        error = check_relative_error(analytic, numerical_gradient(cost, array))
        assert error < 1e-6, f"dJ/d{name}: relative error {error:.1e}"


def test_a_sign_flipped_in_the_convolution_back_propagation_reads_about_one():
    """The check itself can fail: dJ/da with its sign flipped is 'wrong' by a relative error of 1."""
    a, w, b, rng = convolution_case(CASES[1], seed=3)
    r = rng.standard_normal(textbook.convolution_forward(a, w, b, "same").shape)
    da, _dw, _db = textbook.convolution_backward(a, w, r, "same")
    numeric = numerical_gradient(lambda: float(np.sum(r * textbook.convolution_forward(a, w, b, "same"))), a)
    assert check_relative_error(-da, numeric) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("shape", [(2, 3, 6, 6), (2, 2, 7, 5), (1, 4, 9, 8)])
@pytest.mark.parametrize("size", [2, 3])
def test_fast_max_pooling_equals_the_textbook(shape, size):
    rng = np.random.default_rng(4)
    a = rng.standard_normal(shape)
    p = textbook.max_pool_forward(a, size)
    assert p.shape == shape[:2] + (shape[2] // size, shape[3] // size)
    fast_p = fast.max_pool_forward(a, size)
    np.testing.assert_array_equal(fast_p, p)
    dp = rng.standard_normal(p.shape)
    np.testing.assert_array_equal(fast.max_pool_backward(a, fast_p, dp, size), textbook.max_pool_backward(a, dp, size))


@pytest.mark.parametrize("module", [textbook, fast], ids=["textbook", "fast"])
def test_max_pooling_gradients_match_finite_differences(module):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((2, 3, 5, 6))      # distinct values: no ties, so J is differentiable
    r = rng.standard_normal((2, 3, 2, 3))

    def cost():
        return float(np.sum(r * module.max_pool_forward(a)))

    if module is textbook:
        da = textbook.max_pool_backward(a, r)
    else:
        da = fast.max_pool_backward(a, fast.max_pool_forward(a), r)
    error = check_relative_error(da, numerical_gradient(cost, a))
    assert error < 1e-6, f"relative error {error:.1e}"
    assert (da[:, :, 4, :] == 0).all(), "the odd last row is in no window and gets no gradient"


@pytest.mark.parametrize("module", [textbook, fast], ids=["textbook", "fast"])
def test_pooling_sends_each_gradient_to_the_winner_and_on_a_tie_to_the_first_in_reading_order(module):
    a = np.array([[[[1.0, 5.0, 2.0, 2.0],
                    [3.0, 4.0, 2.0, 2.0],
                    [0.0, 0.0, 7.0, 1.0],
                    [0.0, 0.0, 1.0, 7.0]]]])
    dp = np.array([[[[10.0, 20.0], [30.0, 40.0]]]])
    p = module.max_pool_forward(a)
    np.testing.assert_array_equal(p, [[[[5.0, 2.0], [0.0, 7.0]]]])
    da = textbook.max_pool_backward(a, dp) if module is textbook else fast.max_pool_backward(a, p, dp)
    np.testing.assert_array_equal(da, [[[[0.0, 10.0, 20.0, 0.0],
                                         [0.0, 0.0, 0.0, 0.0],
                                         [30.0, 0.0, 40.0, 0.0],
                                         [0.0, 0.0, 0.0, 0.0]]]])


def test_flatten_lists_the_maps_one_after_another_each_row_by_row_and_unflatten_undoes_it():
    a = np.arange(2 * 3 * 2 * 2, dtype=float).reshape(2, 3, 2, 2)
    x = textbook.flatten(a)
    assert x.shape == (2, 12)
    np.testing.assert_array_equal(x[1, :4], a[1, 0].ravel())           # channel 0, row by row
    np.testing.assert_array_equal(x[1, 4:8], a[1, 1].ravel())
    np.testing.assert_array_equal(textbook.unflatten(x, (3, 2, 2)), a)


def test_the_textbook_functions_change_none_of_their_arguments():
    a, w, b, rng = convolution_case(CASES[2])
    dz = rng.standard_normal(textbook.convolution_forward(a, w, b, "same").shape)
    kept = [array.copy() for array in (a, w, b, dz)]
    textbook.convolution_backward(a, w, dz, "same")
    textbook.max_pool_backward(a, textbook.max_pool_forward(a))
    for array, copy in zip((a, w, b, dz), kept):
        np.testing.assert_array_equal(array, copy)


def test_a_workspace_gives_the_same_numbers_and_reuses_its_arrays():
    a, w, b, rng = convolution_case(CASES[2])
    workspace = fast.Workspace()
    z, columns = fast.convolution_forward(a, w, b, "same", workspace)
    again, columns_again = fast.convolution_forward(a * 2, w, b, "same", workspace)
    assert columns_again is columns
    np.testing.assert_allclose(again - b[:, None, None], 2 * (z - b[:, None, None]), rtol=1e-12)
    dz = rng.standard_normal(z.shape)
    da, dw, db = fast.convolution_backward(columns, a.shape, w, dz, "same", workspace=workspace)
    reference = textbook.convolution_backward(a * 2, w, dz, "same")
    for fast_array, textbook_array in zip((da, dw, db), reference):
        assert_close(fast_array, textbook_array, "gradient")
