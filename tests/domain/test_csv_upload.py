"""Uploaded CSV files read the same way everywhere, from real bytes as Excel saves them."""

import io
import tempfile

import pytest

from domain.csv_upload import UnreadableFile, column_problems, encoding_of, rows

COLUMNS = ("name", "urn")


def read(data: bytes, columns=COLUMNS):
    return list(rows(io.BytesIO(data), columns))


def test_a_good_file_gives_numbered_stripped_rows():
    data = b"name,urn\r\nSt Mary's Primary , 100001\r\nOakwood Academy,100002\r\n"
    assert read(data) == [
        (2, {"name": "St Mary's Primary", "urn": "100001"}),
        (3, {"name": "Oakwood Academy", "urn": "100002"}),
    ]


def test_a_bom_and_header_case_and_spaces_are_tolerated():
    data = "\ufeffName , URN\nSt Anne’s,100003\n".encode()
    assert read(data) == [(2, {"name": "St Anne’s", "urn": "100003"})]


def test_windows_1252_is_read():
    data = "name,urn\nSt Anne’s Café,100004\n".encode("cp1252")
    buffer = io.BytesIO(data)
    assert encoding_of(buffer) == "cp1252"
    assert buffer.tell() == 0
    assert read(data) == [(2, {"name": "St Anne’s Café", "urn": "100004"})]


def test_bytes_neither_encoding_can_hold_are_refused():
    # 0x81 is undefined in Windows-1252 and alone is not UTF-8.
    with pytest.raises(UnreadableFile, match="must be saved as a CSV file in UTF-8"):
        read(b"name,urn\n\x81,1\n")


def test_blank_lines_are_not_rows_but_keep_the_numbering():
    assert read(b"name,urn\n\nA,1\n,\n") == [(3, {"name": "A", "urn": "1"})]


def test_short_rows_give_blank_values():
    assert read(b"name,urn\nA\n") == [(2, {"name": "A", "urn": ""})]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["name", "urn"], None),
        (
            ["name"],
            "The selected file is missing the column ‘urn’. It must have the columns: name, urn",
        ),
        (
            ["school", "number"],
            (
                "The selected file is missing the columns ‘name’ and ‘urn’ and has the columns "
                "‘school’ and ‘number’ that it should not have. It must have the columns: name, urn"
            ),
        ),
        (
            ["name", "urn", "notes"],
            (
                "The selected file has the column ‘notes’ that it should not have. It must have the "
                "columns: name, urn"
            ),
        ),
    ],
)
def test_columns_missing_and_extra_are_named(header, message):
    assert column_problems(header, COLUMNS) == message


def test_wrong_columns_refuse_the_file():
    with pytest.raises(UnreadableFile, match="missing the column ‘urn’"):
        read(b"name\nA\n")


def test_an_empty_file_is_refused():
    with pytest.raises(UnreadableFile, match="empty"):
        read(b"")


def test_the_upload_stays_open_for_its_owner():
    buffer = io.BytesIO(b"name,urn\nA,1\n")
    list(rows(buffer, COLUMNS))
    assert not buffer.closed


def test_a_100000_row_file_is_read_row_by_row_not_whole():
    with tempfile.TemporaryFile() as file:
        file.write(b"name,urn\r\n")
        for number in range(100_000):
            file.write(f"School number {number} with a long name,{100_000 + number}\r\n".encode())
        size = file.tell()
        reading = rows(file, COLUMNS)
        first = next(reading)
        # Holding the first row, the reader has taken one buffer of the ~5 MB file, not all of it.
        assert file.tell() < 64 * 1024 < size
        count = 1 + sum(1 for _ in reading)
    assert first == (2, {"name": "School number 0 with a long name", "urn": "100000"})
    assert count == 100_000


def test_a_file_with_nul_bytes_is_not_a_csv_file():
    # Python's csv reader accepts NUL since 3.11; no spreadsheet writes one.
    with pytest.raises(UnreadableFile, match="not a CSV file the service can read"):
        list(rows(io.BytesIO(b"name,urn\r\n\x00\x01,100000\r\n"), ("name", "urn")))
