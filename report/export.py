"""Writing the report to a file: the one entry point of the command line and the app.

The file's extension picks the format: `.pdf` (report/pdf.py, through QtGui), `.html` or `.md`
(report/render.py). Qt is imported only for a PDF.
"""

from __future__ import annotations

from pathlib import Path

from core.services.comparison import RunRecord
from core.learning.data import Dataset
from core.base.errors import ReportError
from core.base.files import writable_target
from core.base.i18n import LANGUAGES, _, translator, unknown_language
from core.learning.model import Model
from report.content import build_report
from report.render import check_images_folder, write_html, write_markdown

FORMATS = (".pdf", ".html", ".md")


def report_format(path: str | Path) -> str:
    """'.pdf', '.html' or '.md' from the file name, or a ReportError saying what is wrong with the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        given = (_("the extension {suffix!r}").format(suffix=path.suffix) if path.suffix
                 else _("no extension"))
        raise ReportError(_("{path}: {given} names no report format; use .pdf, .html or .md").format(
            path=path, given=given))
    writable_target(path, ReportError)
    if suffix == ".md":
        check_images_folder(path)
    return suffix


def default_report_name(model_name: str, lang: str) -> str:
    """The report's file name in `lang`: 'report-model.pdf', 'informe-model.pdf' in Spanish, for model.npz."""
    # TRANSLATORS: a file name, no spaces; {model} is the model file's name without .npz
    return translator(lang)("report-{model}.pdf").format(model=Path(model_name).stem or "model")


def write_report(model: Model, model_name: str, data: Dataset, rows: tuple[int, int], lang: str,
                 out_path: str | Path, runs: tuple[RunRecord, ...] = (), author: str = "") -> Path:
    """Build the report of `model` tested on `rows` of `data` (comparing `runs`, when two or more are given),
    by `author`, and write it in the format of `out_path`."""
    path = Path(out_path)
    suffix = report_format(path)
    if lang not in LANGUAGES:
        raise ReportError(unknown_language(lang))
    report = build_report(model, model_name, data, rows, lang, runs, author)
    if suffix == ".pdf":
        from report.pdf import write_pdf

        return write_pdf(report, path)
    return {".html": write_html, ".md": write_markdown}[suffix](report, path)
