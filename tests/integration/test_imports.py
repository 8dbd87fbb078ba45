"""Imports: every error with row, column and reason; a bad file changes nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import ImportFileError
from awards.model import Dossier, Person, ProgrammeRecord
from awards.repository.bulk import count
from awards.services.nomination.imports import import_nominations, import_records
from awards.services.nomination.scope import not_in_scope
from awards.services.nomination.tabular import template_bytes, write_rows
from awards.services.reporting.programmes import load_programme
from tests.support import seed004
from tests.support.lifecycle import build_org

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _counts(app: App) -> tuple[int, int, int]:
    with app.uow() as uow:
        return tuple(count(uow.session, m) for m in (Dossier, ProgrammeRecord, Person))  # type: ignore[return-value]


def _write(path: Path, kind: str, rows: list[list[str]]) -> Path:
    path.write_bytes(write_rows(kind, rows, path.suffix.lstrip(".")))
    return path


@pytest.fixture
def org(tdkt: App, tmp_path: Path) -> App:
    build_org(tdkt)
    return tdkt


GOOD_NOMINATIONS = [
    ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "Công nhân", "có", "không", "Xuất sắc"],
    ["CS1", "BK_LDLD", "tap_the", "", "CS1", "", "", "", "Hoàn thành xuất sắc"],
]
BAD_NOMINATIONS = [
    ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "", "có", "không", "Xuất sắc"],
    ["CS1", "LDTT", "tap_the", "", "CS1", "", "", "", "Sai loại"],  # LĐTT: cá nhân only
    ["CS9", "NO_SUCH", "ca_nhan", "DV9", "", "", "hay", "", ""],
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_good_nominations_are_written_with_their_facts_as_claims(
    org: App, tmp_path: Path, suffix: str
) -> None:
    path = _write(tmp_path / f"de-nghi{suffix}", "nominations", GOOD_NOMINATIONS)
    result = import_nominations(org.uow, path, "TK-2025", now=NOW)
    assert (result.written, result.rejected) == (2, 0)
    with org.uow() as uow:
        person = uow.session.get(Person, 1)
        claims = [d.claims for d in uow.session.exec(select(Dossier).order_by(col(Dossier.id)))]
    # The person's record is not rewritten by an import (issue 16): the row's facts are claims.
    assert person is not None and not person.is_direct_worker and person.position != "Công nhân"
    assert claims == [
        {"position": "Công nhân", "is_direct_worker": True, "holds_leadership_post": False},
        None,
    ]


def test_nominations_take_the_labels_people_write(org: App, tmp_path: Path) -> None:
    """'Cá nhân' / 'tập thể' and an award's name are read as their codes (issue 20)."""
    rows = [
        [
            "CS1",
            "Giấy khen của Công đoàn cấp trên trực tiếp cơ sở",
            "Cá nhân",
            "DV1",
            "",
            "",
            "",
            "",
            "Xuất sắc",
        ],
        ["CS1", "BK_LDLD", "  tập thể ", "", "CS1", "", "", "", "Hoàn thành xuất sắc"],
    ]
    path = _write(tmp_path / "nhan.xlsx", "nominations", rows)
    result = import_nominations(org.uow, path, "TK-2025", now=NOW)
    assert (result.written, result.rejected) == (2, 0)
    assert result.codes == ["HS-2025-000001", "HS-2025-000002"]  # the screen links to them
    with org.uow() as uow:
        found = uow.session.exec(select(Dossier.award_code, Dossier.nominee_kind)).all()
    assert sorted(found) == [("BK_LDLD", "tap_the"), ("GK_CDCT", "ca_nhan")]
    book = load_workbook(io.BytesIO(write_rows("nominations", [], "xlsx")))
    assert book.sheetnames == ["Danh sách đề nghị", "Hướng dẫn"]
    guide = [[c.value for c in r] for r in book["Hướng dẫn"].iter_rows()]
    assert ["Loại", "có", "Cá nhân hoặc Tập thể"] in guide
    assert not any("CS1" in str(cell) for row in guide for cell in row)


def test_every_error_of_a_row_is_reported(org: App, tmp_path: Path) -> None:
    """A bad 'Loại' does not hide the unknown member of the same row (issue 20)."""
    row = ["CS1", "GK_CDCT", "cá thể", "DV99", "", "", "", "", "Xuất sắc"]
    path = _write(tmp_path / "hai-loi.xlsx", "nominations", [row])
    with pytest.raises(ImportFileError) as err:
        import_nominations(org.uow, path, "TK-2025", now=NOW)
    assert {(c, m) for n, c, m in err.value.problems if n == 2} == {
        ("Loại", "'cá thể' không có; ghi 'Cá nhân' hoặc 'Tập thể'"),
        ("Mã đoàn viên", not_in_scope("ca_nhan", "DV99")),
    }


def test_a_bad_nomination_file_changes_nothing(org: App, tmp_path: Path) -> None:
    before = _counts(org)
    path = _write(tmp_path / "de-nghi.xlsx", "nominations", BAD_NOMINATIONS)
    with pytest.raises(ImportFileError) as err:
        import_nominations(org.uow, path, "TK-2025", now=NOW)
    problems = err.value.problems
    assert (3, "Loại", "Lao động tiên tiến không xét cho tập thể") in problems
    assert (4, "Mã đơn vị đề nghị", "không có đơn vị mã 'CS9'") in problems
    assert (4, "Mã hình thức", "không có hình thức mã 'NO_SUCH'") in problems
    assert (4, "Lao động trực tiếp", "ghi 'có' hoặc 'không'") in problems
    assert (4, "Thành tích tóm tắt", "bắt buộc, đang để trống") in problems
    assert "dòng 3" in str(err.value) and "--valid-only" in str(err.value)
    assert _counts(org) == before


def test_valid_only_writes_the_good_rows_and_returns_the_rest(org: App, tmp_path: Path) -> None:
    before = _counts(org)
    path = _write(tmp_path / "de-nghi.csv", "nominations", BAD_NOMINATIONS)
    result = import_nominations(org.uow, path, "TK-2025", now=NOW, valid_only=True)
    assert (result.written, result.rejected) == (1, 2)
    assert _counts(org)[0] == before[0] + 1
    assert result.error_file is not None
    text = result.error_file.read_text(encoding="utf-8-sig").splitlines()
    assert text[0].endswith(",Lỗi") and len(text) == 3 and "không xét cho tập thể" in text[1]


def test_records_all_or_nothing_and_formula_safe_error_file(org: App, tmp_path: Path) -> None:
    from awards.services.org.units import NewUnit, add_units

    add_units(org.uow, [NewUnit(c, c, "ldld_huyen", "LDLD-LC") for c in ("TU", "NN")])
    spec = seed004.programme_spec(tmp_path).read_text(encoding="utf-8")
    data = yaml.safe_load(spec)
    data["targets"] = {"TU": {"GD1": 10}, "NN": {"GD1": 5}}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_programme(org.uow, path)
    good = [["TU", "01/02/2022", "TU-1", "Cải tiến", "A", "1000000"]]
    bad = good + [
        ["NN", "31/02/2022", "NN-1", '=HYPERLINK("http://x")', "", ""],
        ["NN", "01/02/2020", "TU-1", "Trùng số", "", "-5"],
    ]
    before = _counts(org)
    with pytest.raises(ImportFileError) as err:
        import_records(org.uow, _write(tmp_path / "sk.xlsx", "records", bad), "MOT-TRIEU-SK")
    assert (3, "Ngày công nhận", "'31/02/2022' không phải ngày dd/mm/yyyy") in err.value.problems
    assert (4, "Số hiệu", "số hiệu 'TU-1' đã có (trong tệp hoặc CSDL)") in err.value.problems
    assert (4, "Ngày công nhận", "ngày 01/02/2020 ngoài các giai đoạn") in err.value.problems
    assert _counts(org) == before
    result = import_records(org.uow, tmp_path / "sk.xlsx", "MOT-TRIEU-SK", valid_only=True)
    assert (result.written, result.rejected) == (1, 2) and result.error_file is not None
    ws = load_workbook(result.error_file).worksheets[0]
    assert ws.cell(2, 4).value == '\'=HYPERLINK("http://x")'  # shown as text, never run


def test_templates_have_the_labels(tmp_path: Path) -> None:
    ws = load_workbook(io.BytesIO(template_bytes("records", "xlsx"))).worksheets[0]
    assert [c.value for c in ws[1]] == [
        "Mã đơn vị",
        "Ngày công nhận",
        "Số hiệu",
        "Tên sáng kiến",
        "Tác giả",
        "Giá trị làm lợi (đồng)",
    ]
    assert template_bytes("nominations", "csv").decode("utf-8-sig").startswith("Mã đơn vị đề nghị,")
