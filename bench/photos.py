"""Phone photos of handwritten digits on paper, made up: what bench/paper.py reads.

Each photo is made in these steps (every random choice from the generator it is given):
1. the paper, PAPER_SIDE times the photo's size so it can be turned: white, cream, or either ruled in
   light blue every 1.2-1.6 digit heights (sometimes with a red margin line), with a faint blotchy
   texture;
2. the digits, real handwriting: digits of the data set's rows never trained on are thinned to pen
   strokes (bench/strokes.py) and drawn with a round pen of one of INKS' colours, as wide as one of
   PEN_WIDTHS times the digit's height, a little transparent; a number's digits stand side by side,
   each a little bigger or smaller and higher or lower, with gaps of 5-30% of their height between
   their ink (one gap in ten is none: the two digits' ink touches or overlaps by up to half the pen's
   width); on ruled paper they stand on a line;
3. the camera: the page turned by up to ROTATION degrees and sheared by up to SHEAR, then shrunk to
   the photo's size (anti-aliased);
4. the light: dimmer overall, a linear gradient, a vignette, a soft-edged shadow across part of the
   page (half the photos), and a warm or cool tint;
5. blur (a Gaussian of 0.3-1.2 pixels), noise (2-6 grey levels of 255) and JPEG compression
   (quality 55-90).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from bench.strokes import drawing_strokes

PHOTO_SIZE = (640, 480)             # width, height: the photos' size
SUPERSAMPLE = 2                     # the page is drawn this many times larger, then shrunk (anti-aliasing)
PAPER_SIDE = 1.15                   # the page drawn is this much larger than the photo, so turning it leaves no corner
INKS = {"black": (30, 30, 36), "blue": (32, 52, 150), "dark blue": (28, 36, 92)}
PAPERS = {"white": (246, 246, 240), "cream": (243, 233, 205)}
RULE_COLOUR, MARGIN_COLOUR = (150, 185, 225), (225, 140, 140)
PEN_WIDTHS = (0.04, 0.07, 0.11)     # the pen's width as a part of the digit's height: ballpoint, felt tip, marker
ROTATION = 4.0                      # degrees, either way
SHEAR = 0.12
SINGLE_HEIGHT = (0.35, 0.7)         # a single digit's height, as a part of the photo's height
NUMBER_HEIGHT = (0.22, 0.42)        # a number's digits' height
GAP = (0.05, 0.3)                   # between a number's digits' ink, as a part of their height
TOUCHING = 0.1                      # the chance that there is no gap: the digits' ink touches


@dataclass
class Photo:
    pixels: np.ndarray              # (height, width, 3) uint8, decoded from the JPEG
    jpeg: bytes
    labels: list[int]
    rows: list[int]
    how: str                        # paper, ink and pen, for the contact sheet


def make_photo(images: list[np.ndarray], labels: list[int], rows: list[int], rng: np.random.Generator,
               size: tuple[int, int] = PHOTO_SIZE) -> Photo:
    """A photo of the digits (upright 28x28 images in [0, 1]) written side by side on paper."""
    paper_name = str(rng.choice(list(PAPERS)))
    ruled = bool(rng.random() < 0.5)
    ink_name = str(rng.choice(list(INKS)))
    pen = float(rng.choice(PEN_WIDTHS))
    width, height = size
    page_size = (int(width * PAPER_SIDE * SUPERSAMPLE), int(height * PAPER_SIDE * SUPERSAMPLE))
    scale = SUPERSAMPLE            # page pixels per photo pixel
    digit_height = rng.uniform(*(SINGLE_HEIGHT if len(images) == 1 else NUMBER_HEIGHT)) * height * scale
    strokes = [drawing_strokes(image) for image in images]
    page = _paper(page_size, PAPERS[paper_name], rng)
    baseline = _layout_baseline(page_size, digit_height, rng)
    if ruled:
        _rule(page, baseline, digit_height, rng)
    ink = _ink(page_size, strokes, digit_height, pen, baseline, width * scale * 0.85, rng)
    colour = np.array(INKS[ink_name], dtype=np.float32) + rng.normal(0, 6, 3)
    page = page * (1 - ink[:, :, None]) + np.clip(colour, 0, 255) * ink[:, :, None]
    photo = _camera(page, size, rng)
    photo = _light(photo, rng)
    photo = np.asarray(Image.fromarray(_to_uint8(photo)).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2))),
                       dtype=np.float32)
    photo += rng.normal(0, rng.uniform(2, 6), photo.shape).astype(np.float32)
    jpeg = _jpeg(_to_uint8(photo), int(rng.integers(55, 91)))
    pixels = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))
    how = f"{paper_name}{' ruled' if ruled else ''}, {ink_name} {pen:.2f}"
    return Photo(pixels, jpeg, list(labels), list(rows), how)


def _paper(size: tuple[int, int], colour: tuple[int, int, int], rng: np.random.Generator) -> np.ndarray:
    blotches = Image.fromarray(_to_uint8(128 + 40 * rng.standard_normal((12, 16)))).resize(size, Image.BICUBIC)
    texture = (np.asarray(blotches, dtype=np.float32) - 128) / 40 * rng.uniform(1, 4)
    return np.array(colour, dtype=np.float32)[None, None, :] + texture[:, :, None]


def _layout_baseline(size: tuple[int, int], digit_height: float, rng: np.random.Generator) -> float:
    """Where the digits stand: near the page's middle, so that they stay in the photo once it is turned."""
    height = size[1]
    return height / 2 + digit_height / 2 + rng.uniform(-0.1, 0.1) * (height / PAPER_SIDE - digit_height)


def _rule(page: np.ndarray, baseline: float, digit_height: float, rng: np.random.Generator) -> None:
    """Ruled lines every 1.2-1.6 digit heights, one of them under the digits; sometimes a margin line."""
    height, width = page.shape[:2]
    spacing = rng.uniform(1.2, 1.6) * digit_height
    thickness = rng.uniform(1.5, 3.5)
    canvas = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    first = baseline - np.floor(baseline / spacing) * spacing
    for y in np.arange(first, height, spacing):
        draw.line([(0, y), (width, y)], fill=255, width=round(thickness))
    lines = np.asarray(canvas, dtype=np.float32)[:, :, None] / 255 * rng.uniform(0.6, 1.0)
    page[:] = page * (1 - lines) + np.array(RULE_COLOUR, dtype=np.float32) * lines
    if rng.random() < 0.3:
        margin = Image.new("L", (width, height), 0)
        x = rng.uniform(0.12, 0.2) * width
        ImageDraw.Draw(margin).line([(x, 0), (x, height)], fill=255, width=round(thickness))
        line = np.asarray(margin, dtype=np.float32)[:, :, None] / 255 * rng.uniform(0.6, 1.0)
        page[:] = page * (1 - line) + np.array(MARGIN_COLOUR, dtype=np.float32) * line


def _ink(size: tuple[int, int], strokes: list[list[np.ndarray]], digit_height: float, pen: float,
         baseline: float, room: float, rng: np.random.Generator) -> np.ndarray:
    """The digits' ink on the page, in [0, 1]: side by side, centred, standing on the baseline."""
    sizes = [digit_height * rng.uniform(0.9, 1.1) for _ in strokes]
    boxes = [np.ptp(np.vstack(digit), axis=0) + 1e-6 for digit in strokes]      # (rows, columns) of each skeleton
    widths = [box[1] / box[0] * s for box, s in zip(boxes, sizes)]
    # the gaps between the ink; the pen's strokes reach half its width beyond their skeletons on each side
    ink_gaps = [-rng.uniform(0, 0.5) * pen if rng.random() < TOUCHING else rng.uniform(*GAP) for _ in strokes[1:]]
    gaps = [(gap + pen) * digit_height for gap in ink_gaps]
    total = sum(widths) + sum(gaps)
    shrink = min(1.0, room / total)
    x = size[0] / 2 - total * shrink / 2
    canvas = Image.new("L", size, 0)
    draw = ImageDraw.Draw(canvas)
    width = max(1, round(pen * digit_height * shrink))
    for index, digit in enumerate(strokes):
        points = np.vstack(digit)
        top, left = points.min(axis=0)
        factor = sizes[index] * shrink / boxes[index][0]
        bottom = baseline - rng.uniform(-0.05, 0.08) * digit_height
        for stroke in digit:
            xs = x + (stroke[:, 1] - left) * factor
            ys = bottom - (boxes[index][0] - (stroke[:, 0] - top)) * factor
            path = list(zip(xs.tolist(), ys.tolist()))
            if len(path) > 1:
                draw.line(path, fill=255, width=width, joint="curve")
            for px, py in (path[0], path[-1]):      # round ends
                draw.ellipse([px - width / 2, py - width / 2, px + width / 2, py + width / 2], fill=255)
        x += widths[index] * shrink + (gaps[index] * shrink if index < len(gaps) else 0)
    return np.asarray(canvas, dtype=np.float32) / 255 * rng.uniform(0.85, 1.0)


def _camera(page: np.ndarray, size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """The page turned and sheared about its centre, its middle cut to the photo's size and shrunk."""
    height, width = page.shape[:2]
    angle, shear = np.radians(rng.uniform(-ROTATION, ROTATION)), rng.uniform(-SHEAR, SHEAR)
    cos, sin = np.cos(angle), np.sin(angle)
    inverse = np.linalg.inv(np.array([[cos, -sin], [sin, cos]]) @ np.array([[1, shear], [0, 1]]))
    crop = (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE)
    centre = np.array([width / 2, height / 2])
    # PIL maps each photo pixel (x, y) to the page point inverse @ ((x, y) + corner - centre) + centre
    offset = inverse @ (np.array([(width - crop[0]) / 2, (height - crop[1]) / 2]) - centre) + centre
    image = Image.fromarray(_to_uint8(page)).transform(
        crop, Image.AFFINE, (*inverse[0], offset[0], *inverse[1], offset[1]), resample=Image.BILINEAR)
    return np.asarray(image.resize(size, Image.BOX), dtype=np.float32)


def _light(photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Uneven light: a dimmer level, a gradient, a vignette, a soft shadow, a tint."""
    height, width = photo.shape[:2]
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = (xs - width / 2) / width, (ys - height / 2) / height
    direction = rng.uniform(0, 2 * np.pi)
    light = rng.uniform(0.7, 1.0) * (1 + rng.uniform(0, 0.35) * (np.cos(direction) * u + np.sin(direction) * v))
    light *= 1 - rng.uniform(0, 0.35) * (u * u + v * v) * 2
    if rng.random() < 0.5:
        edge = rng.uniform(0, 2 * np.pi)
        distance = np.cos(edge) * u + np.sin(edge) * v - rng.uniform(-0.3, 0.3)
        softness = rng.uniform(0.02, 0.08)
        light *= 1 - rng.uniform(0.3, 0.6) / (1 + np.exp(-distance / softness))
    tint = np.array([1.0, 0.97, 0.9]) if rng.random() < 0.5 else np.array([0.94, 0.98, 1.0])
    return photo * light[:, :, None] * tint[None, None, :].astype(np.float32)


def _jpeg(pixels: np.ndarray, quality: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _to_uint8(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)
