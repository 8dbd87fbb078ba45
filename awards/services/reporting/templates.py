"""Which template a document is written from: the federation's edited copy in the data folder
(`<data>/mau-van-ban/<name>`) when there is one, else the one shipped with tdkt."""

from __future__ import annotations

from pathlib import Path

from awards.data import DATA_DIR
from awards.reports.templated import default_template

TEMPLATE_FOLDER = "mau-van-ban"
TEMPLATES = {
    "mau-bao-cao.j2": "Báo cáo sơ kết 6 tháng, tổng kết năm",
    "mau-ke-hoach.j2": "Kế hoạch thi đua, phát động thi đua của một đợt",
    "mau-thong-bao-cong-khai.j2": "Thông báo công khai danh sách đề nghị khen thưởng",
    "mau-bao-cao-thanh-tich-ca-nhan.j2": "Báo cáo thành tích của cá nhân",
    "mau-bao-cao-thanh-tich-tap-the.j2": "Báo cáo thành tích của tập thể",
}


def template_folder(data_dir: Path) -> Path:
    return data_dir / TEMPLATE_FOLDER


def load_template(name: str, data_dir: Path | None) -> tuple[str, str]:
    """(source, where it came from) of template ``name``."""
    if data_dir is not None:
        edited = template_folder(data_dir) / name
        if edited.is_file():
            return edited.read_text(encoding="utf-8"), str(edited)
    return default_template(name), name


def write_default_templates(data_dir: Path, *, overwrite: bool = False) -> list[Path]:
    """Copy the shipped templates into the data folder for editing; an edited copy is kept
    unless ``overwrite``."""
    folder = template_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TEMPLATES:
        target = folder / name
        if overwrite or not target.exists():
            target.write_text((DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
            written.append(target)
    return written
