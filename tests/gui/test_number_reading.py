"""The Draw tab's numbers: photos opened, dropped and pasted, read off the GUI thread, each digit's box, reading
and 28x28 form, bad images refused with the photo kept, and a number written on the wider canvas."""

import os
import struct
import sys
import zlib

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QPushButton

import numpy as np
import pytest

from core.handwriting.drawing import CANVAS_SIDE
from core.learning.data import load_dataset
from core.learning.model_io import load_model
from gui import file_commands
from gui.number_reading import CANVAS_PAGE, PHOTO_PAGE
from gui.photo_view import VIEW_SIZE
from gui.user_files import COLLECTION_NAME
from tests.core.paper_pages import BLUE, CREAM, page, sure_digits
from tests.core.samples import DRAW_MODEL_FILE
from tests.gui.test_draw_tab import draw, line
from tools.layout_check import problems


@pytest.fixture(scope="module")
def digits(dataset):
    return sure_digits(dataset, load_model(DRAW_MODEL_FILE).network)


@pytest.fixture
def tab(window):
    window.tabs.setCurrentWidget(window.draw_tab)
    return window.draw_tab


def qimage(pixels: np.ndarray) -> QImage:
    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    return QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def save(pixels: np.ndarray, path):
    """An RGB page written by Qt: JPEG or PNG, from the name."""
    assert qimage(pixels).save(str(path), quality=85)
    return path


@pytest.fixture
def photo_2026(digits, tmp_path):
    return save(page([digits[2], digits[0], digits[2], digits[6]]), tmp_path / "foto.jpg")


def wait_read(qtbot, tab):
    qtbot.waitUntil(lambda: tab.reading.thread is None, timeout=10_000)


def open_photo(qtbot, window, path):
    window.files.open_image_file(path)
    wait_read(qtbot, window.draw_tab)


def test_an_opened_jpeg_is_read_off_the_gui_thread_and_shown_with_each_digits_box_and_reading(window, qtbot,
                                                                                            photo_2026):
    window.tabs.setCurrentWidget(window.train_tab)
    window.files.open_image_file(photo_2026)
    tab = window.draw_tab
    assert window.tabs.currentWidget() is tab
    assert tab.reading.thread is not None and tab.reading.status.text() == "Reading foto.jpg..."
    wait_read(qtbot, tab)
    assert tab.reading.stack.currentIndex() == PHOTO_PAGE
    assert tab.reading.number_label.text() == "2026"
    view = tab.reading.view
    assert view.readings == ["2", "0", "2", "6"] and len(view.boxes) == 4
    lefts = [box[0] for box in view.boxes]
    assert lefts == sorted(lefts) and all(width > 20 and height > 100 for _, _, width, height in view.boxes)
    assert tab.predicted_digit.text() == "2", "the first digit is shown as the network sees it"
    assert np.array_equal(tab.network_input, tab.reading.digits[0].network_input)
    assert tab.bars.probabilities().argmax() == 2
    assert "4 digits" in tab.reading.status.text()


def test_file_open_image_asks_for_the_file_and_reads_it(window, qtbot, monkeypatch, digits, tmp_path):
    path = save(page([digits[4], digits[1], digits[7]], ink=BLUE, paper=CREAM), tmp_path / "número azul.png")
    monkeypatch.setattr(file_commands.QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    assert window.menus.open_image_action.isEnabled()
    window.menus.open_image_action.trigger()
    wait_read(qtbot, window.draw_tab)
    assert window.draw_tab.reading.number_label.text() == "417"
    assert window.draw_tab.reading.photo_name == "número azul.png"


def test_a_clicked_digit_shows_its_28x28_form_and_bars_and_joins_your_digits_with_its_right_label(
        window, tab, qtbot, photo_2026, private_user_folder):
    open_photo(qtbot, window, photo_2026)
    view = tab.reading.view
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.centre_of(3).toPoint())
    sixth = tab.reading.digits[3]
    assert view.selected == 3 and tab.predicted_digit.text() == "6"
    assert np.array_equal(tab.network_input, sixth.network_input)
    assert np.array_equal(tab.bars.probabilities(), sixth.probabilities)
    assert not tab.preview.pixmap().isNull()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))     # outside every box: nothing changes
    assert view.selected == 3
    qtbot.mouseClick(tab.findChild(QPushButton, "labelButton6"), Qt.MouseButton.LeftButton)
    data = load_dataset(private_user_folder / COLLECTION_NAME)
    assert list(data.labels) == [6] and np.allclose(data.pixels[0], sixth.network_input, atol=1 / 255)
    assert tab.reading.showing_photo() and tab.reading.number_label.text() == "2026", "the photo stays"
    assert tab.teach_panel.teach_button.isEnabled(), "Teach learns from it like a drawing"
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.centre_of(0).toPoint())
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_2)      # a digit key, as on the canvas
    data = load_dataset(private_user_folder / COLLECTION_NAME)
    assert list(data.labels) == [6, 2] and np.allclose(data.pixels[1], tab.reading.digits[0].network_input,
                                                      atol=1 / 255)


def drop(widget, mime: QMimeData) -> bool:
    """A drag entering the widget and dropped there, as Qt delivers them; whether the drop was taken."""
    position = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


def test_an_image_file_dropped_on_the_draw_tab_is_read(window, tab, qtbot, photo_2026):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo_2026))])
    assert drop(tab, mime)
    wait_read(qtbot, tab)
    assert tab.reading.number_label.text() == "2026"
    text = QMimeData()
    text.setText("not a file")
    assert not drop(tab, text), "a drag of plain text is refused"


def paste(qtbot, tab):
    """Ctrl+V pressed on the Draw tab, as a user does."""
    tab.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab.window())
    tab.canvas.setFocus()
    qtbot.keyClick(tab.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_v_reads_an_image_or_an_image_files_url_from_the_clipboard(window, tab, qtbot, digits, photo_2026,
                                                                       error_dialogs):
    QApplication.clipboard().setImage(qimage(page([digits[3], digits[5]])))
    paste(qtbot, tab)
    wait_read(qtbot, tab)
    assert tab.reading.number_label.text() == "35" and tab.reading.photo_name == "the pasted image"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo_2026))])
    QApplication.clipboard().setMimeData(mime)
    paste(qtbot, tab)
    wait_read(qtbot, tab)
    assert tab.reading.number_label.text() == "2026"
    QApplication.clipboard().setText("hello")
    paste(qtbot, tab)
    assert error_dialogs[-1][0] == "Paste image" and "no image" in error_dialogs[-1][1]
    assert tab.reading.number_label.text() == "2026", "the tab keeps its photo"


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming this size in its header, with a hundred bytes of pixels."""
    def chunk(kind: bytes, content: bytes) -> bytes:
        return struct.pack(">I", len(content)) + kind + content + struct.pack(">I", zlib.crc32(kind + content))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(100))) + chunk(b"IEND", b""))


def bad_image(kind: str, folder):
    path = folder / f"{kind}.jpg"
    if kind == "text":
        path.write_text("2026\n")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "huge":
        path.write_bytes(png_header(30_000, 30_000))
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind, says", [("text", "not an image"), ("empty", "empty"), ("huge", "30000x30000"),
                                        ("folder", "folder"), ("fifo", "")])
def test_a_bad_image_is_a_dialog_and_the_tab_keeps_its_photo(window, tab, qtbot, photo_2026, tmp_path,
                                                             error_dialogs, kind, says):
    if kind == "fifo" and sys.platform == "win32":
        pytest.skip("named pipes")
    open_photo(qtbot, window, photo_2026)
    before = tab.network_input
    open_photo(qtbot, window, bad_image(kind, tmp_path))
    title, problem, advice = error_dialogs[-1]
    assert title == "Open image" and f"{kind}.jpg" in problem and says in problem
    assert "keeps what it had" in advice
    assert tab.reading.showing_photo() and tab.reading.number_label.text() == "2026"
    assert tab.network_input is before and "4 digits" in tab.reading.status.text()


def test_only_the_last_photo_asked_for_is_shown(window, tab, qtbot, digits, photo_2026, tmp_path):
    other = save(page([digits[8], digits[1]]), tmp_path / "81.png")
    window.files.open_image_file(photo_2026)
    window.files.open_image_file(other)
    qtbot.waitUntil(lambda: tab.reading.thread is None and tab.reading.number_label.text() != "", timeout=10_000)
    wait_read(qtbot, tab)
    assert tab.reading.number_label.text() == "81" and tab.reading.photo_name == "81.png"


def test_test_digit_returns_to_the_canvas_with_a_test_row_on_it(window, tab, qtbot, photo_2026):
    open_photo(qtbot, window, photo_2026)
    row = tab.put_test_digit(905)
    assert row == 905 and tab.reading.stack.currentIndex() == CANVAS_PAGE and not tab.canvas.is_blank()
    assert tab.test_digit_info.text() == f"Test row 905, labelled {window.state.data.labels[905]}"
    assert tab.network_input is not None and tab.predicted_digit.text() == str(tab.probabilities.argmax())
    assert tab.reading.number_label.text() == "", "read as one digit"


def test_a_file_name_that_looks_like_markup_shows_as_it_is(window, tab, qtbot, digits, tmp_path):
    path = save(page([digits[5]]), tmp_path / "<b>cinco.png")
    open_photo(qtbot, window, path)
    assert tab.reading.status.textFormat() == Qt.TextFormat.PlainText
    assert tab.reading.status.text().startswith("<b>cinco.png: 1 digit.")


def test_clear_returns_to_the_canvas(window, tab, qtbot, photo_2026):
    open_photo(qtbot, window, photo_2026)
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.reading.stack.currentIndex() == CANVAS_PAGE and tab.reading.photo is None
    assert tab.reading.number_label.text() == "" and tab.network_input is None
    draw(qtbot, tab.canvas, line((140, 40), (140, 240)))
    assert tab.predicted_digit.text() == "1", "the canvas reads one digit again"


def test_another_reader_reads_the_photo_again(window, tab, qtbot, photo_2026):
    open_photo(qtbot, window, photo_2026)
    tab.reader_combo.setCurrentIndex(1)     # the current model
    assert tab.reading.thread is not None, "read again, off the GUI thread"
    wait_read(qtbot, tab)
    assert tab.reading.showing_photo() and len(tab.reading.digits) == 4
    assert tab.reader() is window.state.model and tab.reading._shown_network is window.state.model.network
    assert tab.reading.view.readings == [str(digit.digit) for digit in tab.reading.digits]


def ellipse(centre, radii, steps=40):
    return [(round(centre[0] + radii[0] * np.sin(2 * np.pi * i / steps)),
             round(centre[1] - radii[1] * np.cos(2 * np.pi * i / steps))) for i in range(steps + 1)]


def test_number_mode_widens_the_canvas_and_reads_a_written_number_digit_by_digit(tab, qtbot):
    tab.reading.number_box.setChecked(True)
    assert tab.canvas.width() == VIEW_SIZE.width() and tab.canvas.height() == CANVAS_SIDE
    draw(qtbot, tab.canvas, line((90, 50), (90, 230)))
    assert tab.reading.number_label.text() == "1"
    draw(qtbot, tab.canvas, ellipse((280, 140), (55, 90)))
    assert tab.reading.number_label.text() == "10"
    assert tab.canvas._readings == ["1", "0"] and len(tab.canvas._boxes) == 2
    assert tab.predicted_digit.text() == "0", "the digit just written is shown as the network sees it"
    left, top = tab.canvas._boxes[0][:2]
    on_tab = QPoint(left + 3, top - 5)      # the first reading's tab, above its box
    assert tab.canvas.grab().toImage().pixelColor(on_tab).value() < 250, "the reading is on the screen..."
    assert tab.canvas.image().pixelColor(on_tab).value() == 255, "...never in the ink"
    tab.reading.number_box.setChecked(False)
    assert tab.canvas.width() == CANVAS_SIDE and tab.canvas.is_blank() and tab.reading.number_label.text() == ""


@pytest.mark.parametrize("language, mode", [("en", "photo"), ("es", "photo"), ("es", "number")])
def test_the_draw_tab_reading_a_number_fits_the_smallest_window(window, tab, qtbot, photo_2026, language, mode):
    from gui.window_placement import MINIMUM_SIZE

    window.set_language(language)
    try:
        if mode == "photo":
            open_photo(qtbot, window, photo_2026)
        else:
            tab.reading.number_box.setChecked(True)
            draw(qtbot, tab.canvas, line((90, 50), (90, 230)))
            assert tab.reading.number_label.text() == "1"
        window.resize(*MINIMUM_SIZE)
        qtbot.wait(100)
        assert problems(window) == []
    finally:
        window.set_language("en")


def test_in_spanish_the_dialog_and_the_status_speak_spanish(window, tab, qtbot, photo_2026, tmp_path, error_dialogs):
    window.set_language("es")
    try:
        open_photo(qtbot, window, photo_2026)
        assert tab.reading.status.text().startswith("foto.jpg: 4 dígitos.")
        open_photo(qtbot, window, bad_image("text", tmp_path))
        title, problem, advice = error_dialogs[-1]
        assert title == "Abrir imagen" and "text.jpg: no es una imagen que Trazo pueda leer" in problem
        assert advice.startswith("La pestaña Dibujar conserva lo que tenía.")
        window.set_language("en")
        assert tab.reading.status.text().startswith("foto.jpg: 4 digits."), "the status follows the language"
    finally:
        window.set_language("en")
