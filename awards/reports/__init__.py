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
from awards.reports.xlsx import rollup_xlsx, safe_cell, write_rollup

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
    "rollup_xlsx",
    "round_half_up",
    "safe_cell",
    "write_rollup",
]
