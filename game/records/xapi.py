"""xAPI 1.0.3 statements for a playthrough and for a room session, built from plain records.

Pure: the store hands in rows and the scenario version (game.records.version), and gets
statements back as JSON-ready dicts. Statement ids are name-based UUIDs (version 5) of the
registration and the event, so building a statement twice, on this laptop or on another one
that imported the records, gives the same id, and an LRS keeps one copy.

Vocabulary: ADL's verbs, cmi5's `initialized`/`terminated` and session id extension, the
cmi.interaction activity type with interactionType `choice` for each moment. Our own extensions
live under EXTENSIONS (docs/records.md lists them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from game.model import PRINCIPLE_KEYS

from .version import overall_share

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://outreach.invalid/xapi"
EXTENSIONS = "https://outreach.invalid/xapi/extensions/"
NAMESPACE = uuid.UUID("5b0b5d2e-3b7c-4f0e-9d53-0c1f0a7c1e13")

VERB_IDS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "commented": "http://adlnet.gov/expapi/verbs/commented",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "scenario": "http://adlnet.gov/expapi/activities/simulation",
    "moment": "http://adlnet.gov/expapi/activities/cmi.interaction",
}
CMI5_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"


def ext(name: str) -> str:
    return EXTENSIONS + name


EXT = {name: ext(name) for name in (
    "mode", "feedback-mode", "label", "scores", "feedback", "lens", "counted", "moment", "ending", "principles",
    "step-backs", "self-ratings", "reactions", "votes", "taken-by", "branch", "seconds", "main-line",
)}


@dataclass(frozen=True, slots=True)
class Attempt:
    """Who played what, and the registration their statements share."""

    registration: str  # a UUID: one playthrough, or one room session
    actor: dict[str, Any]  # an xAPI Agent (a trainee) or Group (a room)
    version: dict[str, Any]  # game.records.version.scenario_version()
    mode: str  # "solo" or "room"
    feedback: str | None = None  # "coach" / "assessment" for solo play
    label: str | None = None
    sitting: str | None = None  # cmi5 session id: one run of the program
    base: str = DEFAULT_BASE
    instructor: dict[str, Any] | None = None  # the facilitator of a room

    def scenario_iri(self) -> str:
        return f"{self.base}/scenarios/{_segment(self.version['id'])}"

    def moment_iri(self, node: str) -> str:
        return f"{self.scenario_iri()}/moments/{_segment(node)}"


def statement_id(registration: str, *event: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join([registration, *map(str, event)])))


def timestamp(at: datetime | float) -> str:
    if isinstance(at, (int, float)):
        at = datetime.fromtimestamp(at, UTC)
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    return f"PT{max(seconds, 0.0):.2f}S"


def launched(attempt: Attempt, at: datetime | float) -> dict[str, Any]:
    return _statement(attempt, "launched", ("launched",), _scenario_object(attempt), at)


def initialized(attempt: Attempt, at: datetime | float) -> dict[str, Any]:
    return _statement(attempt, "initialized", ("initialized",), _scenario_object(attempt), at)


def answered(attempt: Attempt, number: int, node: str, offered: list[int], chosen: int, at: datetime | float,
             seconds: float | None, counted: bool, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """One choice: the options offered (in their offered order, by authored index), the one taken.
    `number` numbers the answers of this attempt (room: the branch and moment make it unique)."""
    spec = attempt.version["nodes"][node]
    choices = spec["choices"]
    taken = choices[chosen]
    sums = [sum(choices[i]["scores"]) for i in offered]
    raw = sum(taken["scores"]) if counted else 0
    result: dict[str, Any] = {
        "response": taken["ref"],
        "score": {"raw": raw, "min": min(sums + [raw]), "max": max(sums + [raw])},
        "extensions": {
            EXT["scores"]: dict(zip(PRINCIPLE_KEYS, taken["scores"] if counted else [0] * 6)),
            EXT["feedback"]: taken["feedback"],
            # Attended as the debrief counts it: the choice is tagged with the factor and helps.
            EXT["lens"]: list(taken["lens"]) if counted and sum(taken["scores"]) > 0 else [],
            EXT["counted"]: counted,
            **(extra or {}),
        },
    }
    if seconds is not None:
        result["duration"] = duration(seconds)
    definition = {
        "type": ACTIVITY_TYPES["moment"],
        "name": {"en": f"{attempt.version['title']}: {node}"},
        "description": {"en": spec["text"]},
        "interactionType": "choice",
        "choices": [{"id": choices[i]["ref"], "description": {"en": choices[i]["text"]}} for i in offered],
    }
    obj = {"objectType": "Activity", "id": attempt.moment_iri(node), "definition": definition}
    return _statement(attempt, "answered", ("answered", number), obj, at, result)


def completed(attempt: Attempt, number: int | str, ending_node: str, totals: list[int], at: datetime | float,
              seconds: float | None, extra: dict[str, Any] | None = None, best: list[int] | None = None,
              worst: list[int] | None = None) -> dict[str, Any]:
    """`best` and `worst`: the totals possible as the trainee's debrief showed them (by default
    the scenario version's)."""
    version = attempt.version
    best, worst = best or version["best"], worst or version["worst"]
    ending = version["nodes"][ending_node]["ending"]
    result: dict[str, Any] = {
        "completion": True,
        "score": {"scaled": round(overall_share(totals, best, worst), 4), "raw": sum(totals),
                  "min": min(sum(worst), sum(totals)), "max": max(sum(best), sum(totals))},
        "extensions": {
            EXT["ending"]: {"node": ending_node, "kind": ending["kind"], "title": ending["title"]},
            EXT["principles"]: {key: {"total": t, "best": b, "worst": w}
                                for key, t, b, w in zip(PRINCIPLE_KEYS, totals, best, worst)},
            **(extra or {}),
        },
    }
    if seconds is not None:
        result["duration"] = duration(seconds)
    return _statement(attempt, "completed", ("completed", number), _scenario_object(attempt), at, result)


def terminated(attempt: Attempt, at: datetime | float, seconds: float | None) -> dict[str, Any]:
    result = {"duration": duration(seconds)} if seconds is not None else None
    return _statement(attempt, "terminated", ("terminated",), _scenario_object(attempt), at, result)


def commented(attempt: Attempt, at: datetime | float, take_home: str | None,
              self_ratings: dict[str, int] | None) -> dict[str, Any] | None:
    """The trainee's own summary after the debrief: the take-home line and the self-ratings (1..5).
    None when they gave neither. The "how did that feel" reactions stay on the laptop."""
    extensions = {EXT["self-ratings"]: dict(self_ratings)} if self_ratings else {}
    result: dict[str, Any] = {}
    if take_home:
        result["response"] = take_home
    if extensions:
        result["extensions"] = extensions
    if not result:
        return None
    return _statement(attempt, "commented", ("commented",), _scenario_object(attempt), at, result)


def _scenario_object(attempt: Attempt) -> dict[str, Any]:
    version = attempt.version
    definition = {"type": ACTIVITY_TYPES["scenario"], "name": {"en": version["title"]}}
    if version.get("premise"):
        definition["description"] = {"en": version["premise"]}
    return {"objectType": "Activity", "id": attempt.scenario_iri(), "definition": definition}


def _statement(attempt: Attempt, verb: str, event: tuple, obj: dict[str, Any], at: datetime | float,
               result: dict[str, Any] | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = {EXT["mode"]: attempt.mode}
    if attempt.sitting:
        extensions[CMI5_SESSION] = attempt.sitting
    if attempt.feedback:
        extensions[EXT["feedback-mode"]] = attempt.feedback
    if attempt.label:
        extensions[EXT["label"]] = attempt.label
    context: dict[str, Any] = {
        "registration": attempt.registration,
        "revision": attempt.version["content_hash"][:16],
        "platform": "Outreach",
        "language": "en",
        "contextActivities": {
            "grouping": [{"objectType": "Activity", "id": attempt.base,
                          "definition": {"type": ACTIVITY_TYPES["course"], "name": {"en": "Outreach"}}}],
        },
        "extensions": extensions,
    }
    if obj["id"] != attempt.scenario_iri():
        context["contextActivities"]["parent"] = [{"objectType": "Activity", "id": attempt.scenario_iri()}]
    if attempt.instructor:
        context["instructor"] = attempt.instructor
    statement = {
        "id": statement_id(attempt.registration, *event),
        "actor": attempt.actor,
        "verb": {"id": VERB_IDS[verb], "display": {"en-US": verb}},
        "object": obj,
        "context": context,
        "timestamp": timestamp(at),
        "version": XAPI_VERSION,
    }
    if result:
        statement["result"] = result
    return statement


def _segment(text: str) -> str:
    return quote(text, safe="-._~")
