"""Đăng ký thi đua builders: the year-end round of build_org with a registration period, and the
Công đoàn Mường Kim's registrations of January 2025."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from awards.bootstrap import App
from awards.services.registrations.register import NewRegistration, register, set_period
from rules import DEFAULT_PACK

JANUARY = datetime(2025, 1, 15, 2, 0, tzinfo=UTC)
PERIOD = (date(2025, 1, 2), date(2025, 3, 31))
OFFICE = "Lò Thị Hoa"


def with_period(app: App, round_code: str = "TK-2025") -> None:
    set_period(app.uow, round_code, *PERIOD, actor="Tòng Văn Minh", now=JANUARY)


def mark_required(app: App, round_code: str = "TK-2025") -> None:
    """The round admits only registered titles (the round's flag of issue 18)."""
    with app.uow() as uow:
        rnd = uow.round_admin.by_code(round_code)
        rnd.registration_required = True
        uow.round_admin.save(rnd)
        uow.commit()


def registered(app: App, *persons: str, award: str = "GK_CDCT") -> list[int]:
    """CS1 registers `award` for these of its members in January."""
    items = [NewRegistration("TK-2025", "CS1", award, person_code=p) for p in persons]
    return register(app.uow, items, actor=OFFICE, now=JANUARY)


def pack_requiring_registration(root: Path) -> Path:
    """The shipped pack with the Giấy khen of the cấp trên trực tiếp cơ sở requiring
    registration (TD09), as a district federation's local guidance would (Lâm Hà 2021)."""
    pack = root / "policies"
    shutil.copytree(DEFAULT_PACK, pack)
    policy = pack / "gk-cdct" / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0")
    text += (
        "  - id: da-dang-ky\n"
        "    check: TD09\n"
        '    message: "Chưa đăng ký thi đua danh hiệu này từ đầu năm: không đề nghị."\n'
        "    legal_basis: Hướng dẫn của LĐLĐ huyện (ví dụ Lâm Hà 2021)\n"
        "    status: R\n"
    )
    policy.write_text(text, encoding="utf-8")
    allow = pack / "gk-cdct" / "allow" / "hoan_thanh_tot.yaml"
    allow.write_text(
        allow.read_text(encoding="utf-8").replace("facts:\n", "facts:\n  registered: true\n"),
        encoding="utf-8",
    )
    return pack
