"""The question bank (`prompts/interview.yaml`): its pydantic models and its loader.

`load_bank(path=None) -> QuestionBank` reads and validates the file. Beyond the schema it
checks what only the whole bank can tell: unique ids, every `field` resolving to an
`Assessment` field of a compatible type (option values inside the field's vocabulary),
conditions pointing at earlier questions and their options, placeholders naming an
enclosing group. Any problem raises `QuestionBankError` naming the file and the field, e.g.
``prompts/interview.yaml: sections[2].items[0].field: 'checklist.clarity' is not a field``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from bot.interview.answers import ANSWER_TYPES
from bot.interview.errors import QuestionBankError
from bot.interview.examples import MeasureExample
from bot.interview.fields import FieldSpec, resolve
from bot.interview.types import (
    GATE_OPTIONS,
    NOT_APPLICABLE_OPTION,
    TRI_OPTIONS,
    UNKNOWN_ID,
    QuestionType,
)
from evaluators.models import Assessment
from prompts.data_files import join_problems, load_yaml_model

DEFAULT_BANK = Path(__file__).resolve().parents[2] / "prompts" / "interview.yaml"

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", max_length=60)]
OneLine = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\n]+$")]
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
RESERVED = "another"  # "<group>.another" is the add-another prompt's id


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a question comes from: a shipped document, its section heading, and a
    verbatim quote of the passage (tests check the quote is really there)."""

    doc: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    section: Annotated[str, Field(min_length=3, max_length=200)]
    quote: Annotated[str, Field(min_length=10, max_length=400)]


class Option(_Strict):
    """One answer to pick. `id` is stable (stored, sent back by buttons); `value` is what
    goes into the Assessment (defaults to `id`); `aliases` are other words people type."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=40)]
    label: Annotated[str, Field(min_length=1, max_length=75)]
    value: str | None = None
    aliases: tuple[str, ...] = ()
    # For counts people type as a number ("7 people"): the option whose range holds it.
    range: tuple[int, int] | None = None

    @property
    def stored(self) -> str:
        """The value the Assessment receives."""
        return self.value if self.value is not None else self.id


class Condition(_Strict):
    """One skip-logic condition; exactly one form:

    - `{question: ID, is: [option ids]}`  the answer is one of these options
    - `{question: ID, known: true|false}` the question was (not) answered with a real value
    - `{exists: GROUP}`                   at least one item of that group was named
    - `{any: [conditions]}`               at least one of them holds
    """

    question: QuestionId | None = None
    is_: tuple[str, ...] | None = Field(default=None, alias="is")
    known: bool | None = None
    exists: Ident | None = None
    any: tuple[Condition, ...] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [
            self.question is not None and self.is_ is not None and self.known is None,
            self.question is not None and self.known is not None and self.is_ is None,
            self.exists is not None,
            self.any is not None,
        ]
        extra = [self.exists is not None, self.any is not None, self.question is not None]
        if forms.count(True) != 1 or extra.count(True) != 1:
            raise ValueError(
                "a condition is exactly one of {question, is}, {question, known}, {exists}, {any}"
            )
        return self


class Prompt(_Strict):
    """A fixed yes/no prompt of the engine (e.g. "Add another initiative?")."""

    text: Annotated[str, Field(min_length=1, max_length=300)]
    help: OneLine
    source: Source


class Question(_Strict):
    """One question of the bank (see the header of `prompts/interview.yaml`)."""

    id: QuestionId
    text: Annotated[str, Field(min_length=1, max_length=300)]
    help: OneLine
    type: QuestionType
    field: str | None = None
    unit_field: str | None = None
    options: tuple[Option, ...] = ()
    options_from: Ident | None = None
    none_label: Annotated[str, Field(max_length=75)] | None = None
    required: bool = False
    unknown_label: Annotated[str, Field(min_length=1, max_length=75)] = "Don't know"
    # A yes/no question whose field also holds "not_applicable": offered as its own answer
    # ("n/a", "doesn't apply"), read before "don't know" so it is never taken for one.
    not_applicable: bool = False
    example: Annotated[str, Field(max_length=120)] | None = None
    when: tuple[Condition, ...] = ()
    future: bool = False
    per: Literal["year"] | None = None
    integer: bool = False
    at_most: QuestionId | None = None
    relative_to: QuestionId | None = None
    measures: QuestionId | None = None
    scale_min: int = 0
    scale_max: int = 5
    # A multi question: at most this many options may be picked.
    max_picks: Annotated[int, Field(ge=1, le=10)] | None = None
    source: Source


class Group(_Strict):
    """A repeatable group of questions (objectives, initiatives, KPIs of an initiative).
    Its first question names the item; `another` asks for one more, up to `max`."""

    group: Ident
    label: Annotated[str, Field(min_length=1, max_length=30)] | None = None
    collection: str
    id_prefix: Ident | None = None
    min: Annotated[int, Field(ge=0, le=10)] = 0
    max: Annotated[int, Field(ge=1, le=10)]
    another: Prompt
    items: tuple[Item, ...]

    @property
    def title(self) -> str:
        """How one item is called in progress lines ("initiative", "KPI")."""
        return self.label or self.group


def _item_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "group" if "group" in value else "question"
    return "group" if isinstance(value, Group) else "question"


Item = Annotated[
    Annotated[Question, Tag("question")] | Annotated[Group, Tag("group")],
    Discriminator(_item_kind),
]


class Section(_Strict):
    """A part of the interview; its title shows in the progress line."""

    id: Ident
    title: Annotated[str, Field(min_length=1, max_length=60)]
    items: tuple[Item, ...] = Field(min_length=1)


class QuestionBank(_Strict):
    """The whole bank: a version (stored with each interview) and its sections. `target`
    is the model its answers fill (every `field` is a path into it): the `Assessment` here,
    another model in a subclass (the team pulse's bank)."""

    target: ClassVar[type[BaseModel]] = Assessment

    version: Annotated[str, Field(min_length=1, max_length=32)]
    measure_examples: tuple[MeasureExample, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)

    def placed(self) -> tuple[Placed, ...]:
        """Every question with where it sits (section, enclosing groups), in bank order."""
        return self._placed

    def question(self, question_id: str) -> Placed:
        """The placed question with this id; `KeyError` when there is none."""
        return self._questions[question_id]

    def group(self, name: str) -> Group:
        """The group with this name; `KeyError` when there is none."""
        return self._groups[name]

    def section(self, section_id: str) -> Section:
        """The section with this id; `KeyError` when there is none."""
        return self._sections[section_id]

    # Indexes, computed once per bank (hashing a frozen model tree on every lookup is slow).
    @cached_property
    def _placed(self) -> tuple[Placed, ...]:
        return _placements(self)

    @cached_property
    def _questions(self) -> dict[str, Placed]:
        return {p.id: p for p in self._placed}

    @cached_property
    def _groups(self) -> dict[str, Group]:
        return _groups(self)

    @cached_property
    def _sections(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}


Group.model_rebuild()
Condition.model_rebuild()


@dataclass(frozen=True)
class Placed:
    """A question with its context: section, enclosing groups (outermost first), its
    position in bank order, and the field it fills."""

    question: Question
    section: Section
    groups: tuple[Group, ...]
    order: int
    field: FieldSpec | None
    unit_field: FieldSpec | None

    @property
    def id(self) -> str:
        """The question's id."""
        return self.question.id

    @property
    def is_key(self) -> bool:
        """True for the first question of a group: it names the item."""
        return bool(self.groups) and _first_question(self.groups[-1]) is self.question

    @property
    def unknown_allowed(self) -> bool:
        """True when "don't know" is a legal answer: the field can hold it, or the question
        names an optional item (then "don't know" means there is none)."""
        if self.question.type == "gate":
            return False
        if self.is_key:
            return self.groups[-1].min == 0
        return self.field is not None and self.field.allows_unknown

    def options(self) -> tuple[Option, ...]:
        """The fixed options to pick from, "don't know" included where it is legal (the
        options of an `options_from` question come from the interview's answers)."""
        q = self.question
        if q.type == "gate":
            base = tuple(Option(id=i, label=label) for i, label in GATE_OPTIONS)
        elif q.type == "yes_no":
            pairs = (*TRI_OPTIONS, NOT_APPLICABLE_OPTION) if q.not_applicable else TRI_OPTIONS
            base = tuple(Option(id=i, label=label) for i, label in pairs)
        else:
            base = q.options
        if q.type in ("yes_no", "choice") and self.unknown_offered:
            base = (*base, Option(id=UNKNOWN_ID, label=q.unknown_label, value=UNKNOWN_ID))
        return base

    @property
    def unknown_offered(self) -> bool:
        """True when "don't know" is worth a button: the field records it as such. (Where
        it would only mean "use the default", typing "don't know" still works.)"""
        if not self.unknown_allowed or self.field is None:
            return self.unknown_allowed
        return self.is_key or self.field.allows_none or UNKNOWN_ID in self.field.literals


def _first_question(group: Group) -> Question | None:
    first = group.items[0] if group.items else None
    return first if isinstance(first, Question) else None


def _walk(
    items: tuple[Question | Group, ...], groups: tuple[Group, ...], loc: str
) -> Iterator[tuple[Question | Group, tuple[Group, ...], str]]:
    for i, item in enumerate(items):
        here = f"{loc}.items[{i}]"
        yield item, groups, here
        if isinstance(item, Group):
            yield from _walk(item.items, (*groups, item), here)


def _placements(bank: QuestionBank) -> tuple[Placed, ...]:
    placed: list[Placed] = []
    for s, section in enumerate(bank.sections):
        for item, groups, _loc in _walk(section.items, (), f"sections[{s}]"):
            if isinstance(item, Question):
                placed.append(
                    Placed(
                        question=item,
                        section=section,
                        groups=groups,
                        order=len(placed),
                        field=resolve(item.field, bank.target) if item.field else None,
                        unit_field=(
                            resolve(item.unit_field, bank.target) if item.unit_field else None
                        ),
                    )
                )
    return tuple(placed)


def _groups(bank: QuestionBank) -> dict[str, Group]:
    found: dict[str, Group] = {}
    for s, section in enumerate(bank.sections):
        for item, _enclosing, _loc in _walk(section.items, (), f"sections[{s}]"):
            if isinstance(item, Group):
                found[item.group] = item
    return found


# --- loading and whole-bank checks ------------------------------------------------------------

TRI = {"yes", "partly", "no", "unknown"}
_TAGS = ("question", "group")


def tri_answers(question: Question) -> set[str]:
    """Return the answers a yes/no question stores: yes, partly, no and unknown, and
    not applicable where the bank offers it."""
    return TRI | {NOT_APPLICABLE_OPTION[0]} if question.not_applicable else TRI


def load_bank(path: Path | None = None) -> QuestionBank:
    """Return the validated question bank from `path` (default `prompts/interview.yaml`);
    any problem raises `QuestionBankError` naming the file and the field."""
    path = path or DEFAULT_BANK
    return _load(path.resolve(), path.stat().st_mtime_ns if path.exists() else 0)


@cache
def _load(path: Path, _mtime: int) -> QuestionBank:
    name = _display(path)
    # "question" and "group" are the tags of an item's union, not fields a person wrote.
    bank = load_yaml_model(path, QuestionBank, QuestionBankError, name=name, skip=_TAGS)
    check_bank(bank, name)
    return bank


def check_bank(bank: QuestionBank, name: str) -> None:
    """Raise `QuestionBankError` naming `name` and the field for every problem only the
    whole bank shows (see the module docstring); used by the loader and for generated banks."""
    problems = [f"{loc}: {message}" for loc, message in _check(bank)]
    if problems:
        raise QuestionBankError(join_problems(name, problems))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _check(bank: QuestionBank) -> Iterator[tuple[str, str]]:
    seen: dict[str, Question] = {}
    group_names: set[str] = set()
    for s, section in enumerate(bank.sections):
        for item, groups, loc in _walk(section.items, (), f"sections[{s}]"):
            if isinstance(item, Group):
                yield from _check_group(item, groups, loc, group_names, bank.target)
                group_names.add(item.group)
                continue
            q = item
            prefix = groups[-1].group if groups else section.id
            if not q.id.startswith(prefix + "."):
                yield f"{loc}.id", f"{q.id!r} should start with {prefix + '.'!r}"
            if q.id in seen:
                yield f"{loc}.id", f"{q.id!r} is used twice"
            if q.id.endswith("." + RESERVED):
                yield f"{loc}.id", f"{RESERVED!r} is reserved for the add-another prompt"
            yield from _check_field(q, groups, loc, bank.target)
            yield from _check_options(q, loc, group_names)
            yield from _check_text(q, groups, loc)
            for c, condition in enumerate(q.when):
                yield from _check_condition(condition, seen, group_names, f"{loc}.when[{c}]")
            for name, earlier in (("at_most", q.at_most), ("relative_to", q.relative_to)):
                if earlier is None:
                    continue
                other = seen.get(earlier)
                if other is None or other.type != "number" or q.type != "number":
                    yield f"{loc}.{name}", f"{earlier!r} is not an earlier number question"
            if q.measures is not None:
                named = seen.get(q.measures)
                if named is None or named.type != "text" or q.type != "number":
                    yield f"{loc}.measures", f"{q.measures!r} is not an earlier text question"
            seen[q.id] = q


def _check_group(
    group: Group, groups: tuple[Group, ...], loc: str, names: set[str], root: type[BaseModel]
) -> Iterator[tuple[str, str]]:
    if group.group in names:
        yield f"{loc}.group", f"{group.group!r} is used twice"
    if group.min > group.max:
        yield f"{loc}.min", "is larger than max"
    first = _first_question(group)
    if first is None or first.type != "text":
        yield f"{loc}.items[0]", "a group starts with the text question that names the item"
    try:
        spec = resolve(group.collection, root)
    except KeyError as exc:
        yield f"{loc}.collection", str(exc.args[0])
    else:
        if spec.base is not tuple:
            yield f"{loc}.collection", f"{group.collection!r} is not a list"
    if group.collection.count("[]") != len(groups):
        yield f"{loc}.collection", "must have one [] per enclosing group"
    yield from _check_text_placeholders(group.another.text, (*groups, group), f"{loc}.another.text")


def _check_field(
    q: Question, groups: tuple[Group, ...], loc: str, root: type[BaseModel]
) -> Iterator[tuple[str, str]]:
    if q.type == "gate":
        if q.field is not None:
            yield f"{loc}.field", "a gate question fills no field"
        return
    if q.field is None:
        yield f"{loc}.field", "every question names the Assessment field it fills"
        return
    try:
        spec = resolve(q.field, root)
    except KeyError as exc:
        yield f"{loc}.field", str(exc.args[0])
        return
    expected_prefix = groups[-1].collection + "[]." if groups else ""
    if spec.depth != len(groups) or not q.field.startswith(expected_prefix):
        yield f"{loc}.field", f"{q.field!r} does not belong to this question's group"
    yield from _check_field_type(q, spec, loc)
    if q.unit_field is not None:
        if q.type != "number":
            yield f"{loc}.unit_field", "only number questions carry a unit"
        try:
            resolve(q.unit_field, root)
        except KeyError as exc:
            yield f"{loc}.unit_field", str(exc.args[0])


def _check_field_type(q: Question, spec: FieldSpec, loc: str) -> Iterator[tuple[str, str]]:
    allowed = ANSWER_TYPES[q.type].field_kinds
    if spec.base is None or not issubclass(spec.base, allowed):
        yield f"{loc}.field", f"{q.field!r} cannot hold a {q.type} answer"
    if q.type == "yes_no" and set(spec.literals) != tri_answers(q):
        what = "yes/partly/no/" + ("not_applicable/" if q.not_applicable else "") + "unknown"
        yield f"{loc}.field", f"{q.field!r} is not a {what} field"
    if q.not_applicable and q.type != "yes_no":
        yield f"{loc}.not_applicable", "only a yes/no question offers not applicable"
    if q.integer and spec.base is not int:
        yield f"{loc}.integer", f"{q.field!r} does not hold whole numbers"
    if q.type == "choice" and spec.literals:
        for o, option in enumerate(q.options):
            if option.stored not in spec.literals:
                choices = ", ".join(spec.literals)
                yield f"{loc}.options[{o}]", f"{option.stored!r} is not one of {choices}"


def _check_options(q: Question, loc: str, groups: set[str]) -> Iterator[tuple[str, str]]:
    ids = [o.id for o in q.options]
    if len(set(ids)) != len(ids):
        yield f"{loc}.options", "option ids must be unique"
    if UNKNOWN_ID in ids:
        yield f"{loc}.options", f"{UNKNOWN_ID!r} is added automatically where it is legal"
    if q.type in ("choice", "multi") and not q.options and q.options_from is None:
        yield f"{loc}.options", f"a {q.type} question needs options or options_from"
    if q.max_picks is not None and q.type != "multi":
        yield f"{loc}.max_picks", "only a multi question limits its picks"
    if q.type not in ("choice", "multi") and q.options:
        yield f"{loc}.options", f"a {q.type} question has no options"
    if q.options_from is not None and q.options_from not in groups:
        yield f"{loc}.options_from", f"{q.options_from!r} is not an earlier group"


def _check_text(q: Question, groups: tuple[Group, ...], loc: str) -> Iterator[tuple[str, str]]:
    yield from _check_text_placeholders(q.text, groups, f"{loc}.text")
    first = groups and _first_question(groups[-1]) is q
    if first and "{" + groups[-1].group + "}" in q.text:
        yield f"{loc}.text", "the question that names an item cannot use its own name"


def _check_text_placeholders(
    text: str, groups: tuple[Group, ...], loc: str
) -> Iterator[tuple[str, str]]:
    names = {g.group for g in groups}
    for name in PLACEHOLDER.findall(text):
        if name not in names:
            yield loc, f"{{{name}}} is not an enclosing group"


def _check_condition(
    condition: Condition, seen: dict[str, Question], groups: set[str], loc: str
) -> Iterator[tuple[str, str]]:
    if condition.any is not None:
        for i, inner in enumerate(condition.any):
            yield from _check_condition(inner, seen, groups, f"{loc}.any[{i}]")
        return
    if condition.exists is not None:
        if condition.exists not in groups:
            yield f"{loc}.exists", f"{condition.exists!r} is not an earlier group"
        return
    target = seen.get(condition.question or "")
    if target is None:
        yield f"{loc}.question", f"{condition.question!r} is not an earlier question"
        return
    if condition.is_ is not None:
        valid = {o.id for o in target.options}
        if target.type == "gate":
            valid = {"yes", "no"}
        elif target.type == "yes_no":
            valid = tri_answers(target)
        for value in condition.is_:
            if value not in valid:
                yield f"{loc}.is", f"{value!r} is not an option of {target.id!r}"
