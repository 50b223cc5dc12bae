"""The report as an A4 PDF with page footers, through QtGui (QTextDocument and QPdfWriter).

This module uses QtGui only, never the app's widgets (gui/), so the command line can write a PDF
without a window: with no Qt application running it starts a QGuiApplication, offscreen when there is
no display.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPageLayout, QPageSize,
                           QPainter, QPdfWriter, QTextCursor, QTextDocument, QTextFormat)

from core.base.errors import ReportError
from core.base.files import write_atomically
from core.base.i18n import _, translator
from core.base.version import version
from report.content import FORMULA_PREFIX, SCREEN_DPI, Report
from report.render import render_html, style

PDF_RESOLUTION = 300
MARGIN_MM = 20

_application = None  # kept alive when this module had to start Qt itself


def write_pdf(report: Report, path: str | Path) -> Path:
    """The PDF, made in memory and then written atomically; the path written."""
    ensure_application()
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _print(report, buffer)
    buffer.close()
    if content.isEmpty():
        raise ReportError(_("{path}: Qt could not make the PDF").format(path=path))
    return write_atomically(path, content.data(), ReportError)


def _print(report: Report, device: QIODevice) -> None:
    writer = QPdfWriter(device)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(report.title)
    writer.setCreator(f"Trazo {version()}")
    document = _document(report)
    document.documentLayout().setPaintDevice(writer)
    page = QSizeF(writer.width(), writer.height())
    margin = MARGIN_MM / 25.4 * PDF_RESOLUTION
    frame = document.rootFrame().frameFormat()
    frame.setMargin(MARGIN_MM / 25.4 * SCREEN_DPI)  # the layout scales frame margins to the device
    document.rootFrame().setFrameFormat(frame)
    document.setPageSize(page)
    _keep_with_next(document, page.height(), page.height() - 2 * margin)
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
    page_number = _page_footer(report.lang, number + 1, pages)
    metrics = painter.fontMetrics()   # a long author is shortened in the middle, clear of the page number
    room = footer.width() - metrics.horizontalAdvance(page_number + "    ")
    left = metrics.elidedText(report.footer or report.title, Qt.TextElideMode.ElideMiddle, int(room))
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, page_number)


def _page_footer(lang: str, page: int, pages: int) -> str:
    _ = translator(lang)
    return _("page {page} of {pages}").format(page=page, pages=pages)


def _keep_with_next(document: QTextDocument, page_height: float, body_height: float) -> None:
    """Move a heading, and a figure with its caption, to the next page rather than part them there, when
    they fit in the next page's `body_height` (the page less its margins)."""
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
            if int(top // page_height) != int(bottom // page_height) and bottom - top < body_height:
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
    html = render_html(report, image_source=_image_url, css=style("pdf.css") % {"mono": mono})
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

