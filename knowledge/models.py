"""The knowledge base's data: chunks (what is indexed), citations and answers (what `ask`
returns, the JSON contract of `alignbot ask --json`), and the index report.

`Answer` serialises exactly to::

    {"answer": str, "confident": bool,
     "citations": [{"n": int, "title": str, "source": str, "level": str, "section": str,
                    "text": str, "score": float}],
     "items": [{"text": str, "n": int}]}

with citations in rank order, `n` the number the answer's "[n]" markers refer to, and `text`
the passage. `items` are the entries of a list, table or run of steps the answer gives whole
(also written in `answer`, one line each), each with the number of the passage it cites;
empty for an answer in sentences. `level` is "Fundamentals", "Intermediate" or "Advanced"
for the shipped documents and "" for a user's own document, which has no levels.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChunkKind = Literal["prose", "table_row", "list", "takeaways"]
"""prose: paragraphs of a section; table_row: one row of a pseudo-table as a readable record;
list: a bulleted list with its caption; takeaways: a key-takeaway / level-insights list."""

LEVELS: tuple[str, ...] = ("Fundamentals", "Intermediate", "Advanced")


class Chunk(BaseModel):
    """One indexed passage with everything a citation shows and what ranking needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(description="Stable document identity: metadata id or file:<abs path>.")
    source: str = Field(description="What citations show as `source`: id or file name.")
    title: str
    level: str
    section: str
    kind: ChunkKind
    position: int = Field(ge=0, description="Order of the chunk within its document.")
    text: str = Field(min_length=1, description="The passage, readable on its own.")

    @property
    def embed_text(self) -> str:
        """Return the text that is embedded and BM25-indexed: the section heading gives a
        short passage the context its own words lack."""
        if self.section and not self.text.startswith(self.section):
            return f"{self.section}. {self.text}"
        return self.text

    @property
    def content_hash(self) -> str:
        """Return a hash of everything that shapes the stored chunk except its position, so
        re-indexing re-embeds only chunks whose content changed."""
        payload = json.dumps(
            [self.doc_id, self.source, self.title, self.level, self.section, self.kind, self.text],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Citation(BaseModel):
    """A passage an answer cites, numbered as the answer's "[n]" markers."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(ge=1)
    title: str
    source: str
    level: str
    section: str
    text: str
    score: float = Field(description="Cosine similarity of the passage to the question, 0-1.")


class AnswerItem(BaseModel):
    """One entry of a list, table or run of steps an answer gives whole."""

    model_config = ConfigDict(extra="forbid")

    text: str
    n: int = Field(ge=1, description="The citation the entry comes from.")


class Answer(BaseModel):
    """What `ask` returns: the answer text with "[n]" markers and the cited passages."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    confident: bool = Field(
        description="True when the answer rests on cited passages; False when the bot declines "
        "(an off-topic question: no citations, the answer says what the bot can do instead)."
    )
    citations: list[Citation] = Field(default_factory=list)
    items: list[AnswerItem] = Field(default_factory=list)


class IndexReport(BaseModel):
    """What one indexing run did, counted by document and by chunk."""

    model_config = ConfigDict(extra="forbid")

    added: int = Field(default=0, description="Documents new to the index.")
    updated: int = Field(default=0, description="Documents whose chunks changed.")
    removed: int = Field(default=0, description="Documents no longer present.")
    unchanged: int = Field(default=0, description="Documents left exactly as they were.")
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    chunks_total: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """Return a one-line human summary for the CLI and the logs."""
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged documents; {self.chunks_embedded} passages embedded, "
            f"{self.chunks_total} in the index ({self.seconds:.1f} s)"
        )
