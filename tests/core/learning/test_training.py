import dataclasses
from itertools import pairwise

import numpy as np
import pytest

from core.base.errors import TrainingError
from core.handwriting.extra_rows import settings_extra_rows
from core.learning import training
from core.learning.data import Dataset
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.learning.training import learning_rate_at, train
from tests.core.samples import record_epochs

SMALL = TrainingSettings(hidden=(32,), epochs=3, batch_size=16, train_rows=(0, 200), test_rows=(900, 1000))


def test_cost_falls_on_a_small_batch(dataset):
    settings = TrainingSettings(hidden=(32,), epochs=30, batch_size=0, augment=False,
                                train_rows=(0, 64), test_rows=(900, 1000), schedule="constant", learning_rate=0.01)
    result = train(dataset, settings)
    costs = result.history.train_cost
    assert costs[-1] < 0.2 * costs[0], costs
    assert costs[-1] < costs[len(costs) // 2]


def test_history_has_one_entry_per_epoch_and_reaches_the_callback(dataset):
    reports = []
    result = train(dataset, SMALL, on_epoch=reports.append)
    assert [r.epoch for r in reports] == [1, 2, 3]
    assert len(result.history) == 3 == result.epochs_run
    assert result.history.test_accuracy[-1] == reports[-1].test_accuracy
    assert all(0 <= a <= 1 for a in result.history.test_accuracy)
    assert not result.stopped


def test_same_seed_gives_bit_identical_weights(dataset):
    first, second = train(dataset, SMALL), train(dataset, SMALL)
    for a, b in zip(first.network.parameters, second.network.parameters, strict=True):
        assert a.tobytes() == b.tobytes()
    other = train(dataset, TrainingSettings(**{**SMALL.__dict__, "seed": 1}))
    assert other.network.weights[0].tobytes() != first.network.weights[0].tobytes()


def test_stop_flag_is_checked_before_every_mini_batch(dataset):
    calls = []

    def stop_after_five():
        calls.append(1)
        return len(calls) > 5

    result = train(dataset, SMALL, should_stop=stop_after_five)
    assert result.stopped
    assert len(calls) == 6, "five mini-batches ran, the sixth check stopped the run"
    assert result.epochs_run == 0


def test_diverging_run_raises_and_keeps_the_last_finite_weights(dataset, monkeypatch):
    """The cost turns NaN in the third epoch: the error keeps the weights of epoch 2."""
    settings = TrainingSettings(hidden=(16,), epochs=5, batch_size=0, augment=False, train_rows=(0, 100))
    snapshots = []
    original = Network.gradients

    def gradients_turning_nan(network, x, labels):
        snapshots.append([p.copy() for p in network.parameters])
        cost, gradients = original(network, x, labels)
        return (float("nan") if len(snapshots) == 3 else cost), gradients

    monkeypatch.setattr(Network, "gradients", gradients_turning_nan)
    with pytest.raises(TrainingError, match="diverged in epoch 3.*smaller learning rate") as error:
        train(dataset, settings)
    result = error.value.result
    assert result.stopped and result.epochs_run == 2
    for kept, before_epoch_3 in zip(result.network.parameters, snapshots[2], strict=True):
        np.testing.assert_array_equal(kept, before_epoch_3)


def test_overflowing_inputs_are_caught_as_divergence(dataset):
    huge = Dataset(dataset.pixels[:1000] * np.float32(3e38), dataset.labels[:1000], "huge.txt")
    settings = TrainingSettings(hidden=(16,), epochs=2, batch_size=0, augment=False, train_rows=(0, 100))
    with pytest.raises(TrainingError, match="diverged in epoch 1") as error:
        train(huge, settings)
    assert all(np.isfinite(p).all() for p in error.value.result.network.parameters)


def test_full_batch_and_every_optimizer_learn(dataset):
    for optimizer, rate in [("sgd", 0.5), ("momentum", 0.1), ("adam", 0.003)]:
        settings = TrainingSettings(hidden=(32,), epochs=15, batch_size=0, optimizer=optimizer,
                                    learning_rate=rate, augment=False, schedule="constant",
                                    train_rows=(0, 300), test_rows=(900, 1000))
        result = train(dataset, settings)
        assert result.history.train_cost[-1] < 0.7 * result.history.train_cost[0], optimizer


def test_two_hidden_layers_and_each_activation_train(dataset):
    for activation in ("relu", "sigmoid", "tanh"):
        settings = TrainingSettings(hidden=(32, 16), activation=activation, epochs=5, augment=False,
                                    learning_rate=0.005, train_rows=(0, 300))
        result = train(dataset, settings)
        assert result.network.layer_sizes == [784, 32, 16, 10]
        assert result.history.test_accuracy[-1] > 0.3, activation


def test_training_on_several_ranges_uses_exactly_their_rows(dataset, monkeypatch):
    seen = record_epochs(monkeypatch)
    settings = TrainingSettings(hidden=(8,), epochs=1, augment=False, train_rows=((0, 50), (3000, 3070)))
    train(dataset, settings)
    fingerprint = np.random.default_rng(0).random(784).astype(np.float32)   # one number per row
    expected = np.concatenate([dataset.pixels[0:50], dataset.pixels[3000:3070]]) @ fingerprint
    np.testing.assert_allclose(np.sort(seen[0][0] @ fingerprint), np.sort(expected), rtol=1e-6)


def test_every_epoch_is_distorted_with_the_settings_thickness(dataset, monkeypatch):
    seen = []
    real_augment = training.augment
    monkeypatch.setattr(training, "augment", lambda x, rng, augmentation: seen.append(augmentation)
                        or real_augment(x, rng, augmentation))
    train(dataset, TrainingSettings(hidden=(8,), epochs=2, train_rows=(0, 50), thickness=1.7))
    assert [augmentation.max_thickness for augmentation in seen] == [1.7, 1.7]
    train(dataset, TrainingSettings(hidden=(8,), epochs=2, train_rows=(0, 50), augment=False))
    assert len(seen) == 2


def test_shuffled_rows_are_a_new_order_of_the_same_rows_in_the_same_arrays(dataset):
    x, y = dataset.pixels[:300], dataset.labels[:300]
    shuffled = training.ShuffledRows(x, y)
    rng = np.random.default_rng(0)
    first_x, first_y = shuffled.next_epoch(rng)
    first_order = first_x @ np.arange(784, dtype=np.float32)      # one number per row
    second_x, second_y = shuffled.next_epoch(rng)
    assert second_x is first_x and second_y is first_y, "gathered into the same arrays every epoch"
    order = np.random.default_rng(0).permutation(300)
    np.testing.assert_array_equal(first_order, x[order] @ np.arange(784, dtype=np.float32))
    np.testing.assert_array_equal(np.sort(second_x @ np.arange(784, dtype=np.float32)),
                                  np.sort(x @ np.arange(784, dtype=np.float32)))
    assert not np.array_equal(second_x @ np.arange(784, dtype=np.float32), first_order)
    np.testing.assert_array_equal(np.bincount(second_y, minlength=10), np.bincount(y, minlength=10))


def test_cosine_schedule_falls_from_the_learning_rate_to_near_zero():
    settings = TrainingSettings(learning_rate=0.1, epochs=10)
    rates = [learning_rate_at(settings, epoch) for epoch in range(10)]
    assert rates[0] == 0.1 and all(a > b for a, b in pairwise(rates)) and rates[-1] < 0.01


def test_extra_rows_are_shuffled_into_every_epoch(dataset, monkeypatch):
    seen = record_epochs(monkeypatch)
    extra_x = np.full((30, 784), 0.5, dtype=np.float32)     # rows no digit of the data has
    asked = []
    settings = TrainingSettings(hidden=(8,), epochs=2, augment=False, train_rows=(0, 60))
    train(dataset, settings, extra_rows=lambda rng: asked.append(rng) or (extra_x, np.full(30, 7)))
    assert len(asked) == 2
    for x, y in seen:
        extra = np.all(x == 0.5, axis=1)
        assert len(y) == 90 and extra.sum() == 30 and np.all(y[extra] == 7)
        assert not np.all(extra[-30:]), "mixed in among the rows, not appended after them"
        np.testing.assert_array_equal(np.sort(x[~extra] @ np.arange(784, dtype=np.float32)),
                                      np.sort(dataset.pixels[:60] @ np.arange(784, dtype=np.float32)))


def test_a_run_starts_from_its_initial_network(dataset):
    """initial_network redraws the weights a run starts from, from its seed alone (the Inside tab's
    histograms compare with it): a run whose steps are negligible ends where it began."""
    settings = TrainingSettings(hidden=(16,), epochs=1, optimizer="sgd", learning_rate=1e-12, augment=False,
                                train_rows=(0, 100), seed=5)
    start = training.initial_network(settings)
    result = train(dataset, settings)
    for began, ended in zip(start.parameters, result.network.parameters, strict=True):
        np.testing.assert_allclose(ended, began, atol=1e-9)
    assert training.initial_network(settings.changed(seed=6)).weights[0].tobytes() != start.weights[0].tobytes()


def test_each_epoch_report_lends_the_network_as_it_is_then(dataset):
    copies = []
    train(dataset, SMALL, on_epoch=lambda report: copies.append(report.network.copy()))
    result = train(dataset, SMALL)
    assert len(copies) == 3
    for copied, final in zip(copies[-1].parameters, result.network.parameters, strict=True):
        np.testing.assert_array_equal(copied, final)
    assert copies[0].weights[0].tobytes() != copies[-1].weights[0].tobytes()


def test_training_gives_the_same_bits_whatever_blas_threads_the_caller_set(dataset):
    """Training runs its products on one BLAS thread (OpenBLAS sums a product differently on two), and
    gives the caller's thread count back afterwards."""
    from threadpoolctl import threadpool_info, threadpool_limits

    settings = TrainingSettings(hidden=(64,), epochs=2, batch_size=300, train_rows=(0, 900), augment=False)
    results = []
    for threads in (1, 2):
        with threadpool_limits(limits=threads, user_api="blas"):
            results.append(train(dataset, settings).network.parameters)
            after = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
            assert all(count == threads for count in after)
    for one, two in zip(*results, strict=True):
        np.testing.assert_array_equal(one, two)


def one_thread_reference(dataset, settings):
    """The epochs as one thread would run them: rows made, then trained on, then measured, in turn."""
    from threadpoolctl import threadpool_limits

    from core.handwriting.styles import style_rows

    rng = np.random.default_rng(settings.seed)
    network = training.initial_network(settings, rng)
    optimizer = training.make_optimizer(settings.optimizer, network.parameters, settings.learning_rate,
                                        settings.momentum, settings.weight_decay)
    x, y = dataset.rows_in(settings.train_rows)
    extra = style_rows(settings.styles, settings.seed) if settings.styles else None
    rows = training.EpochRows(settings, rng, x, y, extra)
    costs = []
    with threadpool_limits(limits=training.TRAINING_BLAS_THREADS, user_api="blas"):
        for epoch in range(settings.epochs):
            optimizer.learning_rate = learning_rate_at(settings, epoch)
            training.train_epoch(network, optimizer, *rows.prepare(epoch), settings.batch_size)
            costs.append(network.cost(x, y))
    return network, costs


def test_the_helper_thread_gives_the_bits_and_costs_of_one_thread(dataset):
    """The next epoch's rows (shuffle, style digits, distortions) are made on a helper thread while an
    epoch trains, and the last epoch is measured there: the same generator draws in the same order."""
    settings = TrainingSettings(hidden=(32,), epochs=4, batch_size=32, train_rows=(0, 300), styles=40,
                                test_rows=(900, 1000))
    network, costs = one_thread_reference(dataset, settings)
    result = train(dataset, settings, make_extra_rows=settings_extra_rows)
    for ours, reference in zip(result.network.parameters, network.parameters, strict=True):
        np.testing.assert_array_equal(ours, reference)
    assert result.history.train_cost == costs


def test_the_helper_thread_ends_with_the_run_finished_or_stopped(dataset):
    import threading

    def helpers():
        return [thread for thread in threading.enumerate() if thread.name.startswith("training-helper")]

    reports = []
    train(dataset, SMALL, on_epoch=reports.append)
    assert [report.epoch for report in reports] == [1, 2, 3] and not helpers()
    stopped = train(dataset, dataclasses.replace(SMALL, epochs=50), should_stop=lambda: len(reports) >= 4,
                    on_epoch=reports.append)
    assert stopped.stopped and 1 <= stopped.epochs_run <= 2
    for thread in helpers():
        thread.join(timeout=5)      # a stop leaves the next epoch's rows unfinished, not waited for
    assert not helpers()


def test_a_list_of_layers_trains_a_layered_network_reproducibly(dataset):
    from core.learning.layer_spec import parse_layers
    from core.learning.layered import LayeredNetwork

    settings = TrainingSettings(layers=parse_layers("conv:4:3,pool:2,dense:16"), epochs=2, train_rows=(0, 200))
    first, second = train(dataset, settings), train(dataset, settings)
    assert isinstance(first.network, LayeredNetwork)
    assert [array.shape for array in first.network.parameters] == [(4, 1, 3, 3), (4,), (16, 676), (16,),
                                                                   (10, 16), (10,)]
    for a, b in zip(first.network.parameters, second.network.parameters):
        np.testing.assert_array_equal(a, b)
    assert first.history.train_cost[-1] < first.history.train_cost[0]
    assert not np.array_equal(first.network.parameters[0], training.initial_network(settings).parameters[0])


def test_without_layers_the_first_network_is_the_fully_connected_one():
    network = training.initial_network(TrainingSettings(hidden=(24,)))
    assert isinstance(network, Network) and network.layer_sizes == [784, 24, 10]
