"""How well the Draw tab reads handwriting styles MNIST under-represents (issue #15).

Students in Mexico write a 1 with a flag (and often a base), a 7 with a crossbar, a 4 open at the
top, a 9 with a straight stem and a 2 with a loop at its foot. Each style here is a stroke generator
with random slant, size, proportions, position and wobble; the strokes are replayed as mouse press /
move / release events on the Draw tab's `drawCanvas` in a real MainWindow (offscreen), exactly as
bench/drawn_digits.py replays real handwriting (bench/canvas_replay.py), and the prediction is read
from the tab. Besides accuracy per style, it counts the wrong answers the tab shows as sure (it says
"not sure" below a top probability of gui.draw_tab.UNSURE_BELOW).

    python -m bench.styles [--reader drawing|current] [--model PATH] [--count 100] [--seed 0]
                           [--sheet styles.png] [--probabilities PATH.npz]

`--model` reads with any model file in place of the chosen reader's shipped one. These generators are
for measuring only: models must learn styles from their own generator (core/handwriting/styles.py), never these.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

from bench.canvas_replay import (
    READERS,
    BenchError,
    Drawing,
    accuracy,
    draw_and_read,
    finish,
    open_window,
    print_confusions,
    print_sureness,
    reader_summary,
    save_sheet,
    wrong_and_sure_rate,
)
from bench.strokes import place

HEIGHT_RANGE = (0.40, 0.85)     # of the canvas height, as bench/drawn_digits.py
THICK_PEN = (28.0, 40.0)        # canvas pixels; the canvas's own pen is 20
MAX_SLANT = 0.3                 # horizontal shift per unit of height, either way
MAX_TURN = 6.0                  # degrees of rotation, either way
WOBBLE = 0.008                  # hand tremor, in units of the digit's height
MOUSE_STEP = (3.0, 8.0)         # canvas pixels between mouse events

Stroke = np.ndarray             # (n, 2) points (x, y); y grows downwards, the digit's height is about 1


# --- shapes: strokes in the digit's own units (top at y = 0, bottom at y = 1) --------------------------

def line(start, end) -> Stroke:
    length = np.hypot(end[0] - start[0], end[1] - start[1])
    steps = max(2, int(length / 0.01))
    t = np.linspace(0, 1, steps)[:, None]
    return (1 - t) * np.asarray(start, float) + t * np.asarray(end, float)


def curve(start, control, end) -> Stroke:
    """A quadratic Bezier curve: leaves `start` towards `control`, arrives at `end` from it."""
    t = np.linspace(0, 1, 60)[:, None]
    p0, p1, p2 = (np.asarray(p, float) for p in (start, control, end))
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2


def arc(centre, radii, from_degrees: float, to_degrees: float) -> Stroke:
    """Part of an ellipse; angles grow clockwise on screen (y down), 0 is to the right, -90 the top."""
    steps = max(3, int(abs(to_degrees - from_degrees) / 4))
    angles = np.deg2rad(np.linspace(from_degrees, to_degrees, steps))
    return np.column_stack([centre[0] + radii[0] * np.cos(angles), centre[1] + radii[1] * np.sin(angles)])


def joined(*parts: Stroke) -> Stroke:
    """One pen stroke through several pieces, each starting where the last one ended."""
    return np.vstack([parts[0]] + [part[1:] for part in parts[1:]])


def flagged_one(rng: np.random.Generator, flag_length: tuple[float, float], base: bool) -> list[Stroke]:
    """Up the flag from lower left to the top, straight down the stem; a separate foot if `base`."""
    length = rng.uniform(*flag_length)
    angle = np.deg2rad(rng.uniform(25, 60))           # below the horizontal
    flag_start = (-length * np.cos(angle), length * np.sin(angle))
    bow = rng.uniform(-0.03, 0.03)                     # a flag is seldom quite straight
    middle = (flag_start[0] / 2 + bow * np.sin(angle), flag_start[1] / 2 - bow * np.cos(angle))
    foot = rng.uniform(-0.04, 0.04)
    strokes = [joined(curve(flag_start, middle, (0, 0)), line((0, 0), (foot, 1)))]
    if base:
        half, offset = rng.uniform(0.14, 0.3), rng.uniform(-0.06, 0.06)
        left, right = (foot - half + offset, 1 + rng.uniform(-0.02, 0.02)), (foot + half + offset, 1)
        strokes.append(line(left, right) if rng.random() < 0.8 else line(right, left))
    return strokes


def one_flag_short(rng: np.random.Generator) -> list[Stroke]:
    return flagged_one(rng, (0.12, 0.28), base=False)


def one_flag_long(rng: np.random.Generator) -> list[Stroke]:
    return flagged_one(rng, (0.3, 0.48), base=False)


def one_flag_base(rng: np.random.Generator) -> list[Stroke]:
    return flagged_one(rng, (0.12, 0.45), base=True)


def one_flag_thick(rng: np.random.Generator) -> list[Stroke]:
    """Drawn with a thick pen (THICK_PEN): a short or long flag, half of them with a base."""
    return flagged_one(rng, (0.12, 0.45), base=rng.random() < 0.5)


def seven_crossed(rng: np.random.Generator) -> list[Stroke]:
    """A top bar, the stem down to the lower left, and a short bar across the stem's middle."""
    width = rng.uniform(0.45, 0.75)
    start = (0.0, rng.uniform(-0.03, 0.07))
    corner = (width, 0.0)
    foot = (width * rng.uniform(0.1, 0.5), 1.0)
    bend = rng.uniform(-0.06, 0.06)
    stem_middle = ((corner[0] + foot[0]) / 2 + bend, 0.5)
    stroke = joined(line(start, corner), curve(corner, stem_middle, foot))
    if rng.random() < 0.25:     # a small downward tick before the bar
        stroke = joined(line((0.0, start[1] + rng.uniform(0.06, 0.14)), start), stroke)
    height = rng.uniform(0.42, 0.6)
    crossing = stroke[np.argmin(np.abs(stroke[:, 1] - height) + 10 * (stroke[:, 1] < 0.05))]
    reach_left, reach_right = rng.uniform(0.1, 0.25), rng.uniform(0.08, 0.22)
    tilt = rng.uniform(-0.04, 0.03)
    bar = line((crossing[0] - reach_left, crossing[1] - tilt), (crossing[0] + reach_right, crossing[1] + tilt))
    return [stroke, bar]


def four_open(rng: np.random.Generator) -> list[Stroke]:
    """Down and across (an L, open at the top), then the stem on its own, crossing the bar."""
    width = rng.uniform(0.55, 0.85)
    top_left = (width * rng.uniform(0.0, 0.3), rng.uniform(0.0, 0.15))
    bar_height = rng.uniform(0.5, 0.68)
    corner = (rng.uniform(-0.03, 0.04), bar_height)
    bar_end = (width, bar_height + rng.uniform(-0.05, 0.03))
    stem_x = width * rng.uniform(0.55, 0.8)
    stem_top = (stem_x + rng.uniform(-0.03, 0.05), rng.uniform(-0.02, 0.15))
    stem_foot = (stem_x + rng.uniform(-0.04, 0.02), 1.0)
    return [joined(line(top_left, corner), line(corner, bar_end)), line(stem_top, stem_foot)]


def nine_straight(rng: np.random.Generator) -> list[Stroke]:
    """A loop drawn anticlockwise from its right side, then a straight stem down from its right."""
    loop_height = rng.uniform(0.34, 0.5)
    radii = (loop_height / 2 * rng.uniform(0.8, 1.25), loop_height / 2)
    centre = (radii[0], radii[1])
    start = rng.uniform(-15, 20)
    loop = arc(centre, radii, start, start - 360 - rng.uniform(0, 25))
    right = (centre[0] + radii[0], centre[1])
    foot = (right[0] + rng.uniform(-0.06, 0.02), 1.0)
    if rng.random() < 0.5:      # in one stroke: round the loop and on down the stem
        return [joined(loop, line(loop[-1], foot))]
    stem_top = (right[0] + rng.uniform(-0.02, 0.02), centre[1] - radii[1] * rng.uniform(0.0, 1.0))
    return [loop, line(stem_top, foot)]


def two_loop(rng: np.random.Generator) -> list[Stroke]:
    """The top arc, down to the lower left, a small loop there, then the base to the right."""
    width = rng.uniform(0.5, 0.8)
    arc_radii = (width / 2, rng.uniform(0.18, 0.28))
    top = arc((width / 2, arc_radii[1]), arc_radii, rng.uniform(-175, -150), rng.uniform(0, 35))
    loop_radius = rng.uniform(0.08, 0.14)
    loop_radii = (loop_radius * rng.uniform(1.0, 1.5), loop_radius)
    loop_centre = (width * rng.uniform(0.05, 0.2), 1 - loop_radius - 0.03)
    loop = arc(loop_centre, loop_radii, 45, 390)
    end = (width + rng.uniform(0.0, 0.15), 1 + rng.uniform(-0.04, 0.02))
    base = curve(loop[-1], (loop[-1][0] + 0.05, 1.0), end)
    return [joined(top, line(top[-1], loop[0]), loop, base)]


STYLES: dict[str, tuple[int, Callable[[np.random.Generator], list[Stroke]]]] = {
    "one_flag_short": (1, one_flag_short),
    "one_flag_long": (1, one_flag_long),
    "one_flag_base": (1, one_flag_base),
    "one_flag_thick": (1, one_flag_thick),
    "seven_crossed": (7, seven_crossed),
    "four_open": (4, four_open),
    "nine_straight": (9, nine_straight),
    "two_loop": (2, two_loop),
}


def pen_width_of(style: str, rng: np.random.Generator) -> float | None:
    """A thick pen for the thick style; None keeps the canvas's own pen."""
    return rng.uniform(*THICK_PEN) if style.endswith("_thick") else None


# --- from shapes to mouse events ------------------------------------------------------------------------

def slanted(strokes: list[Stroke], rng: np.random.Generator) -> list[Stroke]:
    """A random slant (the top leans right or left) and a small turn."""
    slant = rng.uniform(-MAX_SLANT, MAX_SLANT)
    turn = np.deg2rad(rng.uniform(-MAX_TURN, MAX_TURN))
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    return [(np.column_stack([s[:, 0] + slant * (0.5 - s[:, 1]), s[:, 1]]) - 0.5) @ rotation.T + 0.5
            for s in strokes]


def wobbly(stroke: Stroke, rng: np.random.Generator, amplitude: float) -> Stroke:
    """A hand's tremor: a smooth random displacement along the stroke, a few waves per unit length."""
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(stroke, axis=0).T))])
    displacement = np.zeros_like(stroke)
    for _ in range(3):
        frequency = rng.uniform(0.5, 2.5)
        phases = rng.uniform(0, 2 * np.pi, 2)
        displacement += np.sin(2 * np.pi * frequency * along[:, None] + phases) * rng.uniform(0, amplitude, 2)
    return stroke + displacement


def mouse_points(stroke: Stroke, step: float) -> Stroke:
    """Points about `step` apart along the stroke, as a mouse reports them, ends included."""
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(stroke, axis=0).T))])
    if along[-1] == 0:
        return stroke[:1]
    positions = np.append(np.arange(0, along[-1], step), along[-1])
    return np.column_stack([np.interp(positions, along, stroke[:, 0]), np.interp(positions, along, stroke[:, 1])])


def on_canvas(strokes: list[Stroke], canvas_size: tuple[int, int], pen_width: float,
              rng: np.random.Generator) -> list[Stroke]:
    """Slant, wobble, scale and place the strokes on the canvas, as the mouse points of each stroke."""
    shaken = [wobbly(s, rng, WOBBLE) for s in slanted(strokes, rng)]
    rows_columns = [s[:, ::-1] for s in shaken]      # bench/strokes.place works in (row, column)
    placed = place(rows_columns, canvas_size, rng.uniform(*HEIGHT_RANGE), rng, margin=pen_width / 2 + 2)
    step = rng.uniform(*MOUSE_STEP)
    return [mouse_points(s, step) for s in placed]


def style_strokes(style: str, canvas_size: tuple[int, int], pen_width: float,
                  rng: np.random.Generator) -> list[Stroke]:
    """One random drawing of the style: (x, y) canvas points per stroke."""
    _, shape = STYLES[style]
    return on_canvas(shape(rng), canvas_size, pen_width, rng)


# --- the benchmark ----------------------------------------------------------------------------------------

def draw_styles(window, styles: list[str], count: int, rng: np.random.Generator) -> list[Drawing]:
    """`count` drawings of each style on the window's canvas, styles interleaved, and what was read."""
    canvas = window.draw_tab.canvas
    size = (canvas.width(), canvas.height())
    drawings = []
    for _ in range(count):
        for style in styles:
            pen_width = pen_width_of(style, rng)
            strokes = style_strokes(style, size, pen_width or canvas.pen_width, rng)
            drawings.append(draw_and_read(window, strokes, style, STYLES[style][0], pen_width))
    return drawings


def print_results(drawings: list[Drawing], styles: list[str], seconds: float) -> None:
    print(f"{len(drawings)} drawings in {seconds:.1f} s: accuracy {100 * accuracy(drawings):.1f}%")
    print(f"  {'style':<16}{'label':>6}{'right':>8}{'wrong+sure':>12}  read as")
    for style in styles:
        of_style = [d for d in drawings if d.source == style]
        answers = np.bincount([d.predicted for d in of_style if d.predicted is not None], minlength=10)
        read_as = ", ".join(f"{digit} x{n}" for digit, n in sorted(enumerate(answers), key=lambda a: -a[1])
                            if n and digit != STYLES[style][0])
        print(f"  {style:<16}{STYLES[style][0]:>6}{100 * accuracy(of_style):7.1f}%"
              f"{100 * wrong_and_sure_rate(of_style):11.1f}%  {read_as}")
    lowest = min(styles, key=lambda style: accuracy([d for d in drawings if d.source == style]))
    print(f"lowest style: {lowest}")
    print_confusions(drawings)
    print_sureness(drawings)


def sheet_order(drawings: list[Drawing], styles: list[str], columns: int) -> list[Drawing]:
    """The first `columns` drawings of each style, one style per row."""
    return [d for style in styles for d in [d for d in drawings if d.source == style][:columns]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", choices=READERS, default="drawing",
                        help="the Draw tab's model that reads: the drawing model (default) or the current model")
    parser.add_argument("--model", type=Path, help="read with this model file instead of the reader's shipped one")
    parser.add_argument("--count", type=int, default=100, help="drawings of each style (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--styles", nargs="+", choices=list(STYLES), default=list(STYLES), metavar="STYLE",
                        help="styles to draw (default: all): " + ", ".join(STYLES))
    parser.add_argument("--sheet", type=Path, help="contact sheet PNG (10 drawings of each style)")
    parser.add_argument("--probabilities", type=Path, help="also save every drawing's probabilities (.npz)")
    args = parser.parse_args(argv)

    models = {"drawing": {"draw_model_path": args.model}, "current": {"model_path": args.model}}[args.reader]
    try:
        window = open_window(args.reader, **models)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"reader: {reader_summary(window)}")
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    drawings = draw_styles(window, args.styles, args.count, rng)
    print_results(drawings, args.styles, time.perf_counter() - started)
    if args.sheet:
        columns = 10
        save_sheet(sheet_order(drawings, args.styles, columns), args.sheet,
                   "Handwriting styles: label -> prediction (red: wrong)", columns, len(args.styles), args.styles)
        print(f"contact sheet: {args.sheet}")
    return finish(window, drawings, args.probabilities)


if __name__ == "__main__":
    sys.exit(main())
