"""The runs of a session side by side: each run's settings, curves and final rate, and which settings differ.

The table is made from the settings' declarations (core/settings.py): their labels, and each value as
`kind.describe` gives it, so a new setting appears here by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.data import CLASSES, PIXELS
from core.i18n import _
from core.runs import Run
from core.settings import SETTINGS, TrainingSettings
from core.training import History

NOT_USED = "—"   # a setting the run's other settings make irrelevant


@dataclass(frozen=True)
class RunRecord:
    """One run of a session, as it is kept for comparison."""

    number: int                 # 1, 2, ... in the order the runs ended
    settings: TrainingSettings
    history: History
    test_rate: float            # on the settings' test rows, after the last epoch
    seconds: float
    stopped: bool

    @property
    def layer_sizes(self) -> list[int]:
        return [PIXELS, *self.settings.hidden, CLASSES]

    @property
    def epochs_run(self) -> int:
        return len(self.history)

    def name(self, gettext: Callable[[str], str] = _) -> str:
        _ = gettext  # noqa: F811 (the name in the document's language)
        return _("Run {number}").format(number=self.number)


def record_of(run: Run, number: int) -> RunRecord:
    """The record of a run that gave a model (finished, or stopped after an epoch)."""
    result = run.result
    return RunRecord(number, result.settings, History(**vars(result.history)), run.test.rate, result.seconds,
                     result.stopped)


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
    """What each run gave: epochs run, final costs, test rate and time."""
    _ = gettext  # noqa: F811 (the table's own language)
    return [
        ComparedRow(_("Epochs run"), [str(run.epochs_run) + (" " + _("(stopped)") if run.stopped else "")
                                      for run in runs]),
        ComparedRow(_("Final training cost"), [f"{run.history.train_cost[-1]:.4f}" for run in runs]),
        ComparedRow(_("Final test cost"), [f"{run.history.test_cost[-1]:.4f}" for run in runs]),
        ComparedRow(_("Test recognition rate"), [f"{100 * run.test_rate:.2f}%" for run in runs]),
        ComparedRow(_("Training time"), [_("{seconds:.1f} s").format(seconds=run.seconds) for run in runs]),
    ]


def comparison_rows(runs: list[RunRecord], gettext: Callable[[str], str] = _) -> list[ComparedRow]:
    """The settings that differ first, then those shared, then the results."""
    settings = setting_rows([run.settings for run in runs], gettext)
    ordered = [row for row in settings if row.differs] + [row for row in settings if not row.differs]
    return ordered + result_rows(runs, gettext)
