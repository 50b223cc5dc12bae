"""Image files and Qt images to the pixel arrays core/handwriting/paper.py reads, through Qt's own image readers.

QtGui only, no window and no Qt application: the command line and the app decode a photo alike.
A file is taken only if it is a regular file (a folder or a named pipe is refused before it is
opened) of at most MAX_FILE_BYTES, in one of READABLE_FORMATS, found from its content, not its name.
Its size is read from its header and checked against core/handwriting/paper.py's MAX_PIXELS before any pixel is
decoded, and Qt's allocation limit holds the decoder to that many pixels. A JPEG is decoded straight
at the working size (libjpeg scales while decoding), so a phone's 12-megapixel photo costs little.
The phone's orientation (EXIF) is applied.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, qInstallMessageHandler
from PySide6.QtGui import QImage, QImageReader

import numpy as np

from core.base.errors import ImageError
from core.base.files import open_regular_file
from core.base.i18n import _
from core.handwriting.paper import MAX_PIXELS, WORKING_SIDE, check_size

MAX_FILE_BYTES = 100 * 2 ** 20      # a phone's photo takes a few megabytes
READABLE_FORMATS = {b"png", b"jpeg", b"jpg", b"bmp", b"gif", b"webp", b"tiff", b"tif", b"pbm", b"pgm", b"ppm"}
ALLOCATION_LIMIT_MB = MAX_PIXELS * 4 // 2 ** 20 + 1     # four bytes a pixel while decoding


@dataclass(frozen=True)
class Photo:
    """An image's pixels, (height, width, 4) RGBA uint8, and how many of the original's pixels each stands
    for along a side (more than 1 when the image was shrunk as it was decoded)."""

    pixels: np.ndarray
    scale: float = 1.0


def read_image(path: str | Path) -> Photo:
    """An image file's pixels at most WORKING_SIDE on the longer side; an ImageError naming the file."""
    with open_regular_file(path, ImageError, _("an image file")) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ImageError(_("{path}: the file has {megabytes:.0f} MB; an image file may have at most "
                               "{limit} MB").format(path=path, megabytes=size / 2 ** 20,
                                                   limit=MAX_FILE_BYTES // 2 ** 20))
        try:
            data = stream.read(MAX_FILE_BYTES + 1)
        except OSError as problem:
            raise ImageError(_("{path}: cannot be read ({reason})").format(
                path=path, reason=problem.strerror or problem)) from None
    if not data:
        raise ImageError(_("{path}: the file is empty").format(path=path))
    if len(data) > MAX_FILE_BYTES:      # it grew while it was read
        raise ImageError(_("{path}: the file has more than {limit} MB").format(path=path,
                                                                            limit=MAX_FILE_BYTES // 2 ** 20))
    return decode_image(data, str(path))


def decode_image(data: bytes, name: str) -> Photo:
    """The pixels of an image file's bytes; `name` names it in errors."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    if not reader.canRead() or bytes(reader.format().data()).lower() not in READABLE_FORMATS:
        raise ImageError(_("{path}: not an image Trazo can read (PNG, JPEG, BMP, GIF, WebP or TIFF)").format(
            path=name))
    with _qt_quiet():
        size = reader.size()
    if not size.isValid():
        raise ImageError(_("{path}: the image's size cannot be read; the file is damaged").format(path=name))
    check_size(size.width(), size.height(), name)
    longer = max(size.width(), size.height())
    if longer > WORKING_SIDE:       # libjpeg scales as it decodes; other formats are scaled once decoded
        reader.setScaledSize(size.scaled(QSize(WORKING_SIDE, WORKING_SIDE), Qt.AspectRatioMode.KeepAspectRatio))
    with _qt_quiet():
        image = reader.read()
    if image.isNull():
        raise ImageError(_("{path}: the image cannot be decoded; the file is damaged or not what its "
                           "header says").format(path=name))
    photo = qimage_photo(image, name)
    return Photo(photo.pixels, longer / max(photo.pixels.shape[:2]))


def qimage_photo(image: QImage, name: str) -> Photo:
    """A QImage (pasted, say) as a Photo at most WORKING_SIDE on its longer side; an ImageError naming it
    (`name`: "the pasted image") if it is empty or has more than MAX_PIXELS."""
    check_size(image.width(), image.height(), name)
    longer = max(image.width(), image.height())
    if longer > WORKING_SIDE:
        image = image.scaled(WORKING_SIDE, WORKING_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return Photo(image_array(image), longer / max(image.width(), image.height()))


@contextmanager
def _qt_quiet():
    """Qt's own warnings about a file (libpng's, libjpeg's) kept off the terminal: the errors that matter
    are Trazo's, translated, and a damaged JPEG is read as far as it goes, as image viewers show it."""
    previous = qInstallMessageHandler(lambda *message: None)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def image_array(image: QImage) -> np.ndarray:
    """A QImage's pixels as a (height, width, 4) RGBA uint8 array of its own (the image may then go)."""
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    height, width = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    return rows.reshape(height, image.bytesPerLine())[:, :width * 4].reshape(height, width, 4).copy()
