"""The six principles of harm reduction and the drug / set / setting lens: fixed vocabulary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the fixed vocabulary: the key authors write, the label players read."""

    key: str
    label: str
    meaning: str


Principle = LensFactor = Term


PRINCIPLES: tuple[Principle, ...] = (
    Principle("health_dignity", "Health and Dignity",
              "Everyone deserves care and respect."),
    Principle("participant_centered", "Participant-Centered Services",
              "Non-judgmental and non-coercive, built on what the person wants."),
    Principle("participant_involvement", "Participant Involvement",
              "People who use drugs have a real voice in programs and policies."),
    Principle("participant_autonomy", "Participant Autonomy",
              "People are the primary agents of change in their own lives."),
    Principle("sociocultural", "Sociocultural Factors",
              "Poverty, racism, trauma, gender, housing and policing shape risk."),
    Principle("pragmatic", "Pragmatic and Realistic",
              "Drug use is part of the world; some ways of using are safer than others."),
)
PRINCIPLE_KEYS: tuple[str, ...] = tuple(p.key for p in PRINCIPLES)
PRINCIPLE_INDEX: dict[str, int] = {key: i for i, key in enumerate(PRINCIPLE_KEYS)}
SCORE_MIN, SCORE_MAX = -2, 2


LENS_FACTORS: tuple[LensFactor, ...] = (
    LensFactor("drug", "Drug",
               "The substance, how it is used, how often, prescribed or street supply."),
    LensFactor("set", "Set",
               "The mindset the person brings: thoughts, mood, expectations."),
    LensFactor("setting", "Setting",
               "The physical and social environment, and how it raises or lowers risk."),
)
LENS_KEYS: tuple[str, ...] = tuple(f.key for f in LENS_FACTORS)

DISCLAIMER = (
    "This scenario is training material, not medical advice. Overdose response, drug checking "
    "and laws differ between places and change over time: follow your program's protocols."
)


def describe_scores(scores: tuple[int, ...]) -> str:
    """'Health and Dignity +2, Pragmatic and Realistic -1', or 'no principle' for all zeros."""
    parts = [f"{p.label} {value:+d}" for p, value in zip(PRINCIPLES, scores) if value]
    return ", ".join(parts) if parts else "no principle"
