"""PostgreSQL drops every connection of the application (a restart, a failover, an idle timeout
of a proxy): the next requests still succeed, although the pool no longer pings a connection at
each checkout. The first statement on a dead connection fails, SQLAlchemy invalidates the whole
pool, and the request's unit of work runs once more on a fresh connection: nothing had been
committed (awards.repository.uow.once_more_on_disconnect). PostgreSQL only: SQLite has no
connection to lose.
"""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import create_engine, text

from awards.bootstrap import App
from awards.services.accounts.access import SignedIn, load_principal
from awards.services.dossiers.page import MoveInput, act
from states import DossierState, Trigger
from tests.support.council_web import as_user, open_and_roll
from tests.support.databases import PG_URL, PG_WANTED
from tests.support.lifecycle import NOW, draft, drive

pytestmark = pytest.mark.parametrize("backend", ["postgres"] if PG_WANTED else [])


def _drop_connections(app: App) -> int:
    """pg_terminate_backend on every connection to the app's database (as a restart would)."""
    admin = create_engine(PG_URL or "", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        killed = c.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :db AND pid <> pg_backend_pid()"
            ),
            {"db": app.engine.url.database},
        ).scalar_one()
    admin.dispose()
    return int(killed)


def _warm(app: App, n: int) -> None:
    """n connections checked out at once, then back in the pool."""
    with ExitStack() as stack:
        for _ in range(n):
            stack.enter_context(app.engine.connect()).execute(text("SELECT 1"))


def test_moves_and_votes_survive_dropped_connections(tdkt: App) -> None:
    session, codes, _ = open_and_roll(tdkt)
    code = draft(tdkt, "GK_CDCT", "DV3")
    drive(tdkt, code, [Trigger.submit])
    with tdkt.uow(write=False) as uow:
        user = uow.accounts.user_by_name("minh")
    assert user is not None and user.id is not None
    me = SignedIn(user.id, user.session_generation, NOW.date())

    _warm(tdkt, 3)
    assert _drop_connections(tdkt) >= 3
    outcome = act(tdkt.uow, me, code, MoveInput(trigger="receive"), now=NOW)
    assert outcome.ok and outcome.dest == DossierState.received.value
    # Every connection of the pool was dropped: the others reconnect at their checkout.
    for _ in range(3):
        assert load_principal(tdkt.uow, user.id, NOW.date()).username == "minh"

    member, h = as_user(tdkt, "thang")
    _warm(tdkt, 3)
    assert _drop_connections(tdkt) >= 3
    r = member.post(
        f"/api/council/sessions/{session}/votes",
        json={"choice": "yes", "dossier_codes": [codes[0]]},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"recorded": 1}
    with tdkt.uow(write=False) as uow:
        assert uow.dossiers.row(code).version == 3  # drafted, submitted, received: once each
