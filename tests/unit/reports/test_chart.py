"""The chart renders to PNG and SVG without a GUI, with Vietnamese labels kept as text."""

from __future__ import annotations

import io

import pytest
from matplotlib.image import imread

from awards.reports.chart import ratio_chart_png, ratio_chart_svg, ratio_figure
from awards.reports.programme import ProgrammeRollup, rollup
from tests.support import seed004


@pytest.fixture(scope="module")
def seed_rollup() -> ProgrammeRollup:
    return rollup(seed004.PROGRAMME, seed004.targets(), seed004.raw_records())


def test_png_is_a_real_image(seed_rollup: ProgrammeRollup) -> None:
    data = ratio_chart_png(seed_rollup)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
    height, width = imread(io.BytesIO(data)).shape[:2]
    assert width == 9 * 150 and height > 500


def test_svg_keeps_vietnamese_names_as_text(seed_rollup: ProgrammeRollup) -> None:
    svg = ratio_chart_svg(seed_rollup).decode("utf-8")
    assert svg.lstrip().startswith("<?xml")
    for text in ("LĐLĐ huyện Sìn Hồ", "Công đoàn ngành Y tế", "Chỉ tiêu 100%", "141%"):
        assert text in svg
    assert "Không có chỉ tiêu: Đơn vị phối hợp" in svg


def test_svg_is_deterministic(seed_rollup: ProgrammeRollup) -> None:
    assert ratio_chart_svg(seed_rollup) == ratio_chart_svg(seed_rollup)


def test_bars_follow_the_ranking_and_exclude_units_without_target(
    seed_rollup: ProgrammeRollup,
) -> None:
    axes = ratio_figure(seed_rollup).axes[0]
    labels = [tick.get_text() for tick in axes.get_yticklabels()]
    assert labels == [line[1] for line in seed004.PRINTED[:-1]]
    widths = [patch.get_width() for patch in axes.patches]
    assert widths == [line[10] for line in seed004.PRINTED[:-1]]
    assert [list(line.get_xdata()) for line in axes.get_lines()] == [[100, 100]]  # the 100% line
