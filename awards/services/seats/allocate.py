"""Share a conference's exemplar seats among the units under the organising level.

The seeds' conference has 200 delegates: 40 guests and 160 exemplars shared among the units. The
share is by largest remainder over each unit's members (its whole subtree) on a date, with a
minimum per unit (rules.allocate_seats); the figures are the round's settings, never constants.
The meters compare each unit's seats with the dossiers its subtree has proposed in the round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from awards.errors import NotFoundError, ValidationError
from awards.model import Round
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.prizes import SeatDocument, SeatRow, seat_document, seat_xlsx
from awards.repository import UnitOfWorkFactory
from awards.repository.rounds import RoundRepository
from awards.services.escalation.documents import issuer_profile
from awards.services.lifecycle.plan import Actor
from awards.services.reporting.parameters import load_report_policy
from rules import allocate_seats


class NotAllocated(NotFoundError):
    """The round's seats have not been shared yet (the screen then offers the form)."""


@dataclass(frozen=True)
class SeatPlan:
    total: int  # delegates, guests included
    guests: int
    minimum: int
    members_as_of: date

    @property
    def exemplars(self) -> int:
        return self.total - self.guests


@dataclass(frozen=True)
class SeatLine:
    unit_code: str
    unit_name: str
    members: int
    seats: int
    proposed: int  # dossiers of the round from the unit's subtree

    @property
    def over(self) -> bool:
        return self.proposed > self.seats


@dataclass(frozen=True)
class SeatTable:
    round_code: str
    round_name: str
    organiser_name: str
    plan: SeatPlan
    lines: tuple[SeatLine, ...]


def _round(rounds: RoundRepository, code: str) -> Round:
    return rounds.by_code(code)


def allocate_exemplar_seats(
    uow_factory: UnitOfWorkFactory, round_code: str, plan: SeatPlan, actor: Actor, now: datetime
) -> SeatTable:
    """Allocate (or allocate again) the round's exemplar seats, in one transaction."""
    if plan.guests < 0 or plan.exemplars <= 0:
        raise ValidationError(
            f"Số đại biểu không hợp lệ: tổng {plan.total}, khách mời {plan.guests}; số đại biểu "
            "điển hình (tổng trừ khách mời) phải lớn hơn 0."
        )
    with uow_factory() as uow:
        rnd = _round(uow.rounds, round_code)
        children, branch = uow.seats.branches(rnd.organiser_unit_id, plan.members_as_of)
        if not children:
            raise ValidationError(
                f"Đơn vị tổ chức đợt {round_code} không có đơn vị trực thuộc nào ngày "
                f"{plan.members_as_of:%d/%m/%Y} để phân bổ đại biểu."
            )
        counts = dict.fromkeys((c.code for c in children), 0)
        code_of = {c.id: c.code for c in children}
        for unit_id, members in uow.seats.members_per_unit().items():
            if unit_id in branch:
                counts[code_of[branch[unit_id]]] += members
        try:
            seats = allocate_seats(counts, plan.exemplars, plan.minimum)
        except ValueError as err:
            raise ValidationError(
                f"Không phân bổ được {plan.exemplars} đại biểu điển hình cho {len(children)} "
                f"đơn vị với tối thiểu {plan.minimum} mỗi đơn vị: {err}."
            ) from err
        ids = {c.code: c.id for c in children}
        uow.seats.replace_seats(
            rnd.id or 0,
            [
                {
                    "round_id": rnd.id,
                    "unit_id": ids[code],
                    "members": counts[code],
                    "seats": seats[code],
                    "total_seats": plan.total,
                    "guest_seats": plan.guests,
                    "minimum": plan.minimum,
                    "members_as_of": plan.members_as_of,
                    "actor": actor.name,
                    "at": now,
                }
                for code in counts
            ],
        )
        uow.commit()
    return seat_table(uow_factory, round_code)


def seat_table(uow_factory: UnitOfWorkFactory, round_code: str) -> SeatTable:
    """The stored allocation with each unit's proposals so far (the seat meters)."""
    with uow_factory(write=False) as uow:
        rnd = _round(uow.rounds, round_code)
        rows = uow.seats.seats_of(rnd.id or 0)
        if not rows:
            raise NotAllocated(
                f"Đợt {round_code} chưa phân bổ đại biểu điển hình: phân bổ trên màn hình Đại "
                "biểu của đợt hoặc bằng tdkt seats allocate."
            )
        on = rows[0]["members_as_of"]
        _, branch = uow.seats.branches(rnd.organiser_unit_id, on)
        proposed: dict[int, int] = {}
        for unit_id, n in uow.seats.nominated_per_unit(rnd.id or 0).items():
            if unit_id in branch:
                proposed[branch[unit_id]] = proposed.get(branch[unit_id], 0) + n
        units = {r["unit_id"]: uow.org.by_id(r["unit_id"], on) for r in rows}
        organiser = uow.org.by_id(rnd.organiser_unit_id, on)
    first = rows[0]
    return SeatTable(
        rnd.code,
        rnd.name,
        organiser.name,
        SeatPlan(first["total_seats"], first["guest_seats"], first["minimum"], on),
        tuple(
            SeatLine(
                units[r["unit_id"]].code,
                units[r["unit_id"]].name,
                r["members"],
                r["seats"],
                proposed.get(r["unit_id"], 0),
            )
            for r in rows
        ),
    )


def write_seat_documents(
    uow_factory: UnitOfWorkFactory, round_code: str, folder: Path
) -> list[Path]:
    """phan-bo-dai-bieu-<đợt>.docx and .xlsx: the allocation table with the proposals so far."""
    table = seat_table(uow_factory, round_code)
    data = SeatDocument(
        table.round_name,
        table.plan.members_as_of,
        table.plan.total,
        table.plan.guests,
        table.plan.minimum,
        tuple(SeatRow(x.unit_name, x.members, x.seats, x.proposed) for x in table.lines),
    )
    with uow_factory(write=False) as uow:
        rnd = _round(uow.rounds, round_code)
        profile = issuer_profile(
            uow, rnd.organiser_unit_id, table.plan.members_as_of, load_report_policy()
        )
    folder.mkdir(parents=True, exist_ok=True)
    docx, xlsx = (
        folder / f"phan-bo-dai-bieu-{round_code}.docx",
        folder / f"phan-bo-dai-bieu-{round_code}.xlsx",
    )
    docx_bytes(seat_document(data, profile.issuer, profile.signature), docx)
    xlsx.write_bytes(seat_xlsx(data))
    return [docx, xlsx]
