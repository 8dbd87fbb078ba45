"""Reading a session for screens and the CLI: the agenda by group, tallies, outcomes, minutes."""

from __future__ import annotations

from dataclasses import dataclass

from awards.errors import NotFoundError
from awards.model import CouncilSession
from awards.repository import UnitOfWorkFactory
from awards.services.council.agenda import eligibility_summary
from awards.services.council.outcomes import Presence, presence_of
from rules.council import CouncilRule


@dataclass(frozen=True)
class AgendaLine:
    code: str
    state: str
    eligibility: str
    quota: str
    yes: int
    no: int
    outcome: str | None
    reason: str


@dataclass(frozen=True)
class AgendaGroup:
    award_code: str
    award_name: str
    rule: str
    lines: list[AgendaLine]


@dataclass(frozen=True)
class SessionView:
    code: str
    status: str
    held_on: str
    presence: Presence
    groups: list[AgendaGroup]
    minutes_number: str | None


def session_view(uow_factory: UnitOfWorkFactory, code: str) -> SessionView:
    with uow_factory() as uow:
        councils = uow.councils
        sess = councils.session_by_code(code)
        assert sess.id is not None
        items = councils.items_of(sess.id)
        dossiers = councils.dossiers_by_id([i.dossier_id for i in items])
        awards = {c: a.name for c, a in councils.awards().items()}
        presence = presence_of(councils, sess)
    groups: dict[str, AgendaGroup] = {}
    for i in items:
        d = dossiers[i.dossier_id]
        group = groups.setdefault(
            i.award_code,
            AgendaGroup(
                i.award_code, awards[i.award_code], CouncilRule.from_json(i.rule).describe(), []
            ),
        )
        quota = i.quota or {}
        meter = f"{quota['candidates']}/{quota['cap']} ({quota['group']})" if quota else ""
        group.lines.append(
            AgendaLine(
                d.code,
                d.state,
                eligibility_summary(i.eligibility),
                meter,
                i.yes_count,
                i.no_count,
                i.outcome,
                i.outcome_reason,
            )
        )
    return SessionView(
        sess.code,
        sess.status,
        f"{sess.held_on:%d/%m/%Y}",
        presence,
        list(groups.values()),
        sess.minutes_number,
    )


def minutes_file(uow_factory: UnitOfWorkFactory, code: str) -> tuple[str, bytes]:
    """The stored minutes (number, DOCX bytes) of a closed session."""
    with uow_factory() as uow:
        sess = uow.councils.session_by_code(code)
    if sess.minutes_docx is None or sess.minutes_number is None:
        raise NotFoundError(
            f"Phiên họp {code} chưa có biên bản; biên bản được lập khi kết thúc phiên "
            "(`tdkt council session close`)."
        )
    return sess.minutes_number, sess.minutes_docx


def sessions(uow_factory: UnitOfWorkFactory) -> list[CouncilSession]:
    with uow_factory() as uow:
        return uow.councils.sessions()
