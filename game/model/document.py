"""The scenario file format as pydantic models: the shape of what an author writes.

These models check shape and ranges only. Cross-references (targets, variables, reachability)
are checked in `checks.py`, with every problem reported at once. Field descriptions become the
JSON Schema an author's editor shows while typing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StringConstraints,
                      model_validator)

from .principles import SCORE_MAX, SCORE_MIN

FORMAT_VERSION = 2

NodeId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=80)]
VariableName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1)]
Score = Annotated[StrictInt, Field(ge=SCORE_MIN, le=SCORE_MAX)]
LensKey = Literal["drug", "set", "setting"]
PrincipleKey = Literal["health_dignity", "participant_centered", "participant_involvement",
                       "participant_autonomy", "sociocultural", "pragmatic"]
# A choice named in a playtest: its id, its number as written in the file (1 = first), or the
# start of its text.
ChoiceRef = Annotated[StrictInt, Field(ge=1)] | Text


def _listed(value):
    """A single effect may be written without a list. (On the field rather than the model: a
    check of the whole choice would run for each of a file's thousands of choices.)"""
    return [value] if isinstance(value, str) else value


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scores(_Part):
    """How a choice honours (+1, +2) or violates (-1, -2) each principle. Leave out the ones it does not touch."""

    health_dignity: Score = Field(0, description="Health and Dignity: care and respect.")
    participant_centered: Score = Field(0, description="Participant-Centered Services: non-judgmental, non-coercive.")
    participant_involvement: Score = Field(0, description="Participant Involvement: a real voice for people who use drugs.")
    participant_autonomy: Score = Field(0, description="Participant Autonomy: the person decides.")
    sociocultural: Score = Field(0, description="Sociocultural Factors: poverty, racism, trauma, housing, policing.")
    pragmatic: Score = Field(0, description="Pragmatic and Realistic: concrete safer steps, honest about risk.")


class LensFact(_Part):
    id: NodeId = Field(description="Short name used in a node's 'reveals' list.")
    text: Text = Field(description="What the worker learns, shown in the side panel once revealed.")


class LensFactor(_Part):
    summary: Text = Field(description="What this factor is in this scenario, shown in the debrief.")
    facts: tuple[LensFact, ...] = Field((), description="Facts the worker can learn during play, revealed by nodes.")

    @model_validator(mode="before")
    @classmethod
    def _summary_only(cls, value):
        return {"summary": value} if isinstance(value, str) else value


class Lens(_Part):
    """The situation through the drug / set / setting lens."""

    drug: LensFactor = Field(description="The substance, how it is used, how often, prescribed or street supply.")
    set: LensFactor = Field(description="The person's mindset: mood, thoughts, expectations, trust.")
    setting: LensFactor = Field(description="The physical and social environment, and how it raises or lowers risk.")


class Choice(_Part):
    id: NodeId | None = Field(None, description="A stable name for this choice, unique in its node, e.g. 'ask-first'. "
                              "Playtests, routes, saves and records refer to the choice by it, so reordering "
                              "choices does not break them.")
    text: Text = Field(description="What the outreach worker says or does.")
    goto: NodeId = Field(description="The id of the node this choice leads to.")
    reveals: tuple[NodeId, ...] = Field((), description="Ids of lens facts the worker learns by taking this choice.")
    when: Text | None = Field(None, description="Condition for offering this choice, e.g. 'trust >= 1 and not called_911'.")
    effects: Annotated[tuple[Text, ...], BeforeValidator(_listed)] = Field(
        (), description="Changes to variables, e.g. 'trust += 1' or 'stayed = true'.")
    scores: Scores = Field(default_factory=Scores, description="Per-principle scores from -2 to +2.")
    lens: tuple[LensKey, ...] = Field((), description="Which of drug, set and setting this choice pays attention to.")
    feedback: Text = Field(description="Why this choice helps or hurts, shown to the trainee.")


class Ending(_Part):
    kind: Literal["good", "mixed", "poor"] = Field(description="How this ending went for the participant.")
    title: Text = Field(description="A short name for the ending.")


class TextVariant(_Part):
    when: Text = Field(description="Condition for this text, e.g. 'gave_naloxone' or 'trust >= 2'.")
    text: Text = Field(description="The text shown instead of the node's 'text' when the condition is true.")


class Node(_Part):
    speaker: Text | None = Field(None, description="Who is speaking; leave out for narration.")
    text: Text = Field(description="What happens or what is said at this moment (the default when no variant applies).")
    variants: tuple[TextVariant, ...] = Field(
        (), description="Other texts for this moment; the first whose 'when' is true replaces 'text'.")
    reveals: tuple[NodeId, ...] = Field((), description="Ids of lens facts the worker learns here.")
    choices: tuple[Choice, ...] = Field((), description="The worker's options. A node without choices must be an ending.")
    order: Literal["shuffled", "fixed"] = Field(
        "shuffled", description="'shuffled' (default) varies the order per playthrough; 'fixed' keeps it as written.")
    ending: Ending | None = Field(None, description="Makes this node an ending of the scenario.")
    facilitator_note: Text | None = Field(None, description="Shown only to a facilitator at this moment.")


class Debrief(_Part):
    questions: tuple[Text, ...] = Field(min_length=1, description="Discussion questions for the debrief.")
    facilitator_notes: Text | None = Field(None, description="Guidance for a facilitator running the debrief.")
    note: Text | None = Field(None, description="A closing note, e.g. how local laws or protocols differ.")


class Reference(_Part):
    title: Text = Field(description="Title of the source.")
    publisher: Text = Field(description="Who published it: an agency, a journal, an organisation.")
    year: Annotated[StrictInt, Field(ge=1900, le=2100)] = Field(description="Year of publication.")
    url: Text | None = Field(None, description="Where to read it, if it is online.")


class GlossaryEntry(_Part):
    term: Text = Field(description="A word or abbreviation the scenario uses, e.g. 'MOUD'.")
    meaning: Text = Field(description="What it means, in plain words.")


class Range(_Part):
    at_least: StrictInt | None = Field(None, description="The total must be at least this.")
    at_most: StrictInt | None = Field(None, description="The total must be at most this.")


class Expectations(_Part):
    ending: NodeId | None = Field(None, description="The id of the ending node the route must reach.")
    ending_kind: Literal["good", "mixed", "poor"] | None = Field(None, description="The kind of ending it must reach.")
    totals: dict[PrincipleKey, StrictInt | Range] = Field(
        default_factory=dict, description="Principle totals at the end of the route: a number, or at_least / at_most.")
    variables: dict[VariableName, StrictInt | StrictBool] = Field(
        default_factory=dict, description="Values variables must have at the end of the route.")
    offered: dict[NodeId, tuple[ChoiceRef, ...]] = Field(
        default_factory=dict, description="Choices that must be offered at these moments on this route.")
    not_offered: dict[NodeId, tuple[ChoiceRef, ...]] = Field(
        default_factory=dict, description="Choices that must not be offered at these moments on this route.")


class Playtest(_Part):
    name: Text = Field(description="What this playtest checks, in words.")
    route: tuple[dict[NodeId, ChoiceRef], ...] = Field(
        min_length=1, description="The steps in order, each 'node-id: choice' (the choice's id, its number as "
        "written, or the start of its text).")
    expect: Expectations = Field(default_factory=Expectations, description="What must be true at the end of the route.")

    @model_validator(mode="after")
    def _one_choice_per_step(self):
        for step in self.route:
            if len(step) != 1:
                raise ValueError("each step of a route is one 'node-id: choice' pair")
        return self


class ScenarioDocument(_Part):
    """An Outreach scenario: a branching situation an outreach worker responds to."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, title="Outreach scenario",
        json_schema_extra={"$id": "https://outreach.example/schema/scenario-v2.json"},
    )

    format: Literal[1, 2] = Field(description="Version of the scenario format. Write 2 (files in format 1 are still read).")
    id: NodeId = Field(description="Unique id of the scenario, e.g. 'waking-up-sick'.")
    title: Text = Field(description="Title shown on the scenario card.")
    premise: Text = Field(description="One or two sentences shown on the scenario card.")
    minutes: Annotated[StrictInt, Field(ge=1, le=180)] = Field(description="About how long one playthrough takes.")
    difficulty: Annotated[StrictInt, Field(ge=1, le=3)] = Field(description="1 introductory, 2 intermediate, 3 advanced.")
    content_warnings: tuple[Text, ...] | None = Field(
        None, description="Shown before the scenario starts, e.g. [overdose, withdrawal]. Write [] if there are none.")
    authors: tuple[Text, ...] = Field((), description="Who wrote the scenario.")
    topic: Text | None = Field(None, description="The course topic this scenario belongs to, e.g. 'Overdose response'. "
                               "'Start here' is shown first in the list.")
    order: Annotated[StrictInt, Field(ge=0, le=10_000)] | None = Field(
        None, description="Place in the course: lower numbers come first.")
    references: tuple[Reference, ...] = Field(
        (), description="Public sources behind the scenario's facts, shown at the end of the debrief.")
    glossary: tuple[GlossaryEntry, ...] = Field(
        (), description="Words the scenario uses that a new worker may not know, shown in the in-game glossary.")
    lens: Lens = Field(description="The situation through the drug / set / setting lens: drug, set and setting.")
    variables: dict[VariableName, StrictInt | StrictBool] = Field(
        default_factory=dict, description="Variables and their starting values (whole numbers or true/false).")
    start: NodeId = Field(description="The id of the first node.")
    nodes: dict[NodeId, Node] = Field(min_length=1, description="The moments of the scenario, by id.")
    debrief: Debrief = Field(description="Discussion questions and notes for the debrief at the end.")
    playtests: tuple[Playtest, ...] = Field(
        (), description="Named routes with what they must reach, run by 'outreach test'.")
