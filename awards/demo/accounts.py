"""The demo's accounts: one per role, on the units the demo round left work at, to sign in with.

The password is printed by `tdkt demo run` and is for the demo only (README: a tour by role).
The unit officer is the one of a CĐCS whose dossier the secretariat returned; the chair and a
member of the province's council are linked to their seats, so they see the sessions they sat.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from awards.permissions import ROLE_LABELS
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.users import NewUser, add_user, grant_role
from awards.services.council.accounts import link_account
from awards.services.lifecycle.plan import Actor
from states import DossierState

DEMO_PASSWORD = "tdkt-demo-2025"  # the demo's only; a real install creates its own accounts
PROVINCE = "LDLD-LC"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit_code: str
    tour: str  # where the README's tour for this role starts
    unit_name: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def demo_accounts(
    uow_factory: UnitOfWorkFactory, round_code: str, *, on: date
) -> list[DemoAccount]:
    """Create the accounts (and their grants, council seats) of the demo; returns them."""
    officer_unit = _returned_unit(uow_factory, round_code, on)
    accounts = [
        DemoAccount("canbo", "Lò Thị Hoa", "unit_officer", officer_unit, "/"),
        DemoAccount("thuongtruc", "Lò Thị Thu", "secretariat", PROVINCE, "/"),
        DemoAccount("chutich", "Hoàng Thọ Trung", "chair", PROVINCE, "/council"),
        DemoAccount("uyvien", "Lường Văn Pâng", "council_member", PROVINCE, "/council"),
        DemoAccount("quytac", "Đèo Văn Thành", "rule_author", PROVINCE, "/rules"),
        DemoAccount("quantri", "Nguyễn Văn Hải", "admin", PROVINCE, "/admin/users"),
        DemoAccount("thuquy", "Vàng Thị Xuân", "secretariat", PROVINCE, "/fund"),
    ]
    with uow_factory(write=False) as uow:
        names = {a.unit_code: uow.org.by_code(a.unit_code, on).name for a in accounts}
    accounts = [replace(a, unit_name=names[a.unit_code]) for a in accounts]
    for a in accounts:
        email = f"{a.username}@demo.tdkt.example"
        add_user(uow_factory, NewUser(a.username, a.full_name, DEMO_PASSWORD, email))
        grant_role(uow_factory, a.username, a.role, a.unit_code)
    _seat(uow_factory, on, {"chutich": "Hoàng Thọ Trung", "uyvien": "Lường Văn Pâng"})
    return accounts


def _returned_unit(uow_factory: UnitOfWorkFactory, round_code: str, on: date) -> str:
    """The CĐCS of the first dossier sent back for correction (the demo returns four)."""
    others = [str(s) for s in DossierState if s != DossierState.returned]
    with uow_factory(write=False) as uow:
        rnd = uow.rounds.by_code(round_code)
        assert rnd.id is not None
        ids = uow.dossiers.ids_not_in(rnd.id, others)
        rows = uow.dossiers.load_rows(ids=ids[:1], lock=False)
        return uow.org.by_id(rows[0].nominating_unit_id, on).code if rows else PROVINCE


def _seat(uow_factory: UnitOfWorkFactory, on: date, accounts: dict[str, str]) -> None:
    """Link each account to the province council's member of that name."""
    now = datetime(on.year, on.month, on.day, 2, 0, tzinfo=UTC)
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(PROVINCE, on)
        members = [
            m
            for c in uow.councils.councils_of_unit(unit.id)
            for m in uow.councils.members_of(c.id or 0)
        ]
    by_name = {m.full_name: m.id for m in members}
    for username, name in accounts.items():
        member_id = by_name.get(name)
        if member_id is not None:
            link_account(uow_factory, member_id, username, Actor("Lò Thị Thu", "secretariat"), now)
