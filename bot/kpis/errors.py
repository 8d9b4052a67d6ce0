"""Errors of KPI tracking. Messages are user-safe and say what to do instead::

KpiError                       (prompts.errors.AlignbotError)
└── a KPI that is not the person's to change, or a value that cannot be one
"""

from __future__ import annotations

from prompts.errors import AlignbotError


class KpiError(AlignbotError):
    """Something about a tracked KPI a user can cause or meet."""
