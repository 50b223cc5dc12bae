"""Model files: `.npz` archives of plain numeric arrays plus one JSON metadata entry.

Arrays `w1, b1, w2, b2, ...` hold the layers; `metadata` holds UTF-8 JSON bytes (as uint8) with the
format version, layer sizes, activation, training settings, data, history and final test accuracy.
Files are loaded with `allow_pickle=False` and written atomically.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from core.errors import ModelError
from core.files import write_atomically
from core.network import ACTIVATIONS, Network
from core.training import TrainingResult, TrainingSettings

FORMAT_VERSION = 1


@dataclass
class Model:
    """A network and what is known about how it was made."""

    network: Network
    metadata: dict = field(default_factory=dict)

    @property
    def history(self) -> dict:
        return self.metadata.get("history") or {}

    @property
    def settings(self) -> TrainingSettings:
        """The recipe it was trained with; the defaults for what the metadata does not say."""
        return TrainingSettings.from_dict(self.metadata.get("settings") or {})

    def summary(self) -> str:
        """One line: architecture, training and final test accuracy."""
        sizes = "-".join(map(str, self.network.layer_sizes))
        parts = [f"{sizes} {self.network.activation}"]
        settings = self.metadata.get("settings") or {}
        if settings:
            parts.append(f"{settings.get('optimizer')}, {self.metadata.get('epochs_run')} epochs")
        if self.metadata.get("data_file"):
            parts.append(f"trained on rows {settings.get('train_rows')} of {self.metadata['data_file']}")
        if self.metadata.get("test_accuracy") is not None:
            parts.append(f"test accuracy {100 * self.metadata['test_accuracy']:.2f}%")
        return ", ".join(parts)


def model_from_training(result: TrainingResult, test_accuracy: float) -> Model:
    """A Model with the metadata of a finished (or stopped) training run."""
    metadata = {
        "format_version": FORMAT_VERSION,
        "layer_sizes": result.network.layer_sizes,
        "activation": result.network.activation,
        "settings": result.settings.to_dict(),
        "data_file": result.data_name,
        "epochs_run": result.epochs_run,
        "stopped_early": result.stopped,
        "training_seconds": round(result.seconds, 3),
        "history": result.history.to_dict(),
        "test_accuracy": test_accuracy,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    return Model(result.network, metadata)


def save_model(model: Model, path: str | Path) -> None:
    """Write atomically: a temporary file in the same folder, then `os.replace`."""
    path = Path(path)
    metadata = dict(model.metadata, format_version=FORMAT_VERSION,
                    layer_sizes=model.network.layer_sizes, activation=model.network.activation)
    arrays = {"metadata": np.frombuffer(json.dumps(metadata).encode("utf-8"), dtype=np.uint8)}
    for index, (w, b) in enumerate(zip(model.network.weights, model.network.biases), start=1):
        arrays[f"w{index}"], arrays[f"b{index}"] = w, b
    write_atomically(path, lambda stream: np.savez(stream, **arrays), ModelError, "model")


def load_model(path: str | Path) -> Model:
    """Read and check a model file; every problem is a ModelError naming the file."""
    path = Path(path)
    arrays = _read_arrays(path)
    metadata = _read_metadata(path, arrays)
    layers = sum(1 for name in arrays if name.startswith("w"))
    weights, biases = [], []
    for index in range(1, layers + 1):
        for name in (f"w{index}", f"b{index}"):
            if name not in arrays:
                raise ModelError(f"{path}: array {name!r} is missing")
        weights.append(arrays[f"w{index}"])
        biases.append(arrays[f"b{index}"])
    if layers == 0:
        raise ModelError(f"{path}: the file holds no layers (arrays w1, b1, ...)")
    _check_layers(path, weights, biases)
    activation = metadata.get("activation")
    if activation not in ACTIVATIONS:
        raise ModelError(f"{path}: unknown activation {activation!r} in the metadata")
    dtype = np.float32
    network = Network([w.astype(dtype, copy=False) for w in weights], [b.astype(dtype) for b in biases], activation)
    return Model(network, metadata)


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ModelError(f"{path}: is a folder, not a model file") from None
    except OSError as error:
        raise ModelError(f"{path}: cannot be read ({error.strerror})") from None
    if not raw.startswith(b"PK\x03\x04"):
        raise ModelError(f"{path}: not a model file (an .npz archive is expected)")
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except ValueError as error:
        if "allow_pickle" in str(error) or "Object arrays" in str(error):
            raise ModelError(f"{path}: holds Python objects, which are not loaded for safety") from None
        raise ModelError(f"{path}: not a model file ({error})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ModelError(f"{path}: not a model file, or a truncated one ({error})") from None


def _read_metadata(path: Path, arrays: dict[str, np.ndarray]) -> dict:
    raw = arrays.pop("metadata", None)
    if raw is None:
        raise ModelError(f"{path}: the 'metadata' entry is missing")
    try:
        metadata = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path}: the metadata is not valid JSON ({error})") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{path}: the metadata is not a JSON object")
    version = metadata.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{path}: format version {version!r} is not supported (this Trazo reads version {FORMAT_VERSION})"
        )
    return metadata


def _check_layers(path: Path, weights: list[np.ndarray], biases: list[np.ndarray]) -> None:
    for index, (w, b) in enumerate(zip(weights, biases), start=1):
        for name, array, ndim in ((f"w{index}", w, 2), (f"b{index}", b, 1)):
            if array.dtype.kind not in "fiu":
                raise ModelError(f"{path}: array {name!r} is {array.dtype}, not numbers")
            if array.ndim != ndim:
                raise ModelError(f"{path}: array {name!r} has {array.ndim} dimensions, expected {ndim}")
            if not np.isfinite(array).all():
                raise ModelError(f"{path}: array {name!r} holds NaN or infinite values")
        if b.shape[0] != w.shape[0]:
            raise ModelError(f"{path}: b{index} has {b.shape[0]} values but w{index} has {w.shape[0]} rows")
        if index > 1 and w.shape[1] != weights[index - 2].shape[0]:
            raise ModelError(
                f"{path}: w{index} takes {w.shape[1]} inputs but layer {index - 1} gives "
                f"{weights[index - 2].shape[0]} outputs"
            )
    if weights[0].shape[1] != 784 or weights[-1].shape[0] != 10:
        raise ModelError(
            f"{path}: the network maps {weights[0].shape[1]} inputs to {weights[-1].shape[0]} "
            f"outputs; Trazo needs 784 pixels in and 10 classes out"
        )
