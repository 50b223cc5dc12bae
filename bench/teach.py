"""Teach it your hand, as a user would: flagged 1s the reader misreads, labelled and taught, then new ones.

In a real MainWindow (offscreen), on the Draw tab: draws flagged 1s (bench/styles.py's generators) with
the mouse until 10 are misread by the untaught reader, labels each with the `labelButton1` button, presses
`teachButton` and waits; then draws 50 new flagged 1s from other seeds and counts how many read as 1.
Also reports rows 900-999 before and after, and checks that `revertReaderButton` brings back the shipped
reader's exact answers.

    python -m bench.teach [--taught 10] [--new 50] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

import numpy as np

from bench.canvas_replay import close_window, draw_and_read, open_window, wait_until
from bench.styles import pen_width_of, style_strokes
from core.base.resources import DRAW_MODEL_FILE
from core.learning.model_io import load_model

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FLAGGED_ONES = ("one_flag_short", "one_flag_long", "one_flag_base", "one_flag_thick")


def flagged_one(window, rng: np.random.Generator):
    """One random flagged 1 drawn on the canvas with the mouse; the Drawing as the tab read it."""
    canvas = window.draw_tab.canvas
    style = FLAGGED_ONES[rng.integers(len(FLAGGED_ONES))]
    pen_width = pen_width_of(style, rng)
    strokes = style_strokes(style, (canvas.width(), canvas.height()), pen_width or canvas.pen_width, rng)
    return draw_and_read(window, strokes, style, 1, pen_width)


def click(window, name: str) -> None:
    window.findChild(QPushButton, name).click()


def session(taught: int, new: int, seed: int, draw_model: Path | None = None) -> dict:
    """The scripted session, from the shipped drawing reader or `draw_model`; its figures."""
    window = open_window("drawing", draw_model_path=draw_model)
    wait_until(lambda: window.state.data is not None)
    tab, panel = window.draw_tab, window.draw_tab.teach_panel
    test_rows = window.state.data.rows((900, 1000))
    shipped = window.state.draw_model
    rate_before = float((shipped.network.predict(test_rows[0]) == test_rows[1]).mean())
    rng = np.random.default_rng(seed)
    drawn = misread = 0
    while misread < taught:
        drawing = flagged_one(window, rng)
        drawn += 1
        if drawing.right:
            continue
        misread += 1
        click(window, "labelButton1")     # the right digit: the drawing joins the user's digits
    click(window, "teachButton")
    started = time.perf_counter()
    wait_until(lambda: not panel.is_teaching())
    seconds = time.perf_counter() - started
    taught_reader = window.state.draw_model
    rng = np.random.default_rng(seed + 1000)    # other drawings than the ones taught
    new_ones = [flagged_one(window, rng) for _ in range(new)]
    read_as_one = sum(drawing.right for drawing in new_ones) / new
    rate_after = float((taught_reader.network.predict(test_rows[0]) == test_rows[1]).mean())
    untaught_new = sum(int(shipped.network.predict(drawing_input(tab, drawing))[0] == 1) for drawing in new_ones)
    message = panel.message.text()
    probe = test_rows[0][:200]
    click(window, "revertReaderButton")
    exact = np.array_equal(window.state.draw_model.network.probabilities(probe),
                           load_model(DRAW_MODEL_FILE).network.probabilities(probe))   # Revert: the shipped file
    figures = {"drawn": drawn, "taught": misread, "seconds": seconds, "new": new,
               "new_read_as_1": read_as_one, "new_read_as_1_untaught": untaught_new / new,
               "rows_900_999_before": rate_before, "rows_900_999_after": rate_after, "revert_exact": exact,
               "message": message}
    close_window(window)
    return figures


def drawing_input(tab, drawing) -> np.ndarray:
    """The drawing reduced to 28x28 as the tab reduces it (from its ink)."""
    from core.handwriting.drawing import reduce_drawing

    return reduce_drawing(drawing.ink)[None, :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taught", type=int, default=10, help="misread flagged 1s to label and teach (default: 10)")
    parser.add_argument("--new", type=int, default=50, help="new flagged 1s drawn afterwards (default: 50)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--draw-model", type=Path, help="the reader to start from (default: the shipped one)")
    args = parser.parse_args(argv)
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as user:
        from gui import user_files  # the session's digits and taught reader stay in a scratch folder

        user_files.user_folder = lambda: Path(user)
        figures = session(args.taught, args.new, args.seed, args.draw_model)
    lines = [f"drew {figures['drawn']} flagged 1s until {figures['taught']} were misread; labelled them 1 and taught "
             f"in {figures['seconds']:.1f} s: {figures['message']}",
             f"{figures['new']} new flagged 1s (other seeds): {100 * figures['new_read_as_1']:.0f}% read as 1 "
             f"(untaught: {100 * figures['new_read_as_1_untaught']:.0f}%)",
             f"rows 900-999: {100 * figures['rows_900_999_before']:.0f}% before, "
             f"{100 * figures['rows_900_999_after']:.0f}% after",
             f"Revert brings back the shipped reader's exact answers: {figures['revert_exact']}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
