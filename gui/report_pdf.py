"""Writing the report to a file: PDF through Qt (QTextDocument + QPdfWriter), HTML and Markdown by core.

`write_report` is the one entry point for the command line and the app; the file's extension picks
the format. It works without a display: with no Qt application running it starts an offscreen one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPageLayout, QPageSize,
                           QPainter, QPdfWriter, QTextCursor, QTextDocument, QTextFormat)

from core.data import Dataset
from core.model_io import Model
from core.report import (FORMULA_PREFIX, LANGUAGES, SCREEN_DPI, Report, ReportError, build_report, render_html, text, write_html,
                         write_markdown)

FORMATS = (".pdf", ".html", ".md")
PDF_RESOLUTION = 300
MARGIN_MM = 20

PDF_STYLE = """
h1 { font-size: 16pt; margin-top: 12px; margin-bottom: 6px; color: #12324f; }
h1.title { font-size: 20pt; margin-top: 0; margin-bottom: 2px; }
h2 { font-size: 12.5pt; margin-top: 12px; margin-bottom: 4px; color: #12324f; }
p { margin-top: 3px; margin-bottom: 5px; }
p.subtitle { color: #555555; margin-bottom: 12px; }
p.caption { font-size: 8.5pt; color: #444444; margin-top: 2px; margin-bottom: 10px; }
p.emphasis { font-weight: bold; font-size: 12pt; }
p.figure { margin-top: 8px; margin-bottom: 0; }
p.formula { margin-top: 6px; margin-bottom: 8px; }
th { background-color: #e8edf3; font-weight: bold; }
td, th { padding: 3px; }
td.key { color: #555555; }
pre { font-family: "%(mono)s"; font-size: 7.5pt; background-color: #f4f5f7; white-space: pre-wrap;
      margin-top: 2px; margin-bottom: 10px; }
li { margin-bottom: 2px; }
"""

_application = None  # kept alive when this module had to start Qt itself


def report_format(path: str | Path) -> str:
    """'.pdf', '.html' or '.md' from the file name, or a ReportError that says what is accepted."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        given = f"the extension {path.suffix!r}" if path.suffix else "no extension"
        raise ReportError(f"{path}: {given} names no report format; use .pdf, .html or .md")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ReportError(f"{path}: the folder {folder} does not exist")
    return suffix


def write_report(model: Model, model_name: str, data: Dataset, rows: tuple[int, int], lang: str,
                 out_path: str | Path) -> Path:
    """Build the report of `model` tested on `rows` of `data` and write it in the format of `out_path`."""
    path = Path(out_path)
    suffix = report_format(path)
    if lang not in LANGUAGES:
        raise ReportError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    report = build_report(model, model_name, data, rows, lang)
    {".pdf": write_pdf, ".html": write_html, ".md": write_markdown}[suffix](report, path)
    return path


def write_pdf(report: Report, path: str | Path) -> None:
    """A4 pages with a footer, written to a temporary file and then moved into place."""
    path = Path(path)
    ensure_application()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise ReportError(f"{path}: cannot write there ({error.strerror})") from None
    os.close(handle)
    try:
        _print(report, temporary)
        if os.path.getsize(temporary) == 0:
            raise ReportError(f"{path}: Qt could not write the PDF")
        os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, path)
    except OSError as error:
        raise ReportError(f"{path}: cannot write the report ({error.strerror})") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _print(report: Report, file_name: str) -> None:
    writer = QPdfWriter(file_name)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(report.title)
    writer.setCreator("Trazo")
    document = _document(report)
    document.documentLayout().setPaintDevice(writer)
    page = QSizeF(writer.width(), writer.height())
    margin = MARGIN_MM / 25.4 * PDF_RESOLUTION
    frame = document.rootFrame().frameFormat()
    frame.setMargin(MARGIN_MM / 25.4 * SCREEN_DPI)  # the layout scales frame margins to the device
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(page)
    _keep_with_next(document, page.height())
    painter = QPainter(writer)
    try:
        pages = document.pageCount()
        for number in range(pages):
            if number:
                writer.newPage()
            _paint_page(painter, document, number, pages, page, margin, report)
    finally:
        painter.end()


def _paint_page(painter: QPainter, document: QTextDocument, number: int, pages: int, page: QSizeF,
                margin: float, report: Report) -> None:
    """One page of the document, clipped to its text area (a split code block stays inside), and a footer."""
    top = number * page.height()
    body = QRectF(0, top + margin, page.width(), page.height() - 2 * margin)
    painter.save()
    painter.translate(0, -top)
    document.drawContents(painter, body)
    painter.restore()
    font = QFont(document.defaultFont())
    font.setPointSizeF(8)
    painter.setFont(font)
    painter.setPen(QColor("#666666"))
    footer = QRectF(margin, page.height() - margin + 0.25 * margin, page.width() - 2 * margin, 0.5 * margin)
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, report.title)
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                     text("page_footer", report.lang, page=number + 1, pages=pages))


def _keep_with_next(document: QTextDocument, page_height: float) -> None:
    """Move a heading, and a figure with its caption, to the next page rather than part them there."""
    layout = document.documentLayout()
    layout.documentSize()  # lays the whole document out; block positions are only right after that
    block = document.begin()
    while block.isValid():
        chain_end = block
        while _keeps_with_next(chain_end) and chain_end.next().isValid():
            chain_end = chain_end.next()
        if chain_end != block and _in_root_frame(document, block):
            top = layout.blockBoundingRect(block).top()
            bottom = _needed_bottom(layout, chain_end)
            if int(top // page_height) != int(bottom // page_height) and bottom - top < 0.8 * page_height:
                block_format = block.blockFormat()
                block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(block_format)
                document.markContentsDirty(0, document.characterCount())  # the incremental relayout
                layout.documentSize()                                     # leaves later blocks empty
        block = chain_end.next() if chain_end != block else block.next()


def _needed_bottom(layout, block) -> float:
    """Where a chain must end on the page: a text paragraph may split after its second line."""
    rect = layout.blockBoundingRect(block)
    lines = block.layout()
    if block.text() == "\ufffc" or lines.lineCount() < 3:
        return rect.bottom()
    return rect.top() + lines.lineAt(1).rect().bottom()


def _keeps_with_next(block) -> bool:
    """Headings stay with what follows them, figures with their captions, a paragraph with the
    formula after it, and a line of code, or the line that says where it is from, with the next."""
    if block.blockFormat().headingLevel() > 0 or _is_code(block.next()) or _image_name(block.next()).startswith(
            _image_url_prefix() + FORMULA_PREFIX):
        return True
    name = _image_name(block)
    return bool(name) and not name.startswith(_image_url_prefix() + FORMULA_PREFIX)


def _image_name(block) -> str:
    """The image URL of a block that holds only an image, else ''."""
    if not block.isValid() or block.text() != "\ufffc":
        return ""
    image_format = block.begin().fragment().charFormat()
    return image_format.toImageFormat().name() if image_format.isImageFormat() else ""


def _is_code(block) -> bool:
    """Lines of a <pre> block: the only blocks with a background."""
    return block.isValid() and block.blockFormat().background().style() != Qt.BrushStyle.NoBrush


def _in_root_frame(document: QTextDocument, block) -> bool:
    return QTextCursor(block).currentFrame() == document.rootFrame()


def _document(report: Report) -> QTextDocument:
    """The report's HTML in a QTextDocument, its images added as resources."""
    document = QTextDocument()
    font = QFont("DejaVu Sans", 10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    document.setDefaultFont(font)
    for image in report.images:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_image_url(image)),
                             QImage.fromData(image.png, "PNG"))
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    html = render_html(report, image_source=_image_url, style=PDF_STYLE % {"mono": mono})
    document.setHtml(html)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, report.title)
    return document


def _image_url(image) -> str:
    return _image_url_prefix() + image.name


def _image_url_prefix() -> str:
    return "trazo-image:"


def ensure_application():
    """The running Qt application, or a new QGuiApplication (offscreen when there is no display)."""
    global _application
    application = QGuiApplication.instance()
    if application is None:
        no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and no_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        application = _application = QGuiApplication(["trazo-report"])
    return application


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
