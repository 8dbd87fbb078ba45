"""The whole tổng kết, the kế hoạch, the thông báo công khai and the báo cáo thành tích on the
printed page (issue 17): sections, chart, timetable, window, the pre-filled facts."""

from __future__ import annotations

import re
import subprocess

import pytest

from awards.reports.periodic import accounting_sentence
from awards.reports.periodic_render import REPORT_SECTIONS, unit_table
from tests.support import official_documents as fixtures
from tests.support.official_documents import Rendered

# One xdist group: one LibreOffice run per test run (docs/contributing.md).
pytestmark = pytest.mark.xdist_group("documents")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_full_report_prints_every_section_with_the_text_entered(
    rendered: dict[str, Rendered],
) -> None:
    r = rendered["tong-ket-day-du"]
    text = _flat(r.pdf.text)
    for heading in (
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Tồn tại, hạn chế",
        "3. Nguyên nhân",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
    ):
        assert heading in text
    assert set(fixtures.REPORT_TEXTS) == set(REPORT_SECTIONS)
    for entered in fixtures.REPORT_TEXTS.values():
        for line in entered.splitlines():
            assert _flat(line) in text
    assert "…………" not in text  # every section written: no dotted line left


def test_full_report_embeds_the_chart(rendered: dict[str, Rendered]) -> None:
    r = rendered["tong-ket-day-du"]
    document = r.docx()
    assert len(document.inline_shapes) == 1
    listed = subprocess.run(
        ["pdfimages", "-list", str(r.pdf.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[2] for line in listed].count("image") == 1  # the chart, printed too
    assert "Biểu đồ: tỷ lệ người lao động trực tiếp" in _flat(r.pdf.text)


def test_the_text_accounts_for_the_table_figures(rendered: dict[str, Rendered]) -> None:
    report = fixtures.period_report()
    text = _flat(rendered["tong-ket-day-du"].pdf.text)
    sentence = accounting_sentence(report)
    assert _flat(sentence) in text
    column = sum(int(row[5] or 0) for row in unit_table(report)[1])  # "Được khen thưởng"
    total, *parts = (int(n) for n in re.findall(r"(?:là|gồm:|;) (\d+)", sentence))
    assert total == column == 16 and sum(parts) == total == 6 + 10
    assert "6 do LĐLĐ tỉnh quyết định (Bằng khen: 02 tập thể, 04 cá nhân)" in sentence
    assert "10 do công đoàn cấp dưới quyết định (Giấy khen: 01 tập thể, 09 cá nhân)" in sentence


def test_plan_prints_the_rounds_timetable(rendered: dict[str, Rendered]) -> None:
    r = rendered["ke-hoach"]
    text = _flat(r.pdf.text)
    assert "KẾ HOẠCH" in text and "Số: /KH-LĐLĐ" in text.replace("Số:     ", "Số: ")
    for phase in fixtures.round_plan().phases:
        assert f"{phase.starts_on:%d/%m/%Y} - {phase.ends_on:%d/%m/%Y}" in text
    for when in ("Trước ngày 20/08/2026", "Trước ngày 01/09/2026", "Trước ngày 15/09/2026"):
        assert when in text
    timetable = r.docx().tables[1]  # after the header; the footer table comes last
    assert [c.text for c in timetable.rows[0].cells] == [
        "TT",
        "Nội dung",
        "Thời gian",
        "Đơn vị thực hiện",
    ]
    assert len(timetable.rows) == 1 + 7


def test_public_notice_names_the_window_and_how_to_object(rendered: dict[str, Rendered]) -> None:
    r = rendered["thong-bao-cong-khai"]
    text = _flat(r.pdf.text)
    assert "Số: 07/TB-LĐLĐ" in text and "THÔNG BÁO" in text
    assert "Từ ngày 03/11/2025 đến hết ngày 10/11/2025 (5 ngày làm việc)." in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "gửi ý kiến bằng văn bản về Liên đoàn Lao động tỉnh Lai Châu" in text
    # Tập thể first, then people by given name: Hằng, Páo, Sơn.
    listing = r.docx().tables[1]
    assert [row.cells[1].text for row in listing.rows[1:]] == [
        "Công đoàn Trường Tiểu học Mường Kim",
        "Nguyễn Thị Hằng",
        "Giàng A Páo",
        "Lò Văn Sơn",
    ]


def test_achievement_report_is_prefilled_and_unnumbered(rendered: dict[str, Rendered]) -> None:
    r = rendered["bao-cao-thanh-tich"]
    text = _flat(r.pdf.text)
    assert "BÁO CÁO THÀNH TÍCH" in text and "Số:" not in text
    assert "Đề nghị tặng Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh" in text
    for fact in (
        "Họ và tên: Nguyễn Thị Hằng. Giới tính: Nữ.",
        "Năm sinh: 1981.",
        "Chức vụ (đảng, chính quyền, đoàn thể): Tổ trưởng chuyên môn.",
        "Hoàn thành tốt nhiệm vụ",
        "Số 12/QĐ-LĐLĐ ngày 20/12/2024",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
    ):
        assert fact in text
    assert "Than Uyên, ngày" in text
