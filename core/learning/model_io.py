"""Model files: `.npz` archives of plain numeric arrays plus one JSON metadata entry, read within bounds.

Members `w1, b1, w2, b2, ...` hold the layers, weights shaped (outputs, inputs) as in the formulas;
`metadata` holds UTF-8 JSON bytes (as uint8): the format version, layer sizes, activation, training
settings, data file, history per epoch, final test accuracy and date. Format version 1 is a fully connected
network (core/learning/network.py); version 2 a network as a list of layers (core/learning/layered.py), whose
metadata holds the list as typed (`layers`) and whose convolutions' weights are filter banks (k, c, f, f); the
shape of every array of a version 2 file is checked against the list's before its data is read.

Loading trusts nothing in the file: it takes regular files only; refuses unknown or non-`.npy`
members; reads each member's `.npy` header (shape and type) and refuses shapes no network here could
have before any array data is read; caps the total unpacked size, the metadata's size and its JSON
nesting; checks the weights are finite after the cast to the network's float32; and type-checks every
metadata field. Every problem is a ModelError naming the file and the member or field. Nothing is
unpickled. Saving writes only to a `.npz` path, atomically (core/base/files.py).
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, cast

import numpy as np

from core.base.errors import ModelError
from core.base.files import open_regular_file, os_reason, write_atomically
from core.base.i18n import N_, _
from core.base.schema import json_depth, parse_object
from core.learning.data import CLASSES, PIXELS
from core.learning.layer_spec import MOST_LAYERS, format_layers
from core.learning.layered import LayeredNetwork, build_layers
from core.learning.model import Model, Provenance
from core.learning.network import ACTIVATIONS, Network
from core.learning.settings import BY_NAME, Sizes, TrainingSettings
from core.learning.training import History

FORMAT_VERSION = 1                  # a fully connected network, as every file before version 2
LAYERED_FORMAT_VERSION = 2          # a network as a list of layers
VERSIONS = (FORMAT_VERSION, LAYERED_FORMAT_VERSION)
SUFFIX = ".npz"
MAX_UNPACKED_BYTES = 1 << 30        # all members together, as their headers declare (zipfile holds them to it)
MAX_METADATA_BYTES = 16 << 20       # 100,000 epochs of history take about 8 MB
MAX_JSON_DEPTH = 8                  # real metadata nests 3 deep (metadata -> history -> list)
HIDDEN_SIZES = cast(Sizes, BY_NAME["hidden"].kind)
MAX_LAYERS = max(HIDDEN_SIZES.most, MOST_LAYERS) + 1
MAX_UNITS = HIDDEN_SIZES.maximum
MEMBER = re.compile(r"(metadata|[wb][1-9][0-9]*)\.npy")
DTYPE = np.float32


def save_model(model: Model, path: str | Path) -> Path:
    """Write atomically to a `.npz` path; the path written (a symlink's target)."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        raise ModelError(_("{path}: a model file name must end in .npz").format(path=path))
    metadata = json.dumps(metadata_of(model)).encode("utf-8")
    # Any: NumPy's stub would take a member's array for savez's allow_pickle flag
    arrays: dict[str, Any] = {"metadata": np.frombuffer(metadata, dtype=np.uint8)}
    for index, (w, b) in enumerate(_weights_and_biases(model.network), start=1):
        arrays[f"w{index}"], arrays[f"b{index}"] = w, b
    return write_atomically(path, lambda stream: np.savez(stream, **arrays), ModelError)


def _weights_and_biases(network: Network | LayeredNetwork) -> list[tuple[np.ndarray, np.ndarray]]:
    if isinstance(network, LayeredNetwork):
        return list(zip(network.parameters[0::2], network.parameters[1::2]))
    return list(zip(network.weights, network.biases))


def _architecture(network: Network | LayeredNetwork) -> dict:
    if isinstance(network, LayeredNetwork):
        return {"format_version": LAYERED_FORMAT_VERSION, "layers": format_layers(network.spec), "activation": "relu"}
    return {"format_version": FORMAT_VERSION, "layer_sizes": network.layer_sizes, "activation": network.activation}


def metadata_of(model: Model) -> dict:
    provenance = model.provenance
    metadata = {
        **_architecture(model.network),
        "data_file": provenance.data_file,
        "epochs_run": provenance.epochs_run,
        "stopped_early": provenance.stopped_early,
        "training_seconds": provenance.training_seconds,
        "history": model.history.to_json(),
        "test_accuracy": provenance.test_accuracy,
        "created": provenance.created.isoformat() if provenance.created else None,
    }
    if model.settings is not None:
        metadata["settings"] = model.settings.to_json()
    if provenance.taught_digits:
        metadata["taught_digits"] = provenance.taught_digits
    return metadata


def load_model(path: str | Path) -> Model:
    """Read and check a model file; every problem is a ModelError naming the file."""
    path = Path(path)
    metadata, members = _read_members(path)
    network = _layered_network(path, members, metadata) if "layers" in metadata else _network(path, members, metadata)
    return _model(path, network, metadata)


# --- the archive -------------------------------------------------------------------------------------

def _read_members(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The metadata, read first, and the arrays, each array's header checked before its data is read."""
    with open_regular_file(path, ModelError, _("a model file")) as stream:
        if not _is_archive(stream):
            raise ModelError(_("{path}: not a model file (an .npz archive is expected)").format(path=path))
        return _read_archive(path, stream)


def _read_archive(path: Path, stream) -> tuple[dict, dict[str, np.ndarray]]:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            _check_member_names(path, infos)
            total = sum(info.file_size for info in infos)
            if total > MAX_UNPACKED_BYTES:
                raise ModelError(_("{path}: its members unpack to {size} MiB, more than the {limit} MiB any "
                                   "model here needs").format(path=path, size=total >> 20,
                                                              limit=MAX_UNPACKED_BYTES >> 20))
            found = [info for info in infos if info.filename == "metadata.npy"]
            metadata = _parse_metadata(path, _read_member(path, archive, found[0], None) if found else None)
            expected = _expected_shapes(path, metadata)
            return metadata, {info.filename[:-4]: _read_member(path, archive, info, expected)
                              for info in infos if info.filename != "metadata.npy"}
    except ModelError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        problem = os_reason(error) if isinstance(error, OSError) else _("the archive is damaged or cut short")
        raise ModelError(_("{path}: not a model file, or a truncated one ({problem})").format(
            path=path, problem=problem)) from None


def _is_archive(stream) -> bool:
    """True when the stream starts like a zip archive (and is left at its start)."""
    magic = stream.read(4)
    stream.seek(0)
    return magic == b"PK\x03\x04"


def _check_member_names(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    names = [info.filename for info in infos]
    for name in names:
        if not MEMBER.fullmatch(name):
            raise ModelError(_("{path}: unknown member {name!r}; a model holds only metadata.npy, w1.npy, "
                               "b1.npy, w2.npy, ...").format(path=path, name=name))
    if len(set(names)) != len(names):
        raise ModelError(_("{path}: a member appears twice").format(path=path))
    if len(names) > 2 * MAX_LAYERS + 1:
        raise ModelError(_("{path}: {count} members; a model has at most {most} layers").format(
            path=path, count=len(names), most=MAX_LAYERS))


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                 expected: dict[str, tuple[int, ...]] | None) -> np.ndarray:
    name = info.filename[:-4]
    with archive.open(info) as stream:
        try:
            version = np.lib.format.read_magic(stream)
            header = {(1, 0): np.lib.format.read_array_header_1_0,
                      (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if header is None:
                raise ValueError(version)
            shape, fortran_order, dtype = header(stream)
        except ValueError:
            raise ModelError(_("{path}: member {name!r} is not a NumPy array (its header cannot be read)").format(
                path=path, name=name)) from None
        _check_header(path, name, shape, dtype, expected)
        count = int(np.prod(shape, dtype=np.int64))
        data = stream.read(count * dtype.itemsize)
    if len(data) != count * dtype.itemsize:
        raise ModelError(_("{path}: member {name!r} is shorter than its header says").format(path=path, name=name))
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran_order else "C")


def _expected_shapes(path: Path, metadata: dict) -> dict[str, tuple[int, ...]] | None:
    """{member: shape} of a layered model's arrays, as its list of layers gives them; None for a fully connected one."""
    if "layers" not in metadata:
        return None
    shapes = [shape for layer in build_layers(metadata["layers"]) for shape in layer.shapes]
    return {f"{letter}{index // 2 + 1}": shape for index, (letter, shape) in enumerate(zip("wb" * len(shapes), shapes))}


def _check_header(path: Path, name: str, shape: tuple, dtype: np.dtype,
                  expected_shapes: dict[str, tuple[int, ...]] | None = None) -> None:
    """Refuse, before reading its data, an array no network here could have, or one its layers do not give."""
    if dtype.hasobject:
        raise ModelError(_("{path}: holds Python objects, which are not loaded for safety").format(path=path))
    if expected_shapes is not None and name != "metadata":
        if name not in expected_shapes:
            raise ModelError(_("{path}: member {name!r} belongs to no layer of the list {layers}").format(
                path=path, name=name, layers=", ".join(sorted(expected_shapes))))
        if dtype.kind not in "fiu" or tuple(shape) != expected_shapes[name]:
            raise ModelError(_("{path}: member {name!r} is {dtype} of shape {shape}; its layer needs numbers of "
                               "shape {expected}").format(path=path, name=name, dtype=dtype, shape=tuple(shape),
                                                          expected=expected_shapes[name]))
        return
    if name == "metadata":
        expected, ok = _("bytes of JSON (uint8, one dimension)"), (
            dtype == np.uint8 and len(shape) == 1 and shape[0] <= MAX_METADATA_BYTES)
    else:
        dimensions = 2 if name[0] == "w" else 1
        expected = _("numbers in {dimensions} dimensions of 1 to {units} each").format(
            dimensions=dimensions, units=max(MAX_UNITS, PIXELS))
        ok = (dtype.kind in "fiu" and len(shape) == dimensions
              and all(1 <= size <= max(MAX_UNITS, PIXELS) for size in shape))
    if not ok:
        raise ModelError(_("{path}: member {name!r} is {dtype} of shape {shape}; expected {expected}").format(
            path=path, name=name, dtype=dtype, shape=shape, expected=expected))


# --- the network -------------------------------------------------------------------------------------

def _network(path: Path, members: dict[str, np.ndarray], metadata: dict) -> Network:
    layers = sum(1 for name in members if name.startswith("w"))
    if layers == 0:
        raise ModelError(_("{path}: the file holds no layers (arrays w1, b1, ...)").format(path=path))
    for index in range(1, layers + 1):
        for name in (f"w{index}", f"b{index}"):
            if name not in members:
                raise ModelError(_("{path}: array {name!r} is missing").format(path=path, name=name))
    if len(members) != 2 * layers:
        raise ModelError(_("{path}: the layers are not numbered 1 to {count} without gaps").format(
            path=path, count=layers))
    weights = [_as_float32(path, f"w{index}", members[f"w{index}"]) for index in range(1, layers + 1)]
    biases = [_as_float32(path, f"b{index}", members[f"b{index}"]) for index in range(1, layers + 1)]
    _check_layers(path, weights, biases)
    sizes = metadata.get("layer_sizes")
    network = Network(weights, biases, metadata["activation"])
    if sizes is not None and sizes != network.layer_sizes:
        raise ModelError(_("{path}: the metadata says layers {sizes} but the arrays make {actual}").format(
            path=path, sizes=sizes, actual=network.layer_sizes))
    return network


def _layered_network(path: Path, members: dict[str, np.ndarray], metadata: dict) -> LayeredNetwork:
    """A version 2 file's network; each member's shape was checked as it was read."""
    expected = _expected_shapes(path, metadata) or {}
    missing = [name for name in expected if name not in members]
    if missing:
        raise ModelError(_("{path}: array {name!r} is missing").format(path=path, name=missing[0]))
    return LayeredNetwork(metadata["layers"], [_as_float32(path, name, members[name]) for name in expected])


def _as_float32(path: Path, name: str, array: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        converted = array.astype(DTYPE)
    if not np.isfinite(converted).all():
        raise ModelError(_("{path}: array {name!r} holds values that are NaN, infinite or too large for "
                           "32-bit floats").format(path=path, name=name))
    return converted


def _check_layers(path: Path, weights: list[np.ndarray], biases: list[np.ndarray]) -> None:
    for index, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        if b.shape[0] != w.shape[0]:
            raise ModelError(_("{path}: b{index} has {values} values but w{index} has {rows} rows").format(
                path=path, index=index, values=b.shape[0], rows=w.shape[0]))
        if index > 1 and w.shape[1] != weights[index - 2].shape[0]:
            raise ModelError(_("{path}: w{index} takes {inputs} inputs but layer {previous} gives {outputs} "
                               "outputs").format(path=path, index=index, inputs=w.shape[1], previous=index - 1,
                                                 outputs=weights[index - 2].shape[0]))
    if weights[0].shape[1] != PIXELS or weights[-1].shape[0] != CLASSES:
        raise ModelError(_("{path}: the network maps {inputs} inputs to {outputs} outputs; Trazo needs 784 "
                           "pixels in and 10 classes out").format(path=path, inputs=weights[0].shape[1],
                                                                  outputs=weights[-1].shape[0]))


# --- the metadata ------------------------------------------------------------------------------------

def _parse_metadata(path: Path, raw: np.ndarray | None) -> dict:
    if raw is None:
        raise ModelError(_("{path}: the 'metadata' entry is missing").format(path=path))
    try:
        text = raw.tobytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ModelError(_("{path}: the metadata is not UTF-8 text (byte {position})").format(
            path=path, position=error.start)) from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise ModelError(_("{path}: the metadata nests deeper than {depth} levels; no model file does").format(
            path=path, depth=MAX_JSON_DEPTH))
    try:
        metadata = json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelError(_("{path}: the metadata is not valid JSON (line {line}, column {column})").format(
            path=path, line=error.lineno, column=error.colno)) from None
    except RecursionError:
        raise ModelError(_("{path}: the metadata nests deeper than {depth} levels; no model file does").format(
            path=path, depth=MAX_JSON_DEPTH)) from None
    if not isinstance(metadata, dict):
        raise ModelError(_("{path}: the metadata is not a JSON object").format(path=path))
    version = metadata.get("format_version")
    if type(version) is not int or version not in VERSIONS:
        raise ModelError(_("{path}: format version {version!r} is not supported (this Trazo reads versions "
                           "{supported})").format(path=path, version=version,
                                                  supported=", ".join(map(str, VERSIONS))))
    if "layers" in metadata and version != LAYERED_FORMAT_VERSION:
        raise ModelError(_("{path}: a file of format version {version} has no list of layers, and this one "
                           "has one").format(path=path, version=version))
    if "layers" not in metadata and version == LAYERED_FORMAT_VERSION:
        raise ModelError(_("{path}: a file of format version {version} needs its list of layers (the metadata's "
                           "'layers')").format(path=path, version=version))
    try:
        parsed = parse_object(metadata, FIELDS, "metadata", ModelError)
    except ModelError as error:
        raise ModelError(f"{path}: {error}") from None
    if "activation" not in parsed:
        raise ModelError(_("{path}: the metadata does not name the activation").format(path=path))
    return parsed




def _expect(check: Callable[[Any], bool], expected: str, **values) -> Callable[[Any], Any]:
    """A field parser that keeps a value `check` accepts, and otherwise says what was `expected`."""
    def parse(value: Any) -> Any:
        if not check(value):
            raise ValueError(_("expected {expected}").format(expected=_(expected).format(**values)))
        return value
    return parse


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    return type(value) in (int, float) and np.isfinite(value)


def _layers(value: Any):
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("expected a list of layers such as conv:8:5,pool:2,dense:128"))
    return BY_NAME["layers"].kind.parse(value)


def _created(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    raise ValueError(_("expected a date and time in ISO 8601 form"))


FIELDS: dict[str, Callable[[Any], Any]] = {
    "format_version": _expect(_is_int, N_("a whole number")),
    "layer_sizes": _expect(lambda v: isinstance(v, list) and all(_is_int(size) and size >= 1 for size in v),
                           N_("a list of layer sizes")),
    "layers": lambda v: _layers(v),
    "activation": _expect(lambda v: isinstance(v, str) and v in ACTIVATIONS, N_("one of {choices}"),
                          choices=", ".join(ACTIVATIONS)),
    "settings": lambda v: TrainingSettings.from_json(v, "metadata.settings").validate(),
    "data_file": _expect(lambda v: isinstance(v, str) and len(v) <= 4096, N_("a file name")),
    "epochs_run": _expect(lambda v: _is_int(v) and v >= 0, N_("a whole number of epochs")),
    "stopped_early": _expect(lambda v: isinstance(v, bool), N_("true or false")),
    "training_seconds": _expect(lambda v: v is None or (_is_number(v) and v >= 0), N_("a number of seconds")),
    "history": History.from_json,
    "test_accuracy": _expect(lambda v: v is None or (_is_number(v) and 0 <= v <= 1),
                             N_("a fraction from 0 to 1")),
    "created": _created,
    "taught_digits": _expect(lambda v: _is_int(v) and v >= 0, N_("a whole number of digits")),
}


def _model(path: Path, network: Network | LayeredNetwork, metadata: dict) -> Model:
    provenance = Provenance(
        data_file=metadata.get("data_file", ""), epochs_run=metadata.get("epochs_run", 0),
        stopped_early=metadata.get("stopped_early", False), training_seconds=metadata.get("training_seconds"),
        test_accuracy=metadata.get("test_accuracy"), created=metadata.get("created"),
        taught_digits=metadata.get("taught_digits", 0))
    return Model(network, metadata.get("settings"), metadata.get("history", History()), provenance)

