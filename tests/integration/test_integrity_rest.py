"""Issue 16, the rest: titles already received, manual eligibility, council account links,
account levels and the scope of a simulation, through the services and the CLI.

tests/web/test_integrity_rest_web.py reaches the same rules through the API and the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import FieldInvalid
from awards.model import AuditEvent, Dossier
from awards.services.appraisal.appraise import appraise
from awards.services.lifecycle.move import move, move_many
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.rounds.catalogue import open_round
from states import DossierState, Trigger
from tests.support.appraisal import Member, add_members, good_cstdcs, to_appraisal
from tests.support.cli import Run, cli_runner
from tests.support.lifecycle import NOW, build_org, req, year_end_round


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tdkt, tmp_path, monkeypatch)


def dossier(app: App, code: str) -> Dossier:
    with app.uow() as uow:
        return uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()


def awarded_in_another_round(app: App, person: str, award: str = "CSTDCS") -> str:
    """A dossier of the same person × award in a second 2025 round, awarded (a set-up shortcut:
    the lifecycle to 'awarded' is tested elsewhere)."""
    open_round(app.uow, year_end_round(code="CD-2025", name="Chuyên đề 2025"))
    code = nominate(
        app.uow,
        Nomination("CD-2025", award, "CS1", person_code=person, achievement_summary="Thành tích"),
        now=NOW,
    )
    with app.uow() as uow:
        row = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
        row.state, row.decision_no = "awarded", "7/QĐ-LĐLĐ"
        uow.session.add(row)
        uow.commit()
    return code


GOOD = {2025: "hoan_thanh_xuat_sac"}


# --- 2. a nominee who already received the title that year is flagged at appraisal ---------


@pytest.mark.postgres
def test_appraisal_flags_a_title_already_received_that_year(tdkt: App, run: Run) -> None:
    build_org(tdkt)
    add_members(
        tdkt,
        "CS1",
        [
            Member("X-RECORD", ratings=GOOD, titles={2025: ["LDTT", "CSTDCS"]}),
            good_cstdcs("X-OTHER-ROUND"),
            good_cstdcs("X-CLEAN"),
            Member("X-LAST-YEAR", ratings=GOOD, titles={2024: ["CSTDCS"], 2025: ["LDTT"]}),
        ],
    )
    earlier = awarded_in_another_round(tdkt, "X-OTHER-ROUND")
    people = ["X-RECORD", "X-OTHER-ROUND", "X-CLEAN", "X-LAST-YEAR"]
    codes = dict(zip(people, to_appraisal(tdkt, "CSTDCS", people), strict=True))
    report = appraise(tdkt.uow, "TK-2025", now=NOW, level=3)
    flags = {r.code: r.flags for r in report.results}
    assert "năm 2025" in flags[codes["X-RECORD"]][0]
    assert earlier in flags[codes["X-OTHER-ROUND"]][0]
    assert flags[codes["X-CLEAN"]] == () and flags[codes["X-LAST-YEAR"]] == ()
    stored = dossier(tdkt, codes["X-OTHER-ROUND"]).eligibility or {}
    assert stored["flags"] == list(flags[codes["X-OTHER-ROUND"]])
    assert earlier in run("rules", "explain", codes["X-OTHER-ROUND"])


# --- 5. a manual mark_eligible with required attachments missing needs a reason -----------

REASON = "Biên bản họp gửi bản giấy ngày 20/11, đã đối chiếu bản gốc"


def missing_minutes(app: App, n: int = 1) -> list[str]:
    build_org(app)
    people = ["DV1", "DV2", "DV3"][:n]
    return to_appraisal(app, "GK_CDCT", people, missing=dict.fromkeys(people, "to_trinh"))


@pytest.mark.postgres
def test_a_manual_mark_eligible_with_attachments_missing_needs_a_reason(tdkt: App) -> None:
    code, other = missing_minutes(tdkt, 2)
    with pytest.raises(FieldInvalid) as err:
        move(tdkt.uow, code, req(Trigger.mark_eligible, reason=""))
    assert "reason" in err.value.fields and "Tờ trình" in err.value.fields["reason"]
    bulk = move_many(tdkt.uow, req(Trigger.mark_eligible, reason=""), codes=[other])
    assert not bulk[0].ok and "lý do" in (bulk[0].error or "")
    assert dossier(tdkt, code).state == DossierState.under_appraisal

    move(tdkt.uow, code, req(Trigger.mark_eligible, reason=REASON))
    d = dossier(tdkt, code)
    assert d.state == DossierState.eligible and d.eligibility is not None
    assert d.eligibility["manual"]["reason"] == REASON and d.eligibility["eligible"] is True
    assert "Tờ trình" in d.eligibility["manual"]["missing"][0]
    with tdkt.uow() as uow:
        event = uow.session.exec(
            select(AuditEvent).where(
                col(AuditEvent.dossier_id) == d.id, col(AuditEvent.trigger) == "mark_eligible"
            )
        ).one()
    assert event.reason == REASON and event.data["manual"] is True
    assert event.data["missing"] == d.eligibility["manual"]["missing"]


@pytest.mark.postgres
def test_the_cli_asks_for_the_reason_and_explains_the_manual_confirmation(
    tdkt: App, run: Run
) -> None:
    (code,) = missing_minutes(tdkt)
    out = run("dossier", "move", code, "mark_eligible", code=1)
    assert "lý do" in out.lower()
    run("dossier", "move", code, "mark_eligible", "--reason", REASON)
    out = run("rules", "explain", code)
    assert "xác nhận thủ công" in out.lower() and REASON in out


# --- 3. the council's secretariat links and unlinks accounts, also from the CLI -------------


def council_events(app: App, kind: str) -> list[dict[str, str]]:
    from awards.model import CouncilEvent

    with app.uow() as uow:
        rows = uow.session.exec(select(CouncilEvent).where(col(CouncilEvent.kind) == kind)).all()
        return [dict(r.detail or {}) for r in rows]


def member_account(app: App, member_id: int) -> str | None:
    from awards.model import CouncilMember

    with app.uow() as uow:
        member = uow.session.get(CouncilMember, member_id)
        assert member is not None
        return member.account


@pytest.mark.postgres
def test_the_cli_unlinks_and_links_as_the_secretariat_only(tdkt: App, run: Run) -> None:
    from tests.support.web import build_world, council_with_accounts, make_user

    build_world(tdkt)
    members = council_with_accounts(tdkt)
    make_user(tdkt, "quan", "admin", "THAN-UYEN")
    out = run("council", "unlink", str(members[1]), "--as", "quan", code=1)
    assert "quyền" in out and member_account(tdkt, members[1]) == "dung"
    out = run("council", "unlink", str(members[1]), "--as", "minh")
    assert "dung" in out and member_account(tdkt, members[1]) is None
    (gone,) = council_events(tdkt, "account_unlinked")
    assert gone["account"] == "dung" and gone["by"] == "Tòng Văn Minh"
    run("council", "link", str(members[1]), "dung", "--as", "quan", code=1)
    run("council", "link", str(members[1]), "dung", "--as", "minh")
    assert member_account(tdkt, members[1]) == "dung"
    out = run("council", "unlink", str(members[1]), "--as", "minh")
    out = run("council", "unlink", str(members[1]), "--as", "minh", code=1)
    assert "chưa gắn" in out


# --- 4. an administrator gives no chair or secretariat role at or above its own level ------


@pytest.mark.postgres
def test_an_admin_cannot_make_a_chair_or_secretariat_of_its_own_level(tdkt: App, run: Run) -> None:
    from awards.errors import PermissionDenied
    from awards.services.accounts.access import principal_by_name
    from awards.services.accounts.admin import change_role_as, create_user_as
    from awards.services.accounts.users import NewUser
    from tests.support.web import PASSWORD, build_world, make_user

    build_world(tdkt)
    make_user(tdkt, "quan", "admin", "THAN-UYEN")
    make_user(tdkt, "tinh", "admin", "LDLD-LC")
    make_user(tdkt, "hoa", "unit_officer", "CS1")
    quan = principal_by_name(tdkt.uow, "quan", NOW.date())
    for role in ("chair", "secretariat"):
        with pytest.raises(PermissionDenied) as err:
            create_user_as(tdkt.uow, quan, NewUser(f"x{role}", "X", PASSWORD), role, "THAN-UYEN")
        assert "cấp dưới" in err.value.message
        with pytest.raises(PermissionDenied):
            change_role_as(tdkt.uow, quan, "hoa", role, "THAN-UYEN", grant=True)
    # below its own unit it may; an ordinary role at its own unit too
    create_user_as(tdkt.uow, quan, NewUser("chucs", "Chủ tịch CS1", PASSWORD), "chair", "CS1")
    change_role_as(tdkt.uow, quan, "hoa", "council_member", "THAN-UYEN", grant=True)
    out = run("users", "grant", "hoa", "secretariat", "THAN-UYEN", "--as", "quan", code=1)
    assert "cấp dưới" in out
    run("users", "grant", "hoa", "secretariat", "THAN-UYEN", "--as", "tinh")
