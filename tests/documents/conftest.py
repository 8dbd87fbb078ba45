"""Every kind rendered once per test session: DOCX/XLSX → one LibreOffice run → PDFs, images."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from awards.reports.documents import Nd30Document
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.periodic_render import report_xlsx
from awards.reports.xlsx import rollup_xlsx
from tests.documents import fixtures
from tests.documents.pdf import Pdf, page_images, read_pdf, to_pdf


@dataclass(frozen=True)
class Rendered:
    name: str
    source: Path
    pdf: Pdf
    images: list[Path]
    doc: Nd30Document | None = None  # None for a workbook

    def docx(self) -> DocxDocument:
        return Document(str(self.source))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Rendered]]:
    out = tmp_path_factory.mktemp("documents")
    docs = fixtures.documents()
    sources: dict[str, Path] = {}
    for name, doc in docs.items():
        sources[name] = out / f"{name}.docx"
        docx_bytes(doc, sources[name])
    sources["bieu-tong-hop"] = out / "bieu-tong-hop.xlsx"
    rollup_xlsx(fixtures.seed004_rollup(), sources["bieu-tong-hop"])
    sources["tong-ket-bang"] = out / "tong-ket-bang.xlsx"
    sources["tong-ket-bang"].write_bytes(report_xlsx(fixtures.period_report()))
    pdfs = to_pdf(list(sources.values()), out)
    yield {
        name: Rendered(name, src, read_pdf(pdfs[src]), page_images(pdfs[src], name), docs.get(name))
        for name, src in sources.items()
    }


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/documents/" in str(item.fspath):
            item.add_marker(pytest.mark.documents)


DOCX_KINDS = (
    "bien-ban",
    "to-trinh",
    "danh-sach",
    "du-thao-quyet-dinh",
    "quyet-dinh",
    "tong-ket",
    "so-ket-trong",
    "danh-sach-chi-thuong",
    "bao-cao-quy",
    "phan-bo-dai-bieu",
)
XLSX_KINDS = ("bieu-tong-hop", "tong-ket-bang")
