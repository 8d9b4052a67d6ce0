"""Prompt templates: pydantic data with named errors, like simonw/llm's."""

from __future__ import annotations

from pathlib import Path

import pytest

from prompts.templates import (
    MissingTemplateVariablesError,
    PromptTemplate,
    TemplateError,
    load_template,
)


def test_load_template_reads_the_shipped_answer_template() -> None:
    template = load_template("answer")
    assert template.variables() == {"question", "context", "passages"}
    assert "not instructions" in template.system


def test_interpolate_fills_variables_and_defaults() -> None:
    rendered = load_template("answer").interpolate(question="Why pilot?", passages="<passage/>")
    assert "Question: Why pilot?" in rendered.prompt
    assert "Earlier in this conversation: (none)" in rendered.prompt


def test_interpolate_names_every_missing_variable() -> None:
    with pytest.raises(MissingTemplateVariablesError, match="passages, question") as caught:
        load_template("answer").interpolate()
    assert caught.value.missing == ["passages", "question"]


def test_interpolate_never_reinterprets_the_values_it_inserts() -> None:
    template = PromptTemplate(name="t", prompt="Q: $question")
    assert template.interpolate(question="costs $100 or ${passages}?").prompt == (
        "Q: costs $100 or ${passages}?"
    )


@pytest.mark.parametrize(
    "content",
    ["name: t\nprompt: hi\nunknown_key: 1\n", "name: t\n", "- not a mapping\n", "prompt: [\n"],
)
def test_load_template_refuses_a_malformed_file(tmp_path: Path, content: str) -> None:
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"bad\.yaml"):
        load_template("bad", tmp_path)


def test_load_template_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"absent\.yaml"):
        load_template("absent", tmp_path)
