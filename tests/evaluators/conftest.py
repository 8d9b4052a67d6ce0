"""Fixtures for the scoring engine's tests: the shipped rubric (loaded once), its raw data for
tests that break it, and the persona assessments."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluators import Assessment, Rubric, load_rubric, parse_assessment
from evaluators.rubric import DEFAULT_RUBRIC

PERSONAS = Path(__file__).parent / "personas"


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    """The shipped rubric, validated once per session."""
    return load_rubric()


@pytest.fixture(scope="session")
def _rubric_source() -> dict[str, Any]:
    data = yaml.safe_load(DEFAULT_RUBRIC.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def rubric_data(_rubric_source: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of the shipped rubric's YAML data."""
    return copy.deepcopy(_rubric_source)


def load_persona(name: str) -> Assessment:
    """Return the persona assessment `tests/evaluators/personas/<name>.json`."""
    return parse_assessment((PERSONAS / f"{name}.json").read_bytes(), source=name)
