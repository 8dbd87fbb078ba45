"""Sơ kết (6 months) and tổng kết (year) reports of a level: figures, then the issued document.

Figures come from GROUP BY queries (awards.repository.periodic); a few dozen grouped rows are
then named and worded here. Issuing takes a number from the register (per issuer and year, by
kind or across kinds), writes DOCX, XLSX, HTML, PNG and JSON into the data folder, records the
report and queues one e-mail per recipient, all in one transaction. Re-issuing the same period
keeps its number within the year of the issue date; in a later year it takes that year's next.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from awards.errors import ValidationError
from awards.links import link
from awards.model import Award, IssuedReport
from awards.reports import periodic as pure
from awards.reports.documents import Nd30Document
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.html import html_document
from awards.reports.numbering import format_number, parse_number
from awards.reports.periodic_render import (
    REPORT_TEMPLATE,
    body_blocks,
    report_html,
    report_xlsx,
    share_chart,
)
from awards.reports.programme import unit_name_key
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import outbox_row
from awards.repository.org import UnitRow
from awards.repository.periodic import Period
from awards.repository.reports import ReportRepository
from awards.services.reporting.issuers import issuer_of
from awards.services.reporting.parameters import ReportPolicy, load_report_policy
from awards.services.reporting.programmes import programme_rollup
from awards.services.reporting.templates import load_template
from notifications import render
from states import STATE_LABELS, WAITING_STATES, DossierState

# The stored `kind` of an interim (sơ kết) and an annual (tổng kết) report, as the CLI, the API
# and the issued_report rows spell it.
INTERIM_REPORT = "so_ket"
ANNUAL_REPORT = "tong_ket"
KINDS = (INTERIM_REPORT, ANNUAL_REPORT)


def report_period(
    kind: str, year: int, half: int | None, interim_cutoff: str, annual_cutoff: str
) -> Period:
    """Half 1: 1 January to the sơ kết cut-off ("05-31"); half 2: the day after to 31 December;
    tổng kết: 1 January to the tổng kết cut-off. Cut-offs are settings (MM-DD)."""
    if kind not in KINDS:
        raise ValidationError(f"Loại báo cáo '{kind}' không có; dùng so_ket hoặc tong_ket.")
    cut = _day(year, annual_cutoff if kind == ANNUAL_REPORT else interim_cutoff)
    if kind == ANNUAL_REPORT:
        return Period(date(year, 1, 1), cut)
    if half == 1:
        return Period(date(year, 1, 1), cut)
    if half == 2:
        return Period(cut + timedelta(days=1), date(year, 12, 31))
    raise ValidationError(
        "Báo cáo sơ kết cần --half 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm)."
    )


def _day(year: int, month_day: str) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    return date(year, month, day)


def build_period_report(
    uow_factory: UnitOfWorkFactory,
    *,
    level_code: str,
    kind: str,
    year: int,
    period: Period,
    half: int | None = None,
    policy: ReportPolicy | None = None,
) -> pure.PeriodReport:
    policy = policy or load_report_policy()
    with uow_factory() as uow:
        reports = uow.reports
        level = reports.unit_by_code(level_code, period.end)
        by_state = reports.count_by_state(level.id, period)
        decided = reports.decided_by(level.id, period)
        proposed = reports.proposed_upwards(level.id, period)
        tiers = reports.awarded_by_tier(level.id, period)
        figures = reports.unit_figures(level.id, period)
        overdue_counts, overdue_rows = reports.overdue(level.id, period.end, _waiting())
        awards = reports.awards()
        names = reports.unit_labels(
            [f.root_id for f in figures] + [o.current_unit_id for o in overdue_rows], period.end
        )
        authorities = _authorities(reports, level, awards, period.end, policy)
        programme_code = reports.programme_of(level.id, period)
    level_short = policy.short_name(level.kind_code, level.name)
    units = _unit_shares(figures, names, level, policy)
    rollup = programme_rollup(uow_factory, programme_code, period.end) if programme_code else None
    return pure.PeriodReport(
        kind=kind,
        year=year,
        half=half,
        start=period.start,
        end=period.end,
        level_name=level.name,
        level_short=level_short,
        by_state=_states(by_state),
        decided=_award_counts(decided, awards, policy),
        proposed=_proposals(proposed, awards, authorities, policy),
        units=units,
        direct_target_pct=policy.direct_target_pct,
        non_leader_target_pct=policy.non_leader_target_pct,
        overdue_by_state=_states(overdue_counts),
        overdue=tuple(
            pure.OverdueItem(
                o.code,
                DossierState(o.state).label,
                o.due_on,
                names.get(o.current_unit_id, ("", ""))[1],
                awards[o.award_code].name,
            )
            for o in overdue_rows
        ),
        programme=rollup,
        tiers=_tiers(tiers, awards, policy),
    )


def _tiers(
    counts: dict[tuple[str, str, str], int], awards: dict[str, Award], policy: ReportPolicy
) -> tuple[pure.AwardTier, ...]:
    by_tier: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for (tier, code, kind), n in counts.items():
        by_tier[tier][(code, kind)] = n
    return tuple(
        pure.AwardTier(tier, _award_counts(by_tier[tier], awards, policy))
        for tier in pure.TIER_ORDER
        if tier in by_tier
    )


def _waiting() -> tuple[str, ...]:
    return tuple(sorted(str(s) for s in WAITING_STATES))


def _states(counts: dict[str, int]) -> tuple[tuple[str, str, int], ...]:
    order = list(STATE_LABELS)
    found = sorted(counts.items(), key=lambda kv: order.index(DossierState(kv[0])))
    return tuple((state, DossierState(state).label, n) for state, n in found)


def _award_counts(
    counts: dict[tuple[str, str], int], awards: dict[str, Award], policy: ReportPolicy
) -> tuple[pure.AwardCount, ...]:
    """Merged by wording: Bằng khen of two award codes is one "Bằng khen" sentence."""
    merged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    first_code: dict[str, str] = {}
    for (code, kind), n in sorted(counts.items()):
        phrase = policy.phrase(awards[code])
        merged[phrase][0 if kind == "tap_the" else 1] += n
        first_code.setdefault(phrase, code)
    return tuple(pure.AwardCount(first_code[p], p, c, n) for p, (c, n) in merged.items())


def _proposals(
    counts: dict[tuple[str, str], int],
    awards: dict[str, Award],
    authorities: dict[str, str],
    policy: ReportPolicy,
) -> tuple[pure.Proposal, ...]:
    by_authority: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for (code, kind), n in counts.items():
        by_authority[authorities[code]][(code, kind)] = n
    return tuple(
        pure.Proposal(authority, _award_counts(items, awards, policy))
        for authority, items in sorted(by_authority.items())
    )


def _authorities(
    reports: ReportRepository,
    level: UnitRow,
    awards: dict[str, Award],
    on: date,
    policy: ReportPolicy,
) -> dict[str, str]:
    """Who a dossier escalated from this level goes to, per award: a state body or the parent."""
    parent = reports.unit_by_id(level.parent_id, on) if level.parent_id else None
    parent_name = policy.short_name(parent.kind_code, parent.name) if parent else "cấp trên"
    return {
        code: policy.short_name(a.state_body_kind, a.state_body_kind)
        if a.state_body_kind and a.decided_at_level == level.level
        else parent_name
        for code, a in awards.items()
    }


def _unit_shares(
    figures: list[Any], names: dict[int, tuple[str, str]], level: UnitRow, policy: ReportPolicy
) -> tuple[pure.UnitShare, ...]:
    shares = []
    for f in figures:
        name = f"Cơ quan {level.name}" if f.root_id == level.id else names[f.root_id][1]
        flags = pure.share_flags(
            f.awarded_people,
            f.awarded_direct,
            f.awarded_non_leader,
            policy.direct_target_pct,
            policy.non_leader_target_pct,
        )
        shares.append(
            pure.UnitShare(
                name,
                f.proposed,
                f.proposed_people,
                f.proposed_direct,
                f.proposed_non_leader,
                f.awarded,
                f.awarded_people,
                f.awarded_direct,
                f.awarded_non_leader,
                flags,
            )
        )
    return tuple(sorted(shares, key=lambda u: unit_name_key(u.unit_name)))


@dataclass(frozen=True)
class Issued:
    report_id: int
    document_no: str
    files: list[Path]
    emails: int


def issue_period_report(
    uow_factory: UnitOfWorkFactory,
    report: pure.PeriodReport,
    *,
    level_code: str,
    folder: Path,
    issued_on: date,
    recipients: list[str],
    now: datetime,
    policy: ReportPolicy | None = None,
    data_dir: Path | None = None,
) -> Issued:
    """Number, render, store and queue the e-mails of one report (idempotent per period).

    The body comes from the report template (the federation's copy under ``data_dir`` if any)
    with the sections the secretariat wrote for the period."""
    policy = policy or load_report_policy()
    template = load_template(REPORT_TEMPLATE, data_dir)
    with uow_factory() as uow:
        level = uow.reports.unit_by_code(level_code, report.end)
        texts = uow.reports.texts(report.kind, level.id, Period(report.start, report.end))
        profile = issuer_of(uow, level.id, report.end, policy)
        row = uow.reports.issued_for(report.kind, level.id, Period(report.start, report.end))
        # A re-issue keeps its number within the year of its date; in a new year it takes the
        # new year's next number (tổng kết 2025 re-issued on 06/01/2026 is a 2026 document).
        same_year = row is not None and row.issued_on.year == issued_on.year
        number = (
            parse_number(row.document_no)[0]
            if row is not None and same_year
            else uow.registers.take(
                level_code,
                "BC",
                issued_on,
                f"report:{report.kind}:{report.start}:{report.end}",
                mode=policy.numbering_mode(level_code),
            )
        )
        doc = Nd30Document(
            issuer=profile.issuer,
            kind="BC",
            number=number,
            date=issued_on,
            summary=report.title,
            signature=profile.signature,
            body=body_blocks(report, {k: t.text for k, t in texts.items()}, template),
            recipients=profile.recipients,
            archive_note=profile.archive_note,
        )
        files = _write_files(report, doc, folder / _stem(report, level_code))
        row = row or IssuedReport(
            kind=report.kind,
            level_unit_id=level.id,
            period_start=report.start,
            period_end=report.end,
            document_no="",
            issued_on=issued_on,
        )
        row.document_no = format_number(number, "BC", profile.issuer.short_code)
        row.files = [str(p) for p in files]
        row.figures = pure.to_json(report)
        row.issued_on = issued_on
        report_id = uow.reports.save_issued(row)
        before = uow.reports.queued_mails(report_id)
        uow.outbox.add(_emails(report, row, files[0], recipients, now))
        # Counted, not taken from the insert: a re-issue finds its e-mails already queued.
        emails = uow.reports.queued_mails(report_id) - before
        uow.commit()
    return Issued(report_id, row.document_no, files, emails)


def _stem(report: pure.PeriodReport, level_code: str) -> str:
    half = f"-{report.half}" if report.half else ""
    return f"bao-cao-{report.kind.replace('_', '-')}-{level_code}-{report.year}{half}"


def _write_files(report: pure.PeriodReport, doc: Nd30Document, stem: Path) -> list[Path]:
    stem.parent.mkdir(parents=True, exist_ok=True)
    outputs = {
        ".docx": docx_bytes(doc),
        ".xlsx": report_xlsx(report),
        ".html": html_document(report.title, report_html(report)).encode("utf-8"),
        ".png": share_chart(report),
        ".json": json.dumps(pure.to_json(report), ensure_ascii=False, indent=2).encode("utf-8"),
    }
    paths = []
    for suffix, data in outputs.items():
        path = stem.with_suffix(suffix)
        path.write_bytes(data)
        paths.append(path)
    return paths


def _emails(
    report: pure.PeriodReport, row: IssuedReport, docx: Path, recipients: list[str], now: datetime
) -> list[dict[str, Any]]:
    rendered = render(
        "report_ready",
        {
            "recipient_name": "Quý cơ quan, đơn vị",
            "sender_name": report.level_name,
            "report_title": f"Báo cáo {row.document_no}: {report.title}",
            "period": report.period_text,
            "generated_on": row.issued_on,
            "attachment_name": docx.name,
            "link": link("issued_page", report_id=row.id),
        },
    )
    return [
        outbox_row(f"report:{row.id}:{row.document_no}:{to}", "report_ready", to, rendered, now)
        for to in recipients
    ]
