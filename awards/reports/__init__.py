"""Reports over plain data: programme rollups and their renderings (XLSX, DOCX, charts, HTML).

No database sessions, no queries, no Prefect, no web: callers fetch the data and pass it in.
"""

from awards.reports.chart import ratio_chart_png, ratio_chart_svg, ratio_figure
from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyTable,
    BodyText,
    Issuer,
    ListEntry,
    Nd30Document,
    Signature,
    award_list_table,
    document_kinds,
)
from awards.reports.docx_nd30 import build_docx, docx_bytes, recipient_lines
from awards.reports.html import rollup_html, vn_number
from awards.reports.numbering import (
    ALL_KINDS,
    format_number,
    next_number,
    number_line,
    parse_number,
)
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
    "ALL_KINDS",
    "BELOW_HALF",
    "EXCEEDED",
    "Block",
    "BodyHeading",
    "BodyTable",
    "BodyText",
    "Cell",
    "Discrepancy",
    "Issuer",
    "ListEntry",
    "Nd30Document",
    "Phase",
    "Programme",
    "ProgrammeRollup",
    "ResultRecord",
    "RollupRow",
    "Signature",
    "UnitTargets",
    "award_list_table",
    "build_docx",
    "check_table",
    "document_kinds",
    "docx_bytes",
    "format_number",
    "next_number",
    "number_line",
    "parse_number",
    "ratio",
    "ratio_chart_png",
    "ratio_chart_svg",
    "ratio_figure",
    "recipient_lines",
    "rollup",
    "rollup_html",
    "rollup_xlsx",
    "round_half_up",
    "safe_cell",
    "vn_number",
    "write_rollup",
]
