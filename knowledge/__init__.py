"""The knowledge base: cleaning, chunking, embedding, indexing, searching and answering from
the strategy corpus. Imports nothing from `bot`.

Public surface (import from the modules; this package imports nothing so that importing
`knowledge.errors` stays cheap):

- `knowledge.base.KnowledgeBase` — `open(data_dir, embedder, chroma_host=…, chat_model=…)`,
  `ask(question, *, context=None) -> Answer`, `cite(topic) -> Citation | None`,
  `index(paths=None, *, progress=None) -> IndexReport`.
- `knowledge.models` — `Answer`, `Citation` (the `alignbot ask --json` contract), `Chunk`,
  `IndexReport`.
- `knowledge.embed` — the `Embedder` protocol and `SentenceTransformerEmbedder`.
- `knowledge.store` — the `VectorStore` protocol and `ChromaStore` (on disk or a server).
- `knowledge.llm.load_chat_model("provider:model")` for `LLM_MODEL`.
- `knowledge.errors` — `KnowledgeError` and its subclasses (user-safe messages).
"""
