"""Import templates as data: the columns of each kind of file, and reading/writing XLSX or CSV.

Headers are the Vietnamese labels; the data starts on row 2 (row numbers in error reports are
the spreadsheet's own). Every text cell written goes through `safe_cell` (formula injection).
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from awards.errors import ImportFileError
from awards.reports.html import vn_number
from awards.reports.xlsx import safe_cell
from awards.settings import Settings


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = True
    hint: str = ""
    max_length: int | None = None  # the database column's length, for text that is stored


TEMPLATES: dict[str, tuple[Column, ...]] = {
    "nominations": (
        Column(
            "unit",
            "Mã đơn vị đề nghị",
            hint="Mã đơn vị do Liên đoàn Lao động cấp (trang Tài khoản, Hồ sơ), ví dụ CS00025",
        ),
        Column(
            "award",
            "Mã hình thức",
            hint="Tên hoặc mã hình thức: Giấy khen của Công đoàn cấp trên trực tiếp cơ sở "
            "(GK_CDCT), Bằng khen Ban Chấp hành LĐLĐ tỉnh (BK_LDLD)…",
        ),
        Column("kind", "Loại", hint="Cá nhân hoặc Tập thể"),
        Column("person", "Mã đoàn viên", required=False, hint="Bắt buộc với cá nhân"),
        Column("collective", "Mã tập thể", required=False, hint="Bắt buộc với tập thể"),
        Column("position", "Chức vụ", required=False, max_length=200),
        Column("direct", "Lao động trực tiếp", required=False, hint="có / không"),
        Column("leader", "Giữ chức vụ lãnh đạo", required=False, hint="có / không"),
        Column("achievement", "Thành tích tóm tắt", max_length=4000),
    ),
    "records": (
        Column("unit", "Mã đơn vị", hint="Mã đơn vị có sáng kiến"),
        Column("day", "Ngày công nhận", hint="dd/mm/yyyy"),
        Column("ref", "Số hiệu", hint="Số của đơn vị, không trùng", max_length=60),
        Column("title", "Tên sáng kiến", max_length=500),
        Column("author", "Tác giả", required=False, max_length=200),
        Column(
            "value", "Giá trị làm lợi (đồng)", required=False, hint="Số nguyên, ước tính 01 năm"
        ),
    ),
}
SHEETS = {"nominations": "Danh sách đề nghị", "records": "Sáng kiến"}  # the first sheet's name
ERROR_LABEL = "Lỗi"
FILE_LABEL = "(cả tệp)"  # the column of a problem with the whole file (encoding, format, empty)


def columns_of(kind: str) -> tuple[Column, ...]:
    if kind not in TEMPLATES:
        raise ImportFileError(f"Không có mẫu '{kind}'; dùng một trong: {', '.join(TEMPLATES)}.", [])
    return TEMPLATES[kind]


def template_bytes(kind: str, fmt: str) -> bytes:
    """An empty template (header row, and a hint row in XLSX comments-free form)."""
    return write_rows(kind, [], fmt)


def write_rows(kind: str, rows: Sequence[Sequence[str]], fmt: str, errors: bool = False) -> bytes:
    labels = [c.label for c in columns_of(kind)] + ([ERROR_LABEL] if errors else [])
    safe = [[safe_cell(str(v)) for v in row] for row in rows]
    if fmt != "csv":  # XLSX cannot hold control characters: show where they were
        safe = [[ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) for v in row] for row in safe]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(labels)
        writer.writerows(safe)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEETS.get(kind, kind)
    ws.append(labels)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in safe:
        ws.append(row)
    hints = wb.create_sheet("Hướng dẫn")
    hints.append(["Cột", "Bắt buộc", "Ghi chú"])
    for c in columns_of(kind):
        hints.append([c.label, "có" if c.required else "không", c.hint])
    buffer_b = io.BytesIO()
    wb.save(buffer_b)
    return buffer_b.getvalue()


@dataclass(frozen=True)
class Limits:
    """How much one import may read: data rows and seconds (TDKT_IMPORT_MAX_ROWS, …_SECONDS)."""

    max_rows: int
    max_seconds: float

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.import_max_rows, settings.import_max_seconds)

    def start(self, name: str) -> Budget:
        return Budget(self, name, time.monotonic() + self.max_seconds)


# The bytes one XLSX data row can take unzipped at most (a 4,000-character summary in UTF-8 and
# the other cells): a sheet declaring more than the row cap allows is refused before parsing.
XLSX_ROW_BYTES = 16 * 1024
XLSX_BASE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """One import's clock and row count; every check raises the cap's own message."""

    limits: Limits
    name: str
    ends: float

    def split(self) -> str:
        return (
            f"tách thành nhiều tệp, mỗi tệp không quá {vn_number(self.limits.max_rows)} dòng "
            "(giữ dòng tiêu đề ở mỗi tệp), rồi nhập lần lượt từng tệp"
        )

    def too_many(self) -> ImportFileError:
        cap = vn_number(self.limits.max_rows)
        reason = f"quá {cap} dòng dữ liệu, giới hạn của một lần nhập; {self.split()}"
        return ImportFileError(f"Tệp {self.name} có {reason}.", [(1, FILE_LABEL, reason)])

    def tick(self, row: int) -> None:
        """Refuse once the import has run past its time cap (`row`: where it had got to)."""
        if time.monotonic() <= self.ends:
            return
        seconds = f"{self.limits.max_seconds:g}".replace(".", ",")
        reason = (
            f"đọc và kiểm tra quá {seconds} giây (giới hạn của một lần nhập), mới đến dòng "
            f"{vn_number(row)}; không ghi dòng nào; {self.split()}"
        )
        raise ImportFileError(f"Tệp {self.name}: {reason}.", [(row, FILE_LABEL, reason)])


Rows = Generator[list[Any], None, None]  # a file's rows, read one at a time


def default_limits() -> Limits:
    return Limits.of(Settings.model_construct())


def read_rows(path: Path, kind: str, budget: Budget) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column key: text}) for every non-empty data row.

    The file is read row by row and refused as soon as it passes the budget's row or time cap:
    a small file of many rows never gets read whole."""
    raw = _csv(path) if path.suffix.lower() == ".csv" else _xlsx(path, budget)
    try:
        header_row = next(raw, None)
        if header_row is None:
            raise ImportFileError(
                f"Tệp {path.name} trống; điền vào mẫu `tdkt template {kind}`.",
                [(1, FILE_LABEL, "tệp trống")],
            )
        header = [str(h or "").strip() for h in header_row]
        by_label = {c.label: c.key for c in columns_of(kind)}
        missing = [label for label in by_label if label not in header]
        if missing:
            raise ImportFileError(
                f"Tệp {path.name} thiếu cột {missing}; dùng mẫu `tdkt template {kind}`.",
                [(1, m, "thiếu cột") for m in missing],
            )
        keys = [by_label.get(h) for h in header]
        out: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(raw, start=2):
            if number % 500 == 0:
                budget.tick(number)
            row = {
                k: str(v).strip() for k, v in zip(keys, values, strict=False) if k and v is not None
            }
            if any(row.values()):
                if len(out) >= budget.limits.max_rows:
                    raise budget.too_many()
                out.append((number, row))
        return out
    finally:
        raw.close()


def _csv(path: Path) -> Rows:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            for r in reader:
                yield list(r)
        except UnicodeDecodeError as err:
            reason = "không phải văn bản UTF-8; trong Excel chọn Lưu thành “CSV UTF-8”"
            raise ImportFileError(
                f"Không đọc được {path.name}: {reason}.", [(1, FILE_LABEL, reason)]
            ) from err
        except csv.Error as err:
            reason = f"dòng CSV hỏng ({err}); lưu lại tệp từ mẫu"
            raise ImportFileError(
                f"Không đọc được {path.name}, dòng {reader.line_num}: {reason}.",
                [(max(1, reader.line_num), FILE_LABEL, reason)],
            ) from err


def _unreadable(path: Path, err: Exception) -> ImportFileError:
    reason = f"không phải tệp XLSX đọc được ({type(err).__name__}); lưu lại từ mẫu"
    return ImportFileError(f"Không đọc được {path.name}: {reason}.", [(1, FILE_LABEL, reason)])


def _xlsx(path: Path, budget: Budget) -> Rows:
    try:
        with zipfile.ZipFile(path) as archive:  # the sizes the parts declare, before parsing
            unzipped = sum(i.file_size for i in archive.infolist())
    except Exception as err:  # not a ZIP at all
        raise _unreadable(path, err) from err
    if unzipped > XLSX_BASE_BYTES + budget.limits.max_rows * XLSX_ROW_BYTES:
        raise budget.too_many()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # a file that is not XLSX fails in openpyxl, zipfile or lxml
        raise _unreadable(path, err) from err
    try:
        sheet = wb.worksheets[0]
        sheet.reset_dimensions()  # the sheet's own claim of its size is not trusted
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as err:  # a broken part of the sheet, met while streaming
                raise _unreadable(path, err) from err
            yield list(values)
    finally:
        wb.close()
