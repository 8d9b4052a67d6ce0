"""Pseudo-tables: web tables flattened into one line per cell, turned back into one readable
record per row.

The captures hold two forms. `Label Value |` lines (documents 000 and 001)::

    Strategic Objective Improve Customer Retention |
    Automation Area CRM Automation, Customer Service Chatbots |
    Key Performance Indicators (KPIs) Customer Churn Rate, Customer Satisfaction Score ... |

and bare `Label Value` lines without the pipe (document 002: the four AI-alignment questions,
the pillar matrix, the alignment dimensions). A row has a fixed number of cells (its period);
the labels are the words every row repeats at the same cell. Both forms become records such
as "Strategic Objective: Improve Customer Retention. Automation Area: CRM Automation, …".
Markdown tables (`| a | b |`, in a user's own documents) are read too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_MAX_PERIOD = 6
_MAX_LABEL_WORDS = 6
_MAX_BARE_CELL_CHARS = 250
_MAX_BARE_FIRST_CELL_CHARS = 80
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


@dataclass(frozen=True)
class Table:
    """A table read back from its flattened lines: column labels and one value per cell
    (a column whose every cell is identical, such as "Yes/No", has the text as its label
    and empty values)."""

    labels: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[str]:
        """Return one readable sentence-like record per row."""
        return [self._record(row) for row in self.rows]

    def _record(self, row: tuple[str, ...]) -> str:
        parts: list[str] = []
        for label, value in zip(self.labels, row, strict=True):
            text = f"{label}: {value}" if value else label
            parts.append(text if text.endswith((".", "?", "!")) else f"{text}.")
        return " ".join(parts)


def is_pipe_cell(line: str) -> bool:
    """Return True for a `Label Value |` line of a flattened web table."""
    stripped = line.strip()
    return stripped.endswith("|") and not stripped.startswith("|")


def is_markdown_row(line: str) -> bool:
    """Return True for a Markdown table line (`| a | b |`)."""
    stripped = line.strip()
    return stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1


def read_pipe_table(lines: Sequence[str]) -> tuple[int, Table] | None:
    """Read a table from `Label Value |` lines; return (lines used, table) or None."""
    cells = [line.strip().removesuffix("|").strip() for line in lines]
    return _read_cells(cells, bare=False)


def read_bare_table(lines: Sequence[str]) -> tuple[int, Table] | None:
    """Read a table from bare `Label Value` lines at the start of `lines`; return (lines
    used, table) or None when they do not repeat labels with a fixed period."""
    cells = [line.strip() for line in lines]
    first = cells[0].split(" ", 1)[0].lower() if cells else ""
    if not any(
        cells[p].split(" ", 1)[0].lower() == first
        for p in range(2, min(len(cells), _MAX_PERIOD + 1))
    ):
        return None  # the first label never comes back: not a table (the common case)
    return _read_cells(cells, bare=True)


def read_markdown_table(lines: Sequence[str]) -> Table | None:
    """Read a Markdown table (header row, rule, body rows); None when malformed."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in lines
        if not _MARKDOWN_RULE.match(line.strip())
    ]
    if len(rows) < 2 or any(len(row) != len(rows[0]) for row in rows):
        return None
    header, body = rows[0], rows[1:]
    return Table(labels=tuple(header), rows=tuple(tuple(row) for row in body))


def _read_cells(cells: list[str], *, bare: bool) -> tuple[int, Table] | None:
    best: tuple[int, int] | None = None  # (cells covered, period)
    for period in range(2, _MAX_PERIOD + 1):
        rows = _rows_with_shared_labels(cells, period, bare=bare)
        if rows >= 2 and (best is None or rows * period > best[0]):
            best = (rows * period, period)
    if best is None:
        return None
    covered, period = best
    used = cells[:covered]
    columns = [used[c::period] for c in range(period)]
    labels = [_label(column) for column in columns]
    if len({label.lower() for label in labels}) != len(labels):
        return None
    values = tuple(
        tuple(_value(used[r * period + c], labels[c]) for c in range(period))
        for r in range(covered // period)
    )
    return covered, Table(labels=tuple(labels), rows=values)


def _rows_with_shared_labels(cells: list[str], period: int, *, bare: bool) -> int:
    """Return how many whole rows from the start keep a distinct label in every column;
    each column's shared words are narrowed row by row (linear in the cells read)."""
    shared: list[list[str]] = [cells[c].split() for c in range(min(period, len(cells)))]
    rows = 0
    while (rows + 1) * period <= len(cells):
        row = cells[rows * period : (rows + 1) * period]
        if bare and not _bare_cells_fit(row):
            break
        if rows >= 1:
            narrowed = [_common_prefix(shared[c], row[c].split()) for c in range(period)]
            labels = [_label_of(words) for words in narrowed]
            if not all(labels) or len({label.lower() for label in labels}) != period:
                break
            shared = narrowed
        rows += 1
    return rows


def _common_prefix(a: list[str], b: list[str]) -> list[str]:
    common = []
    for x, y in zip(a, b, strict=False):
        if x.lower() != y.lower():
            break
        common.append(x)
    return common


def _bare_cells_fit(row: list[str]) -> bool:
    """Bare cells are short, and a row's first cell is shorter still (a name, not prose)."""
    return len(row[0]) <= _MAX_BARE_FIRST_CELL_CHARS and all(
        0 < len(cell) <= _MAX_BARE_CELL_CHARS for cell in row
    )


def _label(column: list[str]) -> str:
    """Return the words every cell of the column starts with, or "" when there is no
    plausible label (none shared, too long, or not capitalised)."""
    shared = column[0].split() if column else []
    for cell in column[1:]:
        shared = _common_prefix(shared, cell.split())
    return _label_of(shared)


def _label_of(shared: list[str]) -> str:
    """Return shared leading words as a label, or "" when they cannot be one."""
    words = list(shared)
    # "Maturity Level Level 1 ● Reactive": the label's last word also starts every value.
    if len(words) >= 2 and words[-1].lower() == words[-2].lower():
        words.pop()
    if not words or len(words) > _MAX_LABEL_WORDS or not words[0][:1].isupper():
        return ""
    return " ".join(words)


def _value(cell: str, label: str) -> str:
    """Return the cell without its label."""
    return cell[len(label) :].strip() if cell.lower().startswith(label.lower()) else cell
