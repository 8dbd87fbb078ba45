"""Reports over plain data: programme rollups and their renderings (XLSX, DOCX, charts, HTML).

No database sessions, no queries, no Prefect, no web: callers fetch the data and pass it in.
"""

from awards.reports.programme import (
    BELOW_HALF,
    EXCEEDED,
    Cell,
    Phase,
    Programme,
    ProgrammeRollup,
    ResultRecord,
    RollupRow,
    UnitTargets,
    ratio,
    rollup,
    round_half_up,
)
from awards.reports.reconcile import Discrepancy, check_table

__all__ = [
    "BELOW_HALF",
    "EXCEEDED",
    "Cell",
    "Discrepancy",
    "Phase",
    "Programme",
    "ProgrammeRollup",
    "ResultRecord",
    "RollupRow",
    "UnitTargets",
    "check_table",
    "ratio",
    "rollup",
    "round_half_up",
]
