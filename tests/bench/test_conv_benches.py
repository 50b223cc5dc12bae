"""The convolution benchmarks: PyTorch's network is the same network as Trazo's (same weights, same numbers),
and the accuracy probe runs."""

import numpy as np
import pytest

from bench import conv_accuracy
from bench.conv_speed import torch_model
from core.learning.layer_spec import parse_layers
from core.learning.layered import LayeredNetwork, as_images

SPECS = ["conv:16:5:same,pool:2,conv:32:5:same,pool:2,dense:128", "conv:3:4:same,pool:2,conv:4:3,pool:3,dense:9",
         "dense:20"]


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")   # PyTorch's, on a 4x4 filter
@pytest.mark.parametrize("spec", SPECS)
def test_pytorch_computes_the_same_logits_and_gradients_from_the_same_weights(spec):
    torch = pytest.importorskip("torch")
    layers = parse_layers(spec)
    network = LayeredNetwork.create(layers, seed=1, dtype=np.float64)
    rng = np.random.default_rng(2)
    for b in network.parameters[1::2]:
        b[:] = rng.normal(0, 0.1, b.shape)
    model = torch_model(layers, torch).double()
    torch_parameters = list(model.parameters())
    assert [tuple(p.shape) for p in torch_parameters] == [p.shape for p in network.parameters]
    with torch.no_grad():
        for theirs, ours in zip(torch_parameters, network.parameters):
            theirs.copy_(torch.from_numpy(ours))
    x, labels = rng.random((6, 784)), rng.integers(0, 10, 6)
    inputs = torch.from_numpy(np.ascontiguousarray(as_images(x)) if network.images else x)
    loss = torch.nn.functional.cross_entropy(model(inputs), torch.from_numpy(labels))
    loss.backward()
    cost, gradients = network.gradients(x, labels)
    assert cost == pytest.approx(loss.item(), rel=1e-12)
    for theirs, ours in zip(torch_parameters, gradients):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-14)


def test_the_accuracy_probe_trains_and_reads_rows_1000_to_4999(capsys):
    assert conv_accuracy.main(["--epochs", "1", "--layers", "conv:2:3,pool:2,dense:8", "--seeds", "0"]) == 0
    output = capsys.readouterr().out
    assert "seed 0: rows 1000-4999" in output and "mean of 1 seeds" in output
