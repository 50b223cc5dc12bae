"""Train, then test, then make a model: the one training service of the command line and the app.

A run ends in one of three ways. It finishes, or it is stopped after at least one epoch: either way
it gives a model. It is stopped before its first epoch ends, or its cost stops being a finite number:
then it gives no model, and whatever the caller had stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from core.data import Dataset
from core.errors import TrainingError
from core.evaluation import Evaluation, evaluate
from core.i18n import _
from core.model import Model, model_from_training
from core.settings import TrainingSettings
from core.training import EpochReport, TrainingResult, train

FINISHED, STOPPED, NOTHING_LEARNED, DIVERGED = "finished", "stopped", "nothing learned", "diverged"


@dataclass
class Run:
    status: str                     # one of the four above
    result: TrainingResult
    model: Model | None             # None when nothing was learned or the run diverged
    test: Evaluation | None         # the model on the settings' test rows
    message: str = ""               # why there is no model

    @property
    def has_model(self) -> bool:
        return self.model is not None


def run_training(data: Dataset, settings: TrainingSettings,
                 on_epoch: Callable[[EpochReport], None] | None = None,
                 should_stop: Callable[[], bool] = lambda: False) -> Run:
    """Train with `settings`, reporting each epoch; `should_stop` is asked before every mini-batch."""
    try:
        result = train(data, settings, on_epoch=on_epoch, should_stop=should_stop)
    except TrainingError as error:
        return Run(DIVERGED, error.result, None, None, str(error))
    if result.epochs_run == 0:
        return Run(NOTHING_LEARNED, result, None, None,
                   _("Stopped before the first epoch ended: nothing was learned."))
    test = evaluate(result.network, *data.rows(settings.test_rows), first_row=settings.test_rows[0])
    status = STOPPED if result.stopped else FINISHED
    return Run(status, result, model_from_training(result, test.rate), test)
