"""The deterministic scoring engine: a pure function from an `Assessment` to an `Evaluation`.
Imports nothing from `bot` or `knowledge`."""
