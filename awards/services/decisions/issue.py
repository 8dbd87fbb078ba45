"""The numbered quyết định of a level that holds the authority, and the awards it makes.

The approved dossiers of a round held by the level (or a selection of them) that the level may
decide are grouped by award form: one quyết định each (NĐ 30 Phụ lục III, the danh sách as its
annex). Issuing takes the next number of the level's register, renders the DOCX, stores the
decision and moves every dossier to awarded, all in one transaction: the moves write their audit
events, prize payments, fund ledger lines and outbox notices with it, and any refusal or error
leaves nothing written (the number goes back to the register). A preview renders the same
documents unnumbered and undated, and never takes a number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from awards.errors import NotFoundError, ValidationError
from awards.fields import control_problem
from awards.model import Decision, Round, Submission, Unit
from awards.reports.documents import ListEntry, Nd30Document, Signature
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.escalation_docs import COUNCIL, SubmissionFacts, quyet_dinh
from awards.reports.numbering import format_number
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.services.escalation.documents import issuer_profile
from awards.services.lifecycle.move import move_rows
from awards.services.lifecycle.plan import Actor, MoveRequest, context
from awards.services.reporting.parameters import IssuerProfile, ReportPolicy, load_report_policy
from notifications.vn import short_date
from states import DossierState, Trigger

KIND = "QĐ"
READY = (DossierState.approved, DossierState.public_notice)
SIGNER_MAX = 200  # the columns of the decision record


@dataclass(frozen=True)
class DecisionInput:
    round_code: str
    level_code: str
    signer_name: str = ""
    signer_title: str = ""  # "CHỦ TỊCH" unless given, e.g. "PHÓ CHỦ TỊCH"
    on: date | None = None  # the decision's date; today unless given
    codes: Sequence[str] = ()  # a selection; all the level may decide when empty


@dataclass(frozen=True)
class DecisionDoc:
    """One quyết định: a preview (no number, no code) or an issued one."""

    award_code: str
    award_name: str
    dossier_codes: list[str]
    docx: bytes
    on: date
    signer: Signature
    code: str | None = None
    document_no: str | None = None
    document: Nd30Document | None = field(default=None, compare=False, repr=False)

    @property
    def filename(self) -> str:
        stem = (self.document_no or f"du-thao-{self.award_code}").replace("/", "-")
        return f"quyet-dinh-{stem}.docx"


@dataclass
class _Group:
    award_code: str
    award_name: str
    rows: list[DossierRow] = field(default_factory=list)


def preview_decisions(
    uow_factory: UnitOfWorkFactory,
    inp: DecisionInput,
    today: date,
    policy: ReportPolicy | None = None,
) -> list[DecisionDoc]:
    """The quyết định that issuing would make, unnumbered and undated: nothing is written."""
    policy = policy or load_report_policy()
    on = inp.on or today
    with uow_factory(write=False) as uow:
        rnd, unit, groups = _groups(uow, inp, today, lock=False)
        profile = issuer_profile(uow, unit.id or 0, on, policy)
        signer = _signer(profile, inp)
        return [_document(uow, rnd, unit, g, profile, signer, on, None, policy) for g in groups]


def issue_decisions(
    uow_factory: UnitOfWorkFactory,
    inp: DecisionInput,
    actor: Actor,
    now: datetime,
    policy: ReportPolicy | None = None,
) -> list[DecisionDoc]:
    """Number, render and store one quyết định per award form and award its dossiers, in one
    transaction; raises (and writes nothing) if any dossier may not be decided."""
    policy = policy or load_report_policy()
    on = inp.on or now.date()
    problem = _signer_problem(inp)
    if problem:
        raise ValidationError(problem)
    issued: list[DecisionDoc] = []
    with uow_factory() as uow:
        rnd, unit, groups = _groups(uow, inp, now.date(), lock=True)
        profile = issuer_profile(uow, unit.id or 0, on, policy)
        signer = _signer(profile, inp)
        mode = policy.numbering_mode(unit.code)
        for group in groups:
            code = f"QĐ-{rnd.code}-{uow.decisions.next_in_round(rnd.code, rnd.year):03d}"
            number = uow.registers.take(unit.code, KIND, on, f"decision:{code}", mode=mode)
            doc = _document(uow, rnd, unit, group, profile, signer, on, number, policy)
            document_no = format_number(number, KIND, profile.issuer.short_code)
            req = MoveRequest(
                Trigger.decide,
                actor,
                now,
                reason=f"Quyết định số {document_no} ngày {short_date(on)}",
                decision_no=document_no,
                decision_date=on,
                decision_signer=signer.name,
                data={"decision": code},
            )
            refused = [o for o in move_rows(uow, group.rows, req) if not o.ok]
            if refused:  # leaving the block without commit rolls everything back
                raise ValidationError(
                    "Chưa ban hành quyết định, không có gì được ghi: "
                    + "; ".join(f"{o.code}: {o.error}" for o in refused)
                )
            uow.decisions.add(
                Decision(
                    code=code,
                    round_id=rnd.id or 0,
                    level_unit_id=unit.id or 0,
                    award_code=group.award_code,
                    number=number,
                    document_no=document_no,
                    issued_on=on,
                    signer_name=signer.name,
                    signer_title=signer.title,
                    dossier_codes=doc.dossier_codes,
                    docx=doc.docx,
                    sha256=hashlib.sha256(doc.docx).hexdigest(),
                    created_at=now,
                    created_by=actor.name,
                )
            )
            issued.append(_with_number(doc, code, document_no))
        uow.commit()
    return issued


def _with_number(doc: DecisionDoc, code: str, document_no: str) -> DecisionDoc:
    return replace(doc, code=code, document_no=document_no)


def _signer_problem(inp: DecisionInput) -> str | None:
    if not inp.signer_name.strip():
        return "Thiếu họ tên người ký quyết định: nhập họ tên (ví dụ Hoàng Thọ Trung)."
    for label, value in (("Họ tên người ký", inp.signer_name), ("Chức vụ", inp.signer_title)):
        if len(value) > SIGNER_MAX:
            return f"{label} dài {len(value)} ký tự, tối đa {SIGNER_MAX}: rút gọn lại."
        problem = control_problem(label, value)
        if problem:
            return problem
    return None


def _signer(profile: IssuerProfile, inp: DecisionInput) -> Signature:
    # A quyết định khen thưởng is the chair's signature unless another title is given (the
    # level's profile may name a vice chair who signs its reports).
    base = profile.signature
    title = inp.signer_title.strip().upper() or "CHỦ TỊCH"
    return Signature(base.on_behalf, title, inp.signer_name.strip() or base.name)


def _groups(
    uow: UnitOfWork, inp: DecisionInput, today: date, *, lock: bool
) -> tuple[Round, Unit, list[_Group]]:
    rnd = uow.rounds.by_code(inp.round_code)
    unit = uow.org.unit(inp.level_code)
    if unit is None:
        raise NotFoundError(f"Không có đơn vị mã '{inp.level_code}'.")
    ids = uow.dossiers.ids_in_states(round_id=rnd.id or 0, states=READY, unit_ids=[unit.id])
    rows = uow.dossiers.load_rows(ids=ids, lock=lock) if ids else []
    wanted = set(inp.codes)
    if wanted:
        missing = sorted(wanted - {r.code for r in rows})
        if missing:
            raise ValidationError(
                f"Hồ sơ {', '.join(missing)} không ở trạng thái đã được Hội đồng thông qua tại "
                f"{unit.code} trong đợt {rnd.code}: bỏ các mã này khỏi danh sách chọn."
            )
        rows = [r for r in rows if r.code in wanted]
    awards = uow.rounds.awards()
    objected = uow.dossiers.open_objection_ids([r.id for r in rows]) if rows else set()
    groups: dict[str, _Group] = {}
    for row in rows:
        snap = context(row, awards[row.award_code], today, row.id in objected)
        if not (snap.holds_authority and snap.notice_cleared):
            if wanted:
                raise ValidationError(
                    f"Hồ sơ {row.code}: {unit.code} không có thẩm quyền quyết định "
                    f"{awards[row.award_code].name} (hoặc hồ sơ chưa hết thời hạn công khai); "
                    "hãy trình cấp trên trên màn hình Trình cấp trên."
                )
            continue
        award = awards[row.award_code]
        groups.setdefault(row.award_code, _Group(row.award_code, award.name)).rows.append(row)
    if not groups:
        raise ValidationError(
            f"Không có hồ sơ nào của đợt {rnd.code} đã được Hội đồng thông qua mà {unit.code} có "
            "thẩm quyền quyết định: kết thúc phiên họp Hội đồng trước, hoặc kiểm tra mã đơn vị."
        )
    return rnd, unit, [groups[k] for k in sorted(groups)]


def _document(
    uow: UnitOfWork,
    rnd: Round,
    unit: Unit,
    group: _Group,
    profile: IssuerProfile,
    signer: Signature,
    on: date,
    number: int | None,
    policy: ReportPolicy,
) -> DecisionDoc:
    ids = [r.id for r in group.rows]
    entries = uow.decisions.entries(ids)
    incoming = uow.decisions.incoming(ids)
    unit_ids = {unit.id or 0, *(e.unit_id for e in entries.values())}
    unit_ids |= {e.nominating_unit_id for e in entries.values()}
    unit_ids |= {s.from_unit_id for s in incoming.values()}
    names = {uid: name for uid, (_, name) in uow.org.labels(sorted(unit_ids), on).items()}
    rows = [entries[i] for i in ids]
    people = tuple(
        ListEntry(e.person_name or "", e.position or "", names.get(e.unit_id, ""), e.achievement)
        for e in rows
        if e.nominee_kind == "ca_nhan"
    )
    collectives = tuple(
        ListEntry(names.get(e.unit_id, ""), "", names.get(e.nominating_unit_id, ""), e.achievement)
        for e in rows
        if e.nominee_kind == "tap_the"
    )
    level = names[unit.id or 0]
    subs = sorted({s.id: s for s in incoming.values()}.values(), key=lambda s: s.id or 0)
    direct = len(incoming) < len(ids)
    minutes = uow.councils.minutes_of(unit.id or 0, [r.code for r in group.rows])
    facts = SubmissionFacts(
        number=0,
        issued_on=on,
        round_name=rnd.name,
        from_name=names[subs[0].from_unit_id] if len(subs) == 1 and not direct else level,
        to_name=level,
        award_name=group.award_name,
        collectives=collectives,
        people=people,
        legal_basis=(*policy.submission_basis, *_minutes_basis(minutes, level, rnd.name)),
        proposal=_proposal(subs, names, direct, level),
        executors=_executors(subs, names, direct),
    )
    doc = quyet_dinh(facts, profile.issuer, signer, number=number, signed_on=on)
    return DecisionDoc(
        group.award_code, group.award_name, [r.code for r in group.rows], docx_bytes(doc), on,
        signer, document=doc,
    )  # fmt: skip


def _minutes_basis(
    minutes: tuple[str, date] | None, level: str, round_name: str
) -> tuple[str, ...]:
    """The council's biên bản as a "Căn cứ" line when the level's council recorded one."""
    if minutes is None:
        return ()
    return (
        f"Biên bản số {minutes[0]} ngày {short_date(minutes[1])} họp {COUNCIL} {level} xét "
        f"khen thưởng {round_name}",
    )


def _cited(sub: Submission, names: dict[int, str]) -> str:
    on = sub.issued_on or sub.created_at.date()
    return f"{names[sub.from_unit_id]} tại Tờ trình số {sub.document_no} ngày {short_date(on)}"


def _proposal(subs: list[Submission], names: dict[int, str], direct: bool, level: str) -> str:
    """ "Theo đề nghị của …": the tờ trình the dossiers came by, and the level's own council
    (Thường trực Hội đồng) for those its units submitted to it directly."""
    parts = [_cited(s, names) for s in subs]
    if direct:
        parts.append(f"Thường trực {COUNCIL} {level}")
    return f"Theo đề nghị của {'; '.join(parts)},"


def _executors(subs: list[Submission], names: dict[int, str], direct: bool) -> str:
    if len(subs) == 1 and not direct:
        return names[subs[0].from_unit_id]
    return "Thủ trưởng các đơn vị có liên quan"
