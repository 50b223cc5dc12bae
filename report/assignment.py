"""What a report says about the assignment itself: whether the model is the assignment's, and how to run
the program that tests it (the command, and the code of the test routine)."""

from __future__ import annotations

import shlex
from typing import Callable

from core.learning import optimizers
from core.learning.data import format_row_range
from core.base.resources import DATA_FILE
from core.learning.settings import ASSIGNMENT, TrainingSettings
from core.base.visible import visible

ASSIGNMENT_RECIPE_COMMAND = "python main.py train --recipe assignment"


def differences(settings: TrainingSettings, _: Callable[[str], str],
                ngettext: Callable[[str, str, int], str]) -> list[str]:
    """How a model trained with `settings` differs from the assignment's: one hidden layer, plain gradient
    descent with a constant learning rate, on the training digits as they are; [] when it does not."""
    found = []
    layers = len(settings.hidden)
    if layers != len(ASSIGNMENT.hidden):
        found.append(ngettext("it has {count} hidden layer", "it has {count} hidden layers", layers).format(
            count=layers))
    if settings.optimizer != ASSIGNMENT.optimizer:
        found.append(_("it was trained with {optimizer}, not plain gradient descent").format(
            optimizer=_(optimizers.OPTIMIZERS[settings.optimizer])))
    if settings.schedule != ASSIGNMENT.schedule:
        found.append(_("its learning rate changed during training"))
    if settings.weight_decay:
        found.append(_("it used weight decay"))
    if settings.augment or settings.styles or settings.repen:
        found.append(_("it was trained on distorted or synthetic digits as well as the training rows"))
    return found


def assignment_note(settings: TrainingSettings, _: Callable[[str], str],
                    ngettext: Callable[[str, str, int], str]) -> str:
    """The warning a report opens with when its model is not the assignment's, else ''."""
    found = differences(settings, _, ngettext)
    if not found:
        return ""
    # TRANSLATORS: joins the differences of the model from the assignment, "a; b; c"
    listed = _("; ").join(found)
    return _("This model is not the assignment's. The assignment asks for a network with one hidden layer trained "
             "by plain gradient descent, w = w − α dJ/dw, with a constant learning rate; in this model {differences}. "
             "Its recognition rate is not the assignment's result. To hand in the assignment, train with the "
             "Assignment recipe (the Train tab's Assignment recipe button, or {command}) and make the report of "
             "that model.").format(differences=listed, command=ASSIGNMENT_RECIPE_COMMAND)


def test_command(model_name: str, data_name: str, rows: tuple[int, int]) -> str:
    """The command that loads the model, tests it on `rows` and prints its recognition rate."""
    data = [] if data_name == DATA_FILE.name else ["--data", data_name]
    words = ["python", "main.py", "test", "--model", model_name, *data, "--rows", format_row_range(rows)]
    return " ".join(shlex.quote(visible(word)) for word in words)   # a line break in a name shown as \n
