"""`grade MODEL...`: one row per model file (a folder gives the .npz files in it), as a table for the terminal,
as CSV or as Markdown. A file that cannot be read gets its row with the reason, and grading goes on.

The rates and the verdict come from core/services/grading.py, which judges a model by what it does on the rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import textwrap
import unicodedata

from core.base.i18n import _, ngettext
from core.learning.data import format_row_range, format_row_ranges
from core.learning.network import ACTIVATIONS
from core.learning.settings import BY_NAME
from core.services.grading import (
    ADMITTED,
    SURE,
    SUSPECT,
    THRESHOLD,
    UNREADABLE,
    Graded,
    beyond,
    format_chance,
    grade_files,
    short_verdict,
)

EXIT_OK, EXIT_FLAGGED, EXIT_BAD_INPUT = 0, 1, 2
NOT_RECORDED = "?"
CSV_COLUMNS = ("file", "layers", "activation", "optimizer", "learning_rate", "batch_size", "epochs", "train_rows",
               "test_rows", "test_correct", "test_total", "test_percent", "unseen_rows", "unseen_correct",
               "unseen_total", "unseen_percent", "p_wrong", "p_doubtful", "verdict", "verdict_text")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")   # what a spreadsheet would run as a formula
UNPRINTABLE = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")   # control, format, undecodable, private, line breaks


def header(test_rows: tuple[int, int], unseen: tuple[int, int]) -> list[str]:
    return [_("File"), _("Layers"), _("Activation"), _("Optimiser"), _("Learning rate"), _("Batch"), _("Epochs"),
            _("Training rows"), _("Test {rows}").format(rows=format_row_range(test_rows)),
            _("Unseen {rows}").format(rows=format_row_range(unseen)), _("Verdict")]


def cells(graded: Graded, unseen: tuple[int, int]) -> list[str]:
    """A row of the table, in the interface language."""
    if graded.model is None:
        return [str(graded.path)] + [""] * 9 + [_("could not be read: {problem}").format(problem=graded.problem)]
    model, result = graded.model, graded.grade
    network, settings = model.network, model.settings
    described = [NOT_RECORDED] * 4 if settings is None else [
        BY_NAME["optimizer"].kind.describe(settings.optimizer),
        BY_NAME["learning_rate"].kind.format(settings.learning_rate),
        BY_NAME["batch_size"].kind.describe(settings.batch_size), format_row_ranges(settings.train_rows)]
    unseen_rate = "—"
    if result.unseen is not None:
        unseen_rate = f"{100 * result.unseen.rate:.2f}%"
        if result.unseen_rows != (unseen,):
            unseen_rate += f" ({format_row_ranges(result.unseen_rows)})"
    return [str(graded.path), "-".join(map(str, network.layer_sizes)), _(ACTIVATIONS[network.activation]),
            *described[:3], str(model.provenance.epochs_run), described[3], f"{100 * result.test.rate:.2f}%",
            unseen_rate, short_verdict(result)]


def csv_record(graded: Graded, test_rows: tuple[int, int]) -> list[str]:
    """A CSV row: keys and plain numbers a script reads, whatever the language."""
    record = dict.fromkeys(CSV_COLUMNS, "")
    record.update(file=str(graded.path), test_rows=format_row_range(test_rows), verdict=graded.verdict,
                  verdict_text=graded.problem)
    if graded.model is not None:
        model, result = graded.model, graded.grade
        record.update(layers="-".join(map(str, model.network.layer_sizes)), activation=model.network.activation,
                      epochs=str(model.provenance.epochs_run), test_correct=str(result.test.correct),
                      test_total=str(result.test.total), test_percent=f"{100 * result.test.rate:.2f}",
                      unseen_rows=format_row_ranges(result.unseen_rows), verdict_text=short_verdict(result))
        if model.settings is not None:
            settings = model.settings
            record.update(optimizer=settings.optimizer, learning_rate=BY_NAME["learning_rate"].kind.format(
                settings.learning_rate), batch_size=str(settings.batch_size),
                train_rows=format_row_ranges(settings.train_rows))
        if result.unseen is not None:
            record.update(unseen_correct=str(result.unseen.correct), unseen_total=str(result.unseen.total),
                          unseen_percent=f"{100 * result.unseen.rate:.2f}", p_wrong=repr(result.errors.chance),
                          p_doubtful=repr(result.doubts.chance))
    return [spreadsheet_safe(record[column]) for column in CSV_COLUMNS]


# --- text for a terminal, a spreadsheet and Markdown ------------------------------------------------------

def printable(text: str) -> str:
    """`text` with control, format and undecodable characters written as escapes (\\x1b, \\u202e, \\udcff), so
    that a file's name cannot move the cursor, colour the terminal, reverse the text or fail to print."""
    return "".join(_escape(character) if unicodedata.category(character) in UNPRINTABLE else character
                   for character in text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: none for a combining accent, two for a wide character."""
    return sum(0 if unicodedata.combining(character) else
               2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: printable, and not read as a formula (OWASP's CSV injection)."""
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def terminal_table(rows: list[list[str]]) -> str:
    """Rows of cells in columns padded to their display width; the first row is the header, underlined."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    rule = ["-" * width for width in widths]
    return "\n".join("  ".join(cell + " " * (width - display_width(cell))
                               for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in [rows[0], rule, *rows[1:]])


def markdown_table(rows: list[list[str]]) -> str:
    from report.render import markdown_escape

    lines = ["| " + " | ".join(markdown_escape(printable(cell)).replace("|", "\\|") for cell in row) + " |"
             for row in rows]
    return "\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])


def csv_table(records: list[list[str]]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(records)
    return stream.getvalue()


# --- the command ------------------------------------------------------------------------------------------

def run_grade(args: argparse.Namespace) -> int:
    """Print the class's table; exit 2 if a file could not be read, else 1 if a model is flagged, else 0."""
    from core.learning.data import load_dataset

    data = load_dataset(args.data)
    data.rows(args.rows)                                  # rows beyond the file fail once, before any model
    unseen = args.unseen or beyond(args.rows, data)
    data.rows(unseen)
    graded = grade_files(args.models, data, args.rows, unseen)
    if args.csv:
        sys.stdout.write(csv_table([csv_record(each, args.rows) for each in graded]))
    else:
        rows = [header(args.rows, unseen)] + [cells(each, unseen) for each in graded]
        print(markdown_table(rows) if args.markdown else terminal_table(rows))
        print()
        print("\n".join(textwrap.fill(line, 100) for line in summary(graded).splitlines()))
    if any(each.verdict == UNREADABLE for each in graded):
        return EXIT_BAD_INPUT
    return EXIT_FLAGGED if any(each.verdict in (SUSPECT, ADMITTED) for each in graded) else EXIT_OK


def summary(graded: list[Graded]) -> str:
    """How many models were graded, flagged and unreadable, and what the verdict means."""
    flagged = sum(each.verdict in (SUSPECT, ADMITTED) for each in graded)
    unreadable = sum(each.verdict == UNREADABLE for each in graded)
    counts = ngettext("{count} model file", "{count} model files", len(graded)).format(count=len(graded))
    counts += ": " + ngettext("{count} flagged", "{count} flagged", flagged).format(count=flagged)
    counts += ", " + ngettext("{count} could not be read", "{count} could not be read", unreadable).format(
        count=unreadable)
    return counts + ".\n" + _(
        "Verdict: p is the chance that the test rows would hold so few wrong answers, or so few answers less than "
        "{sure} sure of the right digit, if they were rows like the unseen ones the model never trained on; below "
        "{threshold} the model is flagged, whatever its file says.").format(
        sure=f"{100 * SURE:.0f}%", threshold=format_chance(THRESHOLD))
