"""A council of four at LĐLĐ huyện Than Uyên whose members have accounts (linked by the
secretariat).

Shared by the council API/page tests, the permission matrix and the browser walk.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx

from awards.bootstrap import App
from awards.services.council import NewCouncil, NewMember, add_members, setup_council
from awards.services.council.accounts import link_account
from states import Trigger
from tests.integration.council_fixtures import HELD, SECRETARY, TO_ELIGIBLE
from tests.integration.council_fixtures import NOW as COUNCIL_NOW
from tests.integration.lifecycle_fixtures import draft, drive
from tests.web.web_fixtures import make_user

# (username, full name, council role, account role); the e-mail is username@tdkt.example
MEMBERS = [
    ("thang", "Lò Văn Thắng", "chu_tich", "chair"),
    ("dung", "Lường Thị Dung", "uy_vien", "council_member"),
    ("chu", "Giàng A Chứ", "uy_vien", "council_member"),
    ("hung", "Đèo Văn Hùng", "uy_vien", "council_member"),
]
SECRETARY_USER = "minh"
UNIT = "THAN-UYEN"
__all__ = ["HELD", "MEMBERS", "UNIT", "council_with_accounts", "eligible_dossiers"]


def email(username: str) -> str:
    return f"{username}@tdkt.example"


def setup(app: App, unit: str = UNIT) -> list[int]:
    """The council and its four members (each with an e-mail); returns member ids in order."""
    council_id = setup_council(
        app.uow,
        NewCouncil(
            unit_code=unit,
            name="Hội đồng Thi đua – Khen thưởng Liên đoàn Lao động huyện Than Uyên",
            short_code="HĐTĐKT",
            place="Than Uyên",
            valid_from=date(2025, 1, 1),
            established_by="12/QĐ-LĐLĐ",
        ),
        SECRETARY,
        COUNCIL_NOW,
    )
    members = [
        NewMember(name, role, date(2025, 1, 1), title="Ủy viên Hội đồng", email=email(user))
        for user, name, role, _ in MEMBERS
    ]
    return add_members(app.uow, council_id, members, SECRETARY, COUNCIL_NOW)


def council_with_accounts(app: App) -> list[int]:
    """The council, an account for each member and one for the secretary (thanuyen mailbox)."""
    ids = setup(app)
    for (user, name, _, role), member_id in zip(MEMBERS, ids, strict=True):
        make_user(app, user, role, UNIT, name, email(user))
        link_account(app.uow, member_id, user, SECRETARY, COUNCIL_NOW)  # the secretariat links
    make_user(app, SECRETARY_USER, "secretariat", UNIT, "Tòng Văn Minh", "thanuyen@tdkt.example")
    return ids


def eligible_dossiers(app: App, people: tuple[str, ...] = ("DV1", "DV2")) -> list[str]:
    codes = [draft(app, "GK_CDCT", person=p) for p in people]
    for code in codes:
        drive(app, code, TO_ELIGIBLE)
    return codes


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, read back with python-docx."""
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


EARLY = datetime(2025, 10, 20, 9, 0, tzinfo=UTC)
PAST_DUE = date(2025, 10, 28)  # a Tuesday; the web tests' clock is Monday 3 November 2025


def overdue_dossier(app: App, person: str = "DV1") -> str:
    """Received on 20 October with a deadline of 28 October: 4 working days late on 3 November."""
    code = draft(app, "GK_CDCT", person=person)
    drive(app, code, [Trigger.submit], now=EARLY)
    drive(app, code, [Trigger.receive], now=EARLY, due_on=PAST_DUE)
    return code
