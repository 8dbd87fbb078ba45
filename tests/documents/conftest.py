"""Every kind rendered once per test session: DOCX/XLSX → one LibreOffice run → PDFs, images.

The documents and `Rendered` are in tests/support/official_documents.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from awards.bootstrap import build
from awards.reports.documents import Nd30Document
from awards.reports.docx_nd30 import docx_bytes
from awards.reports.periodic_render import report_xlsx
from awards.reports.xlsx import rollup_xlsx
from awards.settings import Settings
from tests.support import official_documents as fixtures
from tests.support.decisions import issued_by_the_province
from tests.support.official_documents import Rendered
from tests.support.pdf import page_images, read_pdf, to_pdf


@pytest.fixture(scope="session")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[dict[str, Rendered]]:
    out = tmp_path_factory.mktemp("documents")
    docs = fixtures.documents()
    docs[fixtures.ISSUED] = issued_decision(sqlite_template, tmp_path_factory.mktemp("issued"))
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


def issued_decision(template: Path, folder: Path) -> Nd30Document:
    """The quyết định as the service issues it from a database (number, date, signer)."""
    shutil.copy(template, folder / "tdkt.db")
    app = build(Settings(data_dir=folder, database_url=f"sqlite:///{folder}/tdkt.db"))
    try:
        doc = issued_by_the_province(app).document
    finally:
        app.close()
    assert doc is not None
    return doc


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/documents/" in str(item.fspath):
            item.add_marker(pytest.mark.documents)
