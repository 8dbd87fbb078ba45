"""Nomination in bulk: many draft dossiers in one transaction, a handful of queries in all.

The same checks and routes as `nominate` (one dossier), but the organisation tree is read once
and routes are computed in memory, numbers are reserved as one block per year, and rows are
inserted with executemany. Any bad nomination refuses the whole batch: nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from awards.errors import AwardsError, NotFoundError, ValidationError
from awards.model import Award, Round
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.org import UnitRow
from awards.repository.rounds import round_missing
from awards.services.nomination.nominate import Nomination
from awards.services.registrations.register import RegistrationGuard
from awards.services.rounds.window import check_nomination, sync_unsent_due

MAX_REPORTED = 10


@dataclass
class _Tree:
    """The organisation on one day, with the state bodies keyed by (kind, liaison unit)."""

    by_id: dict[int, UnitRow]
    by_code: dict[str, UnitRow]
    bodies: dict[tuple[str, int], int]

    @classmethod
    def load(cls, uow: UnitOfWork, now: datetime) -> _Tree:
        units = uow.org.units_on(now.date())
        return cls({u.id: u for u in units}, {u.code: u for u in units}, uow.org.state_bodies())

    def route(self, award: Award, unit_id: int) -> tuple[list[int], bool]:
        """As nominate.plan_route: hops at the appraising levels, then the state body."""
        chain: list[int] = []
        parent = self.by_id[unit_id].parent_id if unit_id in self.by_id else None
        while parent is not None and parent in self.by_id and len(chain) < 20:
            chain.append(parent)
            parent = self.by_id[parent].parent_id
        hops = [u for u in chain if self.by_id[u].level in set(award.appraised_at_levels)]
        if not hops or self.by_id[hops[-1]].level != award.decided_at_level:
            levels = sorted(award.appraised_at_levels, reverse=True)
            raise ValidationError(
                f"Đơn vị số {unit_id} không thể đề nghị {award.name}: không có cấp xét duyệt "
                f"phù hợp phía trên (cần các cấp {levels})."
            )
        if award.state_body_kind is None:
            return hops, False
        body = self.bodies.get((award.state_body_kind, hops[-1]))
        if body is None:
            raise ValidationError(
                f"Chưa khai báo cơ quan nhà nước ({award.state_body_kind}) nhận tờ trình của đơn "
                f"vị số {hops[-1]}; thêm đơn vị đó với liaison_unit_id trỏ tới đơn vị này."
            )
        return [*hops, body], True


def nominate_many(
    uow_factory: UnitOfWorkFactory, noms: Sequence[Nomination], *, now: datetime
) -> list[str]:
    """Create a draft dossier per nomination, in order; return their codes (HS-<year>-<number>).

    Raises ValidationError listing the first bad rows (1-based) when any nomination is invalid.
    """
    if not noms:
        return []
    with uow_factory() as uow:
        rounds = _rounds(uow, {n.round_code for n in noms})
        awards = uow.rounds.awards()
        tree = _Tree.load(uow, now)
        persons = uow.people.ids_by_code([n.person_code for n in noms if n.person_code])
        rows, errors = [], []
        routes: dict[tuple[str, int], tuple[list[int], bool]] = {}
        guard = RegistrationGuard(uow)
        for i, nom in enumerate(noms, start=1):
            try:
                if nom.award_code in awards:
                    check_nomination(
                        uow.rounds, rounds[nom.round_code], awards[nom.award_code], now.date()
                    )
                row = _row(nom, rounds, awards, tree, persons, routes, now)
                nominee = row["person_id"] or row["nominee_unit_id"]
                why = guard.refusal(
                    rounds[nom.round_code], nom.award_code, row["nominee_kind"], nominee
                )
                if why:
                    raise ValidationError(why)
                rows.append(row)
            except AwardsError as err:
                errors.append(f"dòng {i}: {err}")
        if errors:
            shown = "; ".join(errors[:MAX_REPORTED])
            more = f" (và {len(errors) - MAX_REPORTED} dòng khác)" if len(errors) > 10 else ""
            raise ValidationError(
                f"Không ghi hồ sơ nào: {len(errors)} đề nghị có lỗi — {shown}{more}. "
                "Sửa các dòng đó rồi gửi lại cả lô."
            )
        codes = _number(uow, rows, rounds)
        uow.dossiers.insert_many(rows)
        for rnd in rounds.values():  # drafts fall due on their unit's hạn nộp (extensions)
            sync_unsent_due(uow.round_admin, uow.org, rnd, now.date())
        uow.commit()
    return codes


def _rounds(uow: UnitOfWork, codes: set[str]) -> dict[str, Round]:
    found = uow.rounds.by_codes(codes)
    missing = sorted(codes - set(found))
    if missing:
        raise NotFoundError(round_missing(", ".join(missing)))
    return found


def _row(
    nom: Nomination,
    rounds: dict[str, Round],
    awards: dict[str, Award],
    tree: _Tree,
    persons: dict[str, int],
    routes: dict[tuple[str, int], tuple[list[int], bool]],
    now: datetime,
) -> dict[str, Any]:
    rnd, award = rounds[nom.round_code], awards.get(nom.award_code)
    if award is None:
        raise NotFoundError(f"Không có hình thức khen thưởng mã '{nom.award_code}'.")
    unit = tree.by_code.get(nom.nominating_unit_code)
    if unit is None:
        raise NotFoundError(f"Không tìm thấy đơn vị đề nghị '{nom.nominating_unit_code}'.")
    kind, person_id, nominee_unit_id = _nominee(nom, award, tree, persons)
    key = (award.code, unit.id)
    if key not in routes:
        routes[key] = tree.route(award, unit.id)
    route, ends = routes[key]
    return {
        "code": "",
        "round_id": rnd.id,
        "award_code": award.code,
        "nominee_kind": kind,
        "person_id": person_id,
        "nominee_unit_id": nominee_unit_id,
        "nominating_unit_id": unit.id,
        "current_unit_id": route[0],
        "route": route,
        "ends_at_state_body": ends,
        "achievement_summary": nom.achievement_summary,
        "topic": nom.topic,
        "due_on": rnd.submission_deadline,
        "created_at": now,
        "updated_at": now,
    }


def _nominee(
    nom: Nomination, award: Award, tree: _Tree, persons: dict[str, int]
) -> tuple[str, int | None, int | None]:
    if (nom.person_code is None) == (nom.nominee_unit_code is None):
        raise ValidationError("Hồ sơ phải đề nghị đúng một cá nhân hoặc một tập thể.")
    kind = "ca_nhan" if nom.person_code else "tap_the"
    if kind not in award.nominee_kinds:
        raise ValidationError(
            f"{award.name} không xét cho {'cá nhân' if kind == 'ca_nhan' else 'tập thể'}."
        )
    if nom.person_code:
        if nom.person_code not in persons:
            raise NotFoundError(f"Không tìm thấy đoàn viên '{nom.person_code}'.")
        return kind, persons[nom.person_code], None
    unit = tree.by_code.get(nom.nominee_unit_code or "")
    if unit is None:
        raise NotFoundError(f"Không tìm thấy tập thể '{nom.nominee_unit_code}'.")
    return kind, None, unit.id


def _number(uow: UnitOfWork, rows: list[dict[str, Any]], rounds: dict[str, Round]) -> list[str]:
    """One block of numbers per year from the register, handed out in the given order."""
    year_of = {r.id: r.year for r in rounds.values()}
    counts: dict[int, int] = {}
    for row in rows:
        year = year_of[row["round_id"]]
        counts[year] = counts.get(year, 0) + 1
    block = {y: iter(uow.dossiers.new_codes(y, count=n)) for y, n in counts.items()}
    for row in rows:
        row["code"] = next(block[year_of[row["round_id"]]])
    return [row["code"] for row in rows]
