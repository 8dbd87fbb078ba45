"""Bulk nomination: same routes and numbering as one-by-one, all or nothing on bad rows."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import NotFoundError, ValidationError
from awards.model import Dossier
from awards.services.nomination.bulk import nominate_many
from awards.services.nomination.nominate import Nomination
from tests.support.lifecycle import NOW, build_org, draft

pytestmark = pytest.mark.postgres


def _nom(award: str, person: str | None = "DV1", unit: str | None = None) -> Nomination:
    return Nomination(
        round_code="TK-2025",
        award_code=award,
        nominating_unit_code="CS1",
        person_code=None if unit else person,
        nominee_unit_code=unit,
        achievement_summary="Hoàn thành xuất sắc nhiệm vụ năm 2025",
    )


def _dossiers(app: App) -> dict[str, Dossier]:
    with app.uow() as uow:
        return {d.code: d for d in uow.session.exec(select(Dossier).order_by(col(Dossier.id)))}


def test_bulk_matches_single_nomination(tdkt: App) -> None:
    build_org(tdkt)
    awards = ["GK_CDCT", "BK_LDLD", "BK_UBND", "CSTD_TQ"]
    singles = [draft(tdkt, a) for a in awards]
    noms = [_nom(a, person=f"DV{1 + i % 3}") for i, a in enumerate(awards * 3)]
    noms.append(_nom("TT_LDTT", unit="CS1"))
    codes = nominate_many(tdkt.uow, noms, now=NOW)

    assert singles == [f"HS-2025-{n:06d}" for n in range(1, 5)]
    assert codes == [f"HS-2025-{n:06d}" for n in range(5, 5 + len(noms))]
    rows = _dossiers(tdkt)
    assert len(rows) == len(singles) + len(noms)
    for code, nom in zip(codes, noms, strict=True):
        got = rows[code]
        assert (got.award_code, got.state, got.version) == (nom.award_code, "draft", 1)
        assert got.achievement_summary == nom.achievement_summary
    by_award = {rows[c].award_code: rows[c] for c in singles}
    for code in codes[:-1]:
        got, single = rows[code], by_award[rows[code].award_code]
        assert (got.route, got.ends_at_state_body, got.current_unit_id) == (
            single.route,
            single.ends_at_state_body,
            single.current_unit_id,
        )
    collective = rows[codes[-1]]
    assert collective.nominee_kind == "tap_the" and collective.person_id is None
    assert collective.nominee_unit_id == collective.nominating_unit_id
    assert by_award["BK_UBND"].ends_at_state_body and len(by_award["BK_UBND"].route) == 3


def test_bad_rows_refuse_the_whole_batch(tdkt: App) -> None:
    build_org(tdkt)
    noms = [
        _nom("GK_CDCT"),
        _nom("LDTT", unit="CS1"),  # LĐTT is for persons only
        _nom("GK_CDCT", person="KHONG-CO"),
        _nom("KHONG_CO"),
    ]
    with pytest.raises(ValidationError) as err:
        nominate_many(tdkt.uow, noms, now=NOW)
    message = str(err.value)
    assert "3 đề nghị có lỗi" in message
    assert "dòng 2" in message and "dòng 3" in message and "dòng 4" in message
    assert "KHONG-CO" in message and "dòng 1:" not in message
    assert _dossiers(tdkt) == {}
    # The register was not advanced either: the next dossier is still number 1.
    assert draft(tdkt, "GK_CDCT") == "HS-2025-000001"


def test_unknown_round_and_empty_batch(tdkt: App) -> None:
    build_org(tdkt)
    assert nominate_many(tdkt.uow, [], now=NOW) == []
    bad = Nomination("TK-1999", "GK_CDCT", "CS1", person_code="DV1")
    with pytest.raises(NotFoundError, match="TK-1999"):
        nominate_many(tdkt.uow, [bad], now=NOW)
