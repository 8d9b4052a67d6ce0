"""Documents: the shipped sources with their metadata, and a user's own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.errors import DocumentNotFoundError, SourcesError, UnreadableDocumentError
from knowledge.sources import (
    SOURCES_DIR,
    USER_DOC_PREFIX,
    load_shipped_documents,
    read_user_document,
    read_user_documents,
)


def minimal_pdf(text: str) -> bytes:
    """Return a one-page PDF whose page shows `text` (built by hand: no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_load_shipped_documents_titles_every_document_from_metadata() -> None:
    documents = load_shipped_documents()
    assert len(documents) == 5
    for doc in documents:
        assert doc.is_shipped
        assert doc.title
        assert "_" not in doc.title
        assert doc.source == doc.doc_id
        assert not any(ch.isdigit() for ch in doc.source)  # never the capture's file hash


def test_load_shipped_documents_refuses_a_source_without_metadata(tmp_path: Path) -> None:
    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    (tmp_path / "sources" / "005_new.txt").write_text("Fundamentals\nText.\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=r"005_new\.txt"):
        load_shipped_documents(tmp_path / "sources")


def test_load_shipped_documents_refuses_a_missing_metadata_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="metadata"):
        load_shipped_documents(tmp_path)


def test_read_user_document_titles_markdown_by_its_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# Our strategy for 2025\n\nGrow online.\n", encoding="utf-8")
    doc = read_user_document(path)
    assert (doc.title, doc.source, doc.doc_id) == (
        "Our strategy for 2025",
        "plan.md",
        f"{USER_DOC_PREFIX}{path.resolve()}",
    )


def test_read_user_document_titles_plain_text_by_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "board_notes.txt"
    path.write_text(
        "we discussed the new CRM and decided to pilot it in sales first.\n", encoding="utf-8"
    )
    assert read_user_document(path).title == "board notes"


def test_read_user_document_reads_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(minimal_pdf("Pilot the CRM in the sales team first."))
    assert "Pilot the CRM in the sales team first." in read_user_document(path).text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin.txt", "Café strategy".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"  \n\n", "no text"),
        ("report.docx", b"PK\x03\x04", "not '.docx'"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
        ("blank.pdf", minimal_pdf(""), "no extractable text"),
    ],
)
def test_read_user_document_refuses_what_it_cannot_read(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocumentError, match=message):
        read_user_document(path)


def test_read_user_documents_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError, match="no such file"):
        read_user_documents([tmp_path / "nowhere.md"])


def test_read_user_documents_expands_a_folder_to_its_documents(tmp_path: Path) -> None:
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.md").write_text("# A\n\nText a.\n", encoding="utf-8")
    (tmp_path / "docs" / "sub" / "b.txt").write_text("Text b.\n", encoding="utf-8")
    (tmp_path / "docs" / "skip.png").write_bytes(b"\x89PNG")
    assert [d.source for d in read_user_documents([tmp_path / "docs"])] == ["a.md", "b.txt"]


def test_read_user_documents_refuses_a_folder_without_documents(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UnreadableDocumentError, match=r"no \.md, \.txt or \.pdf"):
        read_user_documents([tmp_path / "empty"])
