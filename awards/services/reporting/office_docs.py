"""Kế hoạch of a round, thông báo công khai of a level, báo cáo thành tích of a nominee: the facts
from the database, the template from the data folder (the federation's copy) or tdkt's own.

All three are drafts (no number is taken): the office signs, numbers and sends them as usual.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from awards.errors import NotFoundError, ValidationError
from awards.reports.documents import ListEntry, place_of
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.office_docs import (
    ACHIEVEMENT_TEMPLATES,
    NOTICE_TEMPLATE,
    PLAN_TEMPLATE,
    AchievementFacts,
    NoticeEntry,
    PlanPhase,
    PublicNotice,
    RoundPlan,
    achievement_document,
    notice_document,
    plan_document,
)
from awards.repository import UnitOfWorkFactory
from awards.services.reporting.issuers import issuer_of_code
from awards.services.reporting.parameters import load_report_policy
from awards.services.reporting.templates import load_template
from awards.services.rounds.admin import show_round
from rules.facts import RATING_LABELS

RECENT_YEARS = 5  # how far back the báo cáo thành tích lists ratings and awards
QUALIFICATION_LABELS = {
    "duoi_cao_dang": "Trung cấp",
    "cao_dang": "Cao đẳng",
    "dai_hoc": "Đại học",
    "tren_dai_hoc": "Trên đại học",
}


def round_plan(uow_factory: UnitOfWorkFactory, round_code: str) -> tuple[RoundPlan, str]:
    """The round's plan facts and its organiser's code."""
    view = show_round(uow_factory, round_code)
    r = view.round
    plan = RoundPlan(
        code=r.code,
        name=r.name,
        year=r.year,
        movement=view.movement,
        organiser=view.organiser,
        opens_on=r.opens_on,
        closes_on=r.closes_on,
        submission_deadline=r.submission_deadline,
        phases=tuple(PlanPhase(p.name, p.starts_on, p.ends_on) for p in view.phases),
        level_deadlines=tuple(view.level_deadlines),
        admitted=tuple(view.admitted),
    )
    return plan, view.organiser_code


def plan_docx(
    uow_factory: UnitOfWorkFactory, round_code: str, on: date, data_dir: Path | None
) -> tuple[str, bytes]:
    """(file name, DOCX) of the kế hoạch of a round, its timetable filled in."""
    plan, organiser_code = round_plan(uow_factory, round_code)
    profile = issuer_of_code(uow_factory, organiser_code, on)
    doc = plan_document(
        plan, profile.issuer, profile.signature, on, load_template(PLAN_TEMPLATE, data_dir)
    )
    return f"ke-hoach-{round_code}.docx", docx_bytes(doc)


def public_notice(
    uow_factory: UnitOfWorkFactory, round_code: str, level_code: str, on: date
) -> PublicNotice:
    """The dossiers of a round in their công khai window at a level (which awards need one and
    for how many working days is the award catalogue's policy: `needs_public_notice`,
    `notice_working_days`)."""
    with uow_factory(write=False) as uow:
        rnd = uow.rounds.find(round_code)
        if rnd is None:
            raise NotFoundError(f"Không có đợt mã '{round_code}'.")
        level = uow.org.unit(level_code)
        if level is None or level.id is None:
            raise NotFoundError(f"Không có đơn vị mã '{level_code}'.")
        assert rnd.id is not None
        rows = uow.reports.notice_rows(rnd.id, level.id)
        awards = uow.reports.awards()
        unit_ids = [u for r in rows for u in (r.person_unit_id, r.nominee_unit_id) if u]
        names = uow.reports.unit_labels(unit_ids, on)
        level_name = uow.org.by_id(level.id, on).name
    starts = [r.opened_at.date() for r in rows if r.opened_at is not None]
    ends = [r.notice_ends_on for r in rows if r.notice_ends_on is not None]
    entries = tuple(
        NoticeEntry(
            r.nominee_kind,
            ListEntry(
                r.full_name or names.get(r.nominee_unit_id or 0, ("", ""))[1],
                r.position or "",
                names.get(r.person_unit_id or 0, ("", ""))[1]
                if r.person_unit_id
                else names.get(r.nominee_unit_id or 0, ("", ""))[1],
                awards[r.award_code].name,
            ),
        )
        for r in rows
    )
    return PublicNotice(
        round_name=rnd.name,
        level_name=level_name,
        starts_on=min(starts, default=on),
        ends_on=max(ends, default=on),
        # The window is the award's policy (notice_working_days in the award catalogue).
        days=max((awards[r.award_code].notice_working_days for r in rows), default=0) or None,
        entries=entries,
        legal_basis=load_report_policy().submission_basis,
    )


def notice_docx(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    level_code: str,
    on: date,
    data_dir: Path | None,
) -> tuple[str, bytes]:
    notice = public_notice(uow_factory, round_code, level_code, on)
    if not notice.entries:
        raise ValidationError(
            f"Đợt {round_code} không có hồ sơ nào đang công khai tại {notice.level_name}: mở công "
            "khai cho các hồ sơ (nút “Mở công khai” trên trang hồ sơ) rồi tạo thông báo."
        )
    profile = issuer_of_code(uow_factory, level_code, on)
    doc = notice_document(
        notice, profile.issuer, profile.signature, on, load_template(NOTICE_TEMPLATE, data_dir)
    )
    return f"thong-bao-cong-khai-{round_code}-{level_code}.docx", docx_bytes(doc)


def achievement_facts(uow_factory: UnitOfWorkFactory, code: str, on: date) -> AchievementFacts:
    """What the dossier and the records already say about its nominee."""
    with uow_factory(write=False) as uow:
        dossier = uow.dossiers.get(uow.dossiers.row(code).id)
        assert dossier is not None
        award = uow.rounds.award(dossier.award_code)
        rnd = uow.rounds.get(dossier.round_id)
        assert award is not None and rnd is not None
        since = rnd.year - RECENT_YEARS
        org = uow.org
        if dossier.person_id is not None:
            person = uow.people.get(dossier.person_id)
            assert person is not None
            records = uow.people.records_since(dossier.person_id, since)
            home = person.unit_id
            unit = org.by_id(home, on).name
            subject = {
                "name": person.full_name,
                "unit": unit,
                "position": person.position,
                "gender": "Nữ" if person.gender == "nu" else "Nam",
                "birth_year": person.birth_year,
                "qualification": QUALIFICATION_LABELS.get(person.qualification, ""),
            }
        else:
            assert dossier.nominee_unit_id is not None
            home = dossier.nominee_unit_id
            records = uow.people.unit_records_since(home, since)
            parent = org.by_id(dossier.nominee_unit_id, on).parent_id
            unit = org.by_id(parent, on).name if parent else ""
            subject = {"name": org.by_id(dossier.nominee_unit_id, on).name, "unit": unit}
        names = uow.screens.award_names({r.award_code for r in records["recognitions"]})
        # The date line's place: the nearest unit up the tree whose name carries one.
        chain = [org.by_id(u, on).name for u in org.ancestor_ids(home, on)]
        place = next((place_of(n, "") for n in chain if place_of(n, "")), "")
    ratings = tuple(
        (r.year, RATING_LABELS.get(r.rating, r.rating))
        for r in sorted(records["ratings"], key=lambda r: -r.year)
    )
    recognitions = tuple(
        (r.year, names.get(r.award_code, r.award_code), _decision(r.decision_no, r.decision_date))
        for r in sorted(records["recognitions"], key=lambda r: -r.year)
    )
    return AchievementFacts(
        kind=dossier.nominee_kind,
        award_name=award.name,
        year=rnd.year,
        unit_place=place,
        summary=dossier.achievement_summary,
        ratings=ratings,
        recognitions=recognitions,
        **subject,  # type: ignore[arg-type]
    )


def _decision(number: str, day: date | None) -> str:
    if not number:
        return ""
    return f"Số {number}" + (f" ngày {day:%d/%m/%Y}" if day else "")


def achievement_docx(
    uow_factory: UnitOfWorkFactory, code: str, on: date, data_dir: Path | None
) -> tuple[str, bytes]:
    """(file name, DOCX) of the báo cáo thành tích form of a dossier, pre-filled."""
    facts = achievement_facts(uow_factory, code, on)
    template = load_template(ACHIEVEMENT_TEMPLATES[facts.kind], data_dir)
    return f"bao-cao-thanh-tich-{code}.docx", docx_bytes(achievement_document(facts, on, template))
