"""Runs side by side, of a session or read from model files: each one's settings, curves and final rate, and
which settings differ.

The table is made from the settings' declarations (core/learning/settings.py): their labels, and each value as
`kind.describe` gives it, so a new setting appears here by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.learning.data import CLASSES, PIXELS, format_row_ranges
from core.learning.evaluation import format_cost
from core.services.grading import Grade, short_verdict
from core.base.i18n import _
from core.learning.model import Model
from core.services.runs import Run
from core.learning.settings import SETTINGS, TrainingSettings
from core.learning.training import History

NOT_USED = "—"   # a setting the run's other settings make irrelevant


@dataclass(frozen=True)
class RunRecord:
    """One run, of this session or of a model file, as it is kept for comparison."""

    number: int                 # 1, 2, ... in the order the runs ended (or the files were given)
    settings: TrainingSettings
    history: History
    test_rate: float            # on the settings' test rows, after the last epoch; a file's: as tested now
    seconds: float | None       # None: the file does not say
    stopped: bool
    label: str = ""             # a model file's name; a run of the session is "Run N"
    grade: Grade | None = None  # a model file's rates and check, tested now (core/services/grading.py)

    @property
    def layer_sizes(self) -> list[int]:
        return [PIXELS, *self.settings.hidden, CLASSES]

    @property
    def epochs_run(self) -> int:
        return len(self.history)

    def name(self, gettext: Callable[[str], str] = _) -> str:
        _ = gettext  # noqa: F811 (the name in the document's language)
        return self.label or _("Run {number}").format(number=self.number)


def record_of(run: Run, number: int) -> RunRecord:
    """The record of a run that gave a model (finished, or stopped after an epoch)."""
    result = run.result
    return RunRecord(number, result.settings, History(**vars(result.history)), run.test.rate, result.seconds,
                     result.stopped)


def record_of_model(model: Model, label: str, number: int, checked: Grade) -> RunRecord:
    """The record of a model read from a file (its settings recorded), with its rates as tested now."""
    provenance = model.provenance
    return RunRecord(number, model.settings, model.history, checked.test.rate, provenance.training_seconds,
                     provenance.stopped_early, label, checked)


@dataclass(frozen=True)
class ComparedRow:
    label: str
    values: list[str]
    differs: bool = False      # a setting whose value is not the same in every run


def setting_rows(settings: list[TrainingSettings], gettext: Callable[[str], str] = _) -> list[ComparedRow]:
    """One row per setting, a value per run; a setting that does not apply to a run shows NOT_USED."""
    rows = []
    for declared in SETTINGS:
        values = [declared.kind.describe(getattr(each, declared.name), gettext) if declared.applies_to(each)
                  else NOT_USED for each in settings]
        rows.append(ComparedRow(gettext(declared.label), values, len(set(values)) > 1))
    return rows


def result_rows(runs: list[RunRecord], gettext: Callable[[str], str] = _) -> list[ComparedRow]:
    """What each run gave: epochs run, final costs, test rate (and a file's rate on unseen rows, and its check)
    and time."""
    _ = gettext  # noqa: F811 (the table's own language)
    rows = [
        ComparedRow(_("Epochs run"), [str(run.epochs_run) + (" " + _("(stopped)") if run.stopped else "")
                                      for run in runs]),
        ComparedRow(_("Final training cost"), [_last(run.history.train_cost) for run in runs]),
        ComparedRow(_("Final test cost"), [_last(run.history.test_cost) for run in runs]),
        ComparedRow(_("Test recognition rate"), [f"{100 * run.test_rate:.2f}%" for run in runs]),
    ]
    if any(run.grade is not None for run in runs):
        rows += [ComparedRow(_("Rate on unseen rows"), [_unseen_rate(run.grade) for run in runs]),
                 ComparedRow(_("Check of the test rows"), [short_verdict(run.grade) if run.grade else NOT_USED
                                                           for run in runs])]
    rows.append(ComparedRow(_("Training time"), [NOT_USED if run.seconds is None else
                                                 _("{seconds:.1f} s").format(seconds=run.seconds) for run in runs]))
    return rows


def _last(values: list[float]) -> str:
    return format_cost(values[-1]) if len(values) else NOT_USED


def _unseen_rate(checked: Grade | None) -> str:
    if checked is None or checked.unseen is None:
        return NOT_USED
    return f"{100 * checked.unseen.rate:.2f}% ({format_row_ranges(checked.unseen_rows)})"


def comparison_rows(runs: list[RunRecord], gettext: Callable[[str], str] = _) -> list[ComparedRow]:
    """The settings that differ first, then those shared, then the results."""
    settings = setting_rows([run.settings for run in runs], gettext)
    ordered = [row for row in settings if row.differs] + [row for row in settings if not row.differs]
    return ordered + result_rows(runs, gettext)
