"""Bar chart of each unit's ratio of the whole programme's target, with a 100% line.

Uses matplotlib's object API on the Agg canvas (no pyplot, no GUI, no global figure state), so
it is safe in a web worker. DejaVu Sans ships with matplotlib and has every Vietnamese glyph.
Units without a target have no ratio and no bar; they are named in a note under the chart.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

# matplotlib is imported where a chart is drawn: `tdkt --help` and the pages that draw none
# skip its import.
if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from awards.reports.programme import BELOW_HALF, EXCEEDED, ProgrammeRollup, RollupRow

FONT_FAMILY = "DejaVu Sans"
COLOURS = {EXCEEDED: "#2e7d32", BELOW_HALF: "#c62828"}
DEFAULT_COLOUR = "#1565c0"
REFERENCE_COLOUR = "#424242"


def _colour(row: RollupRow) -> str:
    for flag, colour in COLOURS.items():
        if flag in row.flags:
            return colour
    return DEFAULT_COLOUR


def _bars(axes: Axes, rows: list[RollupRow]) -> None:
    names = [row.unit_name for row in rows]
    values = [row.total.ratio or 0 for row in rows]
    positions = list(range(len(rows)))
    bars = axes.barh(positions, values, color=[_colour(row) for row in rows])
    axes.set_yticks(positions, labels=names)
    axes.invert_yaxis()  # rank 1 at the top, as in the table
    axes.bar_label(bars, labels=[f"{v}%" for v in values], padding=3, fontsize=9)


def _decorate(axes: Axes, rollup: ProgrammeRollup, rows: list[RollupRow]) -> None:
    axes.axvline(100, color=REFERENCE_COLOUR, linestyle="--", linewidth=1.2, label="Chỉ tiêu 100%")
    top = max([100, *(row.total.ratio or 0 for row in rows)])
    axes.set_xlim(0, top * 1.15)
    axes.set_xlabel("Tỷ lệ % so với chỉ tiêu cả chương trình")
    axes.set_title(f"Tỷ lệ thực hiện chỉ tiêu: {rollup.programme.name}", fontsize=11)
    axes.legend(loc="lower right", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)


def ratio_figure(rollup: ProgrammeRollup) -> Figure:
    """The figure, for callers that want to adjust it before saving."""
    from matplotlib.figure import Figure

    rows = [row for row in rollup.rows if row.total.ratio is not None]
    figure = Figure(figsize=(9, 1.2 + 0.42 * max(len(rows), 1)), layout="constrained")
    axes = figure.add_subplot()
    _bars(axes, rows)
    _decorate(axes, rollup, rows)
    without = [row.unit_name for row in rollup.rows if row.total.ratio is None]
    if without:
        figure.supxlabel(f"Không có chỉ tiêu: {', '.join(without)}", fontsize=9, style="italic")
    return figure


def _render(rollup: ProgrammeRollup, fmt: str) -> bytes:
    import matplotlib

    # svg.fonttype "none" keeps the labels as text (searchable, selectable, small) in the SVG.
    with matplotlib.rc_context(
        {"font.family": FONT_FAMILY, "svg.fonttype": "none", "svg.hashsalt": "tdkt"}
    ):
        figure = ratio_figure(rollup)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, dpi=150, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date: the same rollup gives the same bytes (stable tests and caching).
    return {"Date": None} if fmt == "svg" else {"Software": "tdkt"}


def ratio_chart_png(rollup: ProgrammeRollup) -> bytes:
    return _render(rollup, "png")


def ratio_chart_svg(rollup: ProgrammeRollup) -> bytes:
    return _render(rollup, "svg")
