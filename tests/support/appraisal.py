"""People with an achievement history and dossiers brought to appraisal, for rules tests.

Built on lifecycle_fixtures' small organisation (CS1 under THAN-UYEN under LDLD-LC under TLD).
Rows are written with bulk inserts, the dossiers through the real nominate and move services.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import (
    Attachment,
    Award,
    Discipline,
    Dossier,
    Initiative,
    Person,
    Recognition,
    TaskRating,
    Unit,
)
from awards.repository.bulk import insert_returning_ids, insert_rows
from awards.services.lifecycle.move import move_many
from awards.services.nomination.nominate import Nomination, nominate
from states import Trigger
from tests.support.lifecycle import NOW, req


@dataclass
class Member:
    """One person and the history to give them (years → rating and titles)."""

    code: str
    ratings: dict[int, str] = field(default_factory=dict)
    titles: dict[int, list[str]] = field(default_factory=dict)
    initiatives: dict[int, str] = field(default_factory=dict)  # year → scope
    direct: bool = False
    leader: bool = False
    disciplined: tuple[date, date | None] | None = None


def add_members(app: App, unit_code: str, members: list[Member]) -> dict[str, int]:
    """Persons of the unit with their ratings, titles, sáng kiến and discipline (bulk)."""
    with app.uow() as uow:
        s = uow.session
        unit_id = s.exec(select(Unit.id).where(col(Unit.code) == unit_code)).one()
        assert unit_id is not None
        people = [
            {
                "code": m.code,
                "full_name": f"Đoàn viên {m.code}",
                "gender": "nam",
                "birth_year": 1985,
                "unit_id": unit_id,
                "position": "Trưởng phòng" if m.leader else "Công nhân",
                "holds_leadership_post": m.leader,
                "is_direct_worker": m.direct,
            }
            for m in members
        ]
        ids = insert_returning_ids(s, Person, people, "code")
        insert_rows(s, TaskRating, _ratings(members, ids))
        insert_rows(s, Recognition, _titles(members, ids))
        insert_rows(s, Initiative, _initiatives(members, ids, unit_id))
        insert_rows(
            s,
            Discipline,
            [
                {"person_id": ids[m.code], "level": "canh_cao", "starts_on": d[0], "ends_on": d[1]}
                for m in members
                if (d := m.disciplined)
            ],
        )
        uow.commit()
    return ids


def _ratings(members: list[Member], ids: dict[str, int]) -> list[dict[str, object]]:
    return [
        {"person_id": ids[m.code], "unit_id": None, "year": y, "rating": r}
        for m in members
        for y, r in m.ratings.items()
    ]


def _titles(members: list[Member], ids: dict[str, int]) -> list[dict[str, object]]:
    return [
        {
            "person_id": ids[m.code],
            "unit_id": None,
            "year": y,
            "award_code": t,
            "award_type": "regular",
        }
        for m in members
        for y, ts in m.titles.items()
        for t in ts
    ]


def _initiatives(
    members: list[Member], ids: dict[str, int], unit_id: int
) -> list[dict[str, object]]:
    return [
        {
            "person_id": ids[m.code],
            "unit_id": unit_id,
            "year": y,
            "title": "Sáng kiến",
            "scope": s,
            "value_vnd": 0,
        }
        for m in members
        for y, s in m.initiatives.items()
    ]


def good_cstdcs(code: str, **kw: object) -> Member:
    """Meets CSTĐ cơ sở in 2025: LĐTT and hoàn thành xuất sắc."""
    return Member(code, ratings={2025: "hoan_thanh_xuat_sac"}, titles={2025: ["LDTT"]}, **kw)  # type: ignore[arg-type]


def to_appraisal(
    app: App,
    award: str,
    person_codes: list[str],
    *,
    missing: dict[str, str] | None = None,
    topic: str | None = None,
    round_code: str = "TK-2025",
    now: datetime = NOW,
) -> list[str]:
    """Nominate each person from CS1, attach the catalogue's documents, move to under appraisal.

    ``missing`` maps a person code to an attachment kind left out of that dossier; ``round_code``
    and ``now`` place them in another round (a 2023 round on a 2023 day).
    """
    missing = missing or {}
    codes = [
        nominate(
            app.uow,
            Nomination(
                round_code,
                award,
                "CS1",
                person_code=p,
                achievement_summary="Thành tích",
                topic=topic,
            ),
            now=now,
        )
        for p in person_codes
    ]
    attach(
        app,
        codes,
        skip={c: missing[p] for c, p in zip(codes, person_codes, strict=True) if p in missing},
    )
    for trigger in (Trigger.submit, Trigger.receive, Trigger.start_appraisal):
        moved = req(trigger, now=now)
        if moved.due_on is not None:  # a receipt gives the appraisal a deadline after `now`
            moved = replace(moved, due_on=now.date() + timedelta(days=25))
        outcomes = move_many(app.uow, moved, codes=codes)
        assert all(o.ok for o in outcomes), outcomes
    return codes


def attach(app: App, codes: list[str], skip: dict[str, str] | None = None) -> None:
    """Every required attachment of each dossier's award, except the kinds in ``skip``."""
    with app.uow() as uow:
        s = uow.session
        rows = s.exec(
            select(Dossier.id, Dossier.code, Award.required_attachments)
            .join(Award, col(Award.code) == col(Dossier.award_code))
            .where(col(Dossier.code).in_(codes))
        ).all()
        insert_rows(
            s,
            Attachment,
            [
                {"dossier_id": i, "kind": k, "filename": f"{code}-{k}.pdf", "size_bytes": 1000}
                for i, code, kinds in rows
                for k in kinds
                if (skip or {}).get(code) != k
            ],
        )
        uow.commit()
