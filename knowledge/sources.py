"""Documents: the shipped sources (with their metadata) and a user's own files.

`load_shipped_documents()` reads `knowledge/sources/` and its `metadata.yaml`;
`read_user_documents(paths)` reads `.md`, `.txt` and `.pdf` files (or folders of them) and
refuses anything it cannot read with a `DocumentError` before anything is indexed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from knowledge.errors import (
    DocumentNotFoundError,
    SourcesError,
    UnreadableDocumentError,
)
from knowledge.structure import looks_like_heading

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
USER_DOC_PREFIX = "file:"
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_TITLE_LINE = re.compile(r"^\s*#\s+(.+?)\s*#*\s*$")


class Document(BaseModel):
    """A document ready to be cleaned and chunked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(description="metadata id (shipped) or file:<absolute path> (user).")
    source: str = Field(description="What citations show as `source`.")
    title: str
    text: str
    level_starts: dict[str, str] = Field(default_factory=dict)

    @property
    def is_shipped(self) -> bool:
        """True for the documents that ship with alignbot."""
        return not self.doc_id.startswith(USER_DOC_PREFIX)


class _SourceEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")
    title: str = Field(min_length=3)
    levels: dict[str, str] = Field(default_factory=dict)


class _SourcesMetadata(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[_SourceEntry]


def load_shipped_documents(folder: Path = SOURCES_DIR) -> list[Document]:
    """Return the shipped documents with their titles from `metadata.yaml`; a missing file or
    a file without metadata is a `SourcesError` (citations must never show a file hash)."""
    meta_path = folder / "metadata.yaml"
    try:
        raw = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        metadata = _SourcesMetadata.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise SourcesError(f"The sources metadata {meta_path} is missing or invalid.") from exc
    described = {entry.file for entry in metadata.documents}
    undescribed = sorted(p.name for p in folder.glob("*.txt") if p.name not in described)
    if undescribed:
        raise SourcesError(
            f"Shipped source(s) without a title in metadata.yaml: {', '.join(undescribed)}."
        )
    documents = []
    for entry in metadata.documents:
        path = folder / entry.file
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SourcesError(f"The shipped source {entry.file} cannot be read.") from exc
        documents.append(
            Document(
                doc_id=entry.id,
                source=entry.id,
                title=entry.title,
                text=text,
                level_starts=entry.levels,
            )
        )
    return documents


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the files to index: each file as given, each folder's supported files (sorted,
    recursively); a missing path is a `DocumentNotFoundError`."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise DocumentNotFoundError(f"{path}: no such file or folder.")
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not found:
                raise UnreadableDocumentError(
                    f"{path}: the folder holds no .md, .txt or .pdf files to index."
                )
            files.extend(found)
        else:
            files.append(path)
    return files


def read_user_documents(paths: Sequence[Path]) -> list[Document]:
    """Return the user's documents, all read and checked before any is indexed, so one bad
    file leaves the index untouched."""
    return [read_user_document(path) for path in expand_paths(paths)]


def read_user_document(path: Path) -> Document:
    """Return one user document; its title is its first `# heading` or title-like first line,
    else its file name. Binary, empty, undecodable or unsupported files are refused."""
    if not path.exists():
        raise DocumentNotFoundError(f"{path}: no such file.")
    if not path.is_file():
        raise UnreadableDocumentError(f"{path}: not a regular file.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocumentError(
            f"{path.name}: alignbot can index .md, .txt and .pdf files, "
            f"not '{suffix or 'a file without extension'}'."
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocumentError(f"{path.name}: cannot be read ({exc.strerror}).") from exc
    if size > MAX_DOCUMENT_BYTES:
        raise UnreadableDocumentError(
            f"{path.name}: {size / 1e6:.0f} MB is too large; split it into files under 20 MB."
        )
    text = _read_pdf(path) if suffix == ".pdf" else _read_text(path)
    if not text.strip():
        raise UnreadableDocumentError(f"{path.name}: the file has no text to index.")
    resolved = path.resolve()
    return Document(
        doc_id=f"{USER_DOC_PREFIX}{resolved}",
        source=path.name,
        title=_title_of(text) or path.stem.replace("_", " ").replace("-", " "),
        text=text,
    )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocumentError(f"{path.name}: cannot be read ({exc.strerror}).") from exc
    if b"\x00" in data[:8192]:
        raise UnreadableDocumentError(f"{path.name}: looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocumentError(
            f"{path.name}: is not UTF-8 text; save it as UTF-8 and index it again."
        ) from exc


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocumentError(f"{path.name}: is not a readable PDF.") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise UnreadableDocumentError(
            f"{path.name}: the PDF has no extractable text (is it a scan of images?)."
        )
    return text


def _title_of(text: str) -> str | None:
    for line in text.splitlines()[:20]:
        if not line.strip():
            continue
        match = _TITLE_LINE.match(line)
        if match:
            return match.group(1).strip()
        stripped = line.strip()
        return stripped if looks_like_heading(stripped) and len(stripped) <= 90 else None
    return None
