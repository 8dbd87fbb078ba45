"""Union members (đoàn viên) added and updated in bulk from Excel/CSV, within the importer's reach.

A new code adds a member; an existing one updates the facts the row fills (position, lao động
trực tiếp, giữ chức vụ lãnh đạo, mailbox, name…), moves the member to another unit (chuyển
sinh hoạt) or records the year's rating. Each member whose facts change gets a person_event
saying what changed, before and after, and who changed it: a member's facts never change
without one (the repository writes both together). An officer changes only members of the
units in their reach, and moves them only to units in their reach. The file is one
transaction: any wrong row, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from awards.errors import ImportFileError, NotFoundError, PermissionDenied
from awards.fields import email_problem
from awards.model import Person
from awards.permissions import Action
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.people import MemberWrites
from awards.services.accounts.access import Principal, load_principal
from awards.services.nomination.imports import NO, YES, Problem, cell_problems, code_of, printable
from awards.services.nomination.tabular import columns_of, read_rows, template_bytes
from rules.facts import RATING_LABELS

KIND = "members"
GENDERS = {"nam": "Nam", "nu": "Nữ"}
FACT_LABELS = {
    "full_name": "họ và tên",
    "gender": "giới tính",
    "birth_year": "năm sinh",
    "position": "chức vụ",
    "is_direct_worker": "lao động trực tiếp",
    "holds_leadership_post": "giữ chức vụ lãnh đạo",
    "email": "thư điện tử",
}
EVENT_LABELS = {
    "added": "Thêm đoàn viên",
    "updated": "Cập nhật thông tin",
    "moved": "Chuyển sinh hoạt",
    "rated": "Xếp loại",
}


def label(key: str) -> str:
    return next(c.label for c in columns_of(KIND) if c.key == key)


@dataclass(frozen=True)
class MemberChange:
    row: int
    code: str
    what: str
    detail: str


@dataclass
class MembersImportResult:
    changes: list[MemberChange] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False


def members_template(fmt: str) -> bytes:
    return template_bytes(KIND, fmt)


def principal_named(uow_factory: UnitOfWorkFactory, username: str, on: date) -> Principal:
    """The account a command acts as (`--as`), with its grants on `on`."""
    with uow_factory(write=False) as uow:
        user = uow.accounts.user_by_name(username)
    if user is None or user.id is None:
        raise NotFoundError(f"Không có tài khoản '{username}'; xem tdkt users list.")
    return load_principal(uow_factory, user.id, on)


def import_members_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    path: Path,
    *,
    now: datetime,
    dry_run: bool = False,
    max_rows: int | None = None,
) -> MembersImportResult:
    """The import on behalf of a user: the members and units of their reach only."""
    reach = principal.reach(Action.manage_members)
    if reach == set():
        raise PermissionDenied(
            f"Tài khoản {principal.username} không có quyền {Action.manage_members.label}."
        )
    return import_members(
        uow_factory,
        path,
        actor=principal.full_name,
        now=now,
        allowed_units=reach,
        dry_run=dry_run,
        max_rows=max_rows,
    )


def import_members(
    uow_factory: UnitOfWorkFactory,
    path: Path,
    *,
    actor: str,
    now: datetime,
    allowed_units: set[int] | None,
    dry_run: bool = False,
    max_rows: int | None = None,
) -> MembersImportResult:
    raw = read_rows(path, KIND, max_rows=max_rows)
    return apply_rows(
        uow_factory,
        raw,
        source=f"Tệp {path.name}",
        actor=actor,
        now=now,
        allowed_units=allowed_units,
        dry_run=dry_run,
    )


def apply_rows(
    uow_factory: UnitOfWorkFactory,
    raw: list[tuple[int, dict[str, str]]],
    *,
    source: str,
    actor: str,
    now: datetime,
    allowed_units: set[int] | None,
    dry_run: bool = False,
) -> MembersImportResult:
    """Rows of a file, or the one row of the screen's form: {column key: text} by row number."""
    with uow_factory() as uow:
        today = now.date()
        units = {u.code: u.id for u in uow.org.units_on(today)}
        codes = {unit_id: code for code, unit_id in units.items()}
        wanted = [c.get("code", "") for _, c in raw]
        people = uow.people.by_codes([c for c in wanted if c and len(c) <= 40 and printable(c)])
        check = _Check(units, people, allowed_units, today)
        rows = [(n, cells) for n, cells in raw if not check.row(n, cells)]
        if check.problems:
            raise _refusal(source, check.problems)
        result = MembersImportResult(dry_run=dry_run)
        _apply(uow, rows, people, units, codes, actor, now, result)
        if dry_run:
            uow.rollback()
        else:
            uow.commit()
    return result


def _refusal(source: str, problems: list[Problem]) -> ImportFileError:
    shown = "; ".join(f"dòng {n}, cột “{c}”: {r}" for n, c, r in problems[:20])
    more = f" (và {len(problems) - 20} lỗi khác)" if len(problems) > 20 else ""
    return ImportFileError(
        f"{source} có {len(problems)} lỗi, không ghi dòng nào: {shown}{more}. "
        "Sửa các dòng này rồi nhập lại.",
        problems,
    )


class _Check:
    """Each row's cells against the file, the units of today and the importer's reach."""

    def __init__(
        self,
        units: dict[str, int],
        people: dict[str, Person],
        reach: set[int] | None,
        today: date,
    ) -> None:
        self.units, self.people, self.reach, self.today = units, people, reach, today
        self.seen: dict[str, int] = {}
        self.problems: list[Problem] = []

    def row(self, number: int, cells: dict[str, str]) -> bool:
        """Records the row's problems; True when there are any."""
        out = cell_problems(KIND, number, cells)
        code = cells.get("code", "")
        if code in self.seen:
            out.append((number, label("code"), f"mã '{code}' đã có ở dòng {self.seen[code]}"))
        self.seen.setdefault(code, number)
        person = self.people.get(code)
        if person is None and code:
            for key in ("name", "gender", "birth_year", "unit"):
                if not cells.get(key):
                    out.append((number, label(key), "bắt buộc với đoàn viên mới"))
        elif person is not None and self.reach is not None and person.unit_id not in self.reach:
            out.append(
                (number, label("code"), f"đoàn viên '{code}' không thuộc đơn vị bạn quản lý")
            )
        if cells.get("gender"):
            cells["gender"] = code_of(cells["gender"], GENDERS)
            if cells["gender"] not in GENDERS:
                out.append((number, label("gender"), "ghi 'Nam' hoặc 'Nữ'"))
        year = cells.get("birth_year", "")
        if year and not (year.isdigit() and 1900 <= int(year) <= self.today.year - 14):
            out.append(
                (
                    number,
                    label("birth_year"),
                    f"'{year}' phải là năm, từ 1900 đến {self.today.year - 14}",
                )
            )
        unit = cells.get("unit", "")
        if unit and unit not in self.units:
            out.append(
                (
                    number,
                    label("unit"),
                    f"không có đơn vị mã '{unit}' hiệu lực ngày {self.today:%d/%m/%Y}",
                )
            )
        elif unit and self.reach is not None and self.units[unit] not in self.reach:
            out.append((number, label("unit"), f"đơn vị '{unit}' không thuộc phạm vi bạn quản lý"))
        for flag in ("direct", "leader"):
            if cells.get(flag, "").lower() not in YES | NO:
                out.append((number, label(flag), "ghi 'có' hoặc 'không'"))
        problem = email_problem(cells.get("email"), label("email"))
        if problem:
            out.append((number, label("email"), problem))
        out += self._rating(number, cells)
        self.problems += out
        return bool(out)

    def _rating(self, number: int, cells: dict[str, str]) -> list[Problem]:
        year, rating = cells.get("year", ""), cells.get("rating", "")
        if bool(year) != bool(rating):
            key = "rating" if year else "year"
            return [(number, label(key), "ghi cả Năm xếp loại và Xếp loại, hoặc để trống cả hai")]
        out: list[Problem] = []
        if year and not (year.isdigit() and 2000 <= int(year) <= self.today.year):
            out.append(
                (number, label("year"), f"'{year}' phải là năm, từ 2000 đến {self.today.year}")
            )
        if rating:
            cells["rating"] = code_of(rating, RATING_LABELS)
            if cells["rating"] not in RATING_LABELS:
                names = " / ".join(v.capitalize() for v in RATING_LABELS.values())
                out.append((number, label("rating"), f"'{rating}' không có; ghi {names}"))
        return out


def _facts(cells: dict[str, str]) -> dict[str, Any]:
    """The facts the row fills, in the template's column order (empty cells leave a fact)."""
    values: dict[str, Any] = {}
    for key, column in FACT_COLUMNS:
        text = cells.get(key)
        if not text:
            continue
        if column == "birth_year":
            values[column] = int(text)
        elif column in ("is_direct_worker", "holds_leadership_post"):
            values[column] = text.lower() in YES
        else:
            values[column] = text
    return values


FACT_COLUMNS = (
    ("name", "full_name"),
    ("gender", "gender"),
    ("birth_year", "birth_year"),
    ("position", "position"),
    ("direct", "is_direct_worker"),
    ("leader", "holds_leadership_post"),
    ("email", "email"),
)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return GENDERS.get(str(value), str(value)) if value not in (None, "") else "—"


def _apply(
    uow: UnitOfWork,
    rows: list[tuple[int, dict[str, str]]],
    people: dict[str, Person],
    units: dict[str, int],
    codes: dict[int, str],
    actor: str,
    now: datetime,
    result: MembersImportResult,
) -> None:
    """Collect every change with its event, then write them in bulk (MemberWrites)."""
    writes = MemberWrites()

    def event(person: int | str, kind: str, **detail: Any) -> None:
        writes.events.append(
            {"person": person, "actor": actor, "at": now, "kind": kind, "detail": detail}
        )

    def done(number: int, code: str, kind: str, detail: str) -> None:
        result.changes.append(MemberChange(number, code, EVENT_LABELS[kind], detail))

    rated = [p.id for c in rows if (p := people.get(c[1]["code"])) is not None and p.id]
    years = {int(c["year"]) for _, c in rows if c.get("year")}
    ratings = {y: uow.people.ratings_of(rated, y) for y in years}
    for number, cells in rows:
        code = cells["code"]
        facts = _facts(cells)
        person = people.get(code)
        before_count = len(result.changes)
        ref: int | str
        if person is None:
            ref = code
            new = Person(code=code, unit_id=units[cells["unit"]], **facts)
            writes.new.append(new.model_dump(exclude={"id"}))
            event(ref, "added", unit=cells["unit"], **{k: [None, v] for k, v in facts.items()})
            done(number, code, "added", f"{new.full_name}, {cells['unit']}")
        else:
            assert person.id is not None
            ref = person.id
            diff = {k: [getattr(person, k), v] for k, v in facts.items() if getattr(person, k) != v}
            if diff:
                writes.facts.append((ref, {k: v for k, (_, v) in diff.items()}))
                event(ref, "updated", **diff)
                shown = "; ".join(
                    f"{FACT_LABELS[k]}: {_shown(a)} → {_shown(b)}" for k, (a, b) in diff.items()
                )
                done(number, code, "updated", shown)
            target = units.get(cells.get("unit", ""))
            if target is not None and target != person.unit_id:
                before = codes.get(person.unit_id) or uow.org.codes_by_id([person.unit_id]).get(
                    person.unit_id, str(person.unit_id)
                )
                writes.facts.append((ref, {"unit_id": target}))
                event(ref, "moved", unit=[before, cells["unit"]])
                done(number, code, "moved", f"{before} → {cells['unit']}")
        if cells.get("year"):
            year, rating = int(cells["year"]), cells["rating"]
            before_rating = ratings.get(year, {}).get(ref) if isinstance(ref, int) else None
            if before_rating != rating:
                writes.ratings.append((ref, year, rating, before_rating is not None))
                event(ref, "rated", year=year, rating=[before_rating, rating])
                done(number, code, "rated", f"năm {year}: {RATING_LABELS[rating]}")
        if len(result.changes) == before_count:
            result.unchanged += 1
    uow.people.write_members(writes)


@dataclass(frozen=True)
class MemberHistory:
    code: str
    name: str
    unit: str
    events: list[tuple[datetime, str, str, str]]  # at, label, what changed, by whom


def member_history(
    uow_factory: UnitOfWorkFactory, code: str, *, allowed_units: set[int] | None = None
) -> MemberHistory:
    """A member's trail of changes (within the reader's reach)."""
    with uow_factory(write=False) as uow:
        person = uow.people.by_code(code)
        if (
            person is None
            or person.id is None
            or (allowed_units is not None and person.unit_id not in allowed_units)
        ):
            raise NotFoundError(f"Không có đoàn viên mã '{code}' trong phạm vi của bạn.")
        unit = uow.org.codes_by_id([person.unit_id]).get(person.unit_id, "")
        events = [
            (e.at, EVENT_LABELS.get(e.kind, e.kind), _detail(e.detail), e.actor)
            for e in uow.people.events(person.id)
        ]
    return MemberHistory(code, person.full_name, unit, events)


def _detail(detail: dict[str, Any]) -> str:
    if "rating" in detail and "year" in detail:
        before, after = (RATING_LABELS.get(str(r), "—") for r in detail["rating"])
        return f"năm {detail['year']}: {before} → {after}"
    parts = []
    for key, value in detail.items():
        if isinstance(value, list) and len(value) == 2:
            what = FACT_LABELS.get(key, "đơn vị" if key == "unit" else "xếp loại")
            after = RATING_LABELS.get(str(value[1]), _shown(value[1]))
            before = RATING_LABELS.get(str(value[0]), _shown(value[0]))
            parts.append(f"{what}: {before} → {after}")
        elif key == "unit":
            parts.append(f"đơn vị: {value}")
    return "; ".join(parts)
