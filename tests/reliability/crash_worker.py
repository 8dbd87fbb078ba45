"""A secretariat's batch run, killed with SIGKILL by test_crashes.py at random points.

Each run picks up where the last one died: every step moves whatever is still in its source
state, in bulk; escalation sends whatever is approved. Usage: crash_worker.py DATABASE_URL DATA_DIR.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.model import Dossier, Round, Unit
from awards.repository.dossiers import ids_in_state
from awards.services.escalation.escalate import escalate_round
from awards.services.lifecycle.move import move_many
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.settings import Settings
from states import DossierState, Trigger
from tests.support.lifecycle import council_decided

SECRETARY = Actor("Thường trực", "secretariat")
NOW = datetime(2025, 11, 12, 2, 0, tzinfo=UTC)
STEPS = [
    (DossierState.submitted, Trigger.receive),
    (DossierState.received, Trigger.start_appraisal),
    (DossierState.under_appraisal, Trigger.mark_eligible),
    (DossierState.eligible, Trigger.put_on_agenda),
    (DossierState.on_agenda, Trigger.approve),
]
CHUNK = 50


def _codes(app: App, ids: list[int]) -> list[str]:
    with app.uow() as uow:
        return list(uow.session.exec(select(Dossier.code).where(col(Dossier.id).in_(ids))))


def main(url: str, data_dir: str) -> None:
    app = build(Settings(database_url=url, data_dir=Path(data_dir)))
    with app.uow() as uow:
        round_id = uow.session.exec(select(Round.id).where(col(Round.code) == "TK-2025")).one()
        # Only the first level's work: escalated dossiers are "submitted" again one level up.
        level = uow.session.exec(select(Unit.id).where(col(Unit.code) == "THAN-UYEN")).one()
    for source, trigger in STEPS:
        with app.uow() as uow:
            ids = ids_in_state(uow.session, round_id=round_id or 0, state=source, unit_ids=[level])
        # a mark_eligible by hand without the attachments gives its reason (issue 16)
        req = MoveRequest(trigger, SECRETARY, NOW, reason="Đã đối chiếu", due_on=date(2025, 12, 5))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            if trigger is Trigger.approve:  # the council's closed session decided this chunk
                req = replace(
                    req, council_session=council_decided(app, _codes(app, chunk), "approved")
                )
            move_many(app.uow, req, ids=chunk)
            print("chunk", flush=True)  # the test kills at a random chunk boundary + a few ms
    escalate_round(app.uow, round_code="TK-2025", unit_code="THAN-UYEN", actor=SECRETARY, now=NOW)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
