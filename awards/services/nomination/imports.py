"""Imports of unit submissions: nominations (with nominee facts) and programme records.

Every row is checked against the file and the database first; each problem is reported with
its row, column and reason. Nothing is written unless the whole file is valid, or, with
``valid_only``, the valid rows are written in one transaction and the rejected ones are
written back to an error file beside the input (same columns plus "Lỗi").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from awards.errors import ImportFileError, NotFoundError, ValidationError
from awards.fields import too_long
from awards.model import Award, ProgrammePhase, Round
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.org import OrgRepository
from awards.services import Progress, no_progress
from awards.services.nomination.nominate import plan_route
from awards.services.nomination.scope import nominee_problems, not_in_scope
from awards.services.nomination.tabular import (
    Limits,
    columns_of,
    default_limits,
    read_rows,
    write_rows,
)
from awards.services.registrations.register import RegistrationGuard
from awards.services.rounds.window import check_nomination, sync_unsent_due
from rules.facts import NOMINEE_KIND_LABELS

Problem = tuple[int, str, str]  # row, column label, reason
# programme_record.value_vnd is a BIGINT column (migration 0007_scale).
VALUE_MAX = 9_223_372_036_854_775_807
YES, NO = {"có", "co", "x", "1", "true"}, {"không", "khong", "", "0", "false"}


@dataclass
class ImportResult:
    written: int
    rejected: int
    problems: list[Problem] = field(default_factory=list)
    error_file: Path | None = None
    codes: list[str] = field(default_factory=list)  # dossiers created (nominations)
    rejected_rows: list[list[str]] = field(default_factory=list)  # not written, reasons last
    kind: str = "nominations"

    def error_bytes(self, fmt: str = "xlsx") -> bytes:
        """The rejected rows with an error column, as the template (XLSX or CSV)."""
        return write_rows(self.kind, self.rejected_rows, fmt, errors=True)


def _label(kind: str, key: str) -> str:
    return next(c.label for c in columns_of(kind) if c.key == key)


def cell_problems(kind: str, number: int, row: dict[str, str]) -> list[Problem]:
    """Empty required cells, control characters, text longer than its database column."""
    out: list[Problem] = []
    for c in columns_of(kind):
        text = row.get(c.key, "")
        if c.required and not text:
            out.append((number, c.label, "bắt buộc, đang để trống"))
        elif not printable(text):
            out.append((number, c.label, "có ký tự điều khiển (không in được); gõ lại ô này"))
        elif c.max_length is not None and len(text) > c.max_length:
            out.append((number, c.label, too_long(text, c.max_length) or ""))
    return out


def printable(text: str) -> bool:
    return all(ch >= " " and ch != "\x7f" or ch in "\t\n\r" for ch in text)


def parse_day(text: str) -> date:
    """dd/mm/yyyy (as typed) or an ISO date (as an XLSX date cell reads)."""
    text = text.strip()
    if "/" in text:
        return datetime.strptime(text, "%d/%m/%Y").date()
    return date.fromisoformat(text[:10])


def _finish(
    kind: str,
    path: Path,
    rows: list[tuple[int, dict[str, str]]],
    problems: list[Problem],
    valid_only: bool,
    write: Callable[[list[dict[str, str]]], int],
) -> ImportResult:
    bad = {n for n, _, _ in problems}
    rejected = rejected_lines(kind, rows, problems)
    if problems and not valid_only:
        shown = "; ".join(f"dòng {n}, cột “{c}”: {r}" for n, c, r in problems[:20])
        more = f" (và {len(problems) - 20} lỗi khác)" if len(problems) > 20 else ""
        raise ImportFileError(
            f"Tệp {path.name} có {len(problems)} lỗi, không ghi dòng nào: {shown}{more}. "
            "Sửa các dòng này rồi nhập lại, hoặc dùng --valid-only để chỉ ghi các dòng đúng.",
            problems,
            rejected,
            kind,
        )
    written = write([row for n, row in rows if n not in bad])
    result = ImportResult(written, len(bad), problems, rejected_rows=rejected, kind=kind)
    if problems:
        fmt = "csv" if path.suffix.lower() == ".csv" else "xlsx"
        result.error_file = path.with_name(f"{path.stem}.loi.{fmt}")
        result.error_file.write_bytes(result.error_bytes(fmt))
    return result


def rejected_lines(
    kind: str, rows: list[tuple[int, dict[str, str]]], problems: list[Problem]
) -> list[list[str]]:
    """Each rejected row as read, in the template's columns, with every reason in the last."""
    reasons: dict[int, list[str]] = {}
    for n, column, reason in problems:
        reasons.setdefault(n, []).append(f"dòng {n}, {column}: {reason}")
    keys = [c.key for c in columns_of(kind)]
    return [
        [row.get(k, "") for k in keys] + ["; ".join(reasons[n])] for n, row in rows if n in reasons
    ]


def error_file_bytes(err: ImportFileError, fmt: str = "xlsx") -> bytes:
    """The error file of a refused import (every row wrong was kept with its reasons)."""
    return write_rows(err.kind, err.rejected_rows, fmt, errors=True)


def import_records(
    uow_factory: UnitOfWorkFactory,
    path: Path,
    programme_code: str,
    *,
    valid_only: bool = False,
    limits: Limits | None = None,
) -> ImportResult:
    budget = (limits or default_limits()).start(path.name)
    rows = read_rows(path, "records", budget)
    with uow_factory() as uow:
        programme = uow.imports.programme(programme_code)
        assert programme.id is not None
        units = _codes(uow, "unit", [r.get("unit", "") for _, r in rows])
        phases = uow.imports.phases(programme.id)
        taken = uow.imports.record_refs(programme.id)
        problems: list[Problem] = []
        for number, row in rows:
            budget.tick(number)
            found = _record_problems(number, row, units, phases, taken)
            problems += found
            taken.add(row.get("ref", ""))

        def write(good: list[dict[str, str]]) -> int:
            n = uow.imports.insert_records(
                [
                    {
                        "programme_id": programme.id,
                        "unit_id": units[r["unit"]],
                        "recorded_on": parse_day(r["day"]),
                        "ref": r["ref"],
                        "title": r["title"],
                        "author": r.get("author", ""),
                        "value_vnd": int(r.get("value") or 0),
                    }
                    for r in good
                ],
            )
            uow.commit()
            return n

        return _finish("records", path, rows, problems, valid_only, write)


def _record_problems(
    number: int,
    row: dict[str, str],
    units: dict[str, int],
    phases: list[ProgrammePhase],
    taken: set[str],
) -> list[Problem]:
    out = cell_problems("records", number, row)
    L = lambda key: _label("records", key)  # noqa: E731
    if row.get("unit") and row["unit"] not in units:
        out.append((number, L("unit"), f"không có đơn vị mã '{row['unit']}'"))
    if row.get("ref") and row["ref"] in taken:
        out.append((number, L("ref"), f"số hiệu '{row['ref']}' đã có (trong tệp hoặc CSDL)"))
    if row.get("day"):
        try:
            day = parse_day(row["day"])
            if not any(p.starts_on <= day <= p.ends_on for p in phases):
                out.append((number, L("day"), f"ngày {day:%d/%m/%Y} ngoài các giai đoạn"))
        except ValueError:
            out.append((number, L("day"), f"'{row['day']}' không phải ngày dd/mm/yyyy"))
    value = row.get("value", "")
    if value and not (value.isascii() and value.isdigit()):
        out.append((number, L("value"), f"'{value[:40]}' phải là số nguyên không âm (đồng)"))
    elif value and (len(value.lstrip("0")) > 19 or int(value) > VALUE_MAX):
        out.append((number, L("value"), f"lớn quá: tối đa {VALUE_MAX:,} đồng".replace(",", ".")))
    return out


def _codes(uow: UnitOfWork, kind: Literal["unit", "person"], codes: list[str]) -> dict[str, int]:
    # A code with control characters or longer than any code column cannot exist; PostgreSQL
    # refuses NUL in a query parameter, so such cells are reported, never looked up.
    wanted = sorted({c for c in codes if c and len(c) <= 100 and printable(c)})
    return uow.org.ids_by_code(wanted) if kind == "unit" else uow.people.ids_by_code(wanted)


def import_nominations(
    uow_factory: UnitOfWorkFactory,
    path: Path,
    round_code: str,
    *,
    now: datetime,
    valid_only: bool = False,
    allowed_units: set[int] | None = None,
    progress: Progress = no_progress,
    limits: Limits | None = None,
) -> ImportResult:
    """``allowed_units``: the units the importing user may nominate for (None: any unit);
    ``limits``: the row and time caps (TDKT_IMPORT_MAX_ROWS, TDKT_IMPORT_MAX_SECONDS)."""
    budget = (limits or default_limits()).start(path.name)
    rows = read_rows(path, "nominations", budget)
    with uow_factory() as uow:
        try:
            rnd = uow.rounds.by_code(round_code)
        except NotFoundError as err:
            raise ImportFileError(err.message, []) from None
        awards = uow.rounds.awards()
        units = _codes(uow, "unit", [r.get(k, "") for _, r in rows for k in ("unit", "collective")])
        people = _codes(uow, "person", [r.get("person", "") for _, r in rows])
        routes: dict[tuple[str, int], tuple[list[int], bool] | str] = {}
        problems: list[Problem] = []
        for i, (number, row) in enumerate(rows, start=1):
            budget.tick(number)
            if i % 50 == 0 or i == len(rows):
                progress(i, len(rows))
            problems += _nomination_problems(
                uow.org, number, row, awards, units, people, routes, now
            )
            problems += _round_problems(uow, rnd, number, awards.get(row.get("award", "")), now)
            unit_id = units.get(row.get("unit", ""))
            if allowed_units is not None and unit_id is not None and unit_id not in allowed_units:
                label = _label("nominations", "unit")
                problems.append((number, label, f"bạn không được lập hồ sơ cho '{row['unit']}'"))
        # Nominees of the nominating unit's subtree only, once per award and round (issue 16).
        problems += nominee_problems(uow, rnd, rows, units, people, now.date(), _label)
        problems += _registration_problems(uow, rnd, rows, awards, units, people)

        created: list[str] = []

        def write(good: list[dict[str, str]]) -> int:
            n = _write_nominations(uow, rnd, good, units, people, routes, now, created)
            sync_unsent_due(
                uow.round_admin, uow.org, rnd, now.date()
            )  # drafts fall due on their unit's hạn nộp
            uow.commit()
            return n

        result = _finish("nominations", path, rows, problems, valid_only, write)
        result.codes = created
        return result


def _round_problems(
    uow: UnitOfWork, rnd: Round, number: int, award: Award | None, now: datetime
) -> list[Problem]:
    """The round must be open and admit the award (the same guard as one nomination)."""
    if award is None:
        return []
    try:
        check_nomination(uow.rounds, rnd, award, now.date())
    except ValidationError as err:
        return [(number, _label("nominations", "award"), str(err))]
    return []


def _registration_problems(
    uow: UnitOfWork,
    rnd: Round,
    rows: list[tuple[int, dict[str, str]]],
    awards: dict[str, Award],
    units: dict[str, int],
    people: dict[str, int],
) -> list[Problem]:
    """Rows of a round that requires registration whose nominee did not register the award."""
    guard, out = RegistrationGuard(uow), []
    for number, row in rows:
        kind, award = row.get("kind", ""), awards.get(row.get("award", ""))
        key = "person" if kind == "ca_nhan" else "collective"
        nominee = (people if kind == "ca_nhan" else units).get(row.get(key, ""))
        if award is None or nominee is None or kind not in ("ca_nhan", "tap_the"):
            continue  # reported by the row checks
        why = guard.refusal(rnd, award.code, kind, nominee)
        if why:
            out.append((number, _label("nominations", key), why))
    return out


def code_of(text: str, labels: dict[str, str]) -> str:
    """The code a cell means, written as the code or its label (any case, spaces trimmed)."""
    wanted = " ".join(text.split()).casefold()
    for code, label in labels.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    return text.strip()


def _nomination_problems(
    org: OrgRepository,
    number: int,
    row: dict[str, str],
    awards: dict[str, Award],
    units: dict[str, int],
    people: dict[str, int],
    routes: dict[tuple[str, int], tuple[list[int], bool] | str],
    now: datetime,
) -> list[Problem]:
    out = cell_problems("nominations", number, row)
    L = lambda key: _label("nominations", key)  # noqa: E731
    # people write the labels ("Cá nhân", the award's name), tools write codes: take both
    row["kind"] = code_of(row.get("kind", ""), NOMINEE_KIND_LABELS)
    row["award"] = code_of(row.get("award", ""), {a.code: a.name for a in awards.values()})
    award = awards.get(row["award"])
    kind = row["kind"]
    if row["award"] and award is None:
        out.append((number, L("award"), f"không có hình thức mã '{row['award']}'"))
    if kind and kind not in NOMINEE_KIND_LABELS:
        out.append((number, L("kind"), f"'{kind}' không có; ghi 'Cá nhân' hoặc 'Tập thể'"))
    elif award is not None and kind and kind not in award.nominee_kinds:
        what = NOMINEE_KIND_LABELS[kind].lower()
        out.append((number, L("kind"), f"{award.name} không xét cho {what}"))
    key = "person" if kind == "ca_nhan" else "collective"
    if kind in ("ca_nhan", "tap_the") and not row.get(key):
        out.append((number, L(key), "bắt buộc với loại này"))
    # every code written is checked, whatever else is wrong in the row (one pass fixes a row)
    for given, pool, of in (("person", people, "ca_nhan"), ("collective", units, "tap_the")):
        if row.get(given) and row[given] not in pool:  # worded as for another unit's code
            out.append((number, L(given), not_in_scope(of, row[given])))
    for flag in ("direct", "leader"):
        if row.get(flag, "").lower() not in YES | NO:
            out.append((number, L(flag), "ghi 'có' hoặc 'không'"))
    if row.get("unit") and row["unit"] not in units:
        out.append((number, L("unit"), f"không có đơn vị mã '{row['unit']}'"))
    elif award is not None and row.get("unit"):
        route = _route(org, award, units[row["unit"]], routes, now)
        if isinstance(route, str):
            out.append((number, L("unit"), route))
    return out


def _route(
    org: OrgRepository,
    award: Award,
    unit_id: int,
    routes: dict[tuple[str, int], tuple[list[int], bool] | str],
    now: datetime,
) -> tuple[list[int], bool] | str:
    """The route, computed once per (award, unit) for the whole file; an error is its message."""
    from awards.errors import ValidationError

    key = (award.code, unit_id)
    if key not in routes:
        try:
            routes[key] = plan_route(org, award, unit_id, now)
        except ValidationError as err:
            routes[key] = str(err)
    return routes[key]


def _write_nominations(
    uow: UnitOfWork,
    rnd: Round,
    good: list[dict[str, str]],
    units: dict[str, int],
    people: dict[str, int],
    routes: dict[tuple[str, int], tuple[list[int], bool] | str],
    now: datetime,
    created: list[str],
) -> int:
    dossiers = []
    for r in good:
        planned = routes[(r["award"], units[r["unit"]])]
        assert not isinstance(planned, str)  # rows with a route error were rejected
        route, at_state_body = planned
        (code,) = uow.dossiers.new_codes(rnd.year)
        created.append(code)
        person = people.get(r.get("person", "")) if r["kind"] == "ca_nhan" else None
        collective = units.get(r.get("collective", "")) if r["kind"] == "tap_the" else None
        dossiers.append(
            {
                "code": code,
                "round_id": rnd.id,
                "award_code": r["award"],
                "nominee_kind": r["kind"],
                "person_id": person,
                "nominee_unit_id": collective,
                "nominating_unit_id": units[r["unit"]],
                "current_unit_id": route[0],
                "route": route,
                "ends_at_state_body": at_state_body,
                "hop_no": 0,
                "state": "draft",
                "version": 1,
                "audit_seq": 0,
                "audit_hash": "",
                "achievement_summary": r["achievement"],
                # Asserted facts stay claims on the dossier, reviewed at appraisal; the person's
                # record is not rewritten by whoever imports (issue 16).
                "claims": claims_of(r) if person is not None else None,
                "due_on": rnd.submission_deadline,
                "created_at": now,
                "updated_at": now,
            }
        )
    return uow.dossiers.insert_many(dossiers)


def claims_of(row: dict[str, str]) -> dict[str, Any] | None:
    """The nominee facts a row asserts (only the columns that were filled)."""
    values: dict[str, Any] = {}
    if row.get("position"):
        values["position"] = row["position"]
    for key, column in (("direct", "is_direct_worker"), ("leader", "holds_leadership_post")):
        if row.get(key):
            values[column] = row[key].lower() in YES
    return values or None
