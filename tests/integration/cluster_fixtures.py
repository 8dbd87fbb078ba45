"""A khối of three district federations under LĐLĐ Lai Châu, led by Than Uyên (scored 2025)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from awards.bootstrap import App
from awards.services.clusters.scoring import (
    NewCluster,
    ScoreInput,
    add_cluster,
    record_scores,
    set_members,
)
from awards.services.lifecycle.plan import Actor
from awards.services.org.units import NewUnit, add_units
from tests.integration.lifecycle_fixtures import build_org

NOW = datetime(2025, 12, 5, 8, 0, tzinfo=UTC)
OFFICE = Actor("Tòng Văn Minh", "secretariat")
KHOI = "KHOI-HUYEN"
DISTRICTS = [
    NewUnit("TAN-UYEN", "Liên đoàn Lao động huyện Tân Uyên", "ldld_huyen", "LDLD-LC"),
    NewUnit("NAM-NHUN", "Liên đoàn Lao động huyện Nậm Nhùn", "ldld_huyen", "LDLD-LC"),
]
# assessed: Tân Uyên 36×2+28+27 = 127, Than Uyên 35×2+29+28−1 = 126, Nậm Nhùn 35×2+28+28 = 126
ASSESSED = {
    "TAN-UYEN": {
        "phat_trien_doan_vien": "36",
        "cham_lo_doi_song": "28",
        "thi_dua_khen_thuong": "27",
    },
    "THAN-UYEN": {
        "phat_trien_doan_vien": "35",
        "cham_lo_doi_song": "29",
        "thi_dua_khen_thuong": "28",
        "cham_bao_cao": "1",
    },
    "NAM-NHUN": {
        "phat_trien_doan_vien": "35",
        "cham_lo_doi_song": "28",
        "thi_dua_khen_thuong": "28",
    },
}


def points(raw: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in raw.items()}


def khoi(app: App, *, districts: bool = True) -> None:
    """The khối and its members (build_org first); no scores."""
    if districts:
        add_units(app.uow, DISTRICTS)
    add_cluster(
        app.uow,
        NewCluster(KHOI, "Khối thi đua LĐLĐ các huyện phía Tây", "THAN-UYEN", "khoi-ldld-huyen"),
        OFFICE,
        NOW,
    )
    set_members(app.uow, KHOI, ["TAN-UYEN", "NAM-NHUN"], [], NOW.date())


def scored_khoi(app: App) -> None:
    build_org(app)
    khoi(app)
    for unit, raw in ASSESSED.items():
        record_scores(app.uow, ScoreInput(KHOI, 2025, unit, "assessed", points(raw)), OFFICE, NOW)
