"""The exceptions Trazo reports to its users: each message names the file or field and the problem."""

from core.base.i18n import N_, _


class TrazoError(Exception):
    """Base of every error the app or the command line shows to the user."""


class DataError(TrazoError):
    """A data file, or a requested row range, that cannot be used."""


class Cancelled(TrazoError):
    """A long task the user stopped (loading a file)."""


class ModelError(TrazoError):
    """A model file that cannot be read or written."""


class SettingsError(TrazoError):
    """A training setting out of its range; `setting` names it when one setting is at fault."""

    def __init__(self, message: str, setting: str = ""):
        super().__init__(message)
        self.setting = setting


class ImageError(TrazoError):
    """An image file, or a photo, that cannot be read."""


class ReportError(TrazoError):
    """A report that cannot be made or written."""


class TrainingError(TrazoError):
    """Training stopped because the cost stopped being a finite number.

    `result` holds the run up to the last epoch whose weights were all finite.
    """

    def __init__(self, message: str, result=None):
        super().__init__(message)
        self.result = result


CHOICE_LABELS = {"activation": N_("Activation"), "initialisation": N_("Initialisation"),
                 "optimizer": N_("Optimiser")}   # as core/learning/settings.py labels these settings


def unknown_choice(setting: str, value: object, choices: dict) -> SettingsError:
    """The error for a choice (activation, initialisation, optimiser) that is not one of `choices`."""
    return SettingsError(_("{label} {value!r}: expected one of {choices}").format(
        label=_(CHOICE_LABELS[setting]), value=value, choices=", ".join(choices)), setting)


def unexpected_message(error: Exception) -> str:
    """The message for a failure no TrazoError describes."""
    return _("Failed unexpectedly: {error!r}").format(error=error)
