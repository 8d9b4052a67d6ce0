"""The list of command-group modules the CLI registers, in help order."""

from __future__ import annotations

from types import ModuleType

MODULES: list[ModuleType] = []
