"""Parsers for the messy ways people answer: text and lists, numbers (money, percent,
scales, measures), dates and durations, yes/no and choices. Each raises `AnswerError`
with one sentence on what is expected and an example."""
