import numpy as np

from core.learning.packed import Packed, buffers, pack, same_layout


def arrays():
    rng = np.random.default_rng(0)
    return [np.asfortranarray(rng.random((4, 3), dtype=np.float32)), rng.random(4, dtype=np.float32),
            rng.random((2, 4), dtype=np.float32)]


def test_pack_copies_values_shapes_and_memory_orders_into_consecutive_pieces():
    originals = arrays()
    packed = pack(originals)
    assert isinstance(packed, Packed) and packed.flat.shape == (12 + 4 + 8,)
    for original, piece in zip(originals, packed, strict=True):
        np.testing.assert_array_equal(piece, original)
        assert piece.flags.f_contiguous == original.flags.f_contiguous
        assert piece.flags.c_contiguous == original.flags.c_contiguous
        assert np.shares_memory(piece, packed.flat) and not np.shares_memory(piece, original)
    np.testing.assert_array_equal(packed.flat[:12], originals[0].ravel(order="F"))
    np.testing.assert_array_equal(packed.flat[12:16], originals[1])


def test_zeros_packed_alike_line_up_with_the_values():
    values = pack(arrays())
    zeros = pack(values, copy=False)
    assert not zeros.flat.any() and same_layout(values, zeros)
    zeros.flat[...] = values.flat
    for a, b in zip(values, zeros, strict=True):
        np.testing.assert_array_equal(a, b)


def test_layouts_differ_with_order_shape_or_packing():
    values = arrays()
    assert not same_layout(pack(values), pack([np.ascontiguousarray(a) for a in values]))
    assert not same_layout(pack(values), pack(values[:2]))
    assert not same_layout(pack(values), values), "a plain list is not packed"


def test_buffers_are_the_flat_buffer_or_the_arrays():
    values = arrays()
    assert buffers(values)[1] is values[1] and len(buffers(values)) == 3
    packed = pack(values)
    assert len(buffers(packed)) == 1 and buffers(packed)[0] is packed.flat
