"""A trained model: its network, the settings it was trained with, its history per epoch, its provenance.

Everything here is typed and checked once, when a model is made or loaded (core/learning/model_io.py); nothing
after that reads raw metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from core.base.i18n import _, ngettext
from core.base.visible import visible
from core.learning.data import RowRange, RowRanges, format_row_range, format_row_ranges
from core.learning.layer_spec import shapes
from core.learning.layered import LayeredNetwork
from core.learning.network import ACTIVATIONS, Network
from core.learning.optimizers import OPTIMIZERS
from core.learning.settings import TrainingSettings
from core.learning.training import History, TrainingResult


@dataclass(frozen=True)
class Provenance:
    """Where a model came from: the data, the run and its final test rate."""

    data_file: str = ""                 # the data file's name
    epochs_run: int = 0
    stopped_early: bool = False
    training_seconds: float | None = None
    test_accuracy: float | None = None  # on the settings' test rows, after the last epoch
    created: datetime | None = None
    taught_digits: int = 0              # digits of a user's own hand it was fine-tuned on (core/services/teach.py)


@dataclass
class Model:
    """A network and what is known about how it was made (settings None: the file does not say)."""

    network: Network | LayeredNetwork
    settings: TrainingSettings | None = None
    history: History = field(default_factory=History)
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def architecture(self) -> str:
        """'784-256-256-10 ReLU', or a layered network's list with its output layer: 'conv:8:5,pool:2,dense:10 ReLU'."""
        if isinstance(self.network, LayeredNetwork):
            return ",".join(layer.text for layer in shapes(self.network.spec)) + " " + _(ACTIVATIONS["relu"])
        return "-".join(map(str, self.network.layer_sizes)) + " " + _(ACTIVATIONS[self.network.activation])

    def training_summary(self) -> str:
        """How the model was trained, in one line: architecture, optimiser and rate, epochs, batch, rows, and
        every other setting that changes what it learns; then its date."""
        settings, provenance = self.settings, self.provenance
        if settings is None:
            return self.architecture + ", " + _("training settings not recorded")
        from core.learning.settings import BY_NAME

        def described(name: str) -> str:
            return BY_NAME[name].kind.describe(getattr(settings, name))

        parts = [self.architecture, described("optimizer"),
                 _("learning rate {rate} ({schedule})").format(
                     rate=BY_NAME["learning_rate"].kind.format(settings.learning_rate), schedule=described("schedule")),
                 ngettext("{epochs} epoch", "{epochs} epochs", provenance.epochs_run).format(
                     epochs=provenance.epochs_run),
                 _("mini-batch {size}").format(size=described("batch_size")),
                 _("rows {rows} of {file}").format(rows=_rows(settings), file=visible(provenance.data_file) or "?")]
        if BY_NAME["momentum"].applies_to(settings):
            parts.append(_("momentum {value}").format(value=described("momentum")))
        if settings.weight_decay:
            parts.append(_("weight decay {value}").format(value=described("weight_decay")))
        parts.append(_("random distortions, strokes ±{thickness}").format(thickness=described("thickness"))
                     if settings.augment else _("no distortions"))
        if settings.styles:
            parts.append(ngettext("{count} style digit", "{count} style digits", settings.styles).format(
                count=settings.styles))
        if settings.repen:
            parts.append(ngettext("{count} re-penned digit", "{count} re-penned digits", settings.repen).format(
                count=settings.repen))
        if BY_NAME["initialisation"].applies_to(settings):
            parts.append(_("{initialisation} initialisation").format(initialisation=described("initialisation")))
        parts.append(_("seed {seed}").format(seed=settings.seed))
        if provenance.taught_digits:
            parts.append(ngettext("taught {count} of your digits", "taught {count} of your digits",
                                  provenance.taught_digits).format(count=provenance.taught_digits))
        if provenance.created is not None:
            parts.append(provenance.created.strftime("%Y-%m-%d"))
        return ", ".join(parts)

    def summary(self) -> str:
        """One line: architecture, training and final test rate."""
        parts = [self.architecture]
        settings, provenance = self.settings, self.provenance
        if settings is not None:
            parts.append(ngettext("{optimizer}, {epochs} epoch", "{optimizer}, {epochs} epochs",
                                  provenance.epochs_run).format(
                optimizer=_(OPTIMIZERS[settings.optimizer]), epochs=provenance.epochs_run))
            if provenance.data_file:
                parts.append(_("trained on rows {rows} of {file}").format(
                    rows=_rows(settings), file=visible(provenance.data_file)))
        if provenance.test_accuracy is not None:
            parts.append(_("test accuracy {percent:.2f}%").format(percent=100 * provenance.test_accuracy))
        if provenance.created is not None:
            parts.append(_("made {date}").format(date=provenance.created.strftime("%Y-%m-%d %H:%M UTC")))
        if provenance.taught_digits:
            parts.append(_("taught {count} of your digits").format(count=provenance.taught_digits))
        return ", ".join(parts)

    def trained_on(self, data_name: str, rows: RowRange) -> RowRanges:
        """The training ranges of this model that `rows` of the data file named `data_name` share: none when
        it was trained on a file of another name, or its file does not say on which rows."""
        recorded = self.provenance.data_file
        if self.settings is None or (recorded and recorded != data_name):
            return ()
        return tuple(trained for trained in self.settings.train_rows
                     if max(trained[0], rows[0]) < min(trained[1], rows[1]))

    def overlap_warning(self, data_name: str, rows: RowRange) -> str:
        """Why a test of `rows` says too much, when they are rows this model learned from; else ''."""
        shared = self.trained_on(data_name, rows)
        if not shared:
            return ""
        return _("the test rows {test} overlap the rows {train} this model was trained on, so the rate is "
                 "optimistic: it does not measure how well the network reads digits it has never seen").format(
            test=format_row_range(rows), train=format_row_ranges(shared))


def _rows(settings: TrainingSettings) -> str:
    from core.learning.settings import BY_NAME

    return BY_NAME["train_rows"].kind.format(settings.train_rows)


def model_from_training(result: TrainingResult, test_accuracy: float) -> Model:
    """The Model of a finished (or stopped) training run."""
    provenance = Provenance(
        data_file=result.data_name, epochs_run=result.epochs_run, stopped_early=result.stopped,
        training_seconds=round(result.seconds, 3), test_accuracy=test_accuracy,
        created=datetime.now(timezone.utc).replace(microsecond=0))
    return Model(result.network, result.settings, result.history, provenance)
