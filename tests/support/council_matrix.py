"""The council rows of the permission matrix: each case on its own session at Than Uyên.

A case brings an eligible dossier, opens a session with everyone present (except for
prepare_session, whose call is the opening itself), makes a voting account a member of the
council (by e-mail) and calls the REST API as the user under test.
"""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from httpx import Response

from awards.bootstrap import App
from awards.model import CouncilMember
from awards.permissions import Action
from awards.services.council import (
    NewMember,
    add_members,
    council_of,
    open_session,
    record_attendance,
)
from tests.support.council import HELD, NOW, SECRETARY, UNIT, account_members, council, eligible

BASE = "/api/council/sessions"


class CouncilCases:
    def __init__(self, app: App) -> None:
        self.app = app
        council(app, account_members())
        self.council_id = council_of(app.uow, UNIT, HELD).council.id
        self.members: set[str] = set()

    def member(self, username: str) -> None:
        if username in self.members:
            return
        new = NewMember(username, "uy_vien", date(2025, 1, 1), email=f"{username}@tdkt.example")
        assert self.council_id is not None
        (member_id,) = add_members(self.app.uow, self.council_id, [new], SECRETARY, NOW)
        with self.app.uow() as uow:  # linked as the secretariat would (whatever the role)
            row = uow.session.get(CouncilMember, member_id)
            assert row is not None
            row.account = username
            uow.session.add(row)
            uow.commit()
        self.members.add(username)

    def session(self) -> str:
        opened = open_session(
            self.app.uow,
            unit_code=UNIT,
            round_code="TK-2025",
            held_on=HELD,
            actor=SECRETARY,
            now=NOW,
        )
        code = opened.code
        for m in council_of(self.app.uow, UNIT, HELD).members:
            assert m.id is not None
            record_attendance(self.app.uow, code, m.id, "present", SECRETARY, NOW)
        return code

    def perform(
        self, action: Action, client: TestClient, h: dict[str, str], username: str
    ) -> Response:
        dossier = eligible(self.app, people=("DV1",))[0]
        if action is Action.prepare_session:
            body = {"unit_code": UNIT, "round_code": "TK-2025", "held_on": str(HELD)}
            return client.post(BASE, json=body, headers=h)
        if action is Action.vote:
            self.member(username)
        code = self.session()
        if action is Action.vote:
            body = {"choice": "yes", "dossier_codes": [dossier]}
            return client.post(f"{BASE}/{code}/votes", json=body, headers=h)
        if action is Action.approve_group:
            return client.post(f"{BASE}/{code}/groups/GK_CDCT/approve", headers=h)
        assert action is Action.close_session
        return client.post(f"{BASE}/{code}/close", headers=h)
