"""Nothing is downloaded at run time: the environment that keeps the Hugging Face libraries
(and Chroma's telemetry) offline and quiet. Set before those libraries are imported, by
every entry point (the CLI, the benches, the tests) and again before the model loads."""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def stay_offline() -> None:
    """Set the offline environment, keeping any value the person set themselves."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
