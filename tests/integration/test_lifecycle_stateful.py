"""Random sequences of moves against the real database (SQLite): the lifecycle holds.

Proves that no invalid state is reached, that every refused move leaves the row unchanged, and
that replaying the audit events rebuilds the current state.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlmodel import col, select

from awards.bootstrap import build
from awards.db import upgrade
from awards.errors import AwardsError
from awards.model import AuditEvent, Dossier
from awards.services.lifecycle.move import move
from awards.settings import Settings
from states import DossierState, Trigger, replay
from tests.support.lifecycle import NOW, build_org, draft, req, step

_TEMPLATE: Path | None = None
AWARDS = ["GK_CDCT", "BK_LDLD", "BK_UBND", "GT_NDC"]
FORWARD = [
    Trigger.submit,
    Trigger.resubmit,
    Trigger.receive,
    Trigger.start_appraisal,
    Trigger.mark_eligible,
    Trigger.put_on_agenda,
    Trigger.approve,
    Trigger.open_public_notice,
    Trigger.escalate,
    Trigger.decide,
    Trigger.record_award,
]


def _template() -> Path:
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="tdkt-stateful-"))
        upgrade(f"sqlite:///{folder}/tdkt.db")
        app = build(Settings(data_dir=folder, database_url=f"sqlite:///{folder}/tdkt.db"))
        build_org(app)
        app.close()
        _TEMPLATE = folder / "tdkt.db"
    return _TEMPLATE


class LifecycleOnTheDatabase(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="tdkt-run-"))
        shutil.copy(_template(), self.folder / "tdkt.db")
        url = f"sqlite:///{self.folder}/tdkt.db"
        self.app = build(Settings(data_dir=self.folder, database_url=url))
        self.codes: list[str] = []
        self.days = 0

    def _row(self, code: str) -> Dossier:
        with self.app.uow() as uow:
            return uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()

    @rule(award=st.sampled_from(AWARDS))
    def nominate(self, award: str) -> None:
        if len(self.codes) < 3:
            self.codes.append(draft(self.app, award))

    @rule(index=st.integers(0, 2), trigger=st.sampled_from(list(Trigger)), later=st.booleans())
    def fire(self, index: int, trigger: Trigger, later: bool) -> None:
        if not self.codes:
            return
        code = self.codes[index % len(self.codes)]
        self.days += 9 if later else 0  # lets công khai windows end now and then
        before = self._row(code)
        try:
            move(self.app.uow, code, req(trigger, now=NOW + timedelta(days=self.days % 15)))
        except AwardsError:
            assert self._row(code) == before, "a refused move changed the row"
            return
        after = self._row(code)
        assert after.version == before.version + 1

    @rule(index=st.integers(0, 2))
    def advance(self, index: int) -> None:
        """Take the first forward move that is allowed now, so walks reach the later states."""
        if not self.codes:
            return
        code = self.codes[index % len(self.codes)]
        for trigger in FORWARD:
            before = self._row(code)
            try:
                step(self.app, code, trigger, now=NOW + timedelta(days=self.days % 15))
                return
            except AwardsError:
                assert self._row(code) == before

    @invariant()
    def every_state_is_valid_and_replays(self) -> None:
        for code in self.codes:
            d = self._row(code)
            assert DossierState(d.state)
            with self.app.uow() as uow:
                trail = uow.session.exec(
                    select(AuditEvent)
                    .where(col(AuditEvent.dossier_id) == d.id)
                    .order_by(col(AuditEvent.seq))
                ).all()
            assert replay([(e.trigger, e.from_state, e.to_state) for e in trail]) == d.state
            assert len(trail) == d.version - 1

    def teardown(self) -> None:
        self.app.close()
        shutil.rmtree(self.folder, ignore_errors=True)


LifecycleOnTheDatabase.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_lifecycle_on_the_database = LifecycleOnTheDatabase.TestCase
