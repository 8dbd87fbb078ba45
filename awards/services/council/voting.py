"""Attendance and votes during an open session.

Every write locks the session row (shared on PostgreSQL, the database lock on SQLite) and checks
that the session is still open, so a vote cannot slip in once closing has begun; the unique
(item, member) constraints make a second vote by the same member fail even under a race.
A secret ballot writes who took part and adds to the item's counters; how anyone voted is never
stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from awards.errors import ConflictError, NotFoundError, ValidationError
from awards.model import (
    CouncilAgendaItem,
    CouncilAttendance,
    CouncilDelegation,
    CouncilMember,
    CouncilSession,
)
from awards.repository import UnitOfWork, UnitOfWorkFactory, once_more_on_disconnect
from awards.repository.council import CouncilRepository
from awards.services.lifecycle.plan import Actor

Presence = Literal["present", "substitute", "absent"]
Choice = Literal["yes", "no"]
CHOICE_LABEL = {"yes": "đồng ý", "no": "không đồng ý"}
STATUS_LABEL = {"open": "đang họp", "closing": "đang kết thúc", "closed": "đã kết thúc"}


def require_open(sess: CouncilSession, what: str) -> None:
    if sess.status != "open":
        by = f" (do {sess.closing_by} thực hiện)" if sess.closing_by else ""
        raise ConflictError(
            f"Không thể {what}: phiên họp {sess.code} {STATUS_LABEL[sess.status]}{by}. "
            "Các thao tác của phiên đã khóa; liên hệ thư ký Hội đồng."
        )


def _member(councils: CouncilRepository, sess: CouncilSession, member_id: int) -> CouncilMember:
    for m in councils.members_on(sess.council_id, sess.held_on):
        if m.id == member_id:
            return m
    raise NotFoundError(
        f"Thành viên số {member_id} không thuộc Hội đồng của phiên {sess.code} ngày "
        f"{sess.held_on:%d/%m/%Y}; xem danh sách bằng `tdkt council members`."
    )


def record_attendance(
    uow_factory: UnitOfWorkFactory,
    session_code: str,
    member_id: int,
    presence: Presence,
    actor: Actor,
    now: datetime,
    *,
    written_opinion: bool = False,
) -> None:
    """Mark a member present, represented by their substitute, or absent (maybe with a written
    opinion). A substitute needs a delegation in force on the session's day."""
    if written_opinion and presence != "absent":
        raise ValidationError("Chỉ thành viên vắng mặt mới gửi ý kiến bằng văn bản.")
    with uow_factory() as uow:
        councils = uow.councils
        sess = councils.session_by_code(session_code, lock="share")
        require_open(sess, "điểm danh")
        member = _member(councils, sess, member_id)
        delegation = _delegation(councils, sess, member) if presence == "substitute" else None
        assert sess.id is not None
        row = councils.attendance_of(sess.id).get(member_id)
        changed = row is not None and row.presence != presence
        if changed and _has_voted(councils, sess.id, member_id):
            raise ConflictError(
                f"{member.full_name} đã biểu quyết trong phiên này; không đổi được điểm danh."
            )
        row = row or CouncilAttendance(session_id=sess.id, member_id=member_id, presence=presence)
        row.presence, row.written_opinion = presence, written_opinion
        row.delegation_id = delegation.id if delegation else None
        councils.add(row)
        detail = {"member": member.full_name, "presence": presence, "written": written_opinion}
        if delegation:
            detail["substitute"] = delegation.substitute_name
        councils.log(sess.council_id, actor.name, now, "attendance", detail, sess.id)
        uow.commit()


def _delegation(
    councils: CouncilRepository, sess: CouncilSession, member: CouncilMember
) -> CouncilDelegation:
    found = councils.active_delegations(member.id)
    for d in found:
        if d.valid_from <= sess.held_on <= d.valid_to:
            return d
    spans = "; ".join(
        f"{d.substitute_name} từ {d.valid_from:%d/%m/%Y} đến {d.valid_to:%d/%m/%Y}" for d in found
    )
    where = f" (ủy quyền hiện có: {spans})" if spans else ""
    raise ValidationError(
        f"{member.full_name} không có ủy quyền còn hiệu lực ngày {sess.held_on:%d/%m/%Y}{where}; "
        "người thay thế không được dự họp và biểu quyết. Lập ủy quyền bằng `tdkt council delegate`."
    )


def _has_voted(councils: CouncilRepository, session_id: int, member_id: int) -> bool:
    ids = [i.id for i in councils.items_of(session_id, eligibility=False) if i.id is not None]
    return any(member_id in who for who in councils.participants(ids).values())


def vote(
    uow_factory: UnitOfWorkFactory,
    session_code: str,
    member_id: int,
    choice: Choice,
    actor: Actor,
    now: datetime,
    *,
    dossier_codes: Sequence[str] = (),
    award_code: str | None = None,
) -> int:
    """One member's vote on some dossiers, or on every undecided dossier of one award group
    that the member has not voted on yet.

    Returns how many votes were recorded. All or nothing: any refusal records none.
    """
    check_choice(choice)

    def work(uow: UnitOfWork) -> int:
        sess = uow.councils.session_by_code(session_code, lock="share")
        require_open(sess, "biểu quyết")
        member = _member(uow.councils, sess, member_id)
        n = vote_in(uow, sess, member, choice, actor, now, dossier_codes, award_code)
        uow.commit()
        return n

    return once_more_on_disconnect(uow_factory, work)


def check_choice(choice: str) -> None:
    if choice not in CHOICE_LABEL:
        raise ValidationError(f"Phiếu '{choice}' không hợp lệ; chọn yes (đồng ý) hoặc no.")


def vote_in(
    uow: UnitOfWork,
    sess: CouncilSession,
    member: CouncilMember,
    choice: Choice,
    actor: Actor,
    now: datetime,
    dossier_codes: Sequence[str] = (),
    award_code: str | None = None,
) -> int:
    """The vote of a member of the session's council, inside the caller's unit of work (which
    commits); `sess` was read with the share lock (session_by_code(lock="share"))."""
    councils = uow.councils
    require_open(sess, "biểu quyết")
    assert sess.id is not None
    # Kept before the flush: record_participation expires the loaded rows (another read each).
    session_id, council_id, member_name = sess.id, sess.council_id, member.full_name
    via, cast_by = _voter(councils, sess, member)
    items = _items(councils, sess, dossier_codes, award_code)
    if award_code:  # a group vote covers the dossiers this member has not voted on yet
        taken = councils.participants([i.id for i, _ in items if i.id is not None])
        items = [(i, c) for i, c in items if member.id not in taken[i.id or 0]]
        if not items:
            raise ConflictError(f"{member.full_name} đã biểu quyết mọi hồ sơ {award_code}.")
    _check_items(councils, member, items, via)
    votes, ballots, counters = _rows(member, items, choice, via, cast_by, now)
    councils.record_participation(
        votes, ballots, counters, f"{member_name} đã biểu quyết một trong các hồ sơ này rồi."
    )
    councils.log(
        council_id,
        actor.name,
        now,
        "voted",
        {"member": member_name, "items": len(items)},
        session_id,
    )
    return len(items)


def _voter(
    councils: CouncilRepository, sess: CouncilSession, member: CouncilMember
) -> tuple[str, str]:
    assert sess.id is not None and member.id is not None
    row = councils.attendance_of(sess.id).get(member.id)
    if row is None:
        raise ValidationError(
            f"{member.full_name} chưa được điểm danh trong phiên {sess.code}; điểm danh trước "
            "khi biểu quyết."
        )
    if row.presence == "present":
        return "in_person", member.full_name
    if row.presence == "substitute":
        delegation = councils.delegation(row.delegation_id or 0)
        assert delegation is not None
        return "substitute", delegation.substitute_name
    if not row.written_opinion:
        raise ValidationError(
            f"{member.full_name} vắng mặt và không có ý kiến bằng văn bản nên không biểu quyết."
        )
    return "written", member.full_name


def _items(
    councils: CouncilRepository, sess: CouncilSession, codes: Sequence[str], award_code: str | None
) -> list[tuple[CouncilAgendaItem, str]]:
    assert sess.id is not None
    if bool(codes) == bool(award_code):
        raise ValidationError("Biểu quyết: chọn mã hồ sơ hoặc một nhóm hình thức khen thưởng.")
    if award_code:
        items = councils.items_of(sess.id, eligibility=False)
        code_of = councils.dossier_codes([i.dossier_id for i in items])
        chosen = [i for i in items if i.award_code == award_code and i.outcome is None]
        if not chosen:
            raise ValidationError(
                f"Phiên {sess.code} không còn hồ sơ {award_code} nào chờ biểu quyết."
            )
        return [(i, code_of[i.dossier_id]) for i in chosen]
    by_code = councils.items_by_codes(sess.id, list(dict.fromkeys(codes)))
    missing = [c for c in codes if c not in by_code]
    if missing:
        raise NotFoundError(
            f"Hồ sơ {', '.join(missing)} không có trong chương trình phiên {sess.code}."
        )
    return [(by_code[c], c) for c in dict.fromkeys(codes)]


def _check_items(
    councils: CouncilRepository,
    member: CouncilMember,
    items: list[tuple[CouncilAgendaItem, str]],
    via: str,
) -> None:
    taken = councils.participants([i.id for i, _ in items if i.id is not None])
    for item, code in items:
        if item.outcome is not None:
            raise ConflictError(
                f"Hồ sơ {code} đã có kết quả ({item.outcome}); không nhận thêm phiếu."
            )
        if member.id in taken[item.id or 0]:
            raise ConflictError(
                f"{member.full_name} đã biểu quyết hồ sơ {code}; mỗi thành viên chỉ biểu quyết "
                "một lần."
            )
        if via == "written" and not item.rule.get("written_opinions_count"):
            raise ValidationError(
                f"Hồ sơ {code}: quy tắc biểu quyết ({item.rule.get('source')}) không tính ý kiến "
                "bằng văn bản của thành viên vắng mặt."
            )


def _rows(
    member: CouncilMember,
    items: list[tuple[CouncilAgendaItem, str]],
    choice: Choice,
    via: str,
    cast_by: str,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[int, tuple[int, int]]]:
    """The council_vote rows (open ballots), the council_ballot rows (secret: no choice, no
    time) and each item's (yes, no) increment, as column values for one bulk write."""
    assert member.id is not None
    counters = {i.id: (int(choice == "yes"), int(choice == "no")) for i, _ in items if i.id}
    ballots = [
        {"item_id": i.id or 0, "member_id": member.id, "via": via}
        for i, _ in items
        if i.rule.get("ballot") == "secret"
    ]
    votes = [
        {
            "item_id": i.id or 0,
            "member_id": member.id,
            "choice": choice,
            "via": via,
            "cast_by": cast_by,
            "cast_at": now,
        }
        for i, _ in items
        if i.rule.get("ballot") != "secret"
    ]
    return votes, ballots, counters
