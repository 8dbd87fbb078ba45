"""Import templates as data: the columns of each kind of file, and reading/writing XLSX or CSV.

Headers are the Vietnamese labels; the data starts on row 2 (row numbers in error reports are
the spreadsheet's own). Every text cell written goes through `safe_cell` (formula injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from awards.errors import ImportFileError
from awards.reports.xlsx import safe_cell


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


def read_rows(
    path: Path, kind: str, *, max_rows: int | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column key: text}) for every non-empty data row; a file of
    more than `max_rows` data rows is refused as soon as the reading passes the limit."""
    raw = _csv(path, max_rows) if path.suffix.lower() == ".csv" else _xlsx(path, max_rows)
    if max_rows is not None and len(raw) > max_rows + 1:
        raise ImportFileError(
            f"Tệp {path.name} có hơn {max_rows:,} dòng dữ liệu; tách thành nhiều tệp, mỗi tệp "
            f"tối đa {max_rows:,} dòng.".replace(",", "."),
            [(max_rows + 2, FILE_LABEL, f"vượt quá {max_rows:,} dòng".replace(",", "."))],
        )
    if not raw:
        raise ImportFileError(
            f"Tệp {path.name} trống; điền vào mẫu `tdkt template {kind}`.",
            [(1, FILE_LABEL, "tệp trống")],
        )
    header = [str(h or "").strip() for h in raw[0]]
    by_label = {c.label: c.key for c in columns_of(kind)}
    labels = dict(by_label)
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
    out = []
    for number, values in enumerate(raw[1:], start=2):
        row = {k: str(v).strip() for k, v in zip(keys, values, strict=False) if k and v is not None}
        if any(row.values()):
            out.append((number, row))
    return out


def _csv(path: Path, max_rows: int | None = None) -> list[list[Any]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            if max_rows is not None:
                return [list(r) for r in islice(reader, max_rows + 2)]
            return [list(r) for r in reader]
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


def _xlsx(path: Path, max_rows: int | None = None) -> list[list[Any]]:
    """Streamed (read_only); with `max_rows`, stops one row past the limit (header + rows)."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = wb.worksheets[0].iter_rows(values_only=True)
            if max_rows is not None:
                return [list(r) for r in islice(rows, max_rows + 2)]
            return [list(r) for r in rows]
        finally:
            wb.close()
    except Exception as err:  # a file that is not XLSX fails in openpyxl, zipfile or lxml
        reason = f"không phải tệp XLSX đọc được ({type(err).__name__}); lưu lại từ mẫu"
        raise ImportFileError(
            f"Không đọc được {path.name}: {reason}.", [(1, FILE_LABEL, reason)]
        ) from err
