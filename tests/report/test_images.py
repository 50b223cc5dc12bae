"""Image files and Qt images to pixel arrays: the pixels as they are, the phone's orientation, the limits."""

import io

from PySide6.QtGui import QImage

import numpy as np
import pytest
from PIL import Image

from core.base.errors import ImageError
from core.handwriting.paper import MAX_PIXELS, WORKING_SIDE
from report.images import decode_image, image_array, qimage_photo, read_image


def qimage(pixels: np.ndarray) -> QImage:
    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def test_a_qimages_pixels_come_as_rgba_whatever_its_row_padding():
    pixels = np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8)    # 21 bytes a row: padded
    array = image_array(qimage(pixels))
    assert array.shape == (5, 7, 4) and (array[:, :, 3] == 255).all()
    assert np.array_equal(array[:, :, :3], pixels)


def test_a_png_file_is_read_as_it_is(tmp_path):
    pixels = np.random.default_rng(1).integers(0, 256, (30, 40, 3), dtype=np.uint8)
    assert qimage(pixels).save(str(tmp_path / "p.png"))
    photo = read_image(tmp_path / "p.png")
    assert photo.scale == 1.0 and np.array_equal(photo.pixels[:, :, :3], pixels)


def test_a_large_image_is_decoded_at_the_working_size_and_says_by_how_much(tmp_path):
    large = np.zeros((1500, 4000, 3), dtype=np.uint8)
    large[:, 2000:] = 255
    assert qimage(large).save(str(tmp_path / "large.jpg"), quality=90)
    photo = read_image(tmp_path / "large.jpg")
    assert photo.pixels.shape[:2] == (375, WORKING_SIDE) and photo.scale == 4.0
    assert photo.pixels[:, :490, 0].max() < 30 and photo.pixels[:, 510:, 0].min() > 225


def test_the_phones_orientation_is_applied(tmp_path):
    """A photo stored landscape with EXIF orientation 6 (turn 90 degrees clockwise) is read portrait."""
    stored = np.zeros((100, 200, 3), dtype=np.uint8)
    stored[:, :20] = 255                          # a white band on the stored image's left
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.fromarray(stored).save(buffer, format="JPEG", exif=exif, quality=95)
    pixels = decode_image(buffer.getvalue(), "phone.jpg").pixels
    assert pixels.shape[:2] == (200, 100)
    assert pixels[:20, :, 0].mean() > 200 and pixels[40:, :, 0].mean() < 30, "the band is now on top"


def test_a_pasted_image_too_large_or_empty_is_refused_and_a_large_one_shrunk():
    with pytest.raises(ImageError, match="the pasted image: the image is empty"):
        qimage_photo(QImage(), "the pasted image")
    side = int(MAX_PIXELS ** 0.5) + 1
    with pytest.raises(ImageError, match=f"{side}x{side} pixels"):
        qimage_photo(QImage(side, side, QImage.Format.Format_Mono), "the pasted image")    # 1 bit a pixel: small
    photo = qimage_photo(qimage(np.full((600, 2400, 3), 200, dtype=np.uint8)), "the pasted image")
    assert photo.pixels.shape[:2] == (250, WORKING_SIDE) and photo.scale == 2.4
