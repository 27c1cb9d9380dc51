"""The document engine: Typst templates fed with JSON, compiled in a child process that exits."""

from __future__ import annotations

import io
import json
import re
import sys
from typing import Any

import pytest
from pypdf import PdfReader

from resonanz.documents import rendering
from resonanz.documents.rendering import ROOT, Document, DocumentError, render_pdf
from resonanz.documents.tests.conftest import sample_data

pytestmark = pytest.mark.usefixtures("sample_templates")

CHART = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">'
    b'<rect width="60" height="50" fill="#d62728"/><text x="5" y="30" font-size="12">Reichweite</text></svg>'
)


def text_of(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace("\xa0", " ")


def test_it_prints_data_as_written_never_as_markup() -> None:
    tricky = 'Qualität *zuerst* #let x = 1 $a^2$ <b>fett</b> "Zitat" \\ @ref // kein Kommentar'

    pdf = render_pdf("documents/sample.typ", sample_data(plain=tricky), language="de")

    assert pdf.startswith(b"%PDF")
    assert tricky in " ".join(text_of(pdf).split())


def test_it_hyphenates_german_in_narrow_columns() -> None:
    words = "Qualitätsmanagementbeauftragte Kommunikationsverantwortliche"

    pdf = render_pdf("documents/sample.typ", sample_data(narrow=words), language="de")

    text = text_of(pdf)
    broken = re.search(r"[a-zäöüß][\u00ad-]\n[a-zäöüß]", text)
    assert broken, f"a word is broken at a syllable: {text!r}"


def test_it_numbers_pages_and_names_things_in_the_language_asked() -> None:
    data = sample_data(chart="chart", caption="Klicks")
    data["page"] = {"page-pattern": "Page %(page)s of %(pages)s"}

    german = text_of(render_pdf("documents/sample.typ", data, language="de", images={"chart": CHART}))
    english = text_of(render_pdf("documents/sample.typ", data, language="en", images={"chart": CHART}))

    assert "Abbildung 1" in german and "Figure 1" in english
    assert "Page 1 of 1" in english


def test_it_embeds_an_svg_chart_as_vector_graphics() -> None:
    data = sample_data(chart="reach", caption="Reichweite je Monat")

    pdf = render_pdf("documents/sample.typ", data, language="de", images={"reach": CHART})

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Reichweite" in page.extract_text(), "the chart's text stays text"
    contents = page.get_contents()
    assert contents is not None
    assert b"0.839" in contents.get_data(), "the bar's red (214/255) is drawn"


def test_it_uses_only_the_fonts_inside_the_typst_package() -> None:
    pdf = render_pdf("documents/sample.typ", sample_data(plain="Grüße"), language="de")

    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    fonts = resources["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert names and all("LibertinusSerif" in name for name in names), names


def test_equal_documents_give_equal_pdfs_under_one_digest() -> None:
    first = Document("documents/sample.typ", sample_data(plain="a"), "de")
    same = Document("documents/sample.typ", json.loads(json.dumps(sample_data(plain="a"))), "de")
    english = Document("documents/sample.typ", sample_data(plain="a"), "en")
    other = Document("documents/sample.typ", sample_data(plain="b"), "de")

    assert first.digest == same.digest and len(first.digest) == 64
    assert len({first.digest, english.digest, other.digest}) == 3
    assert rendering.compile_pdf(first) == rendering.compile_pdf(same), "no date or random id in the file"


def test_it_compiles_in_a_child_process_not_in_this_one() -> None:
    render_pdf("documents/sample.typ", sample_data(), language="de")

    assert "typst" not in sys.modules, "the compiler's memory stays with the child, which has exited"


@pytest.mark.parametrize(
    ("template", "images", "message"),
    [
        ("documents/missing.typ", {}, "no document template"),
        ("../settings.py", {}, "not a document template name"),
        ("/etc/passwd.typ", {}, "not a document template name"),
        ("documents/sample.typ", {"chart": b"GIF89a"}, "is not an SVG"),
    ],
)
def test_it_refuses_what_is_not_a_document(template: str, images: dict[str, bytes], message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        render_pdf(template, sample_data(), language="de", images=images)


def test_it_reports_typst_errors_with_their_diagnostics() -> None:
    with pytest.raises(DocumentError, match="dictionary does not contain key"):
        render_pdf("documents/sample.typ", {"page": {}}, language="de")


def test_it_refuses_languages_it_has_no_words_for() -> None:
    with pytest.raises(DocumentError, match="language"):
        render_pdf("documents/sample.typ", sample_data(), language="xx")


def test_no_template_loads_anything_from_the_network() -> None:
    templates = list(ROOT.rglob("*.typ"))

    assert len(templates) >= 3
    for path in templates:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r'(import|include)\s+"@', source), f"{path} imports a package"
        assert not re.search(r'(read|image|json|csv|xml|yaml|toml|cbor)\("(https?:|/etc|\.\.)', source), path
