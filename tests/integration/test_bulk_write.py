"""The bulk write of moves (issue 21): one statement per batch on PostgreSQL, still guarded by
the version column, so a row changed underneath is detected and nothing of the batch is kept."""

from __future__ import annotations

import pytest

from awards.bootstrap import App
from awards.errors import ConflictError
from awards.services.lifecycle.move import move, move_rows
from states import Trigger
from tests.support.lifecycle import build_org, draft, req

PEOPLE = ("DV1", "DV2", "DV3")


def _drafts(tdkt: App) -> list[str]:
    build_org(tdkt)
    return [draft(tdkt, award, person) for person in PEOPLE for award in ("GK_CDCT", "LDTT")]


def test_a_batch_with_a_row_changed_underneath_is_refused_whole(tdkt: App) -> None:
    codes = _drafts(tdkt)
    with tdkt.uow() as uow:
        stale = uow.dossiers.load_rows(codes=codes, lock=False)
    # Another writer moves one of them after the batch was read.
    move(tdkt.uow, codes[3], req(Trigger.submit))
    with tdkt.uow() as uow:
        with pytest.raises(ConflictError, match="đã thay đổi"):
            move_rows(uow, stale, req(Trigger.submit))
        uow.rollback()
    with tdkt.uow() as uow:
        after = {r.code: (r.state, r.version) for r in uow.dossiers.load_rows(codes=codes)}
        assert after == {c: ("submitted", 2) if c == codes[3] else ("draft", 1) for c in codes}
        assert [len(uow.dossiers.audit_trail(r.id)) for r in stale] == [
            1 if r.code == codes[3] else 0 for r in stale
        ]


def test_write_moves_counts_only_the_rows_at_the_version_read(tdkt: App) -> None:
    codes = _drafts(tdkt)
    with tdkt.uow() as uow:
        rows = uow.dossiers.load_rows(codes=codes)
        updates = [
            {"b_id": r.id, "b_version": r.version + (1 if i == 2 else 0), "version": r.version + 1}
            for i, r in enumerate(rows)
        ]
        assert uow.dossiers.write_moves(updates) == len(rows) - 1
        assert uow.dossiers.write_moves([]) == 0
        uow.rollback()


def test_a_batch_writes_state_audit_and_hops_for_every_row(tdkt: App) -> None:
    codes = _drafts(tdkt)
    with tdkt.uow() as uow:
        outcomes = move_rows(uow, uow.dossiers.load_rows(codes=codes), req(Trigger.submit))
        uow.commit()
    assert all(o.ok for o in outcomes)
    with tdkt.uow() as uow:
        rows = uow.dossiers.load_rows(codes=codes)
        assert {(r.state, r.version, r.audit_seq) for r in rows} == {("submitted", 2, 1)}
        for r in rows:
            (event,) = uow.dossiers.audit_trail(r.id)
            assert event.hash == r.audit_hash and event.prev_hash == ""
