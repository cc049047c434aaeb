"""The scenario model: file format, safe loading with positions, checks and diagnostics."""

from .diagnostics import Diagnostic, Level, ScenarioError, format_json, format_text
from .document import FORMAT_VERSION, ScenarioDocument
from .loader import CheckResult, check_file, check_text, load_scenario, load_scenario_text
from .principles import DISCLAIMER, LENS_FACTORS, LENS_KEYS, PRINCIPLE_KEYS, PRINCIPLES, describe_scores
from .scenario import ChoiceRule, NodeRule, Scenario

__all__ = [
    "CheckResult", "ChoiceRule", "DISCLAIMER", "Diagnostic", "FORMAT_VERSION", "LENS_FACTORS", "LENS_KEYS",
    "Level", "NodeRule", "PRINCIPLES", "PRINCIPLE_KEYS", "Scenario", "ScenarioDocument", "ScenarioError",
    "check_file", "check_text", "describe_scores", "format_json", "format_text", "load_scenario", "load_scenario_text",
]
