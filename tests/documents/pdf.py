"""LibreOffice headless → PDF, then what an office sees: text per page, page size, fonts, images.

Real tools only (soffice, pdftotext, pdfinfo, pdffonts, pdftoppm from poppler-utils). Under
CI=true a missing tool fails the test run instead of skipping it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts", "pdftoppm")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "documents"
A4_PT = (595.0, 842.0)  # 210 × 297 mm in PostScript points (pdfinfo rounds to 595.276 × 841.89)
MM = 72 / 25.4


def require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        # No skip: the document suite is the only check of the printed page.
        pytest.fail(
            f"Thiếu công cụ {', '.join(missing)}: cài libreoffice-writer-nogui, "
            "libreoffice-calc-nogui và poppler-utils (.ci/run làm việc này)."
        )


def to_pdf(sources: list[Path], out: Path) -> dict[Path, Path]:
    """One soffice run for all files (each start costs seconds); a private profile per run."""
    require_tools()
    profile = out / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(out)},
    )
    found = {src: out / f"{src.stem}.pdf" for src in sources}
    missing = [str(p) for p in found.values() if not p.exists()]
    assert not missing, f"LibreOffice không tạo được {missing}"
    return found


@dataclass(frozen=True)
class Pdf:
    path: Path
    pages: list[str]  # pdftotext -layout, one string per page
    raw_pages: list[str]  # pdftotext without layout (reading order, for phrases)
    page_size_pt: tuple[float, float]
    fonts: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.raw_pages)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def read_pdf(path: Path) -> Pdf:
    info = _run("pdfinfo", str(path))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    layout = _run("pdftotext", "-layout", str(path), "-").split("\f")
    raw = _run("pdftotext", str(path), "-").split("\f")
    fonts = [
        line.split()[0].split("+")[-1]
        for line in _run("pdffonts", str(path)).splitlines()[2:]
        if line.strip()
    ]
    pages = [p for p in layout if p.strip()] or [""]
    return Pdf(path, pages, raw[: len(pages)], (float(size[1]), float(size[2])), fonts)


Word = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax (points), text

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words(path: Path, page: int) -> list[Word]:
    """Every word of a page (1-based) with its box, from pdftotext -bbox."""
    html = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(html)]


def page_images(pdf: Path, name: str) -> list[Path]:
    """PNG per page at 60 dpi under artifacts/documents/ (gitignored) for the reviewer."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))
