"""28x28 digits as QImages, upright as a person sees them: dark ink on white paper."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

import numpy as np

from core.learning.data import IMAGE_SIDE, column_major_to_image


def digit_qimage(column_major: np.ndarray) -> QImage:
    """A column-major 784-vector in [0, 1] -> an upright 28x28 grey image (ink dark)."""
    image = column_major_to_image(np.asarray(column_major, dtype=np.float32))
    return grey_qimage(1.0 - image)


def grey_qimage(brightness: np.ndarray) -> QImage:
    """A 2-D array in [0, 1] ([row, column], 1 = white) -> an 8-bit grey QImage that owns its pixels."""
    grey = np.ascontiguousarray(np.clip(np.rint(brightness * 255), 0, 255).astype(np.uint8))
    height, width = grey.shape
    return QImage(grey.tobytes(), width, height, width, QImage.Format.Format_Grayscale8).copy()


def digit_pixmap(column_major: np.ndarray, scale: int) -> QPixmap:
    """The digit enlarged `scale` times with square pixels, so single pixels stay visible."""
    side = IMAGE_SIDE * scale
    image = digit_qimage(column_major).scaled(side, side, Qt.AspectRatioMode.IgnoreAspectRatio,
                                              Qt.TransformationMode.FastTransformation)
    return QPixmap.fromImage(image)


def colour_qimage(rgb: np.ndarray) -> QImage:
    """An (rows, columns, 3) uint8 array -> an RGB QImage that owns its pixels."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width, _channels = rgb.shape
    return QImage(rgb.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888).copy()
