"""Small commands of issue 18 on both backends: `dossier attach`, the codes an import created,
`report load-programme [FILE]` as the README shows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.demo.load import UNITS_CSV
from awards.model import Attachment, Dossier, Programme
from awards.services.nomination.tabular import write_rows
from awards.services.org.units import add_units, read_units_csv
from awards.services.reporting.programmes import DEFAULT_PROGRAMME
from tests.integration.cli_fixtures import Run, cli_runner
from tests.integration.lifecycle_fixtures import build_org, draft

PDF = b"%PDF-1.4\n%tdkt\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    build_org(tdkt)
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def test_dossier_attach_checks_like_the_web(tdkt: App, run: Run, tmp_path: Path) -> None:
    code = draft(tdkt, "GK_CDCT")
    pdf = tmp_path / "to-trinh.pdf"
    pdf.write_bytes(PDF)
    out = run("dossier", "attach", code, "to_trinh", str(pdf))
    assert out.strip() == f"Đã đính kèm Tờ trình “to-trinh.pdf” vào hồ sơ {code} (tài liệu số 1)."
    with tdkt.uow(write=False) as uow:
        [att] = uow.session.exec(select(Attachment))
    assert (att.kind, att.filename, att.size_bytes) == ("to_trinh", "to-trinh.pdf", len(PDF))
    assert (tmp_path / "attachments" / att.sha256[:2] / f"{att.sha256}.pdf").exists()

    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"not a pdf at all")
    err = run("dossier", "attach", code, "bao_cao_thanh_tich", str(fake), code=1)
    assert "Lỗi: Nội dung tệp 'bao-cao.pdf' không phải PDF như đuôi tệp" in err
    assert "Traceback" not in err
    text = tmp_path / "ghi-chu.txt"
    text.write_text("ghi chú", encoding="utf-8")
    err = run("dossier", "attach", code, "khac", str(text), code=1)
    assert "Lỗi: Tệp 'ghi-chu.txt' có đuôi không nhận: chỉ nhận" in err
    err = run("dossier", "attach", code, "giay_moi", str(pdf), code=1)
    assert "Lỗi: Loại tài liệu 'giay_moi' không có; chọn trong danh sách." in err
    err = run("dossier", "attach", "HS-2025-999999", "to_trinh", str(pdf), code=1)
    assert "Lỗi: Không có hồ sơ mã 'HS-2025-999999'." in err
    with tdkt.uow(write=False) as uow:
        assert len(list(uow.session.exec(select(Attachment)))) == 1


def test_import_prints_the_codes_it_created(tdkt: App, run: Run, tmp_path: Path) -> None:
    rows = [
        ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "Công nhân", "có", "không", "Xuất sắc"],
        ["CS1", "GK_CDCT", "ca_nhan", "DV2", "", "Giáo viên", "không", "không", "Xuất sắc"],
    ]
    path = tmp_path / "de-nghi.csv"
    path.write_bytes(write_rows("nominations", rows, "csv"))
    out = run("import", "nominations", str(path), "--round", "TK-2025")
    with tdkt.uow(write=False) as uow:
        codes = list(uow.session.exec(select(col(Dossier.code)).order_by(col(Dossier.id))))
    assert len(codes) == 2
    assert out.splitlines() == [
        "Đã ghi 2 dòng; bỏ 0 dòng lỗi.",
        f"Hồ sơ nháp đã lập: {', '.join(codes)}",
    ]


def test_load_programme_takes_the_file_as_the_readme_shows(tdkt: App, run: Run) -> None:
    err = run("report", "load-programme", code=1)
    assert "Lỗi: mot-trieu-sang-kien.yaml: chưa có đơn vị ['CDN-GD'" in err
    assert "nạp tổ chức trước" in err
    have = {"TLD", "LDLD-LC", "THAN-UYEN"}  # from build_org
    add_units(tdkt.uow, [u for u in read_units_csv(UNITS_CSV) if u.code not in have])
    assert run("report", "load-programme").strip() == f"Đã nạp chương trình từ {DEFAULT_PROGRAMME}"
    assert "Đã nạp chương trình" in run("report", "load-programme", str(DEFAULT_PROGRAMME))
    with tdkt.uow(write=False) as uow:
        assert len(list(uow.session.exec(select(Programme)))) == 1
