"""`read`: the digits written on paper in photos, one line per image: `foto.jpg: 2026`.

Each image is read on its own: one that cannot be read gets its error on stderr and the others are
still read. `--json` prints one JSON object per image instead, each digit with its box in the image's
pixels, its reading and its ten probabilities.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.base.errors import TrazoError
from core.base.i18n import _
from core.base.resources import DRAW_MODEL_FILE

EXIT_OK = 0
EXIT_NO_DIGITS = 1
EXIT_BAD_INPUT = 2
PROBABILITY_DECIMALS = 4


def add_options(command: argparse.ArgumentParser) -> None:
    """`read`'s arguments: the images, the reader and the output's form."""
    command.add_argument("images", nargs="+", type=Path, metavar=_("IMAGE"),
                         help=_("photos or scans of digits on paper (PNG, JPEG, BMP, GIF, WebP or TIFF)"))
    command.add_argument("--model", type=Path, default=DRAW_MODEL_FILE,
                         help=_("the reader (default: the Draw tab's, resources/draw-model.npz)"))
    command.add_argument("--json", action="store_true",
                         help=_("one JSON object per image: each digit's box (left, top, width, height in the "
                                "image's pixels), reading and probabilities"))


def exit_codes() -> str:
    return _("exit status:\n"
             "  0  every image was read and digits were found in each\n"
             "  1  no digits were found in some image (its line says so)\n"
             "  2  some image or the model could not be read (an error line for each); the others were read")


def run_read(args: argparse.Namespace) -> int:
    from core.handwriting.paper import number_text, read_paper
    from core.learning.model_io import load_model
    from report.images import read_image

    network = load_model(args.model).network
    status = EXIT_OK
    for path in args.images:
        try:
            photo = read_image(path)
            digits = read_paper(network, photo.pixels)
        except TrazoError as error:
            print(_("error: {message}").format(message=printable(str(error))), file=sys.stderr, flush=True)
            status = EXIT_BAD_INPUT
            continue
        if args.json:
            print(json.dumps(json_reading(path, digits, photo.scale)), flush=True)
        else:
            number = number_text(digits) or _("(no digits found)")
            print(f"{printable(str(path))}: {number}", flush=True)
        if not digits and status == EXIT_OK:
            status = EXIT_NO_DIGITS
    return status


def json_reading(path: Path, digits, scale: float) -> dict:
    """An image's reading for --json; boxes in the pixels of the image file (it may be decoded smaller)."""
    from core.handwriting.paper import number_text

    return {"image": str(path), "number": number_text(digits), "digits": [
        {"digit": digit.digit,
         "box": dict(zip(("left", "top", "width", "height"), (round(value * scale) for value in digit.box))),
         "probabilities": [round(float(p), PROBABILITY_DECIMALS) for p in digit.probabilities]}
        for digit in digits]}


def printable(text: str) -> str:
    """Text from outside (a file name) on one line: control characters shown as escapes, never obeyed."""
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in text)
