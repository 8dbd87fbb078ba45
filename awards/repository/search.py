"""Finding dossiers: by the nominee's name, and the orders a list can be sorted in."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select

from awards.repository.listing import DOSSIER, PERSON, VERSION

# The orders a user may pick (listing.dossier_lines(order=…)); "due" is the default:
# the earliest deadline first, so overdue dossiers lead, those without a deadline last.
ORDERS: dict[str, str] = {
    "due": "Hạn xử lý (quá hạn trước)",
    "updated": "Mới cập nhật trước",
    "code": "Mã hồ sơ",
}


def nominee_named(text: str) -> ColumnElement[bool]:
    """Dossiers whose person or collective has `text` in its name (any case on PostgreSQL;
    SQLite folds ASCII letters only, so type Vietnamese letters with their case there)."""
    typed = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{typed}%"
    people = select(PERSON.c.id).where(func.lower(PERSON.c.full_name).like(pattern, escape="\\"))
    units = select(VERSION.c.unit_id).where(
        func.lower(VERSION.c.name).like(pattern, escape="\\"), VERSION.c.valid_to.is_(None)
    )
    d = DOSSIER.c
    return or_(d.person_id.in_(people), d.nominee_unit_id.in_(units))
