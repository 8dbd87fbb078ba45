"""Shared inputs for the report, rules, upload and account screens (tests/web and tests/e2e)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from awards.services.nomination.tabular import template_bytes
from rules import DEFAULT_PACK

GOOD_ROW = [
    "CS1",
    "GK_CDCT",
    "ca_nhan",
    "DV1",
    "",
    "Giáo viên",
    "có",
    "không",
    "Hoàn thành xuất sắc nhiệm vụ năm 2025",
]
BAD_ROW = ["CS1", "KHONG_CO", "ca_nhan", "DV9", "", "", "có", "không", "Thành tích tốt"]


def nominations_xlsx(*rows: list[str]) -> bytes:
    """The `tdkt template nominations` workbook filled with `rows` from row 2."""
    wb = load_workbook(io.BytesIO(template_bytes("nominations", "xlsx")))
    ws = wb.worksheets[0]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def lenient_draft() -> str:
    """gk-cdct without its 'hoàn thành tốt nhiệm vụ' requirement: unrated nominees flip."""
    text = (DEFAULT_PACK / "gk-cdct" / "policy.yaml").read_text(encoding="utf-8")
    head, rest = text.split("  - id: hoan-thanh-tot\n", 1)
    return head + "  - id: khong-ky-luat\n" + rest.split("  - id: khong-ky-luat\n", 1)[1]


BROKEN_DRAFT = "id: gk-cdct\nversion: 1.0.0\ntitle: [không đóng ngoặc\n"
