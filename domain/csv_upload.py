"""Reading an uploaded CSV file the same way everywhere: encodings, columns and row errors."""

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from typing import BinaryIO

import msgspec

# support.md "CSV uploads": UTF-8 (a BOM tolerated, as Excel writes one) or Windows-1252, which
# older Excel versions save as "CSV" in England.
ENCODINGS = ("utf-8-sig", "cp1252")
_CHUNK_BYTES = 64 * 1024
# Spreadsheet row numbers: the header is row 1, so the first data row is row 2.
FIRST_DATA_ROW = 2
# support.md "CSV uploads": a good file is shown as a preview of its first rows before Confirm.
PREVIEW_ROWS = 10


class RowError(msgspec.Struct, frozen=True):
    """One thing wrong with one row, for the table of errors."""

    row: int
    column: str
    message: str


# Rows checked against the database at a time: well under every driver's parameter limit.
BATCH = 500
# A page of errors beyond this is no help: the user fixes these and uploads again.
ERRORS_SHOWN = 1000
NOT_CSV = "The selected file is not a CSV file the service can read"


class UnreadableFile(Exception):
    """The file is not a CSV file this service can read; the message says why, for the user."""


class RowsChanged(Exception):
    """Rows that were good when checked no longer are (the database moved on): apply nothing."""


def encoding_of(file: BinaryIO) -> str:
    """The first encoding that decodes the whole file, read in chunks; the file is rewound."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        try:
            while chunk := file.read(_CHUNK_BYTES):
                if b"\x00" in chunk:
                    # No spreadsheet writes NUL into a CSV: this is some other file renamed
                    # (and PostgreSQL's text cannot hold one).
                    raise UnreadableFile(NOT_CSV)
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            file.seek(0)
        return encoding
    raise UnreadableFile("The selected file must be saved as a CSV file in UTF-8")


def column_problems(header: Sequence[str], columns: Sequence[str]) -> str | None:
    """What is wrong with the header row: the columns missing and those not expected."""
    present = [name.strip().lower() for name in header]
    missing = [name for name in columns if name not in present]
    extra = [name for name in present if name and name not in columns]
    problems = []
    if missing:
        problems.append(f"is missing the {_columns(missing)}")
    if extra:
        problems.append(f"has the {_columns(extra)} that it should not have")
    if not problems:
        return None
    return f"The selected file {' and '.join(problems)}. It must have the columns: " + (
        ", ".join(columns)
    )


def _columns(names: Sequence[str]) -> str:
    quoted = [f"‘{name}’" for name in names]
    if len(quoted) == 1:
        return f"column {quoted[0]}"
    return f"columns {', '.join(quoted[:-1])} and {quoted[-1]}"


def rows(file: BinaryIO, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as (row number, column to stripped value), streamed from the file."""
    encoding = encoding_of(file)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    try:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise UnreadableFile("The selected file is empty")
        problem = column_problems(header, columns)
        if problem:
            raise UnreadableFile(problem)
        names = [name.strip().lower() for name in header]
        for number, values in enumerate(reader, start=FIRST_DATA_ROW):
            if not any(value.strip() for value in values):
                continue  # Spreadsheets leave blank lines at the end; they are not rows.
            row = dict(zip(names, (value.strip() for value in values), strict=False))
            yield number, {name: row.get(name, "") for name in columns}
    except csv.Error as error:
        raise UnreadableFile(f"{NOT_CSV} ({error})") from error
    finally:
        # The upload belongs to the caller: leave it open for them.
        text.detach()
