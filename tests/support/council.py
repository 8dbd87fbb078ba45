"""The council of LĐLĐ huyện Than Uyên, eligible dossiers waiting for it, and its sessions.

One builder for every council test: `council(app)` seats the nine members of MEMBERS;
`council(app, account_members())` seats the four of ACCOUNT_MEMBERS, whose e-mails match the
accounts of tests.support.web.council_with_accounts.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from states import Trigger
from tests.support.lifecycle import SECRETARY, build_org, draft, drive

HELD = date(2025, 12, 10)
NOW = datetime(2025, 12, 10, 8, 0, tzinfo=UTC)
UNIT = "THAN-UYEN"
SEATED_FROM = date(2025, 1, 1)
TO_ELIGIBLE = [Trigger.submit, Trigger.receive, Trigger.start_appraisal, Trigger.mark_eligible]
# (full name, council role, title): the nine of the integration tests
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
# (username, full name, council role, account role): the four of the web tests, each with an
# account; the e-mail is username@tdkt.example
ACCOUNT_MEMBERS = [
    ("thang", "Lò Văn Thắng", "chu_tich", "chair"),
    ("dung", "Lường Thị Dung", "uy_vien", "council_member"),
    ("chu", "Giàng A Chứ", "uy_vien", "council_member"),
    ("hung", "Đèo Văn Hùng", "uy_vien", "council_member"),
]


def email(username: str) -> str:
    return f"{username}@tdkt.example"


def nine_members(mailboxes: int = 0) -> list[NewMember]:
    """MEMBERS; the first `mailboxes` get an e-mail address (hd1@…, hd2@…)."""
    return [
        NewMember(n, r, SEATED_FROM, title=t, email=email(f"hd{k}") if k <= mailboxes else None)
        for k, (n, r, t) in enumerate(MEMBERS, start=1)
    ]


def account_members() -> list[NewMember]:
    """ACCOUNT_MEMBERS, each with the e-mail of its account."""
    return [
        NewMember(name, role, SEATED_FROM, title="Ủy viên Hội đồng", email=email(user))
        for user, name, role, _ in ACCOUNT_MEMBERS
    ]


def council(app: App, members: Sequence[NewMember] | None = None, unit: str = UNIT) -> list[int]:
    """The council of `unit` with `members` (the nine by default); their ids, in order."""
    council_id = setup_council(
        app.uow,
        NewCouncil(
            unit_code=unit,
            name="Hội đồng Thi đua – Khen thưởng Liên đoàn Lao động huyện Than Uyên",
            short_code="HĐTĐKT",
            place="Than Uyên",
            valid_from=SEATED_FROM,
            established_by="12/QĐ-LĐLĐ",
        ),
        SECRETARY,
        NOW,
    )
    seated = list(members) if members is not None else nine_members()
    return add_members(app.uow, council_id, seated, SECRETARY, NOW)


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


def eligible(app: App, award: str = "GK_CDCT", people: Sequence[str] = ("DV1", "DV2")) -> list[str]:
    """A dossier per person, nominated from CS1 and brought to eligible."""
    codes = [draft(app, award, person=p) for p in people]
    for code in codes:
        drive(app, code, TO_ELIGIBLE)
    return codes


def session(app: App) -> str:
    return open_session(
        app.uow,
        unit_code=UNIT,
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
