"""Prize payments and the TĐKT fund ledger: bulk inserts and the grouped reads of the reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, and_, func, select
from sqlmodel import Session

from awards.model import Award, Dossier, FundEntry, Person, PrizePayment, Round, Unit, UnitVersion
from awards.repository.bulk import insert_rows

PRIZE: Table = PrizePayment.__table__  # type: ignore[attr-defined]
FUND: Table = FundEntry.__table__  # type: ignore[attr-defined]
DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
PERSON: Table = Person.__table__  # type: ignore[attr-defined]
UNIT: Table = Unit.__table__  # type: ignore[attr-defined]
VERSION: Table = UnitVersion.__table__  # type: ignore[attr-defined]
ROUND: Table = Round.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PrizeLine:
    """One awardee on a danh sách chi tiền thưởng."""

    dossier_code: str
    nominee_kind: str
    full_name: str
    position: str
    unit_name: str
    award_code: str
    coefficient: str
    base_salary_vnd: int
    amount_vnd: int


@dataclass(frozen=True)
class DecidedDossier:
    id: int
    code: str
    award_code: str
    decision_no: str | None
    via_state_body: bool


FUND_LOCK = 7_210_001  # the advisory-lock namespace of fund ledgers (the other key: unit id)


class PrizeRepository:
    """Prize payments and the TĐKT fund ledgers (`uow.prizes`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def insert_prizes(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert prize rows (one per dossier, by constraint)."""
        return insert_rows(self.session, PrizePayment, rows) if rows else 0

    def fund_heads(self, unit_ids: Iterable[int]) -> dict[int, tuple[int, str]]:
        """The last (seq, hash) of each ledger, its unit locked for the rest of the transaction:
        two decisions of one level append in turn, never with the same seq. Units without
        entries are absent. (SQLite serialises writers already.)"""
        ids = sorted(set(unit_ids))
        if not ids:
            return {}
        if self.session.get_bind().dialect.name == "postgresql":
            for unit_id in ids:  # sorted: two appenders never wait on each other crosswise
                self.session.execute(select(func.pg_advisory_xact_lock(FUND_LOCK, unit_id)))
        last = (
            select(FUND.c.unit_id, func.max(FUND.c.seq).label("seq"))
            .where(FUND.c.unit_id.in_(ids))
            .group_by(FUND.c.unit_id)
            .subquery()
        )
        stmt = select(FUND.c.unit_id, FUND.c.seq, FUND.c.hash).join(
            last, and_(FUND.c.unit_id == last.c.unit_id, FUND.c.seq == last.c.seq)
        )
        return {int(u): (int(s), str(h)) for u, s, h in self.session.execute(stmt)}

    def insert_fund_entries(self, rows: Sequence[dict[str, Any]]) -> int:
        return insert_rows(self.session, FundEntry, rows) if rows else 0

    def ledger(self, unit_id: int, start: date, end: date) -> list[dict[str, Any]]:
        stmt = (
            select(FUND)
            .where(FUND.c.unit_id == unit_id, FUND.c.entry_date.between(start, end))
            .order_by(FUND.c.seq)
        )
        return [dict(r._mapping) for r in self.session.execute(stmt)]

    def balance_before(self, unit_id: int, day: date) -> int:
        stmt = select(func.coalesce(func.sum(FUND.c.amount_vnd), 0)).where(
            FUND.c.unit_id == unit_id, FUND.c.entry_date < day
        )
        return int(self.session.execute(stmt).scalar_one())

    def fund_chain(self, unit_id: int) -> list[dict[str, Any]]:
        """Every entry of a unit's ledger in order, for verifying its hash chain."""
        stmt = select(FUND).where(FUND.c.unit_id == unit_id).order_by(FUND.c.seq)
        return [dict(r._mapping) for r in self.session.execute(stmt)]

    def prize_lines(
        self, *, decision_no: str, payer_unit_id: int | None, on: date
    ) -> list[PrizeLine]:
        """The awardees of one decision, with the names in force on the decision date."""
        nominee_unit = VERSION.alias("nominee_unit")
        person_unit = VERSION.alias("person_unit")

        def version_on(alias: Any, unit_col: Any) -> Any:
            return and_(
                alias.c.unit_id == unit_col,
                alias.c.valid_from <= on,
                (alias.c.valid_to.is_(None)) | (alias.c.valid_to > on),
            )

        stmt = (
            select(
                DOSSIER.c.code,
                PRIZE.c.nominee_kind,
                PERSON.c.full_name,
                PERSON.c.position,
                func.coalesce(nominee_unit.c.name, person_unit.c.name, ""),
                PRIZE.c.award_code,
                PRIZE.c.coefficient,
                PRIZE.c.base_salary_vnd,
                PRIZE.c.amount_vnd,
            )
            .join(DOSSIER, DOSSIER.c.id == PRIZE.c.dossier_id)
            .outerjoin(PERSON, PERSON.c.id == DOSSIER.c.person_id)
            .outerjoin(nominee_unit, version_on(nominee_unit, DOSSIER.c.nominee_unit_id))
            .outerjoin(person_unit, version_on(person_unit, PERSON.c.unit_id))
            .where(PRIZE.c.decision_no == decision_no)
            .order_by(PRIZE.c.award_code, DOSSIER.c.code)
        )
        if payer_unit_id is not None:
            stmt = stmt.where(PRIZE.c.payer_unit_id == payer_unit_id)
        return [
            PrizeLine(
                str(c), str(k), str(n or ""), str(p or ""), str(u), str(a), str(f), int(b), int(m)
            )
            for c, k, n, p, u, a, f, b, m in self.session.execute(stmt)
        ]

    def decisions(self, payer_unit_id: int, start: date, end: date) -> list[dict[str, Any]]:
        """The decisions of a level in a period, each with its awardee count and total."""
        stmt = (
            select(
                PRIZE.c.decision_no,
                PRIZE.c.decision_date,
                func.count().label("awardees"),
                func.sum(PRIZE.c.amount_vnd).label("total_vnd"),
            )
            .where(PRIZE.c.payer_unit_id == payer_unit_id)
            .where(PRIZE.c.decision_date.between(start, end))
            .group_by(PRIZE.c.decision_no, PRIZE.c.decision_date)
            .order_by(PRIZE.c.decision_date, PRIZE.c.decision_no)
        )
        return [dict(r._mapping) for r in self.session.execute(stmt)]

    def totals(self, *, round_code: str | None, year: int | None) -> list[dict[str, Any]]:
        """Prize totals per round × paying level × award (one GROUP BY)."""
        stmt = (
            select(
                ROUND.c.code.label("round_code"),
                UNIT.c.code.label("payer_code"),
                PRIZE.c.award_code,
                func.count().label("awardees"),
                func.sum(PRIZE.c.amount_vnd).label("total_vnd"),
            )
            .join(ROUND, ROUND.c.id == PRIZE.c.round_id)
            .join(UNIT, UNIT.c.id == PRIZE.c.payer_unit_id)
            .group_by(ROUND.c.code, UNIT.c.code, PRIZE.c.award_code)
            .order_by(ROUND.c.code, UNIT.c.code, PRIZE.c.award_code)
        )
        if round_code is not None:
            stmt = stmt.where(ROUND.c.code == round_code)
        if year is not None:
            stmt = stmt.where(PRIZE.c.decision_date.between(date(year, 1, 1), date(year, 12, 31)))
        return [dict(r._mapping) for r in self.session.execute(stmt)]

    def awarded_without_prize(self, dossier_ids: Sequence[int]) -> list[int]:
        """Of these awarded dossiers, the ones with no prize row (a schedule gap)."""
        if not dossier_ids:
            return []
        have = select(PRIZE.c.dossier_id).where(PRIZE.c.dossier_id.in_(dossier_ids))
        got = {int(r[0]) for r in self.session.execute(have)}
        return [i for i in dossier_ids if i not in got]

    def unledgered_decisions(self, unit_id: int, year: int) -> list[tuple[str, int, int]]:
        """(decision, prizes total, ledger total) of a level's decisions whose two totals differ."""
        span = (date(year, 1, 1), date(year, 12, 31))
        paid = (
            select(PRIZE.c.decision_no, func.sum(PRIZE.c.amount_vnd))
            .where(PRIZE.c.payer_unit_id == unit_id, PRIZE.c.decision_date.between(*span))
            .group_by(PRIZE.c.decision_no)
        )
        booked = (
            select(FUND.c.reference, -func.sum(FUND.c.amount_vnd))
            .where(FUND.c.unit_id == unit_id, FUND.c.kind == "prize")
            .where(FUND.c.entry_date.between(*span))
            .group_by(FUND.c.reference)
        )
        ledger_totals = {str(r): int(v) for r, v in self.session.execute(booked)}
        return sorted(
            (str(d), int(v), ledger_totals.get(str(d), 0))
            for d, v in self.session.execute(paid)
            if ledger_totals.get(str(d), 0) != int(v)
        )

    def decision_head(self, decision_no: str) -> tuple[int, date] | None:
        """(deciding level, date) of a decision that has prizes; None when it has none."""
        stmt = (
            select(PRIZE.c.payer_unit_id, PRIZE.c.decision_date)
            .where(PRIZE.c.decision_no == decision_no)
            .limit(1)
        )
        found = self.session.execute(stmt).first()
        return None if found is None else (int(found[0]), found[1])

    def award_names(self) -> dict[str, str]:
        award = Award.__table__  # type: ignore[attr-defined]
        return {str(c): str(n) for c, n in self.session.execute(select(award.c.code, award.c.name))}

    def decided_in_year(self, unit_id: int, year: int) -> list[DecidedDossier]:
        """Dossiers awarded by a level's (or its state body's recorded) decisions in a year."""
        stmt = (
            select(
                DOSSIER.c.id,
                DOSSIER.c.code,
                DOSSIER.c.award_code,
                DOSSIER.c.decision_no,
                UNIT.c.liaison_unit_id.is_not(None),
            )
            .join(UNIT, UNIT.c.id == DOSSIER.c.decided_by_unit_id)
            .where(
                DOSSIER.c.state == "awarded",
                (DOSSIER.c.decided_by_unit_id == unit_id) | (UNIT.c.liaison_unit_id == unit_id),
                DOSSIER.c.decision_date.between(date(year, 1, 1), date(year, 12, 31)),
            )
            .order_by(DOSSIER.c.code)
        )
        return [
            DecidedDossier(int(i), str(c), str(a), d, bool(s))
            for i, c, a, d, s in self.session.execute(stmt)
        ]
