"""Who a unit may nominate (issue 16): its own members and collectives, once per award and round.

A nominee belongs to the nominating unit's subtree (a person of the unit or a unit below it;
a collective that is the unit or below it). The refusal reads the same whether the code exists
elsewhere or not at all, so codes cannot be enumerated through it. A second dossier for the same
nominee × award × round is refused while the first is open or awarded.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date

from awards.errors import ValidationError
from awards.model import Round
from awards.repository import UnitOfWork


def not_in_scope(kind: str, code: str) -> str:
    what = "đoàn viên" if kind == "ca_nhan" else "tập thể"
    return (
        f"Không có {what} mã '{code}' thuộc đơn vị đề nghị hoặc đơn vị trực thuộc; "
        "kiểm tra lại mã (chỉ đề nghị cho đoàn viên, tập thể của đơn vị mình)."
    )


def duplicate(existing: str) -> str:
    return (
        f"Đã có hồ sơ {existing} đề nghị hình thức này cho cùng đối tượng trong đợt, đang xử lý "
        "hoặc đã được khen; không lập thêm (rút hồ sơ cũ nếu cần lập lại)."
    )


def in_subtree(unit_of_nominee: int | None, subtree: Collection[int]) -> bool:
    return unit_of_nominee is not None and unit_of_nominee in subtree


def resolve(
    uow: UnitOfWork,
    nominating_unit_id: int,
    kind: str,
    code: str,
    on: date,
    within: Collection[int] | None = None,
) -> int:
    """The id of the person or collective `code` within the nominating unit's subtree (or the
    units `within`, for a cluster's lead)."""
    checks = uow.integrity
    subtree = within if within is not None else checks.descendant_ids(nominating_unit_id, on)
    if kind == "ca_nhan":
        found = checks.person_units([code]).get(code)
        if found is not None and in_subtree(found[1], subtree):
            return found[0]
    else:
        unit_id = checks.unit_id_of(code)
        if in_subtree(unit_id, subtree):
            assert unit_id is not None
            return unit_id
    raise ValidationError(not_in_scope(kind, code))


def require_single(
    uow: UnitOfWork, round_id: int, award_code: str, kind: str, nominee_id: int
) -> None:
    existing = uow.integrity.standing_dossiers(round_id, [award_code], [(kind, nominee_id)])
    if existing:
        raise ValidationError(duplicate(next(iter(existing.values()))))


Label = Callable[[str, str], str]


def nominee_problems(
    uow: UnitOfWork,
    rnd: Round,
    rows: Sequence[tuple[int, dict[str, str]]],
    units: dict[str, int],
    people: dict[str, int],
    on: date,
    label: Label,
) -> list[tuple[int, str, str]]:
    """Import rows whose nominee is outside the nominating unit's subtree or already nominated
    (in the database or earlier in the file): (row number, column label, reason)."""
    assert rnd.id is not None
    checks = uow.integrity
    person_unit = {c: u for c, (_, u) in checks.person_units(list(people)).items()}
    subtrees: dict[int, set[int]] = {}
    out: list[tuple[int, str, str]] = []
    wanted: list[tuple[int, str, str, int]] = []  # row, award, kind, nominee id
    for number, row in rows:
        kind, unit_id = row.get("kind", ""), units.get(row.get("unit", ""))
        key = "person" if kind == "ca_nhan" else "collective"
        code = row.get(key, "")
        nominee = people.get(code) if kind == "ca_nhan" else units.get(code)
        if unit_id is None or nominee is None or kind not in ("ca_nhan", "tap_the"):
            continue  # reported by the row checks
        if unit_id not in subtrees:
            subtrees[unit_id] = checks.descendant_ids(unit_id, on)
        where = person_unit.get(code) if kind == "ca_nhan" else nominee
        if not in_subtree(where, subtrees[unit_id]):
            out.append((number, label("nominations", key), not_in_scope(kind, code)))
            continue
        wanted.append((number, row.get("award", ""), kind, nominee))
    standing = checks.standing_dossiers(
        rnd.id, sorted({a for _, a, _, _ in wanted}), [(k, i) for _, _, k, i in wanted]
    )
    seen: dict[tuple[str, str, int], int] = {}
    for number, award, kind, nominee in wanted:
        k = (award, kind, nominee)
        column = label("nominations", "person" if kind == "ca_nhan" else "collective")
        if k in standing:
            out.append((number, column, duplicate(standing[k])))
        elif k in seen:
            out.append(
                (number, column, f"trùng đề nghị ở dòng {seen[k]} (cùng đối tượng, hình thức)")
            )
        else:
            seen[k] = number
    return out
