"""Saved filters: an account names a filter of the dossier list or the inbox to apply again.

A filter is the screen's query string, kept with only the screen's own filter keys (never the
page number); saving again under the same name replaces it. Each account sees and deletes only
its own filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from awards.errors import NotFoundError, ValidationError
from awards.fields import control_problem, require, too_long
from awards.model import SavedFilter
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal

# screen → (its address, the filter keys it reads, what a person calls it)
SCREENS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "dossiers": (
        "/dossiers",
        ("nominee", "code", "round", "state", "award", "unit", "sort"),
        "danh sách hồ sơ",
    ),
    "inbox": ("/", ("state", "sort"), "hộp việc"),
}
NAME_MAX = 80
MAX_PER_SCREEN = 30  # a resource limit of ours, not a legal number


@dataclass(frozen=True)
class Saved:
    id: int
    screen: str
    name: str
    query: str

    @property
    def url(self) -> str:
        path = SCREENS[self.screen][0]
        return f"{path}?{self.query}" if self.query else path


def clean_query(screen: str, query: str) -> str:
    """The screen's filter keys with a value, in the screen's order (the page number dropped)."""
    keys = SCREENS[_screen(screen)][1]
    given = {k: v.strip() for k, v in parse_qsl(query.lstrip("?")) if v.strip()}
    return urlencode([(k, given[k]) for k in keys if k in given])


def save_filter(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    screen: str,
    name: str,
    query: str,
    *,
    now: datetime,
) -> Saved:
    screen = _screen(screen)
    name = name.strip()
    long = too_long(name, NAME_MAX)
    require(
        name=("Tên bộ lọc trống; đặt một tên, ví dụ “Chờ tiếp nhận quá hạn”." if not name else None)
        or (f"Tên bộ lọc {long}." if long else None)
        or control_problem("Tên bộ lọc", name)
    )
    cleaned = clean_query(screen, query)
    with uow_factory() as uow:
        mine = uow.accounts.saved_filters(principal.user_id, screen)
        same = next((f for f in mine if f.name.casefold() == name.casefold()), None)
        if same is None and len(mine) >= MAX_PER_SCREEN:
            raise ValidationError(
                f"Đã có {MAX_PER_SCREEN} bộ lọc đã lưu cho {SCREENS[screen][2]}; "
                "hãy xóa bớt bộ lọc không dùng rồi lưu lại."
            )
        saved = same or SavedFilter(user_id=principal.user_id, screen=screen, name=name, query="")
        saved.name, saved.query, saved.created_at = name, cleaned, now
        saved_id = uow.accounts.put_saved_filter(saved)
        uow.commit()
    return Saved(saved_id, screen, name, cleaned)


def my_filters(
    uow_factory: UnitOfWorkFactory, principal: Principal, screen: str | None = None
) -> list[Saved]:
    with uow_factory(write=False) as uow:
        rows = uow.accounts.saved_filters(principal.user_id, screen and _screen(screen))
        return [Saved(f.id or 0, f.screen, f.name, f.query) for f in rows]


def filters_of(
    uow_factory: UnitOfWorkFactory, username: str, screen: str | None = None
) -> list[Saved]:
    """An account's saved filters, for the operator at the console (`tdkt users filters`)."""
    with uow_factory(write=False) as uow:
        user = uow.accounts.user_by_name(username)
        if user is None or user.id is None:
            raise NotFoundError(f"Không có tài khoản '{username}'; xem `tdkt users list`.")
        rows = uow.accounts.saved_filters(user.id, screen and _screen(screen))
        return [Saved(f.id or 0, f.screen, f.name, f.query) for f in rows]


def delete_filter(uow_factory: UnitOfWorkFactory, principal: Principal, filter_id: int) -> Saved:
    with uow_factory() as uow:
        saved = uow.accounts.saved_filter(filter_id)
        if saved is None or saved.user_id != principal.user_id:  # another's is not even named
            raise NotFoundError(f"Không có bộ lọc đã lưu số {filter_id} của bạn.")
        gone = Saved(filter_id, saved.screen, saved.name, saved.query)
        uow.accounts.delete_saved_filter(saved)
        uow.commit()
    return gone


def _screen(screen: str) -> str:
    if screen not in SCREENS:
        names = ", ".join(f"{k} ({v[2]})" for k, v in SCREENS.items())
        raise ValidationError(f"Màn hình '{screen}' không có bộ lọc để lưu; dùng: {names}.")
    return screen
