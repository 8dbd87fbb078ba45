"""Moving dossiers: one move, or a bulk move that reports per-dossier outcomes.

Every accepted move writes, in the same transaction, the new state (guarded by the version
column), an audit event chained by hash, and the outbox messages of whoever must be told.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from awards.errors import (
    ConflictError,
    DeadlineError,
    FieldInvalid,
    NotFoundError,
    TransitionNotAllowed,
    ValidationError,
)
from awards.model import Award, Round
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.dossiers import DossierRow, MoveRead
from awards.services.lifecycle.completeness import manual_eligibility
from awards.services.lifecycle.deadlines import Deadlines, MoveDeadlines
from awards.services.lifecycle.guards import refusals
from awards.services.lifecycle.notices import (
    NoticeData,
    load_notice_data,
    messages_for,
    recipient_of,
)
from awards.services.lifecycle.plan import (
    MoveOutcome,
    MoveRequest,
    context,
    hop_effects,
    plan,
    refusal,
    seal,
    uniform,
)
from awards.services.prizes.record import record_prizes, shipped_prize_schedule
from awards.services.rounds.window import SubmissionWindow
from rules.prizes import PrizeSchedule
from states import DossierState, DossierWorkflow, InvalidTransition, Trigger, next_state

BATCH = 2000
Extras = Mapping[str, dict[str, Any]]


def move(
    uow_factory: UnitOfWorkFactory,
    code: str,
    req: MoveRequest,
    *,
    expected_version: int | None = None,
    extras: dict[str, Any] | None = None,
    deadlines: Deadlines | None = None,
    prizes: PrizeSchedule | None = None,
) -> MoveOutcome:
    """One move of one dossier; raises TransitionNotAllowed, ConflictError or DeadlineError."""
    with uow_factory() as uow:
        outcome = move_in(
            uow,
            load_row(uow, code),
            req,
            expected_version=expected_version,
            extras=extras,
            deadlines=deadlines,
            prizes=prizes,
        )
        uow.commit()
    return outcome


def load_row(uow: UnitOfWork, code: str) -> DossierRow:
    """The dossier's row as a move reads it, or NotFoundError."""
    rows = uow.dossiers.load_rows(codes=[code])
    if not rows:
        raise NotFoundError(f"Không có hồ sơ mã '{code}'.")
    return rows[0]


def load_for_move(uow: UnitOfWork, code: str) -> MoveRead:
    """The row (locked) with its award, round, holder's liaison and the nominating unit's
    mailbox, in one statement; or NotFoundError."""
    read = uow.dossiers.for_move(code)
    if read is None:
        raise NotFoundError(f"Không có hồ sơ mã '{code}'.")
    return read


def move_in(
    uow: UnitOfWork,
    loaded: DossierRow | MoveRead,
    req: MoveRequest,
    *,
    expected_version: int | None = None,
    extras: dict[str, Any] | None = None,
    deadlines: Deadlines | None = None,
    prizes: PrizeSchedule | None = None,
) -> MoveOutcome:
    """The move of one loaded row inside the caller's unit of work (which commits): a route that
    checks the user's grant first does it in the same transaction, one round trip fewer.
    Given a MoveRead (load_for_move), its award, round and mailbox are not read again."""
    _require_due(req)
    read = loaded if isinstance(loaded, MoveRead) else None
    row = read.row if read else loaded
    assert isinstance(row, DossierRow)
    code = row.code
    if expected_version is not None and row.version != expected_version:
        raise _conflict(row)
    # Only this dossier's award, and names and mailboxes only once a notice turns out due.
    awards = {read.award.code: read.award} if read else None
    env = _Env(uow, deadlines, prizes, award_codes=[row.award_code], awards=awards)
    if read:
        env.rounds[read.round.id] = read.round
        env.known_levels = {row.current_unit_id: read.holder_level}
    env.add([row], notices=False)
    try:
        dest = DossierWorkflow(env.context(row, req)).fire(req.trigger).dest
    except InvalidTransition as err:
        raise TransitionNotAllowed(str(err), [str(t) for t in err.allowed]) from err
    refused = refusals(uow, [row], req)
    if refused:
        raise TransitionNotAllowed(refused[code])
    unreasoned, manual, data = manual_eligibility(uow, [row], req, env.awards)
    if unreasoned:
        raise FieldInvalid({"reason": unreasoned[code]})
    env.check_deadline(row, req)
    own = {code: {**(extras or {}), **manual.get(code, {})}}
    env.notice_data = _notice_data(uow, env.awards, row, DossierState(dest), req, read)
    written = _write(uow, env, [(row, DossierState(dest))], req, own, data=data)
    if written != 1:
        raise _conflict(row)
    return MoveOutcome(code, True, row.state, str(dest))


def move_many(
    uow_factory: UnitOfWorkFactory,
    req: MoveRequest,
    *,
    codes: Sequence[str] = (),
    ids: Sequence[int] = (),
    all_or_nothing: bool = False,
    extras: Extras | None = None,
    reasons: Mapping[str, str] | None = None,
    deadlines: Deadlines | None = None,
    prizes: PrizeSchedule | None = None,
) -> list[MoveOutcome]:
    """The same move for many dossiers, in batches; refused ones are reported, not fatal.

    With all_or_nothing, any refusal rolls everything back and nothing is written. ``reasons``
    gives a dossier its own audit reason (e.g. why appraisal found it ineligible).
    """
    _require_due(req)
    keys: Sequence[Any] = codes or ids
    by_code = bool(codes)
    outcomes: list[MoveOutcome] = []
    with uow_factory() as uow:
        # Awards, rounds and names are read once for all batches.
        env = _Env(uow, deadlines, prizes)
        for start in range(0, len(keys), BATCH):
            chunk = keys[start : start + BATCH]
            rows = (
                uow.dossiers.load_rows(codes=chunk)
                if by_code
                else uow.dossiers.load_rows(ids=chunk)
            )
            outcomes += move_rows(
                uow, rows, req, extras or {}, deadlines, reasons, env=env.add(rows)
            )
            if not all_or_nothing:
                uow.commit()
        if all_or_nothing:
            if any(not o.ok for o in outcomes):
                uow.rollback()
                return [
                    o
                    if not o.ok
                    else MoveOutcome(
                        o.code,
                        False,
                        o.source,
                        None,
                        "Không ghi vì có hồ sơ khác bị từ chối (tất cả hoặc không).",
                    )
                    for o in outcomes
                ]
            uow.commit()
    return outcomes


def move_rows(
    uow: UnitOfWork,
    rows: list[DossierRow],
    req: MoveRequest,
    extras: Extras | None = None,
    deadlines: Deadlines | None = None,
    reasons: Mapping[str, str] | None = None,
    *,
    env: _Env | None = None,
) -> list[MoveOutcome]:
    """Move rows already loaded (and locked) inside the caller's transaction.

    `env` is the bulk move's shared environment (already extended with these rows); without
    it one is read for this batch alone.
    """
    extras = extras or {}
    env = env or _Env(uow, deadlines).add(rows)
    accepted: list[tuple[DossierRow, DossierState]] = []
    outcomes: list[MoveOutcome] = []
    refused = refusals(uow, rows, req)
    unreasoned, manual, data = manual_eligibility(uow, rows, req, env.awards)
    refused |= unreasoned
    if manual:
        extras = {**extras, **{c: {**extras.get(c, {}), **m} for c, m in manual.items()}}
    for row in rows:
        ctx = env.context(row, req)
        try:
            dest = next_state(ctx, req.trigger)
            env.check_deadline(row, req)
        except InvalidTransition as err:
            outcomes.append(refusal(row, str(err), err.allowed))
            continue
        except DeadlineError as err:
            outcomes.append(refusal(row, str(err), []))
            continue
        if row.code in refused:
            outcomes.append(refusal(row, refused[row.code], []))
            continue
        accepted.append((row, dest))
        outcomes.append(MoveOutcome(row.code, True, row.state, str(dest)))
    if _write(uow, env, accepted, req, extras, reasons, data=data) != len(accepted):
        # Rows are read under the write lock, so this means the database changed underneath us.
        raise ConflictError("Dữ liệu hồ sơ đã thay đổi trong khi xử lý hàng loạt; hãy chạy lại.")
    return outcomes


def _write(
    uow: UnitOfWork,
    env: _Env,
    accepted: list[tuple[DossierRow, DossierState]],
    req: MoveRequest,
    extras: Extras,
    reasons: Mapping[str, str] | None = None,
    *,
    data: Mapping[str, dict[str, Any]] | None = None,
) -> int:
    """``reasons`` and ``data``: a dossier's own audit reason, and what its audit event adds."""
    updates, events, mails, opened, hop_updates = [], [], [], [], []
    awarded, explained = [], []
    for row, dest in accepted:
        assert env.notice_data is not None and env.deadlines is not None
        own = reasons.get(row.code) if reasons else None
        row_req = env.level_due(row, dest, req if own is None else replace(req, reason=own))
        if data and row.code in data:
            row_req = replace(row_req, data={**row_req.data, **data[row.code]})
        row_req, due_basis = env.deadlines.apply(row, dest, row_req)
        update, event = plan(row, dest, row_req)
        update.update(due_basis)
        own_extras = extras.get(row.code, {})
        if "eligibility" in own_extras:
            # Stored beside the row (DossierEligibility): later moves rewrite a short row.
            explained.append({"dossier_id": row.id, "record": own_extras["eligibility"]})
            own_extras = {k: v for k, v in own_extras.items() if k != "eligibility"}
        update.update(own_extras)
        updates.append(update)
        events.append(event)
        mails += messages_for(env.notice_data, row, dest, row_req)
        new_hops, changes = hop_effects(row, row_req)
        opened += new_hops
        hop_updates += changes
        if dest is DossierState.awarded:
            awarded.append((row, row_req))
    seal(updates, events)
    written = uow.dossiers.write_moves(uniform(updates))
    if written != len(updates):
        # A row changed since it was read: the caller raises the conflict and rolls back; the
        # rest is not written (its audit seq would clash with the other writer's).
        return written
    if explained:
        uow.dossiers.write_eligibility(explained)
    uow.dossiers.update_hops(hop_updates)
    uow.dossiers.insert_hops(opened)
    uow.dossiers.insert_audit(events)
    uow.dossiers.insert_outbox(mails)
    if awarded:
        record_prizes(uow.prizes, env.prize_schedule(), awarded, req.now)
    return written


# Moves whose deadline the user may set (the web shows a date field); left empty, the
# deadline defaults from awards/data/deadlines.yaml and the working-day calendar.
NEEDS_DUE = {
    Trigger.receive: "hạn thẩm định",
    Trigger.return_for_changes: "hạn nộp lại hồ sơ đã sửa",
    Trigger.open_public_notice: "ngày kết thúc công khai",
}


def _notice_data(
    uow: UnitOfWork,
    awards: dict[str, Award],
    row: DossierRow,
    dest: DossierState,
    req: MoveRequest,
    read: MoveRead | None,
) -> NoticeData:
    """One move's notice data: nothing read when no notice is due or its recipient has no
    mailbox (no notice is written then), else the names and mailboxes of the dossier."""
    recipient = recipient_of(awards, row, dest, req)
    if recipient is None:
        return NoticeData(awards, {}, {}, {})
    if read and recipient == row.nominating_unit_id:
        mailbox = read.nominating_email
    else:
        mailbox = uow.org.emails({recipient}).get(recipient)
    return load_notice_data(uow, [row], awards) if mailbox else NoticeData(awards, {}, {}, {})


def _require_due(req: MoveRequest) -> None:
    # An explicit due_on is kept; without one, the deadline defaults from
    # awards/data/deadlines.yaml and the calendar (awards.services.lifecycle.deadlines).
    if req.trigger is Trigger.return_for_changes and not req.reason.strip():
        raise ValidationError("Trả lại hồ sơ phải nêu lý do để đơn vị sửa.")


def _conflict(row: DossierRow) -> ConflictError:
    return ConflictError(
        f"Hồ sơ {row.code} vừa được người khác cập nhật (trạng thái hiện tại: "
        f'"{DossierState(row.state).label}", phiên bản {row.version}); tải lại rồi thử lại.'
    )


class _Env:
    """What moves need besides the rows: awards, rounds, objections, names and mailboxes.

    Built once per call and extended batch by batch, so a bulk move reads each award, round,
    unit and person once however many batches it takes.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        deadlines: Deadlines | None = None,
        prizes: PrizeSchedule | None = None,
        *,
        award_codes: Sequence[str] | None = None,
        awards: dict[str, Award] | None = None,
    ) -> None:
        self.uow = uow
        self.awards = awards if awards is not None else uow.rounds.awards(award_codes)
        self.rounds: dict[int | None, Round] = {}
        self.objected: set[int] = set()
        self.notice_data: NoticeData | None = None
        self.policy = deadlines or Deadlines.default()
        self.deadlines: MoveDeadlines | None = None
        self.known_levels: dict[int, int] = {}  # unit levels read with the rows
        self.prizes = prizes
        self.window = SubmissionWindow(
            uow.round_admin, uow.org
        )  # hạn nộp with extensions and closing

    def prize_schedule(self) -> PrizeSchedule | None:
        """The caller's schedule (the pack in force), else the shipped pack's."""
        return self.prizes if self.prizes is not None else shipped_prize_schedule()

    def add(self, rows: list[DossierRow], *, notices: bool = True) -> _Env:
        """Extended with `rows`; without `notices` the caller reads the notice data itself."""
        uow = self.uow
        round_ids = {r.round_id for r in rows} - self.rounds.keys()
        if round_ids:
            self.rounds.update(uow.rounds.by_ids(round_ids))
        in_notice = [r.id for r in rows if r.state == DossierState.public_notice]
        self.objected = uow.dossiers.open_objection_ids(in_notice) if in_notice else set()
        if notices:
            self.notice_data = load_notice_data(uow, rows, self.awards, self.notice_data)
        self.deadlines = MoveDeadlines(uow.org, rows, self.policy, self.known_levels)
        return self

    def context(self, row: DossierRow, req: MoveRequest) -> Any:
        return context(row, self.awards[row.award_code], req.today, row.id in self.objected)

    def level_due(self, row: DossierRow, dest: DossierState, req: MoveRequest) -> MoveRequest:
        """Escalated up the union route to a level the round gives its own hạn nộp: due on that
        day, pushed later by an extension granted to that unit (or above it, or to all).
        Otherwise the request is kept and the default of deadlines.yaml applies."""
        if (
            req.trigger is not Trigger.escalate
            or dest is not DossierState.submitted
            or req.due_on is not None
            or row.hop_no + 1 >= len(row.route)
            or self.deadlines is None
        ):
            return req
        rnd = self.rounds[row.round_id]
        holder = row.route[row.hop_no + 1]
        if str(self.deadlines.levels.get(holder)) not in (rnd.level_deadlines or {}):
            return req
        return replace(req, due_on=self.window.deadline(rnd, holder, req.today).day)

    def check_deadline(self, row: DossierRow, req: MoveRequest) -> None:
        if req.trigger is not Trigger.submit:
            return
        self.window.check(row.code, self.rounds[row.round_id], row.nominating_unit_id, req.today)
