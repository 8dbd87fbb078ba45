"""The chart of a year's cụm / khối thi đua: each cluster's members, assessed and self-scored.

Plain data in, PNG bytes out (the services read and rank; this module only draws).
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoreBar:
    label: str  # the member's name
    assessed: float | None  # the cluster's weighted total (None: not assessed yet)
    self_scored: float | None


@dataclass(frozen=True)
class ClusterPanel:
    title: str  # the cluster's name
    bars: tuple[ScoreBar, ...]  # in rank order


def cluster_chart_png(year: int, panels: list[ClusterPanel]) -> bytes:
    """One panel per cluster: a pair of horizontal bars per member (cụm chấm, tự chấm)."""
    import matplotlib
    from matplotlib.figure import Figure

    rows = sum(max(1, len(p.bars)) for p in panels) or 1
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        figure = Figure(figsize=(8, 1.2 + 0.55 * rows + 0.6 * len(panels)), layout="constrained")
        figure.suptitle(f"Điểm thi đua các cụm, khối năm {year}", fontsize=12)
        heights = [max(1, len(p.bars)) for p in panels] or [1]
        grid = figure.add_gridspec(len(heights), 1, height_ratios=heights)
        for n, panel in enumerate(panels):
            axes = figure.add_subplot(grid[n])
            positions = list(range(len(panel.bars)))[::-1]  # the first in rank at the top
            axes.barh(
                [p + 0.2 for p in positions],
                [b.assessed or 0 for b in panel.bars],
                0.4,
                label="Cụm, khối chấm",
                color="#1565c0",
            )
            axes.barh(
                [p - 0.2 for p in positions],
                [b.self_scored or 0 for b in panel.bars],
                0.4,
                label="Tự chấm",
                color="#90a4ae",
            )
            for p, bar in zip(positions, panel.bars, strict=True):
                text = (
                    "chưa chấm" if bar.assessed is None else f"{bar.assessed:g}".replace(".", ",")
                )
                axes.text((bar.assessed or 0) + 0.5, p + 0.2, text, va="center", fontsize=8)
            axes.set_yticks(positions, labels=[b.label for b in panel.bars], fontsize=8)
            axes.set_title(panel.title, fontsize=10, loc="left")
            axes.set_xlabel("Điểm (đã nhân trọng số, trừ điểm trừ)", fontsize=8)
            axes.spines[["top", "right"]].set_visible(False)
            if n == 0:
                figure.legend(fontsize=8, loc="outside lower center", ncols=2)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=120, metadata={"Software": "tdkt"})
    return buffer.getvalue()
