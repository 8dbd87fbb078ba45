"""REST API under /api: the same services and permission checks as the pages, JSON in and out.

Sign in with POST /api/session (JSON); the answer carries the CSRF token that every later
unsafe request sends as X-CSRF-Token. Errors are {code, message (Vietnamese), allowed}.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from awards.permissions import Action
from awards.services.accounts.access import Principal
from awards.services.accounts.saved_filters import Saved, delete_filter, my_filters, save_filter
from awards.services.accounts.users import authenticate, users_below
from awards.services.audit.trail import AuditFilter, AuditLine, audit_page
from awards.services.dossiers.correction import Correction, correct_dossier, describe
from awards.services.dossiers.inbox import (
    MAX_PAGE,
    DossierLine,
    Page,
    board,
    inbox,
    list_dossiers,
)
from awards.services.dossiers.page import MoveInput, act, check_dossier, dossier_page
from awards.services.nomination.form import nominate_as
from awards.services.nomination.nominate import Nomination
from awards.web.deps import ERRORS, Csrf, DossierFilterDep, Me, MeInMove, web_of
from awards.web.security import client_address, principal, session, sign_in, sign_out

router = APIRouter(prefix="/api", tags=["api"])
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Trang, từ 1")]
PerPage = Annotated[int, Query(ge=1, le=100, description="Số dòng mỗi trang (tối đa 100)")]


class Login(BaseModel):
    username: str
    password: str


class SessionOut(BaseModel):
    username: str
    full_name: str
    csrf_token: str
    grants: list[dict[str, str]]


@router.post("/session", response_model=SessionOut, responses=ERRORS)
def login(body: Login, request: Request) -> SessionOut:
    web = web_of(request)
    uid = authenticate(
        web.tdkt.uow, body.username, body.password, client=client_address(request), now=web.now()
    )
    sign_in(request, uid)
    return _session_out(request, principal(request))


@router.get("/session", response_model=SessionOut, responses=ERRORS)
def me(request: Request, me: Me) -> SessionOut:
    return _session_out(request, me)


@router.delete("/session", status_code=204, responses=ERRORS, dependencies=[Csrf])
def logout(request: Request) -> None:
    sign_out(request)


def _session_out(request: Request, me: Principal) -> SessionOut:
    grants = [{"role": g.role, "unit": g.unit_name} for g in me.grants]
    return SessionOut(
        username=me.username,
        full_name=me.full_name,
        csrf_token=session(request)["csrf"],
        grants=grants,
    )


class DossierItem(BaseModel):
    code: str
    state: str
    state_label: str
    version: int
    award_code: str
    award_name: str
    nominee: str
    nominating_unit: str
    current_unit: str
    round_code: str
    due_on: date | None

    @classmethod
    def of(cls, line: DossierLine) -> DossierItem:
        from states import DossierState

        fields = {k: getattr(line, k) for k in cls.model_fields if k != "state_label"}
        return cls(**fields, state_label=DossierState(line.state).label)


class DossierList(BaseModel):
    items: list[DossierItem]
    total: int
    page: int
    per_page: int
    pages: int


def _list(page: Page[DossierLine]) -> DossierList:
    return DossierList(
        items=[DossierItem.of(x) for x in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
    )


class LateItem(BaseModel):
    dossier: DossierItem
    working_days_late: int | None


class ReminderItem(BaseModel):
    kind: str
    kind_label: str
    subject: str
    created_at: datetime
    status: str


class InboxOut(DossierList):
    counts: dict[str, int]
    overdue: int
    late: list[LateItem]  # the "Nhắc việc" panel: my overdue dossiers, most overdue first
    reminders: list[ReminderItem]  # reminders and overdue notices mailed to my address


@router.get("/inbox", response_model=InboxOut, responses=ERRORS)
def get_inbox(request: Request, me: Me, page: PageNo = 1, per_page: PerPage = 25) -> InboxOut:
    web = web_of(request)
    box = inbox(web.tdkt.uow, me, today=web.today(), page=page, per_page=per_page)
    panel = box.reminders
    return InboxOut(
        **_list(box.page).model_dump(),
        counts=box.counts,
        overdue=box.overdue,
        late=[
            LateItem(dossier=DossierItem.of(x.line), working_days_late=x.days_late)
            for x in (panel.late if panel else [])
        ],
        reminders=[
            ReminderItem(
                kind=r.kind,
                kind_label=r.kind_label,
                subject=r.subject,
                created_at=r.created_at,
                status=r.status,
            )
            for r in (panel.reminders if panel else [])
        ],
    )


@router.get("/dossiers", response_model=DossierList, responses=ERRORS)
def get_dossiers(
    request: Request, me: Me, flt: DossierFilterDep, page: PageNo = 1, per_page: PerPage = 25
) -> DossierList:
    web = web_of(request)
    found = list_dossiers(web.tdkt.uow, me, flt, today=web.today(), page=page, per_page=per_page)
    return _list(found)


class NominateIn(BaseModel):
    round_code: str
    award_code: str
    nominating_unit_code: str
    person_code: str | None = None
    nominee_unit_code: str | None = None
    # Its length is the nomination service's rule (awards.fields.summary_problem), the same
    # for the form and the import.
    achievement_summary: str = ""


@router.post("/dossiers", status_code=201, responses=ERRORS, dependencies=[Csrf])
def post_dossier(body: NominateIn, request: Request, me: Me) -> dict[str, str]:
    web = web_of(request)
    code = nominate_as(web.tdkt.uow, me, Nomination(**body.model_dump()), now=web.now())
    return {"code": code}


@router.get("/dossiers/{code}", responses=ERRORS)
def get_dossier(code: str, request: Request, me: Me) -> dict[str, Any]:
    web = web_of(request)
    pg = dossier_page(web.tdkt.uow, me, code, today=web.today())
    d = pg.dossier
    return {
        "code": d.code,
        "state": d.state,
        "state_label": pg.state_label,
        "version": d.version,
        "award": {"code": pg.award.code, "name": pg.award.name},
        "round": {"code": pg.round.code, "name": pg.round.name},
        "nominee": {k: v for k, v in pg.nominee.items() if isinstance(v, str | int | bool | None)},
        "nominating_unit": pg.nominating_unit,
        "route": [{"unit": name, "current": cur} for name, cur in pg.route],
        "due_on": d.due_on,
        "eligibility": d.eligibility,
        "claims": d.claims,  # facts the nomination asserts, not yet the person's record
        "attachments": [
            {"kind": a.kind, "filename": a.filename, "size_bytes": a.size_bytes}
            for a in pg.attachments
        ],
        "history": [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "role": e.role,
                "trigger": e.trigger,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "reason": e.reason,
            }
            for e in pg.history
        ],
        "allowed": [a.trigger for a in pg.actions],
        "versions": [
            {
                "seq": v.seq,
                "version": v.dossier_version,
                "at": v.at,
                "actor": v.actor,
                "changes": v.changes,
                "described": describe(v.changes),
                "note": v.note,
            }
            for v in pg.versions
        ],
    }


class CorrectionIn(BaseModel):
    """Fields left out (null) stay as they are; "" as position clears the asserted chức vụ."""

    achievement_summary: str | None = Field(default=None, max_length=4000)
    position: str | None = Field(default=None, max_length=200)
    is_direct_worker: bool | None = None
    holds_leadership_post: bool | None = None
    note: str = Field(default="", max_length=4000, description="Nội dung đã sửa theo yêu cầu")
    expected_version: int | None = Field(
        default=None, description="Phiên bản đã xem; khác phiên bản hiện tại → 409 xung_dot"
    )


class CorrectionOut(BaseModel):
    code: str
    version: int
    seq: int
    changes: dict[str, Any]


@router.post(
    "/dossiers/{code}/correction",
    response_model=CorrectionOut,
    responses=ERRORS,
    dependencies=[Csrf],
)
def post_correction(code: str, body: CorrectionIn, request: Request, me: Me) -> CorrectionOut:
    """The unit corrects its draft or returned dossier (each correction is kept as a version)."""
    web = web_of(request)
    done = correct_dossier(web.tdkt.uow, me, code, Correction(**body.model_dump()), now=web.now())
    return CorrectionOut(code=done.code, version=done.version, seq=done.seq, changes=done.changes)


class MoveIn(BaseModel):
    trigger: str
    expected_version: int | None = Field(
        default=None, description="Phiên bản đã xem; khác phiên bản hiện tại → 409 xung_dot"
    )
    reason: str = Field(default="", max_length=4000)
    due_on: date | None = None
    decision_no: str | None = Field(default=None, max_length=60)
    decision_date: date | None = None
    decision_signer: str | None = Field(default=None, max_length=200)


class MoveOut(BaseModel):
    code: str
    source: str
    dest: str | None


@router.post(
    "/dossiers/{code}/moves",
    response_model=MoveOut,
    responses=ERRORS,
    dependencies=[Csrf],
)
def post_move(code: str, body: MoveIn, request: Request, me: MeInMove) -> MoveOut:
    web = web_of(request)
    outcome = act(web.tdkt.uow, me, code, MoveInput(**body.model_dump()), now=web.now())
    return MoveOut(code=outcome.code, source=outcome.source, dest=outcome.dest)


class AuditItem(BaseModel):
    dossier_code: str
    seq: int
    at: Any
    actor: str
    role: str
    trigger: str
    from_state: str
    to_state: str
    reason: str
    unit: str


class AuditList(BaseModel):
    items: list[AuditItem]
    total: int
    page: int
    per_page: int
    pages: int


@router.get("/audit", response_model=AuditList, responses=ERRORS)
def get_audit(
    request: Request,
    me: Me,
    dossier: str | None = None,
    actor: str | None = None,
    trigger: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: PageNo = 1,
    per_page: PerPage = 50,
) -> AuditList:
    web = web_of(request)
    flt = AuditFilter(dossier, actor, trigger, date_from, date_to)
    found: Page[AuditLine] = audit_page(
        web.tdkt.uow, me, flt, tz=web.tdkt.settings.tz, page=page, per_page=per_page
    )
    return AuditList(
        items=[AuditItem(**vars(x)) for x in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        pages=found.pages,
    )


@router.get("/rounds/{round_code}/board", responses=ERRORS)
def get_board(round_code: str, unit: str, request: Request, me: Me) -> dict[str, Any]:
    web = web_of(request)
    b = board(web.tdkt.uow, me, round_code, unit, today=web.today())
    return {
        "round": b.round_code,
        "unit": b.unit_code,
        "rows": [{"unit": r.unit_code, "name": r.unit_name, "counts": r.counts} for r in b.rows],
    }


@router.get("/dossiers/{code}/permissions/{action}", responses=ERRORS)
def get_permission(code: str, action: Action, request: Request, me: Me) -> dict[str, bool]:
    """Whether the signed-in user may take `action` on this dossier (403 when not)."""
    web = web_of(request)
    check_dossier(web.tdkt.uow, me, code, action, today=web.today())
    return {"allowed": True}


@router.get("/users", responses=ERRORS)
def get_users(unit: str, request: Request, me: Me) -> list[dict[str, Any]]:
    """Accounts with a role on `unit` or below (administrators)."""
    web = web_of(request)
    return [
        {
            "username": u.username,
            "full_name": u.full_name,
            "active": u.active,
            "grants": [{"role": r, "unit": c} for r, c in u.grants],
        }
        for u in users_below(web.tdkt.uow, me, unit, on=web.today())
    ]


FilterId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # a row id: the database's integer


class FilterIn(BaseModel):
    screen: str = Field(description="dossiers (danh sách hồ sơ) | inbox (hộp việc)")
    name: str = Field(max_length=80)
    query: str = Field(default="", max_length=2000, description="state=received&sort=due")


class FilterOut(BaseModel):
    id: int
    screen: str
    name: str
    query: str
    url: str

    @classmethod
    def of(cls, saved: Saved) -> FilterOut:
        return cls(
            id=saved.id, screen=saved.screen, name=saved.name, query=saved.query, url=saved.url
        )


@router.get("/filters", response_model=list[FilterOut], responses=ERRORS)
def get_filters(request: Request, me: Me, screen: str | None = None) -> list[FilterOut]:
    """The signed-in account's saved filters (of one screen, or all)."""
    return [FilterOut.of(f) for f in my_filters(web_of(request).tdkt.uow, me, screen)]


@router.post(
    "/filters", status_code=201, response_model=FilterOut, responses=ERRORS, dependencies=[Csrf]
)
def post_filter(body: FilterIn, request: Request, me: Me) -> FilterOut:
    """Save (or, under a name already used, replace) a filter of the account."""
    web = web_of(request)
    saved = save_filter(web.tdkt.uow, me, body.screen, body.name, body.query, now=web.now())
    return FilterOut.of(saved)


@router.delete("/filters/{filter_id}", status_code=204, responses=ERRORS, dependencies=[Csrf])
def delete_saved_filter(filter_id: FilterId, request: Request, me: Me) -> None:
    delete_filter(web_of(request).tdkt.uow, me, filter_id)
