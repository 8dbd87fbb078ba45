"""A small organisation with every kind of route, its 2025 round, and dossiers moved through it.

CS1 (CĐCS Mường Kim) under THAN-UYEN under LDLD-LC under TLD, with UBND-LC and TTG beside
them; people DV1..DV3 in CS1; the round TK-2025. The clock of these tests is NOW, Monday
3 November 2025.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import (
    Council,
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilMember,
    CouncilSession,
    Dossier,
    Person,
)
from awards.repository.org import unit_by_code
from awards.services.lifecycle.guards import COUNCIL_OUTCOMES
from awards.services.lifecycle.move import move
from awards.services.lifecycle.plan import Actor, MoveOutcome, MoveRequest
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.org.units import NewUnit, add_units, load_unit_kinds
from awards.services.rounds.catalogue import NewRound, load_award_catalogue, open_round
from states import Trigger

NOW = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)
DUE = date(2025, 11, 28)
OFFICER = Actor("Lò Thị Hoa", "unit_officer")
SECRETARY = Actor("Tòng Văn Minh", "secretariat")
CHAIR = Actor("Hoàng Thọ Trung", "chair")
PAPER_CHECKED = "Đã đối chiếu hồ sơ bản giấy"

TREE = [
    NewUnit("TLD", "Tổng Liên đoàn Lao động Việt Nam", "tld", None, email="tld@tdkt.example"),
    NewUnit(
        "LDLD-LC", "Liên đoàn Lao động tỉnh Lai Châu", "ldld_tinh", "TLD", email="ldld@tdkt.example"
    ),
    NewUnit(
        "THAN-UYEN",
        "Liên đoàn Lao động huyện Than Uyên",
        "ldld_huyen",
        "LDLD-LC",
        email="thanuyen@tdkt.example",
    ),
    NewUnit(
        "CS1",
        "Công đoàn Trường Tiểu học Mường Kim",
        "cdcs",
        "THAN-UYEN",
        sector="hcsn",
        email="cs1@tdkt.example",
    ),
    NewUnit("UBND-LC", "Ủy ban nhân dân tỉnh Lai Châu", "ubnd_tinh", None, liaison_code="LDLD-LC"),
    NewUnit("TTG", "Thủ tướng Chính phủ", "thu_tuong", None, liaison_code="TLD"),
]


def year_end_round(**changes: object) -> NewRound:
    """The 2025 year-end round of LĐLĐ Lai Châu; `changes` override single fields."""
    fields: dict[str, object] = {
        "code": "TK-2025",
        "name": "Tổng kết phong trào thi đua năm 2025",
        "movement_code": "LDG-LDST",
        "movement_name": "Lao động giỏi, Lao động sáng tạo",
        "organiser_code": "LDLD-LC",
        "year": 2025,
        "opens_on": date(2025, 1, 1),
        "closes_on": date(2025, 12, 31),
        "submission_deadline": date(2025, 11, 20),
    }
    return NewRound(**{**fields, **changes})  # type: ignore[arg-type]


def build_org(app: App) -> None:
    load_unit_kinds(app.uow)
    load_award_catalogue(app.uow)
    add_units(app.uow, TREE)
    with app.uow() as uow:
        unit = unit_by_code(uow.session, "CS1", date(2025, 1, 1))
        for n, name in enumerate(["Nguyễn Thị Hằng", "Lò Văn Sơn", "Giàng A Páo"], start=1):
            uow.session.add(
                Person(
                    code=f"DV{n}",
                    full_name=name,
                    gender="nu" if n == 1 else "nam",
                    birth_year=1980 + n,
                    unit_id=unit.id,
                )
            )
        uow.commit()
    open_round(app.uow, year_end_round())


def draft(app: App, award: str, person: str = "DV1", unit: str | None = None) -> str:
    return nominate(
        app.uow,
        Nomination(
            round_code="TK-2025",
            award_code=award,
            nominating_unit_code="CS1",
            person_code=None if unit else person,
            nominee_unit_code=unit,
            achievement_summary="Hoàn thành xuất sắc nhiệm vụ năm 2025",
        ),
        now=NOW,
    )


def req(trigger: Trigger, **kw: object) -> MoveRequest:
    actor = (
        OFFICER
        if trigger in (Trigger.submit, Trigger.resubmit, Trigger.withdraw)
        else CHAIR
        if trigger is Trigger.decide  # the chair signs the decision of its level
        else SECRETARY
    )
    defaults: dict[str, object] = {"now": NOW, "actor": actor}
    if trigger in (Trigger.receive, Trigger.return_for_changes, Trigger.open_public_notice):
        defaults["due_on"] = DUE
    if trigger is Trigger.return_for_changes:
        defaults["reason"] = "Thiếu biên bản họp Hội đồng thi đua cơ sở"
    if trigger is Trigger.mark_eligible:  # by hand, without the attachments: a reason (issue 16)
        defaults["reason"] = PAPER_CHECKED
    if trigger in (Trigger.decide, Trigger.record_award):
        defaults.update(
            decision_no="15/QĐ-LĐLĐ",
            decision_date=date(2025, 12, 20),
            decision_signer="Hoàng Thọ Trung",
        )
    return MoveRequest(trigger=trigger, **{**defaults, **kw})  # type: ignore[arg-type]


HOP = [
    Trigger.receive,
    Trigger.start_appraisal,
    Trigger.mark_eligible,
    Trigger.put_on_agenda,
    Trigger.approve,
]


def drive(app: App, code: str, triggers: list[Trigger], **kw: object) -> list[MoveOutcome]:
    return [step(app, code, t, **kw) for t in triggers]


def step(app: App, code: str, trigger: Trigger, **kw: object) -> MoveOutcome:
    """One move as its route makes it: approve/reject name the council session that decided."""
    if trigger in COUNCIL_OUTCOMES and "council_session" not in kw:
        kw["council_session"] = council_decided(app, code, COUNCIL_OUTCOMES[trigger])
    return move(app.uow, code, req(trigger, **kw))


def council_decided(app: App, codes: str | list[str], outcome: str) -> str:
    """What a closed council session leaves behind, for lifecycle tests that are not about the
    council (tests/integration/test_council.py holds real sessions): a closed session at the
    level holding the dossiers whose group decided `outcome` for each. Its council is dated 1900
    so that no service finds it as the level's council in force."""
    wanted = [codes] if isinstance(codes, str) else codes
    session_code = f"THU-{uuid.uuid4().hex[:12]}"
    with app.uow() as uow:
        s = uow.session
        found = s.exec(select(Dossier).where(col(Dossier.code).in_(wanted))).all()
        units = {d.current_unit_id for d in found}
        assert len(units) == 1, "one council session decides for one level"
        council = s.exec(
            select(Council).where(
                col(Council.unit_id).in_(units), col(Council.valid_from) == _RECORDED
            )
        ).first()
        if council is None:
            council = Council(
                unit_id=units.pop(),
                name="Hội đồng (bản ghi thử)",
                short_code="HĐ",
                place="Lai Châu",
                valid_from=_RECORDED,
                valid_to=date(1900, 1, 2),
            )
            s.add(council)
            s.flush()
        assert council.id is not None
        sess = CouncilSession(
            code=session_code,
            council_id=council.id,
            round_id=found[0].round_id,
            held_on=NOW.date(),
            opened_by="kiểm thử",
            status="closed",
        )
        s.add(sess)
        s.flush()
        assert sess.id is not None
        # One member present whose vote decides: a tally that passes (or fails) its rule, as
        # `tdkt audit verify --invariants` checks after the reliability tests.
        member = s.exec(
            select(CouncilMember).where(col(CouncilMember.council_id) == council.id)
        ).first()
        if member is None:
            member = CouncilMember(
                council_id=council.id, full_name="Thành viên thử", role="chu_tich",
                valid_from=_RECORDED,
            )  # fmt: skip
            s.add(member)
            s.flush()
        assert member.id is not None
        s.add(CouncilAttendance(session_id=sess.id, member_id=member.id, presence="present"))
        yes = int(outcome == "approved")
        for k, d in enumerate(found):
            assert d.id is not None
            s.add(
                CouncilAgendaItem(
                    session_id=sess.id,
                    dossier_id=d.id,
                    award_code=d.award_code,
                    group_order=1,
                    item_order=k + 1,
                    rule=RECORDED_RULE,
                    yes_count=yes,
                    no_count=1 - yes,
                    outcome=outcome,
                )
            )
        uow.commit()
    return session_code


_RECORDED = date(1900, 1, 1)
RECORDED_RULE = {
    "quorum": "2/3",
    "ballot": "open",
    "threshold": "1/2",
    "comparison": "more_than",
    "denominator": "present",
    "written_opinions_count": False,
    "status": "R",
    "legal_basis": "bản ghi thử",
    "source": "kiểm thử",
}


EARLY = datetime(2025, 10, 20, 9, 0, tzinfo=UTC)
PAST_DUE = date(2025, 10, 28)  # a Tuesday, four working days before NOW


def overdue_dossier(app: App, person: str = "DV1") -> str:
    """Received on 20 October with a deadline of 28 October: 4 working days late on 3 November."""
    code = draft(app, "GK_CDCT", person=person)
    drive(app, code, [Trigger.submit], now=EARLY)
    drive(app, code, [Trigger.receive], now=EARLY, due_on=PAST_DUE)
    return code
