"""Issue 16: nobody gets around the council, the unit scope or the round, whatever the route.

Each test here reproduces one hole of the issue through the service layer, the CLI or a bulk
move; tests/web/test_integrity_web.py does the same through the API and the pages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from awards.bootstrap import App
from awards.cli import app as cli
from awards.errors import TransitionNotAllowed
from awards.model import Dossier
from awards.services.council import close_session, vote
from awards.services.lifecycle.move import move, move_many
from awards.services.lifecycle.plan import Actor, MoveRequest
from states import DossierState, Trigger
from tests.support.council import NOW, attend, ready
from tests.support.lifecycle import SECRETARY

CHAIR = Actor("Lò Văn Thắng", "chair")
SCREEN = "Phiên họp Hội đồng"


def state_of(app: App, code: str) -> str:
    with app.uow() as uow:
        return uow.session.exec(select(Dossier.state).where(col(Dossier.code) == code)).one()


def on_agenda_without_quorum(app: App) -> tuple[list[int], str, str]:
    """A dossier on the agenda of an open session where 2 of 9 members came and nobody voted."""
    members, codes, session_code = ready(app, "GK_CDCT", ["DV1"])
    attend(app, session_code, members[:2])
    assert state_of(app, codes[0]) == DossierState.on_agenda
    return members, codes[0], session_code


@pytest.mark.postgres
@pytest.mark.parametrize("trigger", [Trigger.approve, Trigger.reject])
def test_a_plain_move_cannot_approve_or_reject_what_the_council_has_not_voted(
    tdkt: App, trigger: Trigger
) -> None:
    _, code, _ = on_agenda_without_quorum(tdkt)
    with pytest.raises(TransitionNotAllowed) as err:
        move(tdkt.uow, code, MoveRequest(trigger, CHAIR, NOW, reason="chủ tịch tự quyết"))
    assert SCREEN in err.value.message
    bulk = move_many(tdkt.uow, MoveRequest(trigger, CHAIR, NOW, reason="x"), codes=[code])
    assert not bulk[0].ok and SCREEN in (bulk[0].error or "")
    assert state_of(tdkt, code) == DossierState.on_agenda


@pytest.mark.postgres
def test_naming_a_session_that_is_still_open_is_no_proof(tdkt: App) -> None:
    _, code, session_code = on_agenda_without_quorum(tdkt)
    req = MoveRequest(Trigger.approve, CHAIR, NOW, council_session=session_code)
    with pytest.raises(TransitionNotAllowed) as err:
        move(tdkt.uow, code, req)
    assert session_code in err.value.message and SCREEN in err.value.message
    assert state_of(tdkt, code) == DossierState.on_agenda


def approved_by_the_council(app: App) -> str:
    members, codes, session_code = ready(app, "GK_CDCT", ["DV1"])
    attend(app, session_code, members)
    for m in members:
        vote(app.uow, session_code, m, "yes", SECRETARY, NOW, award_code="GK_CDCT")
    close_session(app.uow, session_code, CHAIR, NOW)
    assert state_of(app, codes[0]) == DossierState.approved
    return codes[0]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("actor", "number", "signer", "why"),
    [
        (Actor("Tòng Văn Minh", "secretariat"), "25/QĐ-LĐLĐ", "Lò Văn Thắng", "Chủ tịch"),
        (CHAIR, "3/QĐ", "Lò Văn Thắng", "Số quyết định"),
        (CHAIR, "25/QĐ-LĐLĐ", None, "người ký"),
    ],
)
def test_decide_needs_the_chair_and_a_decision_record(
    tdkt: App, actor: Actor, number: str, signer: str | None, why: str
) -> None:
    code = approved_by_the_council(tdkt)
    req = MoveRequest(
        Trigger.decide,
        actor,
        NOW,
        decision_no=number,
        decision_date=date(2025, 12, 12),
        decision_signer=signer,
    )
    with pytest.raises(TransitionNotAllowed) as err:
        move(tdkt.uow, code, req)
    assert why in err.value.message
    assert state_of(tdkt, code) == DossierState.approved


def test_the_cli_cannot_approve_around_the_council(
    sqlite_tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, code, _ = on_agenda_without_quorum(sqlite_tdkt)
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    from awards.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["dossier", "move", code, "approve", "--role", "chair"])
    get_settings.cache_clear()
    assert result.exit_code != 0
    assert SCREEN in str(result.exception or "") + result.output
    assert state_of(sqlite_tdkt, code) == DossierState.on_agenda


def test_a_short_secret_key_is_refused_in_production() -> None:
    from awards.errors import ConfigError
    from awards.settings import load_settings

    with pytest.raises(ConfigError, match="32"):
        load_settings(env="production", secret_key="a")
    load_settings(env="production", secret_key="k" * 40)  # long enough


def test_serve_refuses_to_listen_beyond_loopback_with_the_placeholder_secret(
    sqlite_tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TDKT_DATABASE_URL", sqlite_tdkt.settings.effective_database_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    from awards.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--no-flows"])
    get_settings.cache_clear()
    assert result.exit_code != 0
    assert "TDKT_SECRET_KEY" in str(result.exception or "") + result.output


@pytest.mark.postgres
def test_account_e_mails_are_validated(tdkt: App) -> None:
    from awards.errors import ValidationError
    from awards.services.accounts.users import NewUser, add_user
    from tests.support.lifecycle import build_org

    build_org(tdkt)
    for bad in ("chu-tich", "a@b", "x@evil.example\r\nBcc: y@evil.example"):
        with pytest.raises(ValidationError, match="thư điện tử"):
            add_user(tdkt.uow, NewUser("hoa", "Lò Thị Hoa", "mat-khau-dung-123", bad))
    add_user(tdkt.uow, NewUser("hoa", "Lò Thị Hoa", "mat-khau-dung-123", "hoa@ldld.laichau.vn"))
