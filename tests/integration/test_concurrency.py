"""Two concurrent moves on one dossier: exactly one wins, the other gets the conflict error."""

from __future__ import annotations

import threading

import pytest

from awards.bootstrap import App
from awards.errors import ConflictError, TransitionNotAllowed
from awards.services.lifecycle.move import move
from states import Trigger
from tests.support.lifecycle import build_org, draft, drive, req


@pytest.mark.parametrize("expected_version", [True, False])
def test_two_concurrent_moves_one_wins(tdkt: App, expected_version: bool) -> None:
    build_org(tdkt)
    code = draft(tdkt, "GK_CDCT")
    drive(tdkt, code, [Trigger.submit])
    barrier = threading.Barrier(2)
    results: list[str] = []

    def worker(trigger: Trigger) -> None:
        barrier.wait()
        try:
            move(tdkt.uow, code, req(trigger), expected_version=2 if expected_version else None)
            results.append("won")
        except (ConflictError, TransitionNotAllowed) as err:
            results.append(type(err).__name__)

    # Two secretaries receive the same dossier at once: a move valid from either order's end
    # state (receive, then return) would let both win legitimately, so both do the same move.
    threads = [threading.Thread(target=worker, args=(Trigger.receive,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted(
        ["won", "ConflictError" if expected_version else "TransitionNotAllowed"]
    )
