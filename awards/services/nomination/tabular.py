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
    aliases: tuple[str, ...] = ()  # other headers read as this column (the seed CSV's code)


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
    # The organisation a federation keeps (tdkt org import): one row per unit as it is from
    # its date; the seed CSV's English headers (code,name,kind,parent_code) are read too.
    "units": (
        Column(
            "code",
            "Mã đơn vị",
            hint="Mã không đổi của đơn vị, ví dụ CS00025",
            max_length=40,
            aliases=("code",),
        ),
        Column(
            "name",
            "Tên đơn vị",
            required=False,
            max_length=300,
            aliases=("name",),
            hint="Bắt buộc với đơn vị mới; khác tên hiện tại là đổi tên từ ngày hiệu lực",
        ),
        Column(
            "parent",
            "Mã đơn vị cấp trên",
            required=False,
            aliases=("parent_code",),
            hint="Khác cấp trên hiện tại là chuyển đơn vị; để trống với đơn vị cao nhất",
        ),
        Column(
            "kind",
            "Loại đơn vị",
            required=False,
            aliases=("kind",),
            hint="Tên hoặc mã loại (cấp): Công đoàn cơ sở (cdcs), Liên đoàn Lao động huyện "
            "(ldld_huyen)…; bắt buộc với đơn vị mới",
        ),
        Column(
            "sector",
            "Khu vực",
            required=False,
            hint="Với công đoàn cơ sở: HCSN (hành chính sự nghiệp) hoặc SXKD (sản xuất kinh doanh)",
        ),
        Column(
            "place",
            "Địa bàn",
            required=False,
            max_length=200,
            hint="Tỉnh, huyện, xã nơi đơn vị hoạt động",
        ),
        Column("email", "Hộp thư văn phòng", required=False, max_length=200),
        Column(
            "day",
            "Ngày hiệu lực",
            required=False,
            hint="dd/mm/yyyy; để trống thì dùng ngày chọn khi nhập (--from)",
        ),
        Column(
            "merge_into",
            "Hợp nhất vào (mã)",
            required=False,
            hint="Mã đơn vị nhận hợp nhất: đơn vị trực thuộc và đoàn viên chuyển sang",
        ),
        Column("close", "Giải thể", required=False, hint="có / để trống"),
    ),
    # Union members (tdkt members import): new members, and facts of existing ones.
    "members": (
        Column("code", "Mã đoàn viên", max_length=40),
        Column(
            "name", "Họ và tên", required=False, max_length=200, hint="Bắt buộc với đoàn viên mới"
        ),
        Column("gender", "Giới tính", required=False, hint="Nam / Nữ; bắt buộc với đoàn viên mới"),
        Column("birth_year", "Năm sinh", required=False, hint="Bắt buộc với đoàn viên mới"),
        Column(
            "unit",
            "Mã đơn vị",
            required=False,
            hint="Bắt buộc với đoàn viên mới; khác đơn vị hiện tại là chuyển sinh hoạt",
        ),
        Column("position", "Chức vụ", required=False, max_length=200),
        Column("direct", "Lao động trực tiếp", required=False, hint="có / không"),
        Column("leader", "Giữ chức vụ lãnh đạo", required=False, hint="có / không"),
        Column("email", "Thư điện tử", required=False, max_length=200),
        Column("year", "Năm xếp loại", required=False, hint="Cùng cột Xếp loại, ví dụ 2025"),
        Column(
            "rating",
            "Xếp loại",
            required=False,
            hint="Hoàn thành xuất sắc nhiệm vụ / Hoàn thành tốt nhiệm vụ / Hoàn thành nhiệm vụ "
            "/ Không hoàn thành nhiệm vụ",
        ),
    ),
    "registrations": (
        Column("unit", "Mã đơn vị đăng ký", hint="Mã đơn vị đăng ký thi đua, ví dụ CS00025"),
        Column(
            "award",
            "Mã hình thức",
            hint="Tên hoặc mã danh hiệu, hình thức đăng ký: Lao động tiên tiến (LDTT), "
            "Chiến sĩ thi đua cơ sở (CSTDCS), Tập thể lao động xuất sắc (TT_LDXS)…",
        ),
        Column("kind", "Loại", hint="Cá nhân hoặc Tập thể"),
        Column("person", "Mã đoàn viên", required=False, hint="Bắt buộc với cá nhân"),
        Column("collective", "Mã tập thể", required=False, hint="Bắt buộc với tập thể"),
    ),
}
SHEETS = {
    "nominations": "Danh sách đề nghị",
    "records": "Sáng kiến",
    "units": "Đơn vị",
    "members": "Đoàn viên",
    "registrations": "Đăng ký thi đua",
}  # the first sheet's name
# Files a federation keeps for itself may leave out optional columns (the seed CSV has four);
# unit submissions must carry every column of their template.
PARTIAL_HEADERS = frozenset({"units", "members"})
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


def read_rows(
    path: Path, kind: str, budget: Budget | None = None, *, max_rows: int | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column key: text}) for every non-empty data row.

    The file is read row by row and refused as soon as it passes the budget's row or time cap:
    a small file of many rows never gets read whole. Without a budget the settings' caps apply,
    `max_rows` replacing the row cap (the organisation's own files are longer)."""
    if budget is None:
        limits = default_limits()
        if max_rows is not None:
            limits = Limits(max_rows, limits.max_seconds)
        budget = limits.start(path.name)
    raw = _csv(path) if path.suffix.lower() == ".csv" else _xlsx(path, budget)
    try:
        header_row = next(raw, None)
        if header_row is None:
            raise ImportFileError(
                f"Tệp {path.name} trống; điền vào mẫu `tdkt template {kind}`.",
                [(1, FILE_LABEL, "tệp trống")],
            )
        header = [str(h or "").strip() for h in header_row]
        labels = {c.label: c.key for c in columns_of(kind)}
        for c in columns_of(kind):
            labels.update(dict.fromkeys(c.aliases, c.key))
        given = {labels[h] for h in header if h in labels}
        needed = [c for c in columns_of(kind) if c.required or kind not in PARTIAL_HEADERS]
        missing = [c.label for c in needed if c.key not in given]
        if missing:
            raise ImportFileError(
                f"Tệp {path.name} thiếu cột {missing}; dùng mẫu `tdkt template {kind}`.",
                [(1, m, "thiếu cột") for m in missing],
            )
        keys = [labels.get(h) for h in header]
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
