"""The knowledge base: cleaning, chunking, embedding, indexing, searching and answering from
the strategy corpus. Imports nothing from `bot`.

Public surface (import from the modules; this package imports nothing so that importing
`knowledge.errors` stays cheap):

- `knowledge.base.KnowledgeBase` — `open(data_dir, embedder, chroma_host=…, chat_model=…)`,
  `ask(question, *, context=None) -> Answer`, `cite(topic) -> Citation | None`,
  `index(paths=None, *, progress=None) -> IndexReport`.
- `knowledge.models` — `Answer`, `AnswerItem`, `Citation` (the `alignbot ask --json`
  contract), `Chunk`, `IndexReport`.
- `knowledge.units.unit_around(chunks, index)` — the whole list, table or run of steps a
  passage belongs to, which answers give whole.
- `knowledge.embed` — the `Embedder` protocol and `SentenceTransformerEmbedder`.
- `knowledge.store` — the `VectorStore` protocol and `ChromaStore` (on disk or a server).
- `knowledge.llm.load_chat_model("provider:model")` for `LLM_MODEL`.
- `knowledge.errors` — `KnowledgeError` and its subclasses (user-safe messages).
"""
