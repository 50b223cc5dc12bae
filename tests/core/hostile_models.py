"""Model files made to break the loader, each with the words its error message must contain.

Shared by the core, command-line and GUI tests: the loader refuses each with a ModelError, the command
line exits 2 without a traceback, and the app shows a dialog and keeps its model.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import numpy as np

from core.learning.model_io import load_model, metadata_of
from core.learning.network import Network
from tests.core.samples import MODEL_FILE


def good_arrays() -> dict[str, np.ndarray]:
    network = Network.create([784, 5, 10], seed=0)
    return {"w1": network.weights[0], "b1": network.biases[0], "w2": network.weights[1], "b2": network.biases[1]}


def good_metadata() -> dict:
    return metadata_of(load_model(MODEL_FILE)) | {"layer_sizes": [784, 5, 10]}


def npz_bytes(metadata: dict | bytes | None = None, members: dict[str, bytes] | None = None,
              **arrays: np.ndarray) -> bytes:
    """An archive like np.savez makes, with raw extra members if given."""
    buffer = io.BytesIO()
    metadata = good_metadata() if metadata is None else metadata
    raw = metadata if isinstance(metadata, bytes) else json.dumps(metadata).encode()
    np.savez(buffer, metadata=np.frombuffer(raw, dtype=np.uint8), **(arrays or good_arrays()))
    if members:
        with zipfile.ZipFile(buffer, "a") as archive:
            for name, content in members.items():
                archive.writestr(name, content)
    return buffer.getvalue()


def npy_header_only(shape: tuple, dtype: str = "<f4") -> bytes:
    """An .npy member whose header claims `shape` but which holds almost no data."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + b"\0" * 64


def zip_bomb(unpacked: int) -> bytes:
    """A valid model whose extra-large w1 member unpacks to `unpacked` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata.npy", _npy(np.frombuffer(json.dumps(good_metadata()).encode(), np.uint8)))
        rows = unpacked // (784 * 4)
        header = npy_header_only((rows, 784))[: -64]
        with archive.open("w1.npy", "w", force_zip64=True) as stream:
            stream.write(header)
            zeros = bytes(1 << 20)
            for _ in range(unpacked >> 20):
                stream.write(zeros)
        for name in ("b1", "w2", "b2"):
            archive.writestr(f"{name}.npy", _npy(good_arrays()[name]))
    return buffer.getvalue()


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def metadata_with(**changes) -> bytes:
    return npz_bytes(good_metadata() | changes)


def deep_json(depth: int) -> bytes:
    return ('{"format_version": 1, "activation": "relu", "history": ' + "[" * depth + "]" * depth + "}").encode()


HOSTILE = {
    # name: (file content, words the message must contain)
    "format version true": (lambda: metadata_with(format_version=True), "format version True is not supported"),
    "layer sizes as text": (lambda: metadata_with(layer_sizes="784-5-10"), "metadata.layer_sizes"),
    "unknown activation": (lambda: metadata_with(activation="softsign"), "metadata.activation = 'softsign'"),
    "settings as text": (lambda: metadata_with(settings="x"), "metadata.settings: expected a JSON object"),
    "a setting of the wrong type": (lambda: metadata_with(settings={"epochs": "many"}),
                                    "metadata.settings.epochs = 'many'"),
    "data file as a number": (lambda: metadata_with(data_file=5), "metadata.data_file = 5"),
    "negative epochs": (lambda: metadata_with(epochs_run=-1), "metadata.epochs_run = -1"),
    "stopped early as text": (lambda: metadata_with(stopped_early="no"), "metadata.stopped_early = 'no'"),
    "seconds as text": (lambda: metadata_with(training_seconds="fast"), "metadata.training_seconds = 'fast'"),
    "history of text": (lambda: metadata_with(history={"train_cost": "x"}), "metadata.history.train_cost = 'x'"),
    "history of uneven lists": (lambda: metadata_with(history={"train_cost": [1.0], "test_cost": [],
                                                               "test_accuracy": [0.5], "seconds": [1.0]}),
                                "same length"),
    "accuracy in words": (lambda: metadata_with(test_accuracy="ninety"), "metadata.test_accuracy = 'ninety'"),
    "accuracy above 1": (lambda: metadata_with(test_accuracy=99.0), "metadata.test_accuracy = 99.0"),
    "date as a number": (lambda: metadata_with(created=5), "metadata.created = 5"),
    "an unknown metadata field": (lambda: metadata_with(colour="blue"), "unknown field 'colour'"),
    "metadata nested 100,000 deep": (lambda: npz_bytes(deep_json(100_000)), "nests deeper than"),
    "metadata of the wrong layer sizes": (lambda: metadata_with(layer_sizes=[784, 6, 10]),
                                          "says layers [784, 6, 10] but the arrays make [784, 5, 10]"),
    "an unknown extra member": (lambda: npz_bytes(members={"notes.npy": b"x"}), "unknown member 'notes.npy'"),
    "a member that is not .npy": (lambda: npz_bytes(members={"readme.txt": b"hello"}),
                                  "unknown member 'readme.txt'"),
    "a member whose bytes are not an array": (lambda: npz_bytes(members={"w3.npy": b"not numpy at all"}),
                                              "member 'w3' is not a NumPy array"),
    "a header claiming (10^12, 784)": (lambda: npz_bytes(members={"w3.npy": npy_header_only((10**12, 784))}),
                                       "member 'w3' is float32 of shape (1000000000000, 784)"),
    "a hidden layer of 0 units": (lambda: npz_bytes(**(good_arrays() | {"w1": np.zeros((0, 784), np.float32),
                                                                        "b1": np.zeros(0, np.float32)})),
                                  "member 'w1' is float32 of shape (0, 784)"),
    "float64 weights of 1e300": (lambda: npz_bytes(**(good_arrays() | {"w2": np.full((10, 5), 1e300)})),
                                 "array 'w2' holds values that are NaN, infinite or too large for 32-bit"),
    "text weights": (lambda: npz_bytes(**(good_arrays() | {"w2": np.array([["a"] * 5] * 10)})),
                     "member 'w2' is <U1"),
}


def write_hostile(folder: Path, name: str) -> Path:
    content, _ = HOSTILE[name]
    path = folder / (name.replace(" ", "-").replace(",", "").replace("^", "") + ".npz")
    path.write_bytes(content())
    return path
