"""What the council session screen shows to one user, read in a fixed number of queries.

The agenda comes from `session_view` (grouped by award, tallies, outcomes); this adds the roll
call, which items the user has already voted on, each group's quota meter (candidates against
the cap of the policy) and the actions the user may take on the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal
from awards.services.council.desk import check, my_member, place_of, session_actions
from awards.services.council.setup import ROLE_LABELS
from awards.services.council.tally import secret_item
from awards.services.council.view import SessionView, session_view
from awards.services.council.voting import STATUS_LABEL

PRESENCE_LABEL = {"present": "có mặt", "substitute": "người được ủy quyền", "absent": "vắng mặt"}


@dataclass(frozen=True)
class RollLine:
    member_id: int
    full_name: str
    role_label: str
    presence: str | None
    written_opinion: bool
    is_me: bool
    account: str | None = None  # the sign-in account the secretariat linked

    @property
    def presence_label(self) -> str:
        return PRESENCE_LABEL.get(self.presence or "", "chưa điểm danh")


@dataclass(frozen=True)
class Meter:
    """A quota meter: candidates in the group against its cap (None = no cap)."""

    group: str
    candidates: int
    cap: int | None
    binds: bool
    legal_basis: str = ""
    label: str = ""  # the group as people name it: the unit's name (and the topic)


@dataclass(frozen=True)
class SessionPage:
    view: SessionView
    council: str
    unit_code: str
    round_code: str
    location: str
    roll: list[RollLine]
    me: str | None  # my name as a member, None when the account is not one
    voted: set[str]  # dossier codes I have taken part in
    meters: dict[str, list[Meter]]  # per award code
    allowed: list[str]
    approved: dict[str, int] = field(default_factory=dict)  # per award code
    my_votes: dict[str, str] = field(default_factory=dict)  # dossier code → yes/no (open ballot)
    secret: bool = False  # a secret-ballot group: a Ban kiểm phiếu and its biên bản
    tellers: tuple[str, ...] = ()
    has_tally: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABEL.get(self.view.status, self.view.status)

    def may(self, action: str) -> bool:
        return action in self.allowed


def session_page(uow_factory: UnitOfWorkFactory, principal: Principal, code: str) -> SessionPage:
    with uow_factory(write=False) as uow:
        councils = uow.councils
        place = place_of(councils, code)
        check(principal, Action.view, place)
        sess = place.session
        assert sess.id is not None
        me = my_member(councils, principal, sess)
        members = councils.members_on(sess.council_id, sess.held_on)
        present = councils.attendance_of(sess.id)
        items = councils.items_of(sess.id)
        codes = councils.dossier_codes([i.dossier_id for i in items])
        taken = councils.participants([i.id for i in items if i.id is not None])
        rnd = councils.round(sess.round_id)
        round_code = rnd.code if rnd else ""
        meters = _meters([(i.award_code, i.quota) for i in items])
        groups = {m.group.split("/")[0] for ms in meters.values() for m in ms}
        names = uow.screens.unit_names(groups, sess.held_on)
        item_ids = [i.id for i in items if i.id]
        mine = uow.screens.my_open_votes(me.id, item_ids) if me and me.id else {}
    roll = [
        RollLine(
            m.id or 0,
            m.full_name,
            ROLE_LABELS.get(m.role, m.role),
            present[m.id].presence if m.id in present else None,
            bool(m.id in present and present[m.id].written_opinion),
            me is not None and m.id == me.id,
            m.account,
        )
        for m in members
    ]
    voted = {codes[i.dossier_id] for i in items if me and me.id in taken.get(i.id or 0, set())}
    approved: dict[str, int] = {}
    for i in items:
        approved[i.award_code] = approved.get(i.award_code, 0) + (i.outcome == "approved")
    return SessionPage(
        view=session_view(uow_factory, code),
        council=place.council.name,
        unit_code=place.unit_code,
        round_code=round_code,
        location=sess.location,
        roll=roll,
        me=me.full_name if me else None,
        voted=voted,
        meters={a: [_labelled(m, names) for m in ms] for a, ms in meters.items()},
        allowed=session_actions(principal, place.unit_id, sess.status),
        approved=approved,
        my_votes={codes[i.dossier_id]: mine[i.id] for i in items if i.id in mine},
        secret=any(secret_item(i) for i in items),
        tellers=tuple(sess.tellers or ()),
        has_tally=sess.tally_docx is not None,
    )


def _labelled(meter: Meter, names: dict[str, str]) -> Meter:
    unit, _, topic = meter.group.partition("/")
    label = names.get(unit, unit) + (f" · chuyên đề {topic}" if topic and topic != "?" else "")
    return replace(meter, label=label)


def _meters(quotas: list[tuple[str, dict[str, Any] | None]]) -> dict[str, list[Meter]]:
    """One meter per (award, quota group), as stored on the agenda items when the session opened."""
    found: dict[str, dict[str, Meter]] = {}
    for award, quota in quotas:
        if not quota:
            continue
        found.setdefault(award, {})[quota["group"]] = Meter(
            quota["group"],
            int(quota["candidates"]),
            None if quota.get("cap") is None else int(quota["cap"]),
            bool(quota.get("binds")),
            str(quota.get("legal_basis") or ""),
        )
    return {award: list(groups.values()) for award, groups in found.items()}
