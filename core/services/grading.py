"""Grading a model by how it behaves: its rate on the test rows, its rate on rows it never trained on beyond
them, and whether the test rows look like rows it trained on.

A network reads the rows it trained on better than rows it never saw: fewer wrong answers, and fewer
answers where it gave the right digit less than SURE (a cost −ln ŷ above −ln SURE ≈ 0.01). The check
counts both on the test rows and on the unseen rows beyond them. If the test rows were rows like the
others, they would be a random draw from all the unseen rows (theirs included), and the count among them
would follow the hypergeometric law: Fisher's exact test, one-sided. When either count is so low that its
chance is below THRESHOLD, the model is flagged, whatever its file says; an honest model is flagged by
chance at most twice in a thousand (two counts, each below THRESHOLD once in a thousand).

The file's training rows are used only to leave the rows it says it trained on out of the unseen rows,
and to report a file that says itself that it trained on the test rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.base.errors import TrazoError
from core.base.i18n import _, ngettext
from core.learning.data import Dataset, RowRange, RowRanges, count_rows, format_row_ranges, ranges_overlap
from core.learning.evaluation import Evaluation, evaluate
from core.learning.model import Model
from core.learning.model_io import SUFFIX, load_model

SURE = 0.99              # an answer that gives the right digit less than this is a doubtful one
THRESHOLD = 0.001        # a count whose chance is below this flags the model
MIN_UNSEEN_ROWS = 500    # fewer unseen rows than this tell too little

CLEAN, SUSPECT, ADMITTED, UNKNOWN = "clean", "suspect", "admitted", "unknown"
UNREADABLE = "unreadable"      # a file that could not be graded


@dataclass(frozen=True)
class Tail:
    """A count on the test rows against the same count on the unseen rows, and the chance of so few."""

    test_count: int
    test_total: int
    unseen_count: int
    unseen_total: int

    @property
    def chance(self) -> float:
        """P(at most test_count) when test_total rows are drawn at random from all of them (hypergeometric)."""
        return fewer_by_chance(self.test_count, self.test_total, self.unseen_count, self.unseen_total)


@dataclass(frozen=True)
class Grade:
    """What a model does on the test rows and on the unseen rows beyond them, and the verdict."""

    verdict: str                    # CLEAN, SUSPECT, ADMITTED or UNKNOWN
    test: Evaluation
    unseen: Evaluation | None       # None when too few rows are left to tell
    unseen_rows: RowRanges
    errors: Tail | None = None      # wrong answers
    doubts: Tail | None = None      # answers less than SURE of the right digit

    @property
    def flagged(self) -> bool:
        return self.verdict in (SUSPECT, ADMITTED)

    @property
    def chance(self) -> float | None:
        """The smaller of the two chances, or None when nothing was compared."""
        if self.errors is None or self.doubts is None:
            return None
        return min(self.errors.chance, self.doubts.chance)


def fewer_by_chance(test_count: int, test_total: int, unseen_count: int, unseen_total: int) -> float:
    """How likely at most `test_count` of the `test_count + unseen_count` events fall among `test_total` rows
    drawn at random from `test_total + unseen_total` (Fisher's exact test, one-sided); exact integers."""
    rows, events = test_total + unseen_total, test_count + unseen_count
    ways = sum(math.comb(events, drawn) * math.comb(rows - events, test_total - drawn)
               for drawn in range(test_count + 1))
    return ways / math.comb(rows, test_total)


def doubtful(evaluation: Evaluation) -> np.ndarray:
    """Rows whose right digit the network gave less than SURE (wrong answers included)."""
    return evaluation.probabilities[np.arange(evaluation.total), evaluation.labels] < SURE


def beyond(test_rows: RowRange, data: Dataset) -> RowRange:
    """The rows after the test rows to the end of the data: 1000-4999 for 900-999 of the shipped file."""
    return test_rows[1], max(len(data), test_rows[1])


def trained_rows(model: Model, data: Dataset) -> RowRanges | None:
    """The rows the file says the model trained on, when they are rows of this data file; else None."""
    if model.settings is None or model.provenance.data_file not in ("", data.name):
        return None
    return model.settings.train_rows


def without(rows: RowRange, taken: RowRanges) -> RowRanges:
    """The parts of `rows` outside every range of `taken`."""
    parts = [rows]
    for start, end in sorted(taken):
        parts = [piece for low, high in parts for piece in ((low, min(high, start)), (max(low, end), high))
                 if piece[0] < piece[1]]
    return tuple(parts)


def grade(model: Model, data: Dataset, test_rows: RowRange, unseen: RowRange | None = None) -> Grade:
    """The model on `test_rows` and on `unseen` (default: the rows beyond them) less the test rows and the rows
    its file says it trained on; a DataError when the rows are not in the data."""
    network = model.network
    test = evaluate(network, *data.rows(test_rows), first_row=test_rows[0])
    trained = trained_rows(model, data)
    unseen_rows = without(unseen or beyond(test_rows, data), (*(trained or ()), test_rows))
    admitted = trained is not None and ranges_overlap(trained, (test_rows,)) is not None
    if count_rows(unseen_rows) < MIN_UNSEEN_ROWS:
        return Grade(ADMITTED if admitted else UNKNOWN, test, None, unseen_rows)
    held = evaluate(network, *data.rows_in(unseen_rows), first_row=unseen_rows[0][0])
    errors = Tail(test.total - test.correct, test.total, held.total - held.correct, held.total)
    doubts = Tail(int(doubtful(test).sum()), test.total, int(doubtful(held).sum()), held.total)
    suspect = min(errors.chance, doubts.chance) < THRESHOLD
    verdict = ADMITTED if admitted else SUSPECT if suspect else CLEAN
    return Grade(verdict, test, held, unseen_rows, errors, doubts)


@dataclass(frozen=True)
class Graded:
    """One file of the class: its model and grade, or why it could not be read."""

    path: Path
    model: Model | None = None
    grade: Grade | None = None
    problem: str = ""

    @property
    def verdict(self) -> str:
        return self.grade.verdict if self.grade is not None else UNREADABLE


def model_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """The paths given, a folder replaced by the model files in it (by name); with each, why it cannot be
    graded when that is known already ('' otherwise)."""
    files = []
    for path in paths:
        if not path.is_dir():
            files.append((path, ""))
            continue
        try:
            found = sorted(child for child in path.iterdir() if child.suffix.lower() == SUFFIX)
        except OSError as error:
            files.append((path, _("{path}: the folder cannot be read ({problem})").format(
                path=path, problem=error.strerror or error)))
            continue
        files += [(child, "") for child in found] or [
            (path, _("{path}: a folder with no model files (.npz)").format(path=path))]
    return files


def grade_files(paths: list[Path], data: Dataset, test_rows: tuple[int, int],
                unseen: tuple[int, int] | None = None) -> list[Graded]:
    """Every file graded, in the order given (a folder's in order of name); one that cannot be read gets its
    reason, and grading goes on."""
    graded = []
    for path, problem in model_files(paths):
        if problem:
            graded.append(Graded(path, problem=problem))
            continue
        try:
            model = load_model(path)
            graded.append(Graded(path, model, grade(model, data, test_rows, unseen)))
        except TrazoError as error:
            graded.append(Graded(path, problem=str(error)))
    return graded


def format_chance(chance: float) -> str:
    """'0.42', '0.0031', '2e-05', '< 1e-12'."""
    if chance < 1e-12:
        return "< 1e-12"
    return f"{chance:.2g}" if chance < 0.01 else f"{chance:.2f}"


def short_verdict(result: Grade) -> str:
    """The verdict in a few words, for a table's cell."""
    if result.verdict == ADMITTED:
        return _("trained on the test rows (its file says so)")
    if result.verdict == UNKNOWN:
        count = count_rows(result.unseen_rows)
        return ngettext("cannot tell: only {count} unseen row", "cannot tell: only {count} unseen rows",
                        count).format(count=count)
    assert result.chance is not None, "a clean or suspect model was compared"
    chance = format_chance(result.chance)
    if result.verdict == SUSPECT:
        return _("SUSPECT: trained on the test rows? (p = {chance})").format(chance=chance)
    return _("no sign (p = {chance})").format(chance=chance)


def explain(result: Grade) -> str:
    """The verdict and its figures in a few sentences (the test command, the Test tab)."""
    text = {CLEAN: _("No sign that it trained on the test rows."),
            SUSPECT: _("SUSPECT: it reads the test rows as if it had trained on them."),
            ADMITTED: _("Its file says it trained on the test rows: the test rate is optimistic."),
            UNKNOWN: _("Cannot tell whether it trained on the test rows.")}[result.verdict]
    rows = format_row_ranges(result.unseen_rows) if result.unseen_rows else _("none")
    if result.unseen is None:
        return text + " " + _("Rows it never trained on beyond the test rows: {rows}; the check needs at least "
                              "{least}.").format(rows=rows, least=MIN_UNSEEN_ROWS)
    errors, doubts, sure = result.errors, result.doubts, f"{100 * SURE:.0f}%"
    assert errors is not None and doubts is not None, "counted with the unseen rows"
    return text + " " + _(
        "Rows it never trained on ({rows}): it reads {rate:.2f}% of them, and on {doubtful:.1f}% it gives the "
        "right digit less than {sure}. Test rows: wrong answers {test_wrong} of {total}, less than {sure} sure "
        "{test_doubtful}. Were the test rows like the others, so few would come by chance with a probability "
        "of {p_errors} (wrong) and {p_doubts} (less sure); below {threshold} the model is flagged.").format(
        rows=rows, rate=100 * result.unseen.rate, doubtful=100 * doubts.unseen_count / doubts.unseen_total,
        sure=sure, test_wrong=errors.test_count, total=errors.test_total, test_doubtful=doubts.test_count,
        p_errors=format_chance(errors.chance), p_doubts=format_chance(doubts.chance), threshold=f"{THRESHOLD:g}")
