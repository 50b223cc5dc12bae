"""The training service: a model only from a run that learned something, and no run that cannot fit."""

import dataclasses

import pytest

from core.base.errors import SettingsError
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.services import runs
from core.services.runs import (
    DIVERGED,
    FINISHED,
    NOTHING_LEARNED,
    STOPPED,
    check_resources,
    memory_needed,
    run_training,
)

SMALL = TrainingSettings(hidden=(16,), epochs=2, train_rows=(0, 200), augment=False)


def test_a_finished_run_gives_a_tested_model(dataset):
    run = run_training(dataset, SMALL)
    assert run.status == FINISHED and run.has_model and run.test.total == 100
    assert run.model.provenance.test_accuracy == run.test.rate and len(run.model.history) == 2


def test_a_run_stopped_after_an_epoch_keeps_what_it_learned(dataset):
    epochs = []
    run = run_training(dataset, dataclasses.replace(SMALL, epochs=50), on_epoch=epochs.append,
                       should_stop=lambda: len(epochs) >= 1)
    # an epoch's report comes while the next epoch trains, and the stop ends that one: 2 epochs ended
    assert run.status == STOPPED and run.has_model and run.model.provenance.epochs_run == len(epochs) == 2
    assert run.model.provenance.stopped_early and len(run.model.history) == 2


def test_a_run_stopped_before_its_first_epoch_gives_no_model(dataset):
    run = run_training(dataset, SMALL, should_stop=lambda: True)
    assert run.status == NOTHING_LEARNED and run.model is None and "nothing was learned" in run.message


def test_a_diverging_run_gives_no_model(dataset, monkeypatch):
    original = Network.gradients
    monkeypatch.setattr(Network, "gradients", lambda self, x, y: (float("nan"), original(self, x, y)[1]))
    run = run_training(dataset, SMALL)
    assert run.status == DIVERGED and run.model is None and "diverged in epoch 1" in run.message


def test_memory_grows_with_the_layers_the_batch_the_rows_and_the_optimiser():
    base = memory_needed(SMALL)
    assert memory_needed(dataclasses.replace(SMALL, hidden=(1000, 1000))) > base
    assert memory_needed(dataclasses.replace(SMALL, batch_size=0, train_rows=(0, 4000))) > base
    assert memory_needed(dataclasses.replace(SMALL, optimizer="adam")) > memory_needed(
        dataclasses.replace(SMALL, optimizer="sgd"))
    huge = dataclasses.replace(SMALL, hidden=(10_000,) * 10)
    assert memory_needed(huge) > 10 * 2**30, "ten layers of 10,000 units hold a billion weights"


def test_a_network_of_layers_is_counted_by_its_own_layers_and_convolutions():
    from core.learning.layer_spec import parse_layers, shapes
    from core.services.runs import network_counts

    layers = parse_layers("conv:8:3:same,pool:2,dense:16")
    parameters, values = network_counts(dataclasses.replace(SMALL, layers=layers))
    assert parameters == sum(layer.parameters for layer in shapes(layers)) == 8 * 10 + 16 * (8 * 14 * 14 + 1) + 170
    # the pixels, each layer's output, and the convolution's im2col matrix (9 values for each of 28x28 places)
    assert values == 784 + 8 * 28 * 28 + 8 * 14 * 14 + 16 + 10 + 9 * 28 * 28
    wider = dataclasses.replace(SMALL, layers=parse_layers("conv:64:3:same,pool:2,dense:16"))
    assert memory_needed(wider) > memory_needed(dataclasses.replace(SMALL, layers=layers)) > memory_needed(SMALL)


def test_a_run_that_cannot_fit_in_memory_is_refused_before_it_starts(dataset, monkeypatch):
    monkeypatch.setattr(runs, "available_memory", lambda: 2**30)
    started = []
    monkeypatch.setattr(runs, "train", lambda *args, **kwargs: started.append(1))
    huge = dataclasses.replace(SMALL, hidden=(10_000,) * 10)
    with pytest.raises(SettingsError, match=r"needs about \d+\.\d GiB of memory .* but 1\.0 GiB is available"):
        run_training(dataset, huge)
    assert started == []
    check_resources(dataset, SMALL)  # a small run fits


def test_rows_beyond_the_data_are_refused_before_training(dataset):
    from core.base.errors import DataError

    with pytest.raises(DataError, match="only 5000 rows"):
        check_resources(dataset, dataclasses.replace(SMALL, test_rows=(4950, 5050)))
