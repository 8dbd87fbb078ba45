"""Races on a session, with real threads on SQLite and PostgreSQL: two secretaries closing at
once, a member voting twice at once, votes arriving while the session is being closed."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select

from awards.bootstrap import App
from awards.errors import AwardsError, ConflictError
from awards.model import CouncilAgendaItem, CouncilVote
from awards.services.council import close_session, session_view, vote
from awards.services.council.closing import _start_closing
from tests.support.council import NOW, SECRETARY, attend, ready


def race(*jobs: Callable[[], object]) -> list[str]:
    """Run the jobs at the same moment; each result is 'ok' or the error's class and message."""
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []

    def run(job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            job()
            results.append("ok")
        except AwardsError as err:
            results.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_secretaries_closing_at_once(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1", "DV2"])
    attend(tdkt, code, members[:6])
    for m in members[:6]:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, award_code="GK_CDCT")
    results = race(
        lambda: close_session(tdkt.uow, code, SECRETARY, NOW),
        lambda: close_session(tdkt.uow, code, SECRETARY, NOW),
    )
    assert results.count("ok") == 1, results
    (refused,) = [r for r in results if r != "ok"]
    assert refused.startswith("ConflictError") and code in refused
    view = session_view(tdkt.uow, code)
    assert view.status == "closed" and view.minutes_number == "01/BB-HĐTĐKT"
    assert {line.state for line in view.groups[0].lines} == {"approved"}


def test_a_member_voting_twice_at_once_counts_once(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    attend(tdkt, code, members[:6])
    results = race(
        lambda: vote(tdkt.uow, code, members[0], "yes", SECRETARY, NOW, dossier_codes=codes),
        lambda: vote(tdkt.uow, code, members[0], "no", SECRETARY, NOW, dossier_codes=codes),
    )
    assert results.count("ok") == 1, results
    assert any(r.startswith("ConflictError") and "đã biểu quyết" in r for r in results)
    with tdkt.uow() as uow:
        votes = uow.session.execute(select(func.count()).select_from(CouncilVote)).scalar_one()
        item = uow.session.execute(select(CouncilAgendaItem)).scalar_one()
    assert votes == 1 and item.yes_count + item.no_count == 1


def test_a_vote_while_closing_is_refused_and_closing_resumes(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    attend(tdkt, code, members[:7])
    for m in members[:6]:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=codes)
    _start_closing(tdkt.uow, code, SECRETARY, NOW, False, None)  # then the process stopped
    late = members[6]
    results = race(lambda: vote(tdkt.uow, code, late, "no", SECRETARY, NOW, dossier_codes=codes))
    assert results[0].startswith("ConflictError") and "đang kết thúc" in results[0]
    try:
        close_session(tdkt.uow, code, SECRETARY, NOW)
        raise AssertionError("a second close without --resume must be refused")
    except ConflictError as err:
        assert "--resume" in str(err)
    closed = close_session(tdkt.uow, code, SECRETARY, NOW, resume=True)
    assert [(o.yes, o.no, o.outcome) for o in closed.outcomes] == [(6, 0, "approved")]


def test_votes_racing_the_close_are_either_counted_or_refused(tdkt: App) -> None:
    members, codes, code = ready(tdkt, "GK_CDCT", ["DV1"])
    attend(tdkt, code, members)
    for m in members[:6]:
        vote(tdkt.uow, code, m, "yes", SECRETARY, NOW, dossier_codes=codes)
    late = members[6:]
    results = race(
        lambda: close_session(tdkt.uow, code, SECRETARY, NOW),
        *[
            (lambda m=m: vote(tdkt.uow, code, m, "no", SECRETARY, NOW, dossier_codes=codes))
            for m in late
        ],
    )
    assert results.count("ok") >= 1 and all(
        r == "ok" or r.startswith("ConflictError") for r in results
    ), results
    with tdkt.uow() as uow:
        votes = uow.session.execute(select(func.count()).select_from(CouncilVote)).scalar_one()
        item = uow.session.execute(select(CouncilAgendaItem)).scalar_one()
    # Every stored vote is in the tally that decided the dossier, and no vote came after it.
    assert item.yes_count + item.no_count == votes
    assert item.outcome is not None and f"{item.yes_count}/" in item.outcome_reason
