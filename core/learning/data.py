r"""Reading `mnist.txt`: one sample per line, 784 column-major pixels then the label (0-9).

The format, exactly:
- A data file is a regular file (or a symbolic link to one), plain text or, if its name ends in `.gz`,
  gzip-compressed text. A folder, named pipe, device or socket is refused before it is opened.
- Lines end in `\n` or `\r\n`. A UTF-8 byte-order mark at the start and blank lines at the end are
  ignored; a blank line anywhere else is an error.
- Each line holds 785 values separated by commas: the 784 pixels, then the label. Spaces and tabs
  may surround a value, never split one.
- A value is written in ASCII as digits with an optional decimal point and exponent:
  `-?([0-9]+|[0-9]*\.[0-9]+)([eE][+-]?[0-9]+)?` (see NUMBER). So `7`, `007`, `255`, `0.5`, `.5`,
  `1e-3`, `1.5E+02` and `2.000000000000000000e+00` (NumPy's savetxt default) are numbers, while `+5`,
  `5.`, `1_0`, `0x10`, `nan`, `inf`, `١٢` (non-ASCII digits) and an empty value are not. The minus
  sign is allowed only so that `-1` is reported as out of range; `-0` is zero.
- Pixels are from 0 to 255; if no pixel in the file is above 1, they are taken as already scaled to
  [0, 1]. Labels are whole numbers from 0 to 9 (`3`, or `3.0` in a file of decimals).
- Limits, so that no file can hang the app or fill its memory: a line has at most MAX_LINE_BYTES
  bytes (a real one has a few kilobytes: 785 values of up to about 25 characters) and a file at most
  MAX_FILE_BYTES (after decompression, for `.gz`). Loading a file of that size takes up to about three
  times as much memory: its text and up to twice as much again for the float32 pixels.

Every refusal is a DataError naming the file, the line and value when there is one, and what was
expected. Two parsers share the work, chunk by chunk: a vectorised one for plain integers, and
NumPy's loadtxt for anything else once every byte has passed the checks that make its number syntax
the one above. If either refuses a chunk, `_line_problem` reads the chunk's lines one by one to find
and name the first bad one.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, cast

import numpy as np

from core.base.errors import Cancelled, DataError
from core.base.files import open_regular_file, os_reason
from core.base.i18n import N_, _, ngettext

IMAGE_SIDE = 28
PIXELS = IMAGE_SIDE * IMAGE_SIDE
VALUES_PER_ROW = PIXELS + 1
CLASSES = 10
CHUNK_LINES = 512
MAX_LINE_BYTES = 64 * 1024
MAX_FILE_BYTES = 1024 ** 3
NUMBER = re.compile(r"-?(?:[0-9]+|[0-9]*\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NUMBER_FORM = N_("digits with an optional decimal point and exponent, such as 255, 0.5 or 1e-3")

RowRange = tuple[int, int]              # rows [start, end) of a data file
RowRanges = tuple[RowRange, ...]        # several such ranges, in order, not overlapping


@dataclass(frozen=True)
class Dataset:
    """Pixels in [0, 1] as float32 (one row per sample, column-major) and integer labels."""

    pixels: np.ndarray
    labels: np.ndarray
    name: str

    def __len__(self) -> int:
        return len(self.labels)

    def rows(self, row_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """The pixels and labels of rows [start, end), or a DataError naming what is missing."""
        start, end = row_range
        if end > len(self):
            raise DataError(_("{name}: rows {start}:{end} were requested but the file has only {count} "
                              "rows").format(name=self.name, start=start, end=end, count=len(self)))
        return self.pixels[start:end], self.labels[start:end]

    def rows_in(self, row_ranges: RowRanges) -> tuple[np.ndarray, np.ndarray]:
        """The pixels and labels of several ranges one after the other (a view for a single range)."""
        parts = [self.rows(row_range) for row_range in row_ranges]
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p for p, _ in parts]), np.concatenate([labels for _, labels in parts])


def parse_row_range(text: str) -> tuple[int, int]:
    """'900:1000' -> (900, 1000); a DataError for anything that is not START:END with START < END."""
    parts = text.split(":")
    try:
        start, end = (int(part) for part in parts)
    except ValueError:
        raise DataError(_("rows {text!r}: expected START:END, for example 900:1000").format(text=text)) from None
    if not 0 <= start < end:
        raise DataError(_("rows {text!r}: need 0 <= START < END").format(text=text))
    return start, end


def format_row_range(row_range: tuple[int, int]) -> str:
    return f"{row_range[0]}:{row_range[1]}"


def parse_row_ranges(text: str) -> RowRanges:
    """'0:900, 1000:4000' -> ((0, 900), (1000, 4000)); a DataError if a range is bad or two overlap."""
    parts = [part.strip() for part in text.split(",")]
    if not all(parts):
        raise DataError(_("rows {text!r}: expected START:END, or several separated by commas, for example "
                          "0:900, 1000:4000").format(text=text))
    row_ranges = tuple(parse_row_range(part) for part in parts)
    overlap = ranges_overlap(row_ranges)
    if overlap:
        raise DataError(_("rows {text!r}: {first} and {second} overlap").format(
            text=text, first=format_row_range(overlap[0]), second=format_row_range(overlap[1])))
    return row_ranges


def format_row_ranges(row_ranges: RowRanges) -> str:
    return ", ".join(format_row_range(row_range) for row_range in row_ranges)


def as_row_ranges(rows: RowRange | RowRanges) -> RowRanges:
    """(0, 900) or ((0, 900), ...) -> ((0, 900), ...), integers."""
    ranges = (rows,) if len(rows) and not isinstance(rows[0], (tuple, list)) else rows
    return tuple((int(start), int(end)) for start, end in cast(RowRanges, ranges))


def count_rows(row_ranges: RowRanges) -> int:
    return sum(end - start for start, end in row_ranges)


def ranges_overlap(first: RowRanges, second: RowRanges | None = None) -> tuple[RowRange, RowRange] | None:
    """A pair of ranges that share rows: one from each set, or two of the first set; None if none do."""
    pairs = ([(a, b) for i, a in enumerate(first) for b in first[i + 1:]] if second is None
             else [(a, b) for a in first for b in second])
    for a, b in pairs:
        if max(a[0], b[0]) < min(a[1], b[1]):
            return a, b
    return None


def column_major_to_image(rows: np.ndarray) -> np.ndarray:
    """Column-major 784-vectors (any leading shape) -> upright 28x28 images [row, column]."""
    rows = np.asarray(rows)
    columns_first = rows.reshape(rows.shape[:-1] + (IMAGE_SIDE, IMAGE_SIDE))
    return np.swapaxes(columns_first, -1, -2)


def image_to_column_major(images: np.ndarray) -> np.ndarray:
    """Upright 28x28 images [row, column] -> column-major 784-vectors, like the data file."""
    images = np.asarray(images)
    return np.swapaxes(images, -1, -2).reshape(images.shape[:-2] + (PIXELS,))


class Progress:
    """Reports how far a load has come (reading is the first half, parsing the second) and stops it
    with Cancelled when asked to; the app loads off its GUI thread with one of these."""

    def __init__(self, report: Callable[[float], None] | None = None, should_stop: Callable[[], bool] | None = None):
        self.report, self.should_stop = report, should_stop

    def __call__(self, fraction: float) -> None:
        if self.should_stop is not None and self.should_stop():
            raise Cancelled(_("loading was cancelled"))
        if self.report is not None:
            self.report(min(max(fraction, 0.0), 1.0))


def load_dataset(path: str | Path, progress: Progress | None = None) -> Dataset:
    """Read a data file (`.txt` or `.txt.gz`), checking every row; pixels end up in [0, 1]."""
    path = Path(path)
    progress = progress or Progress()
    content = _read_bytes(path, lambda done: progress(done / 2))
    digest = hashlib.sha256(content).digest()
    table = _last_table.get(digest)
    if table is None:
        pixels, labels = _parse_table(path, content, lambda done: progress(0.5 + done / 2))
        del content
        if pixels.max(initial=0.0) > 1.0:
            np.divide(pixels, np.float32(255.0), out=pixels)
        table = pixels, labels.astype(np.int64)
        for array in table:
            array.flags.writeable = False
        _last_table.clear()
        _last_table[digest] = table
    return Dataset(*table, path.name)


# The arrays of the last content parsed, read-only, by its SHA-256: a window opening on the same file again
# (every window opens the shipped one) shares them instead of parsing 9 MB of text again.
_last_table: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}


def _read_bytes(path: Path, progress: Callable[[float], None]) -> bytearray:
    """The file's bytes (decompressed for .gz) without a UTF-8 byte-order mark and trailing blank lines."""
    try:
        with _open_data_file(path) as file:
            size = max(os.fstat(file.fileno()).st_size, 1)
            with gzip.GzipFile(fileobj=file) if path.suffix == ".gz" else file as stream:
                content = _read_within_limits(path, stream, lambda: progress(file.tell() / size))
    except (OSError, EOFError, zlib.error) as error:
        reason = (os_reason(error) if isinstance(error, OSError) and error.errno is not None   # gzip's own are not
                  else _("the compressed data is damaged"))
        raise DataError(_("{path}: cannot be read ({reason})").format(path=path, reason=reason)) from None
    if content.startswith(b"\xef\xbb\xbf"):
        del content[:3]
    del content[len(content.rstrip(b" \t\r\n")):]
    if not content:
        raise DataError(_("{path}: the file is empty").format(path=path))
    return content


def _open_data_file(path: Path) -> BinaryIO:
    """The file open for reading; a DataError if it is missing, not a regular file or too big."""
    stream = open_regular_file(path, DataError, _("a data file (a regular .txt or .txt.gz file)"))
    size = os.fstat(stream.fileno()).st_size
    if path.suffix != ".gz" and size > MAX_FILE_BYTES:
        stream.close()
        raise DataError(_("{path}: the file has {amount} ({size:,} bytes); a data file may hold at most "
                          "{limit}").format(path=path, amount=_amount(size), size=size, limit=_amount(MAX_FILE_BYTES)))
    return stream


def _read_within_limits(path: Path, stream: BinaryIO | gzip.GzipFile, progress: Callable[[], None]) -> bytearray:
    """All of the stream; a DataError as soon as a line is over MAX_LINE_BYTES or the whole over MAX_FILE_BYTES."""
    content = bytearray()
    line_start = lines_before = 0  # where the unfinished line begins, and how many lines end before it
    # Blocks no longer than a line may be: a line that begins and ends in one block is short enough,
    # so only the line that runs in from earlier blocks needs measuring.
    while block := stream.read(MAX_LINE_BYTES):
        progress()
        block_start = len(content)
        content += block
        if len(content) > MAX_FILE_BYTES:
            message = (N_("{path}: more than {limit} of text once decompressed; a data file may hold at most "
                          "{limit}") if path.suffix == ".gz" else
                       N_("{path}: more than {limit} of text; a data file may hold at most {limit}"))
            raise DataError(_(message).format(path=path, limit=_amount(MAX_FILE_BYTES)))
        first_end = content.find(b"\n", block_start)
        if (len(content) if first_end == -1 else first_end) - line_start > MAX_LINE_BYTES:
            raise DataError(_("{path}, line {line}: longer than {limit} ({size:,} bytes); a line of {values} "
                              "values has a few kilobytes").format(path=path, line=lines_before + 1,
                                                                   limit=_amount(MAX_LINE_BYTES),
                                                                   size=MAX_LINE_BYTES, values=VALUES_PER_ROW))
        if first_end != -1:
            lines_before += content.count(b"\n", block_start)
            line_start = content.rfind(b"\n", block_start) + 1
    return content


def _amount(size: int) -> str:
    """A number of bytes in the largest binary unit it reaches: 1073741824 -> '1 GiB'."""
    for unit, scale in (("GiB", 2 ** 30), ("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return _("{size} bytes").format(size=size)


NEWLINE, RETURN, COMMA = ord("\n"), ord("\r"), ord(",")


def _byte_set(characters: bytes) -> np.ndarray:
    """A lookup table: True at each of the characters' byte values."""
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(characters, dtype=np.uint8)] = True
    return table


DIGITS, EXPONENT_MARKS, LINE_END = _byte_set(b"0123456789"), _byte_set(b"eE"), _byte_set(b"\n")
DECIMAL_TEXT = b"0123456789.eE+-, \t\r\n"  # every byte a file of decimals may hold


def _parse_table(path: Path, content: bytearray,
                 progress: Callable[[float], None]) -> tuple[np.ndarray, np.ndarray]:
    """Pixels (n, 784) and labels (n,) as float32, after every check; else the first bad line."""
    data = np.frombuffer(content, dtype=np.uint8)
    line_ends = np.append(np.flatnonzero(data == NEWLINE), len(data))
    pixels = np.empty((len(line_ends), PIXELS), dtype=np.float32)
    labels = np.empty(len(line_ends), dtype=np.float32)
    integers_so_far = True
    for first in range(0, len(line_ends), CHUNK_LINES):
        progress(first / len(line_ends))
        last = min(first + CHUNK_LINES, len(line_ends))
        start, end = (int(line_ends[first - 1]) + 1 if first else 0), int(line_ends[last - 1])
        lines = data[start:end + 1] if end < len(data) else np.append(data[start:], np.uint8(NEWLINE))
        table = _parse_integer_lines(lines) if integers_so_far else None
        if table is None:
            table = _parse_decimal_lines(lines)
            integers_so_far = False  # a file of decimals: no need to try every chunk as integers
        if table is None or not _values_are_valid(table):
            raise DataError(_first_problem(path, lines, first + 1))
        pixels[first:last] = table[:, :PIXELS]
        labels[first:last] = table[:, PIXELS]
    return pixels, labels


def _parse_integer_lines(lines: np.ndarray) -> np.ndarray | None:
    """Lines (each ending in a newline) of integers of 1-3 digits and commas -> (lines, 785); None if anything else.

    The fast path for the usual file, vectorised; anything it refuses goes to `_parse_decimal_lines`.
    """
    is_return = lines == RETURN
    if is_return.any():
        if not np.all(lines[np.flatnonzero(is_return) + 1] == NEWLINE):
            return None
        lines = lines[~is_return]
    padded = np.concatenate((np.full(4, COMMA, dtype=np.uint8), lines))
    is_digit = (padded >= ord("0")) & (padded <= ord("9"))
    separators = np.flatnonzero(~is_digit[4:]) + 4
    separator_bytes = padded[separators]
    is_newline = separator_bytes == NEWLINE
    if not np.all(is_newline | (separator_bytes == COMMA)):
        return None
    digits = np.where(is_digit, padded - ord("0"), 0).astype(np.int16)
    has_two = is_digit[separators - 2]
    if not is_digit[separators - 1].all() or (has_two & is_digit[separators - 3] & is_digit[separators - 4]).any():
        return None  # an empty value, or one of four or more digits
    values = digits[separators - 1] + 10 * digits[separators - 2] + 100 * digits[separators - 3] * has_two
    row_ends = np.flatnonzero(is_newline)
    if not np.array_equal(row_ends, np.arange(VALUES_PER_ROW - 1, len(values), VALUES_PER_ROW)):
        return None
    return values.reshape(-1, VALUES_PER_ROW)


def _parse_decimal_lines(lines: np.ndarray) -> np.ndarray | None:
    """Lines (each ending in a newline) of 785 numbers as NUMBER spells them -> (lines, 785) float64; None if not.

    loadtxt reads numbers as Python's float() does, which accepts more than NUMBER: the checks before
    it leave out exactly the rest (letters, underscores, non-ASCII, a leading '+', a '.' without a
    digit after it, a '\\r' inside a line), and blank lines, which loadtxt would skip.
    """
    text = lines.tobytes()
    if text.translate(None, DECIMAL_TEXT) or not (_all_next_to(lines, "+", -1, EXPONENT_MARKS)
                                                  and _all_next_to(lines, ".", 1, DIGITS)
                                                  and _all_next_to(lines, "\r", 1, LINE_END)):
        return None
    text_lines = text.decode("ascii").split("\n")[:-1]
    if any(line.count(",") != VALUES_PER_ROW - 1 for line in text_lines):
        return None
    try:
        table = np.loadtxt(text_lines, delimiter=",", dtype=np.float64, ndmin=2, comments=None)
    except ValueError:
        return None
    return np.add(table, 0.0, out=table)  # -0 becomes 0


def _all_next_to(lines: np.ndarray, character: str, offset: int, neighbours: np.ndarray) -> bool:
    """Whether every `character` has one of the `neighbours` (a _byte_set) `offset` bytes away.

    The lines wrap around: the byte before the first is the final newline.
    """
    positions = np.flatnonzero(lines == ord(character)) + offset
    return bool(neighbours[lines[positions % len(lines)]].all())


def _values_are_valid(table: np.ndarray) -> bool:
    """Pixels within 0-255 and labels whole numbers from 0 to 9 (what `_value_problem` checks one by one)."""
    pixels, labels = table[:, :PIXELS], table[:, PIXELS]
    return bool(pixels.min() >= 0 and pixels.max() <= 255 and np.isin(labels, np.arange(CLASSES)).all())


def _first_problem(path: Path, lines: np.ndarray, first_number: int) -> str:
    """The message for the first bad line among lines a parser refused, read one by one (the slow, exact path)."""
    text_lines = lines.tobytes().decode("utf-8", errors="replace").split("\n")[:-1]
    for number, line in enumerate(text_lines, start=first_number):
        problem = _line_problem(line)
        if problem:
            return _("{path}, line {line}: {problem}").format(path=path, line=number, problem=problem)
    return _("{path}, lines {first}-{last}: could not be read as {values} numbers per line").format(
        path=path, first=first_number, last=first_number + len(text_lines) - 1, values=VALUES_PER_ROW)


def _line_problem(line: str) -> str | None:
    fields = [field.strip(" \t") for field in line.removesuffix("\r").split(",")]
    if fields == [""]:
        return _("the line is blank; every line needs {values} values").format(values=VALUES_PER_ROW)
    if len(fields) != VALUES_PER_ROW:
        return ngettext("{count} value, expected {values} ({pixels} pixels and the label)",
                        "{count} values, expected {values} ({pixels} pixels and the label)", len(fields)).format(
            count=len(fields), values=VALUES_PER_ROW, pixels=PIXELS)
    return next(filter(None, (_value_problem(column, field) for column, field in enumerate(fields, start=1))), None)


def _value_problem(column: int, field: str) -> str | None:
    if not field:
        return _("value {column} is empty").format(column=column)
    if field.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return _("value {column} is {field!r}; pixels and labels must be finite numbers").format(
            column=column, field=field)
    if not NUMBER.fullmatch(field):
        return _("value {column} is {field!r}, which is not a number written as {form}").format(
            column=column, field=field, form=_(NUMBER_FORM))
    value = float(field)
    if column <= PIXELS and not 0.0 <= value <= 255.0:
        return _("pixel {column} is {field}, outside 0-255").format(column=column, field=field)
    if column == VALUES_PER_ROW and not (value.is_integer() and 0 <= value < CLASSES):
        return _("the label is {field}; it must be an integer from 0 to 9").format(field=field)
    return None
