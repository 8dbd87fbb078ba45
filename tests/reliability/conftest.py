"""After every reliability test, the invariants of the approval path hold on its database(s).

`tdkt audit verify --invariants` (awards.services.audit.invariants) runs on the application of
each test that has one (the `tdkt` and `sqlite_tdkt` fixtures): whatever was killed, raced or
cut off, no dossier is approved without a council's passing tally, awarded without a decision by
the level with the authority, nominated outside the nominating unit, or moved outside a grant's
scope; and no person fact changed since the test's database was opened. A module that corrupts
its database on purpose (test_audit_verify.py) sets CORRUPTS_ON_PURPOSE = True.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from awards.bootstrap import App
from awards.services.audit.invariants import person_fingerprints, verify_invariants

APPS = ("tdkt", "sqlite_tdkt")


@pytest.fixture(autouse=True)
def invariants_hold(request: pytest.FixtureRequest) -> Iterator[None]:
    # Requested here so that the databases are still open when this fixture's teardown runs.
    if getattr(request.module, "CORRUPTS_ON_PURPOSE", False):
        yield
        return
    apps: list[App] = [request.getfixturevalue(n) for n in APPS if n in request.fixturenames]
    baselines = [person_fingerprints(app.uow) for app in apps]
    yield
    for app, baseline in zip(apps, baselines, strict=True):
        report = verify_invariants(app.uow, baseline)
        assert report.ok, "\n".join(str(p) for p in report.problems[:20])
