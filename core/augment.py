"""Random distortions of training digits, vectorised over the batch (no Python loop per image).

Each image gets a random affine map (shift, rotation, scale, slant), a smooth elastic displacement
and a thicker or thinner stroke, so the network learns what handwriting and mouse drawings vary in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.data import IMAGE_SIDE, column_major_to_image, image_to_column_major

CENTRE = (IMAGE_SIDE - 1) / 2


@dataclass(frozen=True)
class Augmentation:
    """How far each distortion may go."""

    max_shift: float = 2.5          # pixels
    max_rotation: float = 15.0      # degrees
    min_scale: float = 0.8
    max_scale: float = 1.15
    max_slant: float = 0.35         # horizontal shear per pixel of height
    elastic: float = 1.2            # pixels of displacement on a coarse grid
    max_thickness: float = 0.8      # 1 = one dilation (or erosion) step


def augment(pixels: np.ndarray, rng: np.random.Generator, settings: Augmentation = Augmentation()) -> np.ndarray:
    """Distorted copies of column-major rows of pixels, the same shape and dtype."""
    images = column_major_to_image(pixels)
    rows, columns = _source_coordinates(len(images), rng, settings)
    warped = _bilinear(images, rows, columns)
    warped = _change_thickness(warped, rng.uniform(-1, 1, len(images)) * settings.max_thickness)
    return image_to_column_major(warped).astype(pixels.dtype, copy=False)


def _source_coordinates(count: int, rng: np.random.Generator, s: Augmentation):
    """For every output pixel of every image, where to sample the input (inverse mapping)."""
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
    grid = np.arange(IMAGE_SIDE) - CENTRE
    y = grid[None, :, None] - shift[0][:, None, None]
    x = grid[None, None, :] - shift[1][:, None, None]
    rows = m00[:, None, None] * y + m01[:, None, None] * x
    columns = m10[:, None, None] * y + m11[:, None, None] * x
    displacement = _elastic_field(count, rng, s.elastic)
    return rows + displacement[0] + CENTRE, columns + displacement[1] + CENTRE


def _elastic_field(count: int, rng: np.random.Generator, amplitude: float) -> np.ndarray:
    """Smooth random displacements: a 4x4 grid of random vectors, bilinearly upsampled to 28x28."""
    coarse = rng.normal(0, amplitude, (2, count, 4, 4))
    positions = np.linspace(0, 3, IMAGE_SIDE)
    lower = np.minimum(positions.astype(int), 2)
    weight = positions - lower
    upsample = np.zeros((IMAGE_SIDE, 4))
    upsample[np.arange(IMAGE_SIDE), lower] = 1 - weight
    upsample[np.arange(IMAGE_SIDE), lower + 1] = weight
    return np.einsum("ri,dnij,cj->dnrc", upsample, coarse, upsample, optimize=True)


def _bilinear(images: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Sample each image at fractional coordinates; outside the image is blank."""
    count = len(images)
    padded = np.zeros((count, IMAGE_SIDE + 2, IMAGE_SIDE + 2), dtype=np.float32)
    padded[:, 1:-1, 1:-1] = images
    rows = np.clip(rows + 1, 0, IMAGE_SIDE + 1 - 1e-4)
    columns = np.clip(columns + 1, 0, IMAGE_SIDE + 1 - 1e-4)
    top, left = np.floor(rows).astype(np.intp), np.floor(columns).astype(np.intp)
    down, right = (rows - top).astype(np.float32), (columns - left).astype(np.float32)
    side = IMAGE_SIDE + 2
    base = (np.arange(count) * side * side)[:, None, None] + top * side + left
    flat = padded.reshape(-1)
    upper = flat[base] * (1 - right) + flat[np.minimum(base + 1, flat.size - 1)] * right
    lower = flat[np.minimum(base + side, flat.size - 1)] * (1 - right) + flat[np.minimum(base + side + 1, flat.size - 1)] * right
    return upper * (1 - down) + lower * down


def _change_thickness(images: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """Blend towards a dilation (amount > 0, thicker strokes) or an erosion (amount < 0, thinner)."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    neighbours = np.stack([padded[:, 1:-1, 1:-1], padded[:, :-2, 1:-1], padded[:, 2:, 1:-1],
                           padded[:, 1:-1, :-2], padded[:, 1:-1, 2:]])
    target = np.where((amounts > 0)[:, None, None], neighbours.max(axis=0), neighbours.min(axis=0))
    weight = np.abs(amounts)[:, None, None].astype(np.float32)
    return images + weight * (target - images)
