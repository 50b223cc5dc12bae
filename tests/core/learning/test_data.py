import gzip
import os
import socket
import threading
import tracemalloc

import numpy as np
import pytest

import core.learning.data
from core.base.errors import DataError
from core.learning.data import (
    NUMBER,
    Dataset,
    column_major_to_image,
    image_to_column_major,
    load_dataset,
    parse_row_range,
    parse_row_ranges,
)
from tests.core.samples import DATA_FILE, good_row, write_rows


def test_shipped_file_has_5000_rows_of_all_classes(dataset):
    assert dataset.pixels.shape == (5000, 784)
    assert dataset.pixels.dtype == np.float32
    assert 0.0 <= dataset.pixels.min() and dataset.pixels.max() == 1.0
    assert np.bincount(dataset.labels[:1000], minlength=10).min() >= 80, "first 1000 rows mix all classes"


def test_values_match_a_plain_parse_of_the_file(dataset):
    reference = np.loadtxt(DATA_FILE, delimiter=",", max_rows=50)
    np.testing.assert_array_equal(dataset.pixels[:50], (reference[:, :784] / 255).astype(np.float32))
    np.testing.assert_array_equal(dataset.labels[:50], reference[:, 784])


def test_column_major_order_puts_the_first_column_first():
    image = np.arange(784).reshape(28, 28)          # image[row, column]
    row = image_to_column_major(image)
    np.testing.assert_array_equal(row[:28], image[:, 0])
    assert row[5 + 28 * 3] == image[5, 3], "value k is pixel row k % 28, column k // 28"
    np.testing.assert_array_equal(column_major_to_image(row), image)


def test_round_trip_works_on_batches():
    rows = np.random.default_rng(0).random((7, 784))
    np.testing.assert_array_equal(image_to_column_major(column_major_to_image(rows)), rows)


def test_shipped_digit_is_upright(dataset):
    """A '1' is a vertical stroke: in the upright image the ink spans many rows but few columns."""
    one = column_major_to_image(dataset.pixels[np.flatnonzero(dataset.labels == 1)[:20]]).mean(axis=0)
    rows_with_ink = (one.sum(axis=1) > 0.5).sum()
    columns_with_ink = (one.sum(axis=0) > 0.5).sum()
    assert rows_with_ink > columns_with_ink + 5


def test_accepts_crlf_bom_blank_tail_and_spaces(tmp_path):
    rows = [good_row(label) for label in range(3)]
    rows[1] = [f" {value} " for value in rows[1]]
    path = tmp_path / "messy.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(",".join(row) for row in rows).encode() + b"\r\n\r\n\n")
    data = load_dataset(path)
    np.testing.assert_array_equal(data.labels, [0, 1, 2])
    assert data.pixels[1, 100] == 1.0


def test_reads_gzip(tmp_path):
    path = tmp_path / "mnist.txt.gz"
    with gzip.open(path, "wt") as stream:
        stream.write("\n".join(",".join(good_row(label)) for label in (4, 7)) + "\n")
    np.testing.assert_array_equal(load_dataset(path).labels, [4, 7])


def test_already_scaled_values_are_kept(tmp_path):
    row = ["0.5"] * 784 + ["2"]
    data = load_dataset(write_rows(tmp_path / "scaled.txt", [row]))
    assert data.pixels[0, 0] == pytest.approx(0.5)


def bad_rows():
    """Each case: a change to line 2 of a three-line file, and words the message must contain."""
    def change(position, value):
        row = good_row()
        row[position] = value
        return row
    return {
        "too few values": (good_row()[:-1], "784 values, expected 785"),
        "too many values": (good_row() + ["0"], "786 values, expected 785"),
        "not a number": (change(10, "abc"), "value 11 is 'abc', which is not a number"),
        "nan": (change(3, "nan"), "finite"),
        "infinity": (change(3, "inf"), "finite"),
        "pixel below zero": (change(3, "-1"), "pixel 4 is -1, outside 0-255"),
        "pixel above 255": (change(3, "256"), "pixel 4 is 256, outside 0-255"),
        "label 10": (change(784, "10"), "the label is 10"),
        "label -1": (change(784, "-1"), "the label is -1"),
        "label 2.5": (change(784, "2.5"), "the label is 2.5"),
        "blank line": ([""], "blank"),
        "empty value": (change(3, ""), "value 4 is empty"),
        "underscore": (change(3, "1_0"), "value 4 is '1_0', which is not a number"),
        "plus sign": (change(3, "+5"), "value 4 is '+5', which is not a number"),
        "point without a digit after it": (change(3, "5."), "value 4 is '5.', which is not a number"),
        "hexadecimal": (change(3, " 0x10"), "value 4 is '0x10', which is not a number"),
        "non-ASCII digits": (change(3, "١٢"), "value 4 is '١٢', which is not a number"),
        "full-width digit": (change(3, "５"), "value 4 is '５', which is not a number"),
        "space inside": (change(3, "1 0"), "value 4 is '1 0', which is not a number"),
        "return inside a line": (change(3, "1\r0"), "value 4 is '1\\r0', which is not a number"),
        "minus alone": (change(3, "-"), "value 4 is '-', which is not a number"),
        "exponent without digits": (change(3, "1e"), "value 4 is '1e', which is not a number"),
        "two points": (change(3, "1.2.3"), "value 4 is '1.2.3', which is not a number"),
        "Infinity": (change(3, "Infinity"), "finite"),
        "minus inf": (change(3, "-inf"), "finite"),
        "1e308": (change(3, "1e308"), "pixel 4 is 1e308, outside 0-255"),
        "beyond float64": (change(3, "1e999"), "pixel 4 is 1e999, outside 0-255"),
        "label 1e999": (change(784, "1e999"), "the label is 1e999"),
        "255.5": (change(3, "255.5"), "pixel 4 is 255.5, outside 0-255"),
    }


@pytest.mark.parametrize("case", list(bad_rows()))
def test_bad_line_is_reported_with_file_and_line(tmp_path, case):
    bad, expected = bad_rows()[case]
    path = write_rows(tmp_path / "bad.txt", [good_row(), bad, good_row()])
    with pytest.raises(DataError) as error:
        load_dataset(path)
    message = str(error.value)
    assert "bad.txt, line 2:" in message, message
    assert expected in message, message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n")
    with pytest.raises(DataError, match="empty.txt: the file is empty"):
        load_dataset(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_dataset(tmp_path / "nothing.txt")


def test_too_few_rows_for_the_split(tmp_path):
    data = load_dataset(write_rows(tmp_path / "short.txt", [good_row()] * 5))
    with pytest.raises(DataError, match="short.txt: rows 900:1000 were requested but the file has only 5 rows"):
        data.rows((900, 1000))


@pytest.mark.parametrize("text", ["900", "a:b", "10:5", "-1:5", "1:2:3"])
def test_bad_row_range(text):
    with pytest.raises(DataError, match="rows"):
        parse_row_range(text)


def test_row_range():
    assert parse_row_range("900:1000") == (900, 1000)


def test_several_row_ranges():
    assert parse_row_ranges("0:900, 1000:4000") == ((0, 900), (1000, 4000))
    assert parse_row_ranges("900:1000") == ((900, 1000),)


@pytest.mark.parametrize("text, expected", [
    ("0:900,", "expected START:END"), ("0:900, 10:5", "need 0 <= START < END"),
    ("0:900, 800:1000", "0:900 and 800:1000 overlap"),
])
def test_bad_row_ranges(text, expected):
    with pytest.raises(DataError, match=expected):
        parse_row_ranges(text)


def test_rows_of_several_ranges_come_one_after_the_other(dataset):
    pixels, labels = dataset.rows_in(((0, 10), (20, 25)))
    np.testing.assert_array_equal(pixels, np.concatenate([dataset.pixels[0:10], dataset.pixels[20:25]]))
    np.testing.assert_array_equal(labels, np.r_[dataset.labels[0:10], dataset.labels[20:25]])
    with pytest.raises(DataError, match="rows 4000:6000 were requested"):
        dataset.rows_in(((0, 10), (4000, 6000)))


def test_rows_are_a_view_of_the_requested_range(dataset):
    pixels, labels = dataset.rows((900, 1000))
    assert pixels.shape == (100, 784) and labels.shape == (100,)
    np.testing.assert_array_equal(labels, dataset.labels[900:1000])
    assert isinstance(dataset, Dataset)


def test_last_line_without_a_line_end(tmp_path):
    path = tmp_path / "no-end.txt"
    path.write_text("\n".join(",".join(good_row(label)) for label in (5, 6)))
    np.testing.assert_array_equal(load_dataset(path).labels, [5, 6])


def test_many_rows_parse_the_same_as_a_plain_reader(tmp_path):
    """More rows than one parsing chunk, with values of one, two and three digits."""
    rng = np.random.default_rng(0)
    table = np.hstack([rng.integers(0, 256, (1300, 784)), rng.integers(0, 10, (1300, 1))])
    path = tmp_path / "many.txt"
    np.savetxt(path, table, fmt="%d", delimiter=",")
    data = load_dataset(path)
    np.testing.assert_array_equal(data.pixels, (table[:, :784] / 255).astype(np.float32))
    np.testing.assert_array_equal(data.labels, table[:, 784])


# Spellings: what NUMBER accepts is read, what it refuses is reported; both parsers agree with it.

ACCEPTED_SPELLINGS = ["0", "007", "255", "0255", "0.5", ".5", "-0", "-0.0", "1e-3", "1E+2", "2.5e1", "12.5E-1",
                      "1.000000000000000000e+02", " 12 ", "\t3\t", "1e-999", "0.000000000000000000001e22"]


@pytest.mark.parametrize("spelling", ACCEPTED_SPELLINGS)
def test_accepted_spelling_is_read_as_its_value(tmp_path, spelling):
    row = good_row()
    row[3] = spelling
    data = load_dataset(write_rows(tmp_path / "spelled.txt", [good_row(), row]))
    assert data.pixels[1, 3] == np.float32(float(spelling)) / np.float32(255)
    assert not np.signbit(data.pixels).any(), "-0 is read as 0"


@pytest.mark.parametrize("label", ["3", "3.0", "3e0", "0.3e1", " 3 "])
def test_label_may_be_written_as_a_decimal(tmp_path, label):
    row = good_row()
    row[784] = label
    assert load_dataset(write_rows(tmp_path / "label.txt", [row])).labels[0] == 3


def test_random_spellings_agree_with_the_stated_format(tmp_path):
    """Tokens of digits, signs, points, exponents and stray characters: read iff NUMBER matches them."""
    rng = np.random.default_rng(1)
    alphabet = list("0123456789") * 3 + list(".eE+-") * 2 + ["_", " ", "x", "n", "\r"]
    tokens = sorted({"".join(rng.choice(alphabet, size=rng.integers(1, 6))) for _ in range(300)})
    good, bad = [], []
    for token in tokens:
        field = token.strip(" \t")
        (good if NUMBER.fullmatch(field) and 0 <= float(field) <= 255 else bad).append(token)
    assert len(good) > 30 and len(bad) > 30
    rows = [good_row()] + [good_row() for _ in good]
    for row, token in zip(rows[1:], good, strict=True):
        row[3] = token
    data = load_dataset(write_rows(tmp_path / "good.txt", rows))
    expected = np.array([float(token) for token in good], dtype=np.float32) / np.float32(255)
    np.testing.assert_array_equal(data.pixels[1:, 3], expected)
    for token in bad:
        row = good_row()
        row[3] = token
        with pytest.raises(DataError, match="bad.txt, line 2: "):
            load_dataset(write_rows(tmp_path / "bad.txt", [good_row(), row]))


def test_bad_value_in_a_file_of_decimals_names_its_line(tmp_path, monkeypatch):
    """Past the first chunks of lines, in a file that only the decimal parser reads; no overflow warning."""
    monkeypatch.setattr(core.learning.data, "CHUNK_LINES", 8)
    rows = [["0.5"] * 784 + ["1"] for _ in range(30)]
    rows[20][7] = "1e308"
    with pytest.raises(DataError, match=r"decimals.txt, line 21: pixel 8 is 1e308, outside 0-255"):
        load_dataset(write_rows(tmp_path / "decimals.txt", rows))


def test_decimals_parse_the_same_as_a_plain_reader(tmp_path, monkeypatch):
    monkeypatch.setattr(core.learning.data, "CHUNK_LINES", 64)
    rng = np.random.default_rng(2)
    table = np.hstack([rng.random((150, 784)), rng.integers(0, 10, (150, 1))])
    path = tmp_path / "decimals.txt"
    np.savetxt(path, table, delimiter=",")  # NumPy's default spelling: 1.234500000000000000e-01
    data = load_dataset(path)
    np.testing.assert_array_equal(data.pixels, table[:, :784].astype(np.float32))
    np.testing.assert_array_equal(data.labels, table[:, 784])


def test_invalid_utf8_is_reported_with_its_line(tmp_path):
    path = tmp_path / "binary.txt"
    line = ",".join(good_row()).encode()
    path.write_bytes(line + b"\n" + b"\xff\xfe" + line[1:] + b"\n")
    with pytest.raises(DataError, match="binary.txt, line 2: value 1 is '\ufffd\ufffd', which is not a number"):
        load_dataset(path)


# Files that are not regular files are refused before they are opened.

def load_within(path, seconds=5.0):
    """load_dataset(path) in a thread, so that a hang fails the test instead of blocking it; its error."""
    outcome = []

    def load():
        try:
            load_dataset(path)
            outcome.append(None)
        except Exception as error:  # handed to the test
            outcome.append(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"loading {path} still waits after {seconds} s"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    error = load_within(path)
    assert isinstance(error, DataError)
    assert str(error) == f"{path}: is a named pipe (FIFO), not a data file (a regular .txt or .txt.gz file)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_pipe_swapped_in_after_the_check_is_refused_without_waiting(tmp_path, monkeypatch):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    regular = os.stat(write_rows(tmp_path / "regular.txt", [good_row()]))
    monkeypatch.setattr(core.learning.data.os, "stat", lambda _: regular)  # the check sees a regular file
    error = load_within(path)
    assert isinstance(error, DataError) and "is a named pipe (FIFO), not a data file" in str(error)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_device_is_refused():
    error = load_within("/dev/zero")
    assert isinstance(error, DataError) and str(error) == (
        "/dev/zero: is a device, not a data file (a regular .txt or .txt.gz file)")


def test_folder_is_refused(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a data file"):
        load_dataset(tmp_path)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(DataError, match="s.txt: is a socket, not a data file"):
            load_dataset(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_link_is_judged_by_what_it_points_to(tmp_path):
    (tmp_path / "data.txt").symlink_to(write_rows(tmp_path / "real.txt", [good_row(label=4)]))
    assert load_dataset(tmp_path / "data.txt").labels.tolist() == [4]
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "pipe.txt").symlink_to(tmp_path / "pipe")
    assert "is a named pipe" in str(load_within(tmp_path / "pipe.txt"))


def test_unreadable_paths_are_data_errors(tmp_path):
    with pytest.raises(DataError, match="cannot be opened"):
        load_dataset(f"{tmp_path}/a\0b.txt")
    write_rows(tmp_path / "file.txt", [good_row()])
    with pytest.raises(DataError, match="cannot be opened"):
        load_dataset(tmp_path / "file.txt" / "inside.txt")


# Limits: a line, a file and a decompressed file have a largest size, and reading stops past it.

def peak_memory_of(call):
    """The peak of memory allocated by call() (which must raise a DataError), in bytes; and the error."""
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as error:
            call()
        return tracemalloc.get_traced_memory()[1], str(error.value)
    finally:
        tracemalloc.stop()


def test_long_line_fails_at_once_with_its_number(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(",".join(good_row()).encode() + b"\n" + b"0," * 4_000_000)  # 8 MB without a line end
    peak, message = peak_memory_of(lambda: load_dataset(path))
    assert message == (f"{path}, line 2: longer than 64 KiB (65,536 bytes); a line of 785 values has a few "
                       "kilobytes")
    assert peak < 1_000_000, "reading stopped after a block or two"


def test_huge_file_without_line_ends_is_not_read(tmp_path):
    path = tmp_path / "zeros.txt"
    with open(path, "wb") as stream:
        stream.truncate(900 * 2 ** 20)  # sparse: takes no room on disk
    peak, message = peak_memory_of(lambda: load_dataset(path))
    assert message.startswith(f"{path}, line 1: longer than 64 KiB")
    assert peak < 1_000_000


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as stream:
        stream.truncate(5 * 2 ** 30)
    with pytest.raises(DataError) as error:
        load_dataset(path)
    assert str(error.value) == f"{path}: the file has 5 GiB (5,368,709,120 bytes); a data file may hold at most 1 GiB"


def gzip_bomb(path, member: bytes, copies: int):
    """A gzip file of `copies` members, each `member` compressed: small on disk, large once decompressed."""
    compressed = gzip.compress(member, compresslevel=9)
    with open(path, "wb") as stream:
        for _ in range(copies):
            stream.write(compressed)
    return path


def test_gzip_of_zeros_fails_at_its_first_line(tmp_path):
    path = gzip_bomb(tmp_path / "bomb.txt.gz", bytes(2 ** 24), 320)  # 5 GiB of zeros in 5 MB
    assert path.stat().st_size < 6 * 2 ** 20
    peak, message = peak_memory_of(lambda: load_dataset(path))
    assert message.startswith(f"{path}, line 1: longer than 64 KiB")
    assert peak < 1_000_000


def test_gzip_decompressing_past_the_limit_is_refused(tmp_path, monkeypatch):
    """Good lines, so only the size limit stops it; a small limit keeps the test fast."""
    monkeypatch.setattr(core.learning.data, "MAX_FILE_BYTES", 4 * 2 ** 20)
    lines = ("\n".join(",".join(good_row()) for _ in range(1000)) + "\n").encode()  # 1.6 MB
    path = gzip_bomb(tmp_path / "bomb.txt.gz", lines, 4)
    peak, message = peak_memory_of(lambda: load_dataset(path))
    assert message == f"{path}: more than 4 MiB of text once decompressed; a data file may hold at most 4 MiB"
    assert peak < 6 * 2 ** 20
    monkeypatch.setattr(core.learning.data, "MAX_FILE_BYTES", 64 * 2 ** 20)
    assert len(load_dataset(path)) == 4000, "the same file is read under a larger limit"


def test_broken_gzip_is_a_data_error(tmp_path):
    good = gzip.compress(("\n".join(",".join(good_row()) for _ in range(50)) + "\n").encode())
    cases = {"truncated.txt.gz": good[:len(good) // 2],
             "corrupt.txt.gz": good[:20] + bytes(200) + good[220:],
             "plain.txt.gz": b"1,2,3\n"}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(DataError, match=f"{name}: cannot be read"):
            load_dataset(tmp_path / name)
