"""Numbers unique per register: one sequence per issuer (or per kind), by the document's date,
held by a database constraint; a re-issue keeps its number in its year and takes a new one in
the next; drafts and previews take none."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import IssuedNumber, NumberRegister
from awards.repository.numbers import take_number
from awards.services.reporting.desk import draft_docx
from tests.support import official_documents as fixtures
from tests.support.lifecycle import build_org

# One xdist group: one LibreOffice run per test run (docs/contributing.md).
pytestmark = pytest.mark.xdist_group("documents")


def test_one_sequence_per_issuer_across_kinds(tdkt: App) -> None:
    """LĐLĐ Lai Châu 2023: 403/KH, 423/KH, 714/BC rise together (seeds 000-003)."""
    with tdkt.uow() as uow:
        s = uow.session
        taken = [
            take_number(s, "LDLD-LC", kind, date(2023, 6, day), f"doc:{k}", mode="issuer")
            for k, (kind, day) in enumerate([("KH", 1), ("KH", 2), ("BC", 13), ("TTr", 14)])
        ]
        per_kind = [
            take_number(s, "LDLD-X", kind, date(2023, 6, 1), f"x:{kind}", mode="kind")
            for kind in ("KH", "BC", "BC2")
        ]
        uow.commit()
    assert taken == [1, 2, 3, 4] and per_kind == [1, 1, 1]


def test_a_reissue_keeps_its_number_in_its_year_and_takes_a_new_one_after(tdkt: App) -> None:
    with tdkt.uow() as uow:
        s = uow.session
        first = take_number(s, "LDLD-LC", "BC", date(2025, 12, 5), "report:tk-2025", mode="issuer")
        second = take_number(s, "LDLD-LC", "BC", date(2025, 12, 5), "report:sk-2025", mode="issuer")
        again = take_number(s, "LDLD-LC", "BC", date(2025, 12, 20), "report:tk-2025", mode="issuer")
        new_year = take_number(
            s, "LDLD-LC", "BC", date(2026, 1, 6), "report:tk-2025", mode="issuer"
        )
        next_doc = take_number(
            s, "LDLD-LC", "BC", date(2026, 6, 8), "report:sk-2026", mode="issuer"
        )
        uow.commit()
    assert (first, second, again) == (1, 2, 1)
    assert (new_year, next_doc) == (1, 2)  # never two 2026 documents with one number
    with tdkt.uow() as uow:
        rows = uow.session.exec(select(IssuedNumber).order_by(col(IssuedNumber.id))).all()
    assert [(r.year, r.number, r.ref) for r in rows] == [
        (2025, 1, "report:tk-2025"),
        (2025, 2, "report:sk-2025"),
        (2026, 1, "report:tk-2025"),
        (2026, 2, "report:sk-2026"),
    ]


def test_the_database_refuses_a_second_holder_of_a_number(tdkt: App) -> None:
    with tdkt.uow() as uow:
        take_number(uow.session, "LDLD-LC", "BC", date(2025, 6, 3), "report:a", mode="issuer")
        uow.commit()
    duplicate = IssuedNumber(
        issuer="LDLD-LC",
        series="*",
        year=2025,
        number=1,
        kind="TTr",
        ref="submission:b",
        issued_on=date(2025, 7, 1),
    )
    with pytest.raises(IntegrityError), tdkt.uow() as uow:
        uow.session.add(duplicate)
        uow.session.flush()
    with pytest.raises(IntegrityError), tdkt.uow() as uow:  # one document, two numbers a year
        uow.session.add(
            IssuedNumber(
                issuer="LDLD-LC",
                series="*",
                year=2025,
                number=7,
                kind="BC",
                ref="report:a",
                issued_on=date(2025, 7, 1),
            )
        )
        uow.session.flush()


def test_an_unknown_mode_is_refused(tdkt: App) -> None:
    with pytest.raises(ValueError, match="Cách đánh số"), tdkt.uow() as uow:
        take_number(uow.session, "LDLD-LC", "BC", date(2025, 1, 1), "r", mode="year")


def test_a_draft_takes_no_number(tdkt: App) -> None:
    build_org(tdkt)  # the draft's issuer comes from the organisation
    data = draft_docx(tdkt.uow, fixtures.period_report(), "LDLD-LC", date(2025, 12, 12))
    assert data[:2] == b"PK"
    with tdkt.uow() as uow:
        assert uow.session.exec(select(IssuedNumber)).all() == []
        assert uow.session.exec(select(NumberRegister)).all() == []
