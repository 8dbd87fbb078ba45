"""A council of nine at LĐLĐ huyện Than Uyên, and eligible dossiers waiting for it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import Person, Unit
from awards.services.council import (
    NewCouncil,
    NewMember,
    add_members,
    open_session,
    record_attendance,
    setup_council,
)
from awards.services.lifecycle.plan import Actor
from states import Trigger
from tests.integration.lifecycle_fixtures import build_org, draft, drive

HELD = date(2025, 12, 10)
NOW = datetime(2025, 12, 10, 8, 0, tzinfo=UTC)
SECRETARY = Actor("Tòng Văn Minh", "secretariat")
TO_ELIGIBLE = [Trigger.submit, Trigger.receive, Trigger.start_appraisal, Trigger.mark_eligible]
MEMBERS = [
    ("Lò Văn Thắng", "chu_tich", "Chủ tịch LĐLĐ huyện"),
    ("Vàng Thị Mai", "pho_chu_tich", "Phó Chủ tịch LĐLĐ huyện"),
    ("Tòng Văn Minh", "thu_ky", "Trưởng ban Tổ chức"),
    ("Lường Thị Dung", "uy_vien", "Trưởng ban Nữ công"),
    ("Giàng A Chứ", "uy_vien", "Chủ tịch CĐ ngành Giáo dục"),
    ("Đèo Văn Hùng", "uy_vien", "Ủy viên Ban Thường vụ"),
    ("Nguyễn Thị Lan", "uy_vien", "Kế toán"),
    ("Hoàng Văn Toán", "uy_vien", "Chủ tịch CĐCS Mường Kim"),
    ("Sùng Thị Pà", "uy_vien", "Ủy viên Ban Chấp hành"),
]


def council(app: App, unit: str = "THAN-UYEN", *, mailboxes: int = 0) -> list[int]:
    """The council and its nine members; returns the member ids in MEMBERS order.

    The first `mailboxes` members get an e-mail address (hd1@…, hd2@…)."""
    council_id = setup_council(
        app.uow,
        NewCouncil(
            unit_code=unit,
            name="Hội đồng Thi đua – Khen thưởng Liên đoàn Lao động huyện Than Uyên",
            short_code="HĐTĐKT",
            place="Than Uyên",
            valid_from=date(2025, 1, 1),
            established_by="12/QĐ-LĐLĐ",
        ),
        SECRETARY,
        NOW,
    )
    members = [
        NewMember(
            n, r, date(2025, 1, 1), title=t, email=f"hd{k}@tdkt.example" if k <= mailboxes else None
        )
        for k, (n, r, t) in enumerate(MEMBERS, start=1)
    ]
    return add_members(app.uow, council_id, members, SECRETARY, NOW)


def more_people(app: App, n: int, first: int = 4) -> list[str]:
    """Add people DV4… to CS1; DV5 works in direct production."""
    with app.uow() as uow:
        unit_id = uow.session.exec(select(Unit.id).where(col(Unit.code) == "CS1")).one()
        for k in range(first, first + n):
            uow.session.add(
                Person(
                    code=f"DV{k}",
                    full_name=f"Lò Văn Người{k}",
                    gender="nam",
                    birth_year=1985,
                    unit_id=unit_id,
                    is_direct_worker=k == 5,
                )
            )
        uow.commit()
    return [f"DV{k}" for k in range(first, first + n)]


def eligible(app: App, award: str, people: list[str]) -> list[str]:
    codes = [draft(app, award, person=p) for p in people]
    for code in codes:
        drive(app, code, TO_ELIGIBLE)
    return codes


def session(app: App) -> str:
    return open_session(
        app.uow,
        unit_code="THAN-UYEN",
        round_code="TK-2025",
        held_on=HELD,
        actor=SECRETARY,
        now=NOW,
        location="Hội trường LĐLĐ huyện Than Uyên",
    ).code


def attend(app: App, code: str, member_ids: list[int], presence: str = "present") -> None:
    for member_id in member_ids:
        record_attendance(app.uow, code, member_id, presence, SECRETARY, NOW)  # type: ignore[arg-type]


def ready(app: App, award: str, people: list[str]) -> tuple[list[int], list[str], str]:
    """Organisation, council, eligible dossiers and an opened session."""
    build_org(app)
    members = council(app)
    codes = eligible(app, award, people)
    return members, codes, session(app)
