"""A day at LĐLĐ huyện Than Uyên (issue 20): dossiers in every desk's state, a council session,
attachments, and one account per role. Shared by the daily web tests and the browser walk.
"""

from __future__ import annotations

import io

from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import UserAccount
from awards.services.accounts.access import load_principal
from awards.services.dossiers.attachments import add_attachment
from states import Trigger
from tests.support.council import TO_ELIGIBLE, more_people, session
from tests.support.lifecycle import NOW, draft, drive
from tests.support.web import build_world, council_with_accounts, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
# username → (role, unit): one account per role of the day's work
ROLES = {
    "hoa": ("unit_officer", "CS1"),
    "minh": ("secretariat", "THAN-UYEN"),
    "thang": ("chair", "THAN-UYEN"),
    "dung": ("council_member", "THAN-UYEN"),
    "lan": ("secretariat", "LDLD-LC"),
    "quantri": ("admin", "THAN-UYEN"),
}


def daily_world(app: App) -> dict[str, list[str]]:
    """Returns dossier codes by the desk they wait at (submitted, received, eligible…)."""
    build_world(app)
    council_with_accounts(app)
    make_user(app, "hoa", "unit_officer", "CS1", "Lò Thị Hoa")
    make_user(app, "lan", "secretariat", "LDLD-LC", "Vàng Thị Lan")
    make_user(app, "quantri", "admin", "THAN-UYEN", "Quàng Văn Trị")
    people = ["DV1", "DV2", "DV3", *more_people(app, 5)]
    codes = [draft(app, "GK_CDCT", person=p) for p in people]
    # files are attached while the dossier is a draft (integrity: attachments by state)
    with app.uow() as uow:
        by_name = col(UserAccount.username) == "hoa"
        uid = uow.session.exec(select(UserAccount.id).where(by_name)).one()
    officer = load_principal(app.uow, uid, NOW.date())
    for kind, name, data in (("to_trinh", "to-trinh.pdf", PDF), ("khac", "anh.png", PNG)):
        add_attachment(
            app.uow,
            officer,
            codes[0],
            kind=kind,
            filename=name,
            stream=io.BytesIO(data),
            folder=app.settings.data_dir / "attachments",
            now=NOW,
        )
    for code in codes[:2]:
        drive(app, code, TO_ELIGIBLE)
    for code in codes[2:5]:
        drive(app, code, [Trigger.submit, Trigger.receive])
    for code in codes[5:7]:
        drive(app, code, [Trigger.submit])
    returned = codes[7]
    drive(app, returned, [Trigger.submit, Trigger.receive, Trigger.return_for_changes])
    sess = session(app)
    return {
        "eligible": codes[:2],
        "received": codes[2:5],
        "submitted": codes[5:7],
        "returned": [returned],
        "session": [sess],
    }
