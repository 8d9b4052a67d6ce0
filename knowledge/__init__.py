"""The knowledge base: cleaning, chunking, embedding, indexing, searching and answering from
the strategy corpus. Imports nothing from `bot`."""
