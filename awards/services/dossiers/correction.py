"""A unit corrects its own dossier while it edits it (draft, or returned by the secretariat).

The nominee facts the nomination asserts (chức vụ, lao động trực tiếp, giữ chức vụ lãnh đạo:
the dossier's claims) and the achievement summary change here, and only here, for the web, the
API and the CLI alike. Each correction is one transaction: the dossier's new content and
version, a DossierVersion (what changed, who, when) and an audit event "correct" chained to the
dossier's trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from awards.errors import ConflictError, NotFoundError, TransitionNotAllowed, ValidationError
from awards.fields import require, summary_problem, text_problem
from awards.model import Dossier, DossierVersion
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.repository.dossiers import DossierRow
from awards.services.accounts.access import Principal, authorize
from awards.services.dossiers.attachments import CONSOLE
from awards.services.lifecycle.audit_chain import event_hash
from states import CORRECT, UNIT_EDITABLE_STATES, DossierState

# The fields a correction may change, with what a person reads for them.
FIELD_LABELS: dict[str, str] = {
    "achievement_summary": "Tóm tắt thành tích",
    "position": "Chức vụ",
    "is_direct_worker": "Lao động trực tiếp",
    "holds_leadership_post": "Giữ chức vụ lãnh đạo, quản lý",
}
CLAIMS = ("position", "is_direct_worker", "holds_leadership_post")
POSITION_MAX = 200  # the person's own column (Person.position)


@dataclass(frozen=True)
class Correction:
    """What to change; None leaves a field as it is ("" clears the asserted chức vụ)."""

    achievement_summary: str | None = None
    position: str | None = None
    is_direct_worker: bool | None = None
    holds_leadership_post: bool | None = None
    note: str = ""  # what the unit says it corrected, shown with the version
    expected_version: int | None = None  # the version the user saw; another one → ConflictError


@dataclass(frozen=True)
class Corrected:
    code: str
    version: int  # the dossier's version after the correction
    seq: int  # the number of the correction (DossierVersion.seq)
    changes: dict[str, dict[str, Any]]


def correct_dossier(
    uow_factory: UnitOfWorkFactory,
    principal: Principal | None,
    code: str,
    fix: Correction,
    *,
    now: datetime,
) -> Corrected:
    """Check and write one correction; nothing is written when a check fails.

    `principal` None is the operator at the console (`tdkt dossier correct`), like every command.
    """
    require(
        achievement_summary=summary_problem(fix.achievement_summary or ""),
        position=text_problem("Chức vụ", fix.position or "", POSITION_MAX),
        note=text_problem("Ghi chú sửa đổi", fix.note, 4000, multiline=True),
    )
    with uow_factory() as uow:
        rows = uow.dossiers.load_rows(codes=[code])
        if not rows:
            raise NotFoundError(f"Không có hồ sơ mã '{code}'.")
        row = rows[0]
        role = "admin"
        if principal is not None:
            grant = authorize(principal, Action.correct, [row.nominating_unit_id], f"hồ sơ {code}")
            role = grant.role
        require_correctable(row)
        if fix.expected_version is not None and fix.expected_version != row.version:
            raise ConflictError(
                f"Hồ sơ {code} đã thay đổi (phiên bản {row.version}, bạn đã xem phiên bản "
                f"{fix.expected_version}); hãy tải lại trang rồi sửa lại."
            )
        dossier = uow.dossiers.get(row.id)
        assert dossier is not None
        person = uow.people.get(dossier.person_id) if dossier.person_id is not None else None
        record = {k: getattr(person, k) for k in CLAIMS} if person is not None else {}
        changes, claims = _changes(dossier, record, fix)
        if not changes:
            raise ValidationError(
                f"Không có gì thay đổi trong hồ sơ {code}: các giá trị nhập giống hệt "
                "giá trị đang có."
            )
        actor = principal.full_name if principal is not None else CONSOLE
        seq = len(uow.dossiers.versions(row.id)) + 1
        event = {
            "dossier_id": row.id,
            "seq": row.audit_seq + 1,
            "at": now.astimezone(UTC),
            "actor": actor,
            "role": role,
            "trigger": CORRECT,
            "from_state": row.state,
            "to_state": row.state,
            "reason": fix.note.strip(),
            "hop_no": row.hop_no,
            "unit_id": row.current_unit_id,
            "policy_version": None,
            "data": {
                "user": principal.username if principal is not None else None,
                "version_seq": seq,
                "changes": changes,
            },
            "prev_hash": row.audit_hash,
        }
        event["hash"] = event_hash(row.audit_hash, event)
        update = {
            "b_id": row.id,
            "b_version": row.version,
            "achievement_summary": changes.get("achievement_summary", {}).get(
                "to", dossier.achievement_summary
            ),
            "claims": claims,
            "version": row.version + 1,
            "updated_at": now,
            "audit_seq": event["seq"],
            "audit_hash": event["hash"],
        }
        if uow.dossiers.write_moves([update]) != 1:
            raise ConflictError(f"Hồ sơ {code} vừa được người khác sửa; hãy tải lại trang.")
        uow.dossiers.insert_audit([event])
        uow.dossiers.add_version(
            DossierVersion(
                dossier_id=row.id,
                seq=seq,
                dossier_version=row.version + 1,
                state=row.state,
                at=now,
                actor=actor,
                username=principal.username if principal is not None else None,
                changes=changes,
                note=fix.note.strip(),
            )
        )
        uow.commit()
        return Corrected(code, row.version + 1, seq, changes)


def dossier_versions(uow_factory: UnitOfWorkFactory, code: str) -> list[DossierVersion]:
    """The corrections of one dossier, oldest first (the console's view; the page has its own)."""
    with uow_factory(write=False) as uow:
        return uow.dossiers.versions(uow.dossiers.row(code).id)


def require_correctable(row: DossierRow) -> None:
    """The unit corrects its dossier only while it edits it (the lifecycle's editable states)."""
    if row.state not in UNIT_EDITABLE_STATES:
        editable = ", ".join(f'"{s.label}"' for s in sorted(UNIT_EDITABLE_STATES))
        raise TransitionNotAllowed(
            f"Không thể sửa hồ sơ {row.code} ở trạng thái "
            f'"{DossierState(row.state).label}": chỉ sửa khi hồ sơ ở trạng thái {editable}.'
        )


def correctable(state: str) -> bool:
    return state in UNIT_EDITABLE_STATES


def _changes(
    dossier: Dossier, record: dict[str, Any], fix: Correction
) -> tuple[dict[str, dict[str, Any]], dict[str, Any] | None]:
    """Each changed field {"from", "to"}, and the dossier's claims after the correction.

    A fact the dossier does not assert reads as the person's record (what the page shows), so
    sending the values shown back unchanged changes nothing.
    """
    changes: dict[str, dict[str, Any]] = {}
    summary = fix.achievement_summary
    if summary is not None and summary.strip() != dossier.achievement_summary:
        old_summary = dossier.achievement_summary
        changes["achievement_summary"] = {"from": old_summary, "to": summary.strip()}
    claims = dict(dossier.claims or {})
    wanted = {
        "position": None if fix.position is None else fix.position.strip(),
        "is_direct_worker": fix.is_direct_worker,
        "holds_leadership_post": fix.holds_leadership_post,
    }
    asked = {k: v for k, v in wanted.items() if v is not None}
    if asked and dossier.person_id is None:
        raise ValidationError(
            f"Hồ sơ {dossier.code} đề nghị khen thưởng một tập thể: không có chức vụ, lao động "
            "trực tiếp hay chức vụ lãnh đạo để sửa; chỉ sửa được tóm tắt thành tích."
        )
    for key, value in asked.items():
        old = claims[key] if key in claims else record.get(key)
        if key == "position" and value == "":
            if key in claims:  # no longer asserted: the record's chức vụ applies again
                changes[key] = {"from": old, "to": record.get(key) or None}
                claims.pop(key)
            continue
        if value != old:
            changes[key] = {"from": old, "to": value}
            claims[key] = value
    return changes, (claims or None)


def describe(changes: dict[str, dict[str, Any]]) -> list[str]:
    """The changes as a person reads them: "Chức vụ: Tổ trưởng → Tổ phó"."""
    return [
        f"{FIELD_LABELS.get(field, field)}: {_value(c.get('from'))} → {_value(c.get('to'))}"
        for field, c in changes.items()
    ]


def _value(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    text = str(value)
    return f"“{text[:120]}…”" if len(text) > 120 else f"“{text}”"
