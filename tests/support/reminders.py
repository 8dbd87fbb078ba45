"""A small round with dossiers at every distance from their deadline, for the sweep tests.

On Monday 10/11/2025, for the secretariat of LĐLĐ huyện Than Uyên:
  B received with an explicit deadline 06/11: overdue by 2 working days
  C submitted on 03/11: receipt deadline 10/11, due today
  A received on 03/11: appraisal deadline 17/11, 5 working days left
and for the officer of CĐCS Mường Kim (the nominating unit):
  D returned on 03/11: correction deadline 17/11, 5 working days left
  E still a draft: the round's deadline 20/11, 8 working days left
B is also overdue for the head of LĐLĐ tỉnh Lai Châu, the level above Than Uyên.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from awards.bootstrap import App
from awards.model import Unit
from states import Trigger
from tests.support.lifecycle import build_org, draft, drive

SWEEP_DAY = date(2025, 11, 10)
HEAD = "chutich@ldld.tdkt.example"
SECRETARIAT = "thanuyen@tdkt.example"
OFFICER = "cs1@tdkt.example"


def build_reminder_round(app: App) -> dict[str, str]:
    build_org(app)
    with app.uow() as uow:
        uow.session.execute(update(Unit).where(Unit.code == "LDLD-LC").values(head_email=HEAD))
        uow.commit()
    codes = {
        name: draft(app, "GK_CDCT", person=person)
        for name, person in zip("ABCDE", ["DV1", "DV2", "DV3", "DV1", "DV2"], strict=True)
    }
    drive(app, codes["A"], [Trigger.submit, Trigger.receive], due_on=None)
    drive(app, codes["B"], [Trigger.submit, Trigger.receive], due_on=date(2025, 11, 6))
    drive(app, codes["C"], [Trigger.submit])
    drive(app, codes["D"], [Trigger.submit, Trigger.return_for_changes], due_on=None)
    return codes
