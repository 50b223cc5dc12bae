"""Reading what is written on paper: a photo of a digit, or of a number, to its digits, each read.

The photo (an RGB, RGBA or grey uint8 array, as report/images.py decodes it) goes through these steps:
1. grey levels at a working size: a large photo is shrunk by whole pixel blocks to at most WORKING_SIDE
   pixels on its longer side, a small one enlarged to at least MIN_SIDE;
2. the light evened out, dark ink or light (core/handwriting/paper_light.py): each pixel divided by the paper's
   brightness around it gives its ink strength, in light and in shadow alike;
3. ink: pixels stronger than a low threshold, in parts holding a pixel above a high one (both set
   from the photo's own noise and ink strength), without ruled lines (core/handwriting/components.py);
4. digits, from left to right (core/handwriting/paper_digits.py): specks left out, the parts of one digit joined
   (a 5 whose top stroke is apart), a group that may be digits that touch read whole and cut;
5. each digit's ink reduced to MNIST's form by the canvas's own `reduce_drawing` and read by
   `read_drawings`, the Draw tab's nine-position reading (core/handwriting/drawing.py), so a reader reads a photo's
   digits as it reads drawings.
The photo is taken as one number on one line, filling most of the frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import ThreadpoolController

from core.base.errors import ImageError
from core.base.i18n import _
from core.handwriting.components import Parts, label, without_lines
from core.handwriting.drawing import read_drawings, reduce_drawing
from core.handwriting.paper_digits import DigitSpan, Way, digit_choices
from core.handwriting.paper_light import blocks_mean, ink_strength

if TYPE_CHECKING:
    from core.learning.network import Network

MAX_PIXELS = 50_000_000     # a photo of more pixels is refused (a 50-megapixel phone photo is the most)
WORKING_SIDE = 1000         # photos are shrunk to at most this many pixels on their longer side
MIN_SIDE = 200              # ...and smaller images enlarged to at least this
LUMINANCE = np.array([0.299, 0.587, 0.114], dtype=np.float32)   # ITU-R BT.601 grey from red, green, blue
NOISE_SPREAD = 6.0          # ink is at least this many times the paper's noise (its robust spread) above it
FAINTEST_INK = 0.2          # ink is at least this much darker than the paper (a fifth), or there is none
STRONG_INK = 0.5            # a part of ink holds a pixel at least this part of the ink's strength...
WEAK_INK = 0.3              # ...and its pixels are at least this part
STRIP_PIXELS = 4_000_000    # a large photo is shrunk this many pixels at a time (memory)


@dataclass(frozen=True)
class PaperDigit:
    """A digit found on paper: its box in the photo's pixels, its MNIST form, and its reading."""

    box: tuple[int, int, int, int]          # left, top, width, height
    network_input: np.ndarray               # 784 float32 in [0, 1], column-major, as core/handwriting/drawing.py makes
    probabilities: np.ndarray | None = None  # 10, once read

    @property
    def digit(self) -> int | None:
        return None if self.probabilities is None else int(np.argmax(self.probabilities))


def read_paper(network: Network, image: np.ndarray) -> list[PaperDigit]:
    """The digits of a photo from left to right, each read by `network` as the Draw tab reads drawings.

    A group of ink that may be one wide digit or digits that touch is read whole and cut into 2, 3...
    digits; the way chosen is the likeliest by its widths (core/handwriting/paper_digits.py) and by how sure the
    network is of its digits (the product of their top probabilities).
    """
    with _one_blas_thread():
        grey, scale = working_grey(image)
        parts, ink = ink_parts(ink_strength(grey))
        choices = digit_choices(parts)
        forms = {span: _cut_out(ink, parts.labels, span) for group in choices for way in group for span in way.spans}
        cut = {span: form for span, (_, form) in forms.items() if form is not None}
        if not cut:
            return []
        read = dict(zip(cut, read_drawings(network, np.stack(list(cut.values())))))
    digits = []
    for group in choices:
        best = max(group, key=lambda way: _sureness(way, read))
        digits += [PaperDigit(_in_photo(forms[span][0], scale, image.shape), cut[span], read[span])
                   for span in best.spans if span in read]
    return digits


def _sureness(way: Way, read: dict[DigitSpan, np.ndarray]) -> float:
    """A way's log prior plus the log of the product of its digits' top probabilities."""
    tops = [float(read[span].max()) for span in way.spans if span in read]
    return way.prior + float(np.sum(np.log(np.maximum(tops, 1e-12))))


def find_digits(image: np.ndarray) -> list[PaperDigit]:
    """The digits of a photo from left to right, in MNIST's form, not yet read (a group that may be one
    wide digit or digits that touch is taken the likeliest way by its widths alone)."""
    with _one_blas_thread():
        grey, scale = working_grey(image)
        parts, ink = ink_parts(ink_strength(grey))
        digits = []
        for group in digit_choices(parts):
            for span in max(group, key=lambda way: way.prior).spans:
                box, network_input = _cut_out(ink, parts.labels, span)
                if network_input is not None:
                    digits.append(PaperDigit(_in_photo(box, scale, image.shape), network_input))
    return digits


def number_text(digits: list[PaperDigit]) -> str:
    """The digits read, as one number: "2026"."""
    return "".join(str(digit.digit) for digit in digits)


def _one_blas_thread():
    """One BLAS thread while a photo is read: its products are small, and on a busy machine more threads
    spend longer waiting for each other than multiplying."""
    global _blas
    if _blas is None:
        _blas = ThreadpoolController()
    return _blas.limit(limits=1, user_api="blas")


_blas: ThreadpoolController | None = None


def check_size(width: int, height: int, name: str) -> None:
    """An ImageError naming the image if it has no pixels or more than MAX_PIXELS."""
    if width <= 0 or height <= 0:
        raise ImageError(_("{path}: the image is empty").format(path=name))
    if width * height > MAX_PIXELS:
        raise ImageError(_("{path}: the image is {width}x{height} pixels; at most {megapixels} million pixels "
                           "can be read").format(path=name, width=width, height=height,
                                                 megapixels=MAX_PIXELS // 1_000_000))


def working_grey(image: np.ndarray) -> tuple[np.ndarray, float]:
    """uint8 grey, RGB or RGBA (over white) -> float32 grey in [0, 1] at the working size, and the photo's
    pixels per working pixel."""
    image = np.asarray(image)
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or image.ndim == 3 and image.shape[2] not in (1, 3, 4):
        raise ValueError(_("expected a uint8 array (height, width[, 1|3|4]), got {dtype} {shape}").format(
            dtype=image.dtype, shape=image.shape))
    height, width = image.shape[:2]
    check_size(width, height, _("the photo"))
    if image.ndim == 2:
        image = image[:, :, None]
    shrink = max(1, int(np.ceil(max(height, width) / WORKING_SIDE)))
    if shrink == 1:
        grey = _grey(image)
    else:   # strip by strip: a whole float copy of a large photo would take hundreds of megabytes
        rows = max(1, STRIP_PIXELS // (width * shrink))
        strips = [_grey(image[top * shrink:(top + rows) * shrink]) for top in range(0, height // shrink, rows)]
        grey = np.concatenate([blocks_mean(strip, shrink) for strip in strips])
    enlarge = int(np.ceil(MIN_SIDE / max(grey.shape)))
    if enlarge > 1:
        grey = np.repeat(np.repeat(grey, enlarge, axis=0), enlarge, axis=1)
        return grey, 1 / enlarge
    return grey, float(shrink)


def _grey(image: np.ndarray) -> np.ndarray:
    if image.shape[2] == 1:
        return image[:, :, 0].astype(np.float32) / 255
    grey = image[:, :, :3].astype(np.float32) @ (LUMINANCE / 255)
    if image.shape[2] == 4:         # transparent pixels are paper: the image over white
        alpha = image[:, :, 3].astype(np.float32) / 255
        grey = grey * alpha + (1 - alpha)
    return grey


def ink_parts(strength: np.ndarray) -> tuple[Parts, np.ndarray]:
    """The parts of ink (ruled lines left out), and the ink in [0, 1]: 0 outside the parts."""
    sample = strength[::2, ::2].ravel()
    median = float(np.median(sample))
    noise = median + NOISE_SPREAD * 1.4826 * float(np.median(np.abs(sample - median)))
    candidates = sample[sample > noise]
    ink_level = float(np.percentile(candidates, 90)) if len(candidates) else 0.0
    if ink_level < FAINTEST_INK:
        return label(np.zeros(strength.shape, dtype=bool)), np.zeros_like(strength)
    weak = strength > max(noise, WEAK_INK * ink_level)
    parts = label(without_lines(weak))
    strongest = np.zeros(len(parts) + 1, dtype=np.float32)
    inked = parts.labels > 0
    np.maximum.at(strongest, parts.labels[inked], strength[inked])
    keep = strongest[1:] >= max(noise, STRONG_INK * ink_level)
    parts = _only(parts, keep)
    ink = np.where(parts.labels > 0, np.clip(strength / ink_level, 0, 1), 0).astype(np.float32)
    return parts, ink


def _only(parts: Parts, keep: np.ndarray) -> Parts:
    """The parts where `keep` is True, numbered again from 1."""
    numbers = np.zeros(len(parts) + 1, dtype=np.int32)
    numbers[1:][keep] = np.arange(1, keep.sum() + 1)
    return Parts(numbers[parts.labels], parts.top[keep], parts.left[keep], parts.bottom[keep], parts.right[keep],
                 parts.area[keep])


def _cut_out(ink: np.ndarray, labels: np.ndarray, span: DigitSpan) -> tuple[tuple[int, int, int, int],
                                                                            np.ndarray | None]:
    """A digit's box (left, top, right, bottom at the working size) and its MNIST form (None if no ink)."""
    window = (slice(span.top, span.bottom), slice(span.left, span.right))
    chosen = np.isin(labels[window], span.parts)
    rows = np.flatnonzero(chosen.any(axis=1))
    if len(rows) == 0:
        return (span.left, span.top, span.right, span.top), None
    top, bottom = span.top + rows[0], span.top + rows[-1] + 1
    digit = np.where(chosen, ink[window], 0)[rows[0]:rows[-1] + 1]
    return (span.left, int(top), span.right, int(bottom)), reduce_drawing(digit)


def _in_photo(box: tuple[int, int, int, int], scale: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A working-size (left, top, right, bottom) box -> (left, top, width, height) in the photo's pixels."""
    left, top, right, bottom = (round(value * scale) for value in box)
    right, bottom = min(right, shape[1]), min(bottom, shape[0])
    return left, top, right - left, bottom - top
