"""REST counterparts of the account screens and of the nominations upload."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from awards.errors import ImportFileError
from awards.services.accounts.admin import create_user_as, reset_password_as, set_active_as
from awards.services.accounts.users import NewUser
from awards.services.nomination.import_form import import_upload_as
from awards.services.nomination.tabular import Limits
from awards.web.deps import ERRORS, Csrf, Me, web_of

router = APIRouter(prefix="/api", tags=["accounts"], dependencies=[Csrf])


class UserIn(BaseModel):
    username: str = Field(max_length=80)
    full_name: str = Field(max_length=200)
    password: str = Field(max_length=200)
    role: str = Field(max_length=24)
    unit: str = Field(max_length=60)
    email: str | None = Field(default=None, max_length=200)


@router.post("/users", status_code=201, responses=ERRORS)
def post_user(body: UserIn, request: Request, me: Me) -> dict[str, int]:
    """Create an account with one role on a unit the administrator manages."""
    new = NewUser(body.username, body.full_name, body.password, body.email)
    return {"id": create_user_as(web_of(request).tdkt.uow, me, new, body.role, body.unit)}


class ActiveIn(BaseModel):
    active: bool


@router.post("/users/{username}/active", status_code=204, responses=ERRORS)
def post_active(username: str, body: ActiveIn, request: Request, me: Me) -> None:
    """Disable (revoking its sessions) or enable again an account in reach."""
    set_active_as(web_of(request).tdkt.uow, me, username, body.active)


class PasswordIn(BaseModel):
    password: str = Field(max_length=200)


@router.post("/users/{username}/password", status_code=204, responses=ERRORS)
def post_password(username: str, body: PasswordIn, request: Request, me: Me) -> None:
    """Set a new password; the account's sessions are revoked."""
    reset_password_as(web_of(request).tdkt.uow, me, username, body.password)


@router.post("/imports/nominations", responses=ERRORS)
async def post_import(
    request: Request,
    me: Me,
    round_code: Annotated[str, Form(max_length=40)],
    file: Annotated[UploadFile, File()],
    valid_only: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Nominations from an XLSX/CSV file; 422 with every row error, nothing saved, by default."""
    web = web_of(request)
    try:  # off the event loop: a long file never stalls the other requests (issue 16)
        result = await run_in_threadpool(
            import_upload_as,
            web.tdkt.uow,
            me,
            filename=file.filename or "",
            stream=file.file,
            round_code=round_code,
            now=web.now(),
            valid_only=valid_only,
            limits=Limits.of(web.tdkt.settings),
        )
    except ImportFileError as err:
        err.fields = {f"dòng {n} · {c}": r for n, c, r in err.problems[:200]}  # type: ignore[attr-defined]
        raise
    return {"written": result.written, "rejected": result.rejected, "problems": result.problems}
