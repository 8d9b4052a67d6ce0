"""Prompt templates for chat models, stored as YAML next to this module (`answer.yaml`).

A template is a pydantic model (`extra="forbid"`): `name`, `system`, `prompt` and `defaults`.
`interpolate(**values)` fills `$variables` in the prompt (never re-reading the values it
inserts, so a passage containing "$question" stays literal) and raises
`MissingTemplateVariablesError`, naming the variables, when one has no value and no default.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from prompts.errors import AlignbotError

TEMPLATES_DIR = Path(__file__).resolve().parent


class TemplateError(AlignbotError):
    """A prompt template is missing, malformed, or was given too few values."""


class MissingTemplateVariablesError(TemplateError):
    """`interpolate` was called without a value for some of the template's variables."""

    def __init__(self, template: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"Template '{template}' needs a value for: {', '.join(missing)}.")


class RenderedPrompt(BaseModel):
    """A template with every variable filled: what is sent to the chat model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    system: str
    prompt: str


class PromptTemplate(BaseModel):
    """A system message plus a prompt with `$variables`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    description: str = ""
    system: str = ""
    prompt: str = Field(min_length=1)
    defaults: dict[str, str] = Field(default_factory=dict)

    def variables(self) -> set[str]:
        """Return the names of the `$variables` the prompt uses."""
        return {
            named or braced
            for _, named, braced, _ in string.Template.pattern.findall(self.prompt)
            if named or braced
        }

    def interpolate(self, **values: str) -> RenderedPrompt:
        """Return the prompt with its variables filled from `values`, then `defaults`."""
        merged = {**self.defaults, **{k: v for k, v in values.items() if v is not None}}
        missing = sorted(self.variables() - set(merged))
        if missing:
            raise MissingTemplateVariablesError(self.name, missing)
        prompt = string.Template(self.prompt).substitute(merged)
        return RenderedPrompt(system=self.system.strip(), prompt=prompt.strip())


@lru_cache(maxsize=8)
def load_template(name: str, folder: Path = TEMPLATES_DIR) -> PromptTemplate:
    """Return the template `<folder>/<name>.yaml`, validated; a missing or malformed file is
    a `TemplateError`."""
    path = folder / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PromptTemplate.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise TemplateError(f"The prompt template {path.name} is missing or invalid.") from exc
