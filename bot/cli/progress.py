"""Progress bars for long CLI work, on stderr, shown only on a terminal."""

from __future__ import annotations

import sys

from knowledge.index import ProgressBar


def tqdm_progress(total: int, description: str) -> ProgressBar:
    """Return a tqdm bar on stderr; tqdm hides it when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="passage", file=sys.stderr, disable=None)
