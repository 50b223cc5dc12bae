"""The Draw tab's numbers: a photo of digits on paper, or a number written on a wider canvas, read digit by
digit from left to right by core/handwriting/paper.py, each digit's box and reading shown, the whole number
in large type; a digit clicked shows what the network sees.

A photo comes from File > Open image..., a file dropped on the tab, or the clipboard (Ctrl+V: an image or
an image file). report/images.py decodes it, with its checks, and the photo is decoded and read off the GUI
thread (gui/workers.py's Job); one photo is read at a time, and only the last one asked for is shown. A
photo that cannot be read is a dialog, and the tab keeps what it had. A number on the canvas is the
canvas's image read the same way, when a stroke ends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QFont, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from core.base.i18n import N_, _, ngettext
from core.handwriting.drawing import CANVAS_SIDE
from core.handwriting.paper import PaperDigit, number_text, read_paper
from gui import dialogs
from gui.canvas import DrawingCanvas
from gui.photo_view import VIEW_SIZE, PhotoView
from gui.translation import Texts
from gui.workers import Job
from report.images import Photo, image_array, qimage_photo, read_image

IMAGE_FILTER = N_("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;All files (*)")
NUMBER_FONT_SCALE = 2.5
CANVAS_PAGE, PHOTO_PAGE = 0, 1
DROP = ("drop",)


class NumberReading(QWidget):
    """The canvas or the photo, in turn (a stack); `number_box` (the number mode) and `result` (the tab's hint
    for one digit, or the number read and what the tab is doing) are placed by the tab.
    `digitShown(network input, probabilities)` gives the digit selected, or (None, None)."""

    digitShown = Signal(object, object)

    def __init__(self, reader: Callable, parent: QWidget | None = None):
        super().__init__(parent, objectName="numberReading")
        self.reader = reader                    # () -> the Model that reads, or None
        self.texts = Texts()
        self.photo: Photo | None = None         # the photo shown, as decoded
        self.digits: list[PaperDigit] = []      # its digits, or the canvas's in number mode
        self.selected: int | None = None
        self.job: Job | None = None
        self.thread: QThread | None = None
        self._next: tuple | None = None         # once the photo being read is: None shows it; DROP drops it;
                                                # (decode, name), asked for meanwhile, drops it and is read next
        self.photo_name = ""                    # the photo shown, as the user knows it
        self._reading_name = ""                 # the photo being read
        self._reading_network = self._shown_network = None     # the networks that read it and the photo shown
        self._status = ""
        self._build()
        self.canvas.cleared.connect(self.show_canvas)
        self.number_box.toggled.connect(self._number_mode_toggled)
        self.view.digitClicked.connect(self.select)
        self.view.digitPressed.connect(self.canvas.digitPressed)     # a digit key: as on the canvas

    def _build(self) -> None:
        self.canvas = DrawingCanvas()
        self.view = PhotoView()
        self.texts.set(self.view.setToolTip, N_("Click a digit to see what the network sees; Clear returns to "
                                                "the canvas"))
        canvas_page = QWidget()
        canvas_layout = QVBoxLayout(canvas_page)
        canvas_layout.setContentsMargins(0, 0, 0, 0)
        canvas_layout.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(objectName="drawStack")
        self.stack.addWidget(canvas_page)
        self.stack.addWidget(self.view)
        self.stack.setMinimumSize(VIEW_SIZE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.number_box = QCheckBox(objectName="numberModeBox")
        self.texts.set(self.number_box.setText, N_("A number"))
        self.texts.set(self.number_box.setToolTip, N_("A wider canvas for a number of several digits, read digit "
                                                      "by digit as photos are"))
        self.result = QStackedWidget(objectName="numberResult")
        number_page = QWidget()
        result_layout = QVBoxLayout(number_page)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.setSpacing(0)
        self.number_label = QLabel("", objectName="numberLabel", alignment=Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * NUMBER_FONT_SCALE)
        font.setBold(True)
        self.number_label.setFont(font)
        self.status = QLabel("", objectName="numberStatus", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        result_layout.addWidget(self.number_label)
        result_layout.addWidget(self.status)
        self.result.addWidget(number_page)

    def with_hint(self, hint: QLabel) -> QStackedWidget:
        """`result`, showing `hint` while one digit is drawn and the number read in its place otherwise."""
        self.result.insertWidget(0, hint)
        self.result.setCurrentIndex(0)
        return self.result

    def retranslate(self) -> None:
        self.texts.retranslate()
        self._show_status()

    # --- what is shown -----------------------------------------------------------------------------

    def showing_photo(self) -> bool:
        return self.stack.currentIndex() == PHOTO_PAGE

    def reads_numbers(self) -> bool:
        """Whether the tab reads a number (a photo, or the canvas in number mode) rather than one digit."""
        return self.showing_photo() or self.number_box.isChecked()

    def show_canvas(self) -> None:
        """Back to the canvas: the photo goes (a photo still being read is not shown either)."""
        self._next = DROP if self.thread is not None else None
        self.photo = None
        self.stack.setCurrentIndex(CANVAS_PAGE)
        self._show_digits([])

    def _number_mode_toggled(self, on: bool) -> None:
        self.show_canvas()
        self.canvas.set_width(VIEW_SIZE.width() if on else CANVAS_SIDE)

    def read(self) -> None:
        """Read again what is shown: the photo (off the GUI thread) when another reader reads, or the number on
        the canvas."""
        if self.showing_photo():
            if self._network() is not self._shown_network:
                photo = self.photo
                self._start(lambda: photo, self.photo_name)
            return
        network = self._network()
        if network is None or self.canvas.is_blank():
            self._show_digits([])
            return
        self._show_digits(read_paper(network, image_array(self.canvas.image())))
        self.canvas.set_readings([digit.box for digit in self.digits], [str(digit.digit) for digit in self.digits])

    def _network(self):
        model = self.reader()
        return None if model is None else model.network

    def select(self, index: int | None) -> None:
        """Show digit `index` as the network sees it (None: none)."""
        self.selected = index
        self.view.select(index)
        digit = None if index is None else self.digits[index]
        if digit is None:
            self.digitShown.emit(None, None)
        else:
            self.digitShown.emit(digit.network_input, digit.probabilities)

    def digit_added(self) -> None:
        """A digit joined the user's digits: a drawing of one digit is cleared for the next, a number stays."""
        if not self.reads_numbers():
            self.canvas.clear()

    def _show_digits(self, digits: list[PaperDigit]) -> None:
        self.digits = digits
        self.number_label.setText(number_text(digits))
        self._say(self._mode())
        # a photo's first digit, or the canvas's last (the one just written)
        self.select(None if not digits else 0 if self.showing_photo() else len(digits) - 1)

    def _mode(self) -> str:
        return "photo" if self.showing_photo() else "number" if self.number_box.isChecked() else ""

    def _say(self, status: str) -> None:
        self._status = status
        self._show_status()

    def _show_status(self) -> None:
        kind, count = self._status, len(self.digits)
        text = ""
        if kind == "reading":
            text = _("Reading {name}...").format(name=self._reading_name)
        elif kind == "photo" and self.reader() is None:
            text = _("No model loaded")
        elif kind == "photo" and count == 0:
            text = _("{name}: no digits found. A good photo: dark ink on plain paper, the number alone, filling "
                     "most of the frame.").format(name=self.photo_name)
        elif kind == "photo":
            text = ngettext("{name}: {count} digit. Click it to see what the network sees.",
                            "{name}: {count} digits. Click one to see what the network sees.",
                            count).format(name=self.photo_name, count=count)
        elif kind == "number":
            text = _("Write a number of a few digits, side by side; each is read when a stroke ends.")
        self.status.setText(text)
        self.result.setCurrentIndex(0 if kind == "" else self.result.count() - 1)

    # --- photos in ---------------------------------------------------------------------------------

    def open_file(self, path: str | Path) -> None:
        """Decode and read an image file; a dialog if it cannot be read."""
        self._start(lambda: read_image(path), Path(path).name)

    def open_image(self, image: QImage, name: str) -> None:
        """Read an image (pasted, or dropped from another program)."""
        image = image.copy()
        self._start(lambda: qimage_photo(image, name), name)

    def open_mime(self, mime: QMimeData) -> bool:
        """Read the image, or the first image file, that the clipboard or a drop holds; False if it holds none."""
        urls = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
        if not urls and mime.hasText() and mime.text().strip().startswith("file:"):   # a file's URL copied as text
            url = QUrl(mime.text().strip().splitlines()[0])
            urls = [url] if url.isLocalFile() else []
        if urls:
            self.open_file(urls[0].toLocalFile())
        elif mime.hasImage():
            image = mime.imageData()
            self.open_image(image.toImage() if isinstance(image, QPixmap) else QImage(image), _("the pasted image"))
        else:
            return False
        return True

    def paste(self) -> None:
        if not self.open_mime(QApplication.clipboard().mimeData()):
            dialogs.show_error(self, _("Paste image"), _("The clipboard holds no image and no image file."),
                               _("Copy a photo or an image file, then paste it on the Draw tab (Ctrl+V)."))

    def accept_images(self, tab: QWidget) -> None:
        """Images dropped on `tab`, or pasted there with Ctrl+V, are read."""
        tab.setAcceptDrops(True)
        tab.installEventFilter(self)
        shortcut = QShortcut(QKeySequence.StandardKey.Paste, tab,
                             context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.paste)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            mime = event.mimeData()
            if mime.hasImage() or any(url.isLocalFile() for url in mime.urls()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            if self.open_mime(event.mimeData()):
                event.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    def _start(self, decode: Callable[[], Photo], name: str) -> None:
        """Decode and read a photo off the GUI thread; a photo asked for meanwhile waits for its turn."""
        if self.thread is not None:
            self._next = (decode, name)
            return
        network = self._reading_network = self._network()
        self._reading_name = name
        self._say("reading")
        self.job = Job(lambda: _decoded_and_read(decode, network))
        queued = Qt.ConnectionType.QueuedConnection
        self.job.done.connect(self._photo_read, queued)
        self.job.failed.connect(self._photo_failed, queued)
        thread = self.thread = self.job.start()
        thread.finished.connect(lambda: self._finished(thread))

    def _photo_read(self, result: tuple[Photo, list[PaperDigit]]) -> None:
        if self._next is not None:
            return
        self.photo, digits = result
        height, width = self.photo.pixels.shape[:2]
        image = QImage(self.photo.pixels.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
        self.stack.setCurrentIndex(PHOTO_PAGE)
        self.photo_name, self._shown_network = self._reading_name, self._reading_network
        self.view.set_photo(image, [digit.box for digit in digits], [str(digit.digit) for digit in digits], None)
        self._show_digits(digits)

    def _photo_failed(self, message: str) -> None:
        if self._next is not None:
            return
        self._say(self._mode())
        dialogs.show_error(self, _("Open image"), message, _("The Draw tab keeps what it had. Choose another "
                                                             "image: PNG or JPEG, a photo of digits on paper."))

    def _finished(self, thread: QThread) -> None:
        if thread is not self.thread:
            return
        self.thread.deleteLater()
        self.job.deleteLater()
        self.thread = self.job = None
        waiting, self._next = self._next, None
        if waiting is not None and waiting is not DROP:
            self._start(*waiting)

    def shutdown(self) -> None:
        """Wait for a photo being read (the window closes)."""
        if self.thread is not None:
            self._next = DROP
            self.thread.quit()      # its end signal would quit it through this thread's event loop, which waits
            self.thread.wait()


def _decoded_and_read(decode: Callable[[], Photo], network) -> tuple[Photo, list[PaperDigit]]:
    """A photo decoded and its digits read (none without a reader); run off the GUI thread."""
    photo = decode()
    return photo, ([] if network is None else read_paper(network, photo.pixels))

