"""The JSON Schema of the scenario format, for editors that check YAML while the author types."""

from __future__ import annotations

import json

from .document import ScenarioDocument

SCHEMA_FILE = "scenario.schema.json"


def scenario_schema() -> dict:
    schema = ScenarioDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def scenario_schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
