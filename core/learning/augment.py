"""Random distortions of training digits, vectorised over the batch (no Python loop per image).

Each image gets a random affine map (shift, rotation, scale, slant), a smooth elastic displacement
and a thicker or thinner stroke, so the network learns what handwriting and mouse drawings vary in.
The per-pixel work is float32: it runs every epoch and costs about as much as the epoch's training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.learning.data import IMAGE_SIDE, column_major_to_image, image_to_column_major

CENTRE = (IMAGE_SIDE - 1) / 2
PADDED_SIDE = IMAGE_SIDE + 2


@dataclass(frozen=True)
class Augmentation:
    """How far each distortion may go."""

    max_shift: float = 2.5          # pixels
    max_rotation: float = 15.0      # degrees
    min_scale: float = 0.8
    max_scale: float = 1.15
    max_slant: float = 0.35         # horizontal shear per pixel of height
    elastic: float = 1.2            # pixels of displacement on a coarse grid
    max_thickness: float = 0.8      # dilation (or erosion) steps of one pixel; 1.5 = one and a half


CHUNK = 64      # images warped at a time: the per-pixel temporaries then stay in the CPU's cache


def augment(pixels: np.ndarray, rng: np.random.Generator, settings: Augmentation = Augmentation()) -> np.ndarray:
    """Distorted copies of column-major rows of pixels, the same shape and dtype.

    The random draws are made for all images at once; the per-pixel work then goes a chunk of images
    at a time, which gives the same numbers as one pass, about twice as fast.
    """
    images = column_major_to_image(pixels)
    maps, displacement = _random_maps(len(images), rng, settings)
    thickness = rng.uniform(-1, 1, len(images)).astype(np.float32) * np.float32(settings.max_thickness)
    warped = np.empty(images.shape, dtype=np.float32)
    for start in range(0, len(images), CHUNK):
        part = slice(start, start + CHUNK)
        rows, columns = _source_coordinates([values[part] for values in maps], displacement[:, part])
        warped[part] = _change_thickness(_bilinear(images[part], rows, columns), thickness[part])
    return image_to_column_major(warped).astype(pixels.dtype, copy=False)


def _random_maps(count: int, rng: np.random.Generator, s: Augmentation):
    """Each image's random affine map (rotation, scale, slant, shift) and elastic displacement field."""
    angle = np.deg2rad(rng.uniform(-s.max_rotation, s.max_rotation, count))
    scale = np.exp(rng.uniform(np.log(s.min_scale), np.log(s.max_scale), count))
    aspect = np.exp(rng.uniform(-0.1, 0.1, count))
    slant = rng.uniform(-s.max_slant, s.max_slant, count)
    shift = rng.uniform(-s.max_shift, s.max_shift, (2, count))
    cos, sin = np.cos(angle), np.sin(angle)
    # inverse of (rotate . scale . slant): source = M @ (destination - centre - shift) + centre
    m00 = cos / (scale * aspect)
    m01 = sin / (scale * aspect)
    m10 = -sin / (scale / aspect) + slant * m00
    m11 = cos / (scale / aspect) + slant * m01
    row_offset = CENTRE - m00 * shift[0] - m01 * shift[1]
    column_offset = CENTRE - m10 * shift[0] - m11 * shift[1]
    return (m00, m01, m10, m11, row_offset, column_offset), _elastic_field(count, rng, s.elastic)


def _source_coordinates(maps, displacement: np.ndarray):
    """For every output pixel of every image, where to sample the input (inverse mapping)."""
    m00, m01, m10, m11, row_offset, column_offset = maps
    grid = (np.arange(IMAGE_SIDE) - CENTRE).astype(np.float32)
    y, x = grid[:, None], grid[None, :]
    rows = _per_image(m00) * y + _per_image(m01) * x + _per_image(row_offset) + displacement[0]
    columns = _per_image(m10) * y + _per_image(m11) * x + _per_image(column_offset) + displacement[1]
    return rows, columns


def _per_image(values: np.ndarray) -> np.ndarray:
    """One float32 value per image, shaped to broadcast over its 28x28 pixels."""
    return values.astype(np.float32)[:, None, None]


def _elastic_field(count: int, rng: np.random.Generator, amplitude: float) -> np.ndarray:
    """Smooth random displacements: a 4x4 grid of random vectors, bilinearly upsampled to 28x28."""
    coarse = rng.normal(0, amplitude, (2, count, 4, 4)).astype(np.float32)
    positions = np.linspace(0, 3, IMAGE_SIDE)
    lower = np.minimum(positions.astype(int), 2)
    weight = positions - lower
    upsample = np.zeros((IMAGE_SIDE, 4), dtype=np.float32)
    upsample[np.arange(IMAGE_SIDE), lower] = 1 - weight
    upsample[np.arange(IMAGE_SIDE), lower + 1] = weight
    return np.einsum("ri,dnij,cj->dnrc", upsample, coarse, upsample, optimize=True)


def _bilinear(images: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Sample each image at fractional float32 coordinates; outside the image is blank."""
    count = len(images)
    padded = np.zeros((count, PADDED_SIDE, PADDED_SIDE), dtype=np.float32)
    padded[:, 1:-1, 1:-1] = images
    # in padded coordinates, clipped so that the four neighbours of a point are inside the padding
    rows = np.clip(rows + 1, 0, PADDED_SIDE - 1 - 1e-3)
    columns = np.clip(columns + 1, 0, PADDED_SIDE - 1 - 1e-3)
    top, left = np.floor(rows), np.floor(columns)
    down, right = rows - top, columns - left
    first_pixel = (np.arange(count) * PADDED_SIDE * PADDED_SIDE)[:, None, None]
    base = top.astype(np.intp) * PADDED_SIDE + left.astype(np.intp) + first_pixel
    flat = padded.reshape(-1)
    upper_left, upper_right = flat[base], flat[base + 1]
    lower_left, lower_right = flat[base + PADDED_SIDE], flat[base + PADDED_SIDE + 1]
    upper = upper_left + right * (upper_right - upper_left)
    lower = lower_left + right * (lower_right - lower_left)
    return upper + down * (lower - upper)


def _change_thickness(images: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """Dilate (amount > 0, thicker strokes) or erode (amount < 0, thinner) by |amount| steps.

    Each whole step is one 4-neighbour dilation or erosion; a fraction blends towards the next step,
    so 1.5 is one full step and half of a second one. Values stay within the images' range.
    """
    thicker = (amounts > 0)[:, None, None]
    remaining = np.abs(amounts)[:, None, None]
    padded = np.zeros((len(images), PADDED_SIDE, PADDED_SIDE), dtype=images.dtype)   # a blank border
    while np.any(remaining > 0):
        padded[:, 1:-1, 1:-1] = images
        neighbours = (padded[:, :-2, 1:-1], padded[:, 2:, 1:-1], padded[:, 1:-1, :-2], padded[:, 1:-1, 2:])
        dilated = np.maximum(np.maximum(neighbours[0], neighbours[1]), np.maximum(neighbours[2], neighbours[3]))
        eroded = np.minimum(np.minimum(neighbours[0], neighbours[1]), np.minimum(neighbours[2], neighbours[3]))
        target = np.where(thicker, np.maximum(dilated, images), np.minimum(eroded, images))
        weight = np.minimum(remaining, 1).astype(np.float32)
        images = images + weight * (target - images)
        remaining = np.maximum(remaining - 1, 0)
    return images
