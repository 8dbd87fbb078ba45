"""The demo's council session: LĐLĐ tỉnh Lai Châu's council votes on the round's eligible dossiers.

Nine members; one away with a substitute, one away with a written opinion; open votes by group,
five members against one dossier so the minutes show both outcomes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from awards.repository import UnitOfWorkFactory
from awards.services.council.agenda import open_session
from awards.services.council.closing import SessionClosed, close_session
from awards.services.council.outcomes import approve_batch
from awards.services.council.setup import (
    NewCouncil,
    NewDelegation,
    NewMember,
    add_members,
    delegate,
    setup_council,
)
from awards.services.council.view import session_view
from awards.services.council.voting import record_attendance, vote
from awards.services.lifecycle.plan import Actor

SECRETARY = Actor("Lò Thị Thu", "secretariat")
MEMBERS = [
    ("Hoàng Thọ Trung", "chu_tich", "Chủ tịch LĐLĐ tỉnh"),
    ("Tống Thị Hương", "pho_chu_tich", "Phó Chủ tịch LĐLĐ tỉnh"),
    ("Lò Thị Thu", "thu_ky", "Trưởng ban Tuyên giáo"),
    ("Lường Văn Pâng", "uy_vien", "Trưởng ban Tổ chức"),
    ("Giàng Thị Dợ", "uy_vien", "Trưởng ban Nữ công"),
    ("Đèo Văn Thành", "uy_vien", "Trưởng ban Chính sách pháp luật"),
    ("Nguyễn Văn Hải", "uy_vien", "Chánh Văn phòng"),
    ("Sùng A Lử", "uy_vien", "Chủ nhiệm Ủy ban Kiểm tra"),
    ("Vàng Thị Xuân", "uy_vien", "Trưởng ban Tài chính"),
]


# The council of a level below the province: five members, all present, every vote yes.
LEVEL_MEMBERS = [
    ("Nguyễn Văn Bình", "chu_tich", "Chủ tịch Công đoàn"),
    ("Lò Thị Hạnh", "pho_chu_tich", "Phó Chủ tịch Công đoàn"),
    ("Tòng Văn Sơn", "thu_ky", "Ủy viên Ban Thường vụ"),
    ("Vàng A Dình", "uy_vien", "Ủy viên Ban Chấp hành"),
    ("Điêu Thị Nga", "uy_vien", "Ủy viên Ban Chấp hành"),
]


def hold_level_sessions(
    uow_factory: UnitOfWorkFactory, round_code: str, day: date
) -> list[SessionClosed]:
    """A session of each level below the province holding eligible dossiers: all approved."""
    now = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    closed = []
    with uow_factory() as uow:
        holders = uow.integrity.eligible_holders(round_code)
    for unit_code in holders:
        members = _council(uow_factory, unit_code, date(day.year, 1, 1), now, LEVEL_MEMBERS)
        code = _opened(uow_factory, unit_code, round_code, day, now, members)
        for group in session_view(uow_factory, code).groups:
            for m in members:
                vote(uow_factory, code, m, "yes", SECRETARY, now, award_code=group.award_code)
        closed.append(close_session(uow_factory, code, SECRETARY, now))
    return closed


def hold_demo_session(
    uow_factory: UnitOfWorkFactory, unit_code: str, round_code: str, day: date
) -> SessionClosed:
    """Set up the council if needed, open a session on ``day``, vote, approve and close it."""
    now = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    members = _council(uow_factory, unit_code, date(day.year, 1, 1), now, MEMBERS)
    away, written = members[7], members[8]
    delegate(
        uow_factory,
        NewDelegation(away, "Lò Văn Hòa", day, day, "Đi công tác", "Phó Trưởng ban Kiểm tra"),
        SECRETARY,
        now,
    )
    hall = "Hội trường Liên đoàn Lao động tỉnh Lai Châu"
    code = _opened(uow_factory, unit_code, round_code, day, now, members[:7], hall)
    record_attendance(uow_factory, code, away, "substitute", SECRETARY, now)
    record_attendance(uow_factory, code, written, "absent", SECRETARY, now, written_opinion=True)
    groups = session_view(uow_factory, code).groups
    doubted = groups[0].lines[-1].code
    for k, m in enumerate(members[:8]):
        vote(
            uow_factory, code, m, "no" if k >= 3 else "yes", SECRETARY, now, dossier_codes=[doubted]
        )
    for group in groups:
        for m in members[:8]:
            vote(uow_factory, code, m, "yes", SECRETARY, now, award_code=group.award_code)
        approve_batch(uow_factory, code, group.award_code, SECRETARY, now)
    return close_session(uow_factory, code, SECRETARY, now)


def _opened(
    uow_factory: UnitOfWorkFactory,
    unit_code: str,
    round_code: str,
    day: date,
    now: datetime,
    present: list[int],
    location: str = "",
) -> str:
    """Open the level's session on ``day`` and mark ``present`` members present."""
    code = open_session(
        uow_factory,
        unit_code=unit_code,
        round_code=round_code,
        held_on=day,
        actor=SECRETARY,
        now=now,
        location=location,
    ).code
    for m in present:
        record_attendance(uow_factory, code, m, "present", SECRETARY, now)
    return code


def _council(
    uow_factory: UnitOfWorkFactory,
    unit_code: str,
    start: date,
    now: datetime,
    people: list[tuple[str, str, str]],
) -> list[int]:
    with uow_factory() as uow:
        unit = uow.org.by_code(unit_code, start)
        exists = uow.councils.council_on(unit.id, start) is not None
    if exists:
        raise ValueError(f"{unit.name} đã có Hội đồng; bản trình diễn cần CSDL mới.")
    council_id = setup_council(
        uow_factory,
        NewCouncil(
            unit_code=unit_code,
            name=f"Hội đồng Thi đua – Khen thưởng {unit.name}",
            short_code="HĐTĐKT",
            place="Lai Châu",
            valid_from=start,
            established_by="05/QĐ-LĐLĐ",
        ),
        SECRETARY,
        now,
    )
    new = [NewMember(n, r, start, title=t) for n, r, t in people]
    return add_members(uow_factory, council_id, new, SECRETARY, now)
