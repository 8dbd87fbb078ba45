"""Deadlines default from policy data and the calendar, and follow calendar edits (both DBs)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.deadline_policy import DEFAULT_DEADLINES_FILE, DeadlineRules, default_rules
from awards.errors import ConfigError
from awards.model import Dossier, DossierHop, OutboxMessage
from awards.services.lifecycle.deadlines import Deadlines, RecomputeReport, recompute_open_deadlines
from awards.services.lifecycle.move import move
from awards.services.mail.stored import message_of
from awards.workdays import Holiday, default_calendar
from states import DossierState, Trigger
from tests.support.lifecycle import HOP, build_org, draft, drive, req

CAL = default_calendar()


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    return tdkt


def _dossier(app: App, code: str) -> Dossier:
    with app.uow() as uow:
        return uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()


def test_receive_without_a_date_gets_the_level_limit_and_tells_the_unit(org: App) -> None:
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit])
    # submitted: 5 working days to receive, counted from Monday 03/11/2025.
    assert _dossier(org, code).due_on == date(2025, 11, 10)
    drive(org, code, [Trigger.receive], due_on=None)
    d = _dossier(org, code)
    # Than Uyên is level 3: 10 working days of appraisal (deadlines.yaml by_level).
    assert (d.due_on, d.due_from, d.due_days) == (date(2025, 11, 17), date(2025, 11, 3), 10)
    drive(org, code, [Trigger.start_appraisal])
    assert _dossier(org, code).due_on == date(2025, 11, 17)  # appraisal carries its deadline
    with org.uow() as uow:
        received = uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "dossier_received")
        ).one()
    assert "ngày 17 tháng 11 năm 2025" in message_of(received).text


def test_return_without_a_date_gets_the_correction_limit(org: App) -> None:
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit])
    drive(org, code, [Trigger.return_for_changes], due_on=None)
    d = _dossier(org, code)
    assert d.state == DossierState.returned and d.due_on == date(2025, 11, 17)
    with org.uow() as uow:
        returned = uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "dossier_returned")
        ).one()
    assert "17/11" in returned.subject


def test_appraisal_received_on_new_years_eve_skips_new_year_and_tet(org: App) -> None:
    code = draft(org, "BK_LDLD")
    eve = datetime(2024, 12, 31, 9, 0, tzinfo=UTC)
    drive(org, code, [Trigger.submit, *HOP, Trigger.escalate], now=eve, due_on=None)
    drive(org, code, [Trigger.receive], now=eve, due_on=None)
    d = _dossier(org, code)
    # LĐLĐ tỉnh is level 2: 20 working days. 01/01 off, 2,3 Jan, four weeks to 24 Jan,
    # Tết Ất Tỵ 27-31 Jan off, then 3, 4, 5 Feb: the 20th working day is 05/02/2025.
    assert d.state == DossierState.received and d.due_on == date(2025, 2, 5)
    assert CAL.holiday_name(date(2025, 1, 29)) == "Tết Nguyên đán (mùng 1)"


def test_recompute_follows_a_calendar_edit_but_keeps_explicit_dates(org: App) -> None:
    computed, explicit = draft(org, "GK_CDCT", "DV1"), draft(org, "GK_CDCT", "DV2")
    drive(org, computed, [Trigger.submit, Trigger.receive], due_on=None)
    drive(org, explicit, [Trigger.submit, Trigger.receive], due_on=date(2025, 11, 28))
    submitted = draft(org, "GK_CDCT", "DV3")
    drive(org, submitted, [Trigger.submit])  # a second basis: 5 working days to receive
    assert recompute_open_deadlines(org.uow) == RecomputeReport(2, 0)  # same calendar
    edited = CAL.with_days_off(Holiday(date(2025, 11, 5), "Nghỉ đột xuất"))
    report = recompute_open_deadlines(org.uow, edited)
    assert report.changed == 2
    assert _dossier(org, submitted).due_on == date(2025, 11, 11)
    assert _dossier(org, computed).due_on == date(2025, 11, 18)
    assert _dossier(org, explicit).due_on == date(2025, 11, 28)
    # The level's hop record follows the computed deadline only.
    with org.uow() as uow:
        hops = dict(
            uow.session.execute(
                select(Dossier.code, DossierHop.appraisal_due_on).join(
                    DossierHop, col(DossierHop.dossier_id) == col(Dossier.id)
                )
            ).all()
        )
    assert hops[computed] == date(2025, 11, 18) and hops[explicit] == date(2025, 11, 28)


def test_recompute_moves_the_end_of_public_notice(org: App) -> None:
    code = draft(org, "GT_NDC")
    steps = [Trigger.submit, *HOP, Trigger.escalate, *HOP, Trigger.escalate, *HOP]
    drive(org, code, steps, due_on=None)
    drive(org, code, [Trigger.open_public_notice], due_on=None)
    d = _dossier(org, code)
    assert d.state == DossierState.public_notice and d.notice_ends_on == d.due_on
    assert d.due_on == CAL.add_working_days(date(2025, 11, 3), 5)
    edited = CAL.with_days_off(Holiday(date(2025, 11, 4), "Nghỉ đột xuất"))
    recompute_open_deadlines(org.uow, edited)
    d = _dossier(org, code)
    assert d.due_on == d.notice_ends_on == date(2025, 11, 11)


def test_a_custom_policy_changes_the_default(org: App) -> None:
    rules = default_rules()
    longer = replace(rules.limits[DossierState.returned], days=15)
    policy = Deadlines(replace(rules, limits={**rules.limits, DossierState.returned: longer}), CAL)
    code = draft(org, "GK_CDCT")
    drive(org, code, [Trigger.submit])
    move(org.uow, code, req(Trigger.return_for_changes, due_on=None), deadlines=policy)
    assert _dossier(org, code).due_on == date(2025, 11, 24)


def test_policy_file_errors_name_the_place_and_the_fix(tmp_path: object) -> None:
    rules = DeadlineRules.from_yaml(DEFAULT_DEADLINES_FILE)
    assert all(limit.legal_basis for limit in rules.limits.values())
    with pytest.raises(ConfigError, match="limits.nhap: không có trạng thái"):
        DeadlineRules.from_dict({"limits": {"nhap": {"days": 3}}})
    with pytest.raises(ConfigError, match="thiếu legal_basis"):
        DeadlineRules.from_dict({"limits": {"returned": {"days": 3, "status": "local"}}})
    with pytest.raises(ConfigError, match="urgent"):
        DeadlineRules.from_dict({"reminders": {"soon": 2, "urgent": 5}})
