"""The JSON Schema of the scenario format, for editors that check YAML while the author types."""

from __future__ import annotations

import json

from .document import ScenarioDocument

SCHEMA_FILE = "scenario.schema.json"


def scenario_schema() -> dict:
    schema = ScenarioDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    defs = schema["$defs"]
    # The short forms the loader accepts, so an editor does not flag them.
    for factor in ("drug", "set", "setting"):
        prop = defs["Lens"]["properties"][factor]
        ref = prop.pop("$ref")
        prop["anyOf"] = [{"$ref": ref}, {"type": "string", "minLength": 1, "description": "the summary alone"}]
    effects = defs["Choice"]["properties"]["effects"]
    effects["anyOf"] = [{"type": "array", "items": effects.pop("items")}, {"type": "string", "minLength": 1}]
    effects.pop("type", None)
    # Names used as keys follow the same rules as everywhere else.
    node_id = defs["LensFact"]["properties"]["id"]["pattern"]
    schema["properties"]["nodes"]["propertyNames"] = {"pattern": node_id}
    variable = r"^[A-Za-z_][A-Za-z0-9_]*$"
    schema["properties"]["variables"]["propertyNames"] = {"pattern": variable}
    return schema


def scenario_schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
