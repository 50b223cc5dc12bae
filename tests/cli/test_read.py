"""`python main.py read`: real JPEG and PNG files written by Qt, good and bad, read as a user runs it."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib

from PySide6.QtGui import QImage

import numpy as np
import pytest

from core.learning.model_io import load_model
from tests.core.paper_pages import BLUE, CREAM, page, sure_digits
from tests.core.samples import DRAW_MODEL_FILE, ROOT

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes")


def run(*args, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "read", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def save(pixels: np.ndarray, path, quality: int = 85):
    """An RGB uint8 array written by QImage (JPEG or PNG, from the name)."""
    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    assert image.save(str(path), quality=quality)
    return path


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming this size in its header, with a hundred bytes of pixels."""
    def chunk(kind: bytes, content: bytes) -> bytes:
        return struct.pack(">I", len(content)) + kind + content + struct.pack(">I", zlib.crc32(kind + content))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(100))) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def photos(dataset, tmp_path_factory):
    """Two photos of numbers, 2026 as JPEG and 417 in blue ink on cream paper as PNG, and a blank page."""
    digits = sure_digits(dataset, load_model(DRAW_MODEL_FILE).network)
    folder = tmp_path_factory.mktemp("photos")
    return {
        "2026": save(page([digits[2], digits[0], digits[2], digits[6]]), folder / "foto.jpg"),
        "417": save(page([digits[4], digits[1], digits[7]], ink=BLUE, paper=CREAM), folder / "número azul.png"),
        "blank": save(np.full((300, 400, 3), 240, dtype=np.uint8), folder / "blank.jpg"),
    }


def test_one_line_per_image_with_its_digits(photos):
    result = run(photos["2026"], photos["417"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"{photos['2026']}: 2026", f"{photos['417']}: 417"]
    assert result.stderr == ""


def test_json_gives_each_digits_box_reading_and_probabilities(photos):
    result = run("--json", photos["2026"])
    assert result.returncode == 0, result.stderr
    reading = json.loads(result.stdout)
    assert reading["image"] == str(photos["2026"]) and reading["number"] == "2026"
    boxes = [digit["box"] for digit in reading["digits"]]
    assert [box["left"] for box in boxes] == sorted(box["left"] for box in boxes)
    assert all(box["left"] + box["width"] <= 900 and box["top"] + box["height"] <= 400 for box in boxes)
    for digit in reading["digits"]:
        assert len(digit["probabilities"]) == 10 and abs(sum(digit["probabilities"]) - 1) < 1e-3
        assert digit["digit"] == int(np.argmax(digit["probabilities"]))


def test_a_large_photos_boxes_are_in_its_own_pixels(photos, tmp_path):
    """A 3600-pixel-wide JPEG is decoded at 1000 pixels; its boxes are still given in the file's pixels."""
    small = QImage(str(photos["2026"]))
    large = tmp_path / "large.jpg"
    assert small.scaled(small.width() * 4, small.height() * 4).save(str(large), quality=90)
    boxes = [[digit["box"][key] for key in ("left", "top", "width", "height")]
             for digit in json.loads(run("--json", photos["2026"]).stdout)["digits"]]
    large_boxes = [[digit["box"][key] for key in ("left", "top", "width", "height")]
                   for digit in json.loads(run("--json", large).stdout)["digits"]]
    assert np.allclose(np.array(large_boxes), 4 * np.array(boxes), atol=16)


def test_an_image_without_digits_says_so_and_exits_1(photos):
    result = run(photos["blank"], photos["2026"])
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{photos['blank']}: (no digits found)", f"{photos['2026']}: 2026"]


@posix_only
def test_bad_images_get_a_message_each_and_the_others_are_still_read(photos, tmp_path):
    (tmp_path / "notes.jpg").write_text("not a photo at all")
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "huge.png").write_bytes(png_header(30000, 30000))
    (tmp_path / "huge-named.jpg").write_bytes(png_header(30000, 30000))    # the content tells, not the name
    os.mkfifo(tmp_path / "pipe.jpg")
    names = ["notes.jpg", "empty.png", "huge.png", "huge-named.jpg", "pipe.jpg", "missing.jpg"]
    result = run(*(tmp_path / name for name in names), tmp_path, photos["2026"], timeout=60)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"{photos['2026']}: 2026"], "the good image is read after the bad ones"
    errors = result.stderr.splitlines()
    assert errors == [
        f"error: {tmp_path / 'notes.jpg'}: not an image Trazo can read (PNG, JPEG, BMP, GIF, WebP or TIFF)",
        f"error: {tmp_path / 'empty.png'}: the file is empty",
        f"error: {tmp_path / 'huge.png'}: the image is 30000x30000 pixels; at most 50 million pixels can be read",
        f"error: {tmp_path / 'huge-named.jpg'}: the image is 30000x30000 pixels; at most 50 million pixels can be read",
        f"error: {tmp_path / 'pipe.jpg'}: is a named pipe (FIFO), not an image file",
        f"error: {tmp_path / 'missing.jpg'}: no such file",
        f"error: {tmp_path}: is a folder, not an image file",
    ]
    assert "Traceback" not in result.stderr


def test_a_photo_cut_short_is_read_as_far_as_it_goes_and_qts_own_warnings_stay_quiet(photos, tmp_path):
    whole = photos["2026"].read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[:len(whole) // 2])
    result = run(tmp_path / "cut.jpg")
    assert result.returncode in (0, 1) and result.stdout.startswith(f"{tmp_path / 'cut.jpg'}: ")
    assert result.stderr == ""


def test_a_drawing_qt_could_render_but_not_a_photo_is_refused(tmp_path):
    (tmp_path / "digit.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="99999" height="99999">'
                                        '<text x="9" y="9">7</text></svg>')
    result = run(tmp_path / "digit.svg")
    assert result.returncode == 2
    assert "not an image Trazo can read" in result.stderr


@posix_only
def test_messages_in_spanish(photos, tmp_path):
    (tmp_path / "notas.jpg").write_text("esto no es una foto")
    (tmp_path / "enorme.png").write_bytes(png_header(30000, 30000))
    os.mkfifo(tmp_path / "tubo.jpg")
    result = run("--lang", "es", tmp_path / "notas.jpg", tmp_path / "enorme.png", tmp_path / "tubo.jpg",
                 photos["blank"], timeout=60)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"{photos['blank']}: (no se encontraron dígitos)"]
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'notas.jpg'}: no es una imagen que Trazo pueda leer (PNG, JPEG, BMP, GIF, WebP o TIFF)",
        f"error: {tmp_path / 'enorme.png'}: la imagen mide 30000x30000 píxeles; se pueden leer como máximo 50 "
        "millones de píxeles",
        f"error: {tmp_path / 'tubo.jpg'}: es una tubería con nombre (FIFO), no un archivo de imagen",
    ]


def test_a_bad_model_is_an_error_before_any_image(photos):
    result = run("--model", "no-such-model.npz", photos["2026"])
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.strip() == "error: no-such-model.npz: no such file"


def test_a_file_name_with_a_line_break_stays_on_its_line(photos, tmp_path):
    strange = tmp_path / "two\nlines.jpg"
    strange.write_bytes(photos["2026"].read_bytes())
    result = run(strange)
    assert result.stdout == f"{tmp_path}/two\\nlines.jpg: 2026\n"


def test_reading_never_loads_the_apps_widgets(photos):
    code = ("import sys, main\n"
            f"status = main.main(['read', {str(photos['2026'])!r}])\n"
            "print('LOADED', sorted(name for name in sys.modules if name.startswith(('gui', 'PySide6.QtWidgets'))))\n"
            "sys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
