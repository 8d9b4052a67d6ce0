"""The knowledge base's errors. Every message is one sentence a user can act on::

KnowledgeError                 (prompts.errors.AlignbotError)
├── QuestionError              the question itself cannot be answered as typed
├── DocumentError              a document given to `index` cannot be used
│   ├── DocumentNotFoundError  the path does not exist
│   └── UnreadableDocumentError  binary, undecodable, empty or an unsupported type
├── SourcesError               the shipped sources or their metadata are broken
├── VectorIndexError           the vector index cannot be opened, read or written
├── EmbeddingModelError        the embedding model cannot be loaded
└── ChatModelError             LLM_MODEL names a model that cannot be set up
"""

from __future__ import annotations

from prompts.errors import AlignbotError


class KnowledgeError(AlignbotError):
    """Something in the knowledge base went wrong in a way the user can understand."""


class QuestionError(KnowledgeError):
    """The question is empty, too long, has no words, or is not in English."""


class DocumentError(KnowledgeError):
    """A document given to `alignbot index` cannot be indexed; nothing indexed is touched."""


class DocumentNotFoundError(DocumentError):
    """The path given to `alignbot index` does not exist."""


class UnreadableDocumentError(DocumentError):
    """The file is binary, not UTF-8 text, empty, or of a type the indexer does not read."""


class SourcesError(KnowledgeError):
    """The shipped sources folder or its metadata file is missing or inconsistent."""


class VectorIndexError(KnowledgeError):
    """The vector index (Chroma on disk or a Chroma server) cannot be used."""


class EmbeddingModelError(KnowledgeError):
    """The sentence-transformers model cannot be loaded from its local folder."""


class ChatModelError(KnowledgeError):
    """`LLM_MODEL` is malformed or its provider package is not installed."""
