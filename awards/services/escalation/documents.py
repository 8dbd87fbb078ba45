"""Tờ trình, danh sách and draft quyết định for the submissions of a round, as DOCX files.

Each submission's dossiers come from its hops (one query for all submissions of the round);
the number and date are the submission's own, taken when it was sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from awards.model import Round, Submission
from awards.reports.documents import Issuer, ListEntry, Nd30Document, Signature, place_of
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.escalation_docs import SubmissionFacts, danh_sach, quyet_dinh, to_trinh
from awards.reports.numbering import parse_number
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.submissions import EntryRow
from awards.services.reporting.parameters import IssuerProfile, ReportPolicy, load_report_policy
from notifications.vn import short_date


@dataclass(frozen=True)
class SubmissionDocs:
    submission_code: str
    document_no: str
    files: list[Path]


def write_round_documents(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    folder: Path,
    *,
    from_unit_code: str | None = None,
    order: str = "name",
    policy: ReportPolicy | None = None,
) -> list[SubmissionDocs]:
    """Three DOCX files per numbered tờ trình of the round (of one sending level if given)."""
    policy = policy or load_report_policy()
    with uow_factory() as uow:
        rnd = uow.rounds.by_code(round_code)
        from_id = uow.org.require_id(from_unit_code) if from_unit_code else None
        subs = uow.submissions.of_round(round_code, from_id)
        entries = uow.submissions.entries([sub.id or 0 for sub in subs])
        facts = [(sub, _facts(uow, rnd, sub, entries[sub.id or 0], policy)) for sub in subs]
        profiles = {sub.id: _profiles(uow, sub, policy) for sub in subs}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sub, fact in facts:
        (issuer, signature, _, archive), (decider, decider_sig) = profiles[sub.id]
        docs = {
            # A submission's Nơi nhận is its own ("Như trên"), not the issuer's report list.
            "to-trinh": to_trinh(fact, issuer, signature, archive_note=archive),
            "danh-sach": danh_sach(fact, issuer, signature, order=order),
            "du-thao-quyet-dinh": quyet_dinh(fact, decider, decider_sig, order=order),
        }
        paths = [
            docx_bytes_to(folder / f"{sub.code}-{name}.docx", doc) for name, doc in docs.items()
        ]
        written.append(SubmissionDocs(sub.code, sub.document_no or "", paths))
    return written


def docx_bytes_to(path: Path, doc: Nd30Document) -> Path:
    docx_bytes(doc, path)
    return path


def _facts(
    uow: UnitOfWork, rnd: Round, sub: Submission, rows: list[EntryRow], policy: ReportPolicy
) -> SubmissionFacts:
    on = sub.issued_on or sub.created_at.date()
    ids = {sub.from_unit_id, sub.to_unit_id, *(r.unit_id for r in rows)}
    ids |= {r.nominating_unit_id for r in rows}
    names = {uid: name for uid, (_, name) in uow.org.labels(sorted(ids), on).items()}
    award = uow.rounds.award(sub.award_code)
    assert award is not None and sub.document_no is not None
    people = tuple(
        ListEntry(r.person_name or "", r.position or "", names.get(r.unit_id, ""), r.achievement)
        for r in rows
        if r.nominee_kind == "ca_nhan"
    )
    collectives = tuple(
        ListEntry(names.get(r.unit_id, ""), "", names.get(r.nominating_unit_id, ""), r.achievement)
        for r in rows
        if r.nominee_kind == "tap_the"
    )
    number, kind, symbol = parse_number(sub.document_no)
    minutes = uow.councils.minutes_of(sub.from_unit_id, [r.dossier_code for r in rows])
    return SubmissionFacts(
        number=number,
        issued_on=on,
        round_name=rnd.name,
        from_name=names[sub.from_unit_id],
        to_name=names[sub.to_unit_id],
        award_name=award.name,
        collectives=collectives,
        people=people,
        symbol=f"{kind}-{symbol}" if kind else symbol,
        council_minutes=(
            f"Biên bản số {minutes[0]} ngày {short_date(minutes[1])}" if minutes else ""
        ),
        legal_basis=policy.submission_basis,
    )


Profile = tuple[Issuer, Signature, tuple[str, ...], str]


def _profiles(
    uow: UnitOfWork, sub: Submission, policy: ReportPolicy
) -> tuple[Profile, tuple[Issuer, Signature]]:
    on = sub.issued_on or sub.created_at.date()
    sender = issuer_profile(uow, sub.from_unit_id, on, policy)
    decider = issuer_profile(uow, sub.to_unit_id, on, policy)
    blank = Signature(decider.signature.on_behalf, decider.signature.title, "")
    return (
        (sender.issuer, sender.signature, sender.recipients, sender.archive_note),
        (decider.issuer, blank),
    )


def issuer_profile(uow: UnitOfWork, unit_id: int, on: date, policy: ReportPolicy) -> IssuerProfile:
    """The configured issuer, or one built from the tree for a level without a profile."""
    unit = uow.org.by_id(unit_id, on)
    if unit.code in policy.issuers:
        return policy.issuer(unit.code)
    parent = uow.org.by_id(unit.parent_id, on).name if unit.parent_id else ""
    symbol = uow.org.doc_symbol(unit.kind_code, unit.code)
    on_behalf = "TM. ỦY BAN NHÂN DÂN" if unit.is_state_body else "TM. BAN THƯỜNG VỤ"
    # The level's own place and signer: its council's địa danh and chair, else from its name.
    council = uow.councils.council_on(unit_id, on)
    place = council.place if council else place_of(unit.name, policy.default_place)
    signer = uow.councils.chair_of(council.id, on) if council and council.id else ""
    return IssuerProfile(
        Issuer(parent, unit.name, symbol, place), Signature(on_behalf, "CHỦ TỊCH", signer), (), "VT"
    )
