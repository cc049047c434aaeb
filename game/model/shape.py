"""Validate a parsed file against the document model, turning pydantic errors into diagnostics
on the line of the offending field, in words an author understands."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel, ValidationError

from game.suggest import did_you_mean

from .diagnostics import Diagnostic, DocPath
from .document import FORMAT_VERSION, ScenarioDocument
from .yaml_source import SourceDocument

# Older formats are upgraded in steps: MIGRATIONS[n] turns a format-n dict into format n+1.
# Format 2 only added optional fields, so a format-1 file is a format-2 file with a new number.
MIGRATIONS: dict[int, typing.Callable[[dict], dict]] = {1: lambda data: {**data, "format": 2}}


def validate_shape(source: SourceDocument) -> tuple[ScenarioDocument | None, list[Diagnostic]]:
    data = source.data
    version = data.get("format")
    if version is None:
        return None, [source.diagnostic((), "the file does not say which format it uses",
                                        hint=f"add 'format: {FORMAT_VERSION}' as the first field", code="format")]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None, [source.diagnostic(("format",), f"'format' must be a whole number such as {FORMAT_VERSION}",
                                        code="format")]
    if version > FORMAT_VERSION:
        return None, [source.diagnostic(
            ("format",), f"this file uses format {version}, newer than this Outreach understands "
            f"(format {FORMAT_VERSION})", hint="update Outreach to play it", code="format")]
    while version < FORMAT_VERSION:
        if version not in MIGRATIONS:
            return None, [source.diagnostic(("format",), f"format {version} is no longer supported", code="format")]
        data = MIGRATIONS[version](data)
        version += 1
    try:
        return ScenarioDocument.model_validate(data), []
    except ValidationError as error:
        return None, _diagnostics(source, error)


def _diagnostics(source: SourceDocument, error: ValidationError) -> list[Diagnostic]:
    found: dict[DocPath, Diagnostic] = {}
    for item in error.errors(include_url=False):
        kind = item["type"]
        path = _data_path(source.data, item["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        if path in found:  # one message per place: unions report once per alternative
            continue
        found[path] = _describe(source, path, kind, item)
    return list(found.values())


def _data_path(data, loc: tuple, keep_last: bool) -> DocPath:
    """The part of a pydantic location that exists in the data (dropping union branch names)."""
    path: list = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            if keep_last and i == len(loc) - 1:
                path.append(part)
            break
        path.append(part)
    return tuple(path)


def _describe(source: SourceDocument, path: DocPath, kind: str, item: dict) -> Diagnostic:
    named = [part for part in path if isinstance(part, str)]
    name = named[-1] if named else "file"
    value = item.get("input")
    ctx = item.get("ctx") or {}
    at = path
    at_key = item["loc"][-1:] == ("[key]",)  # a bad name of a field, variable or node
    hint = ""
    if kind == "missing":
        at = path[:-1]
        model = _model_at(path[:-1])
        described = _field_description(model, name)
        message = f"missing required field '{name}'" + (f" in {_where(path[:-1])}" if path[:-1] else "")
        hint = described
    elif kind == "extra_forbidden":
        at_key = True
        model = _model_at(path[:-1])
        allowed = list(model.model_fields) if model else []
        message = f"unknown field '{name}'" + (f" in {_where(path[:-1])}" if path[:-1] else "")
        hint = did_you_mean(name, allowed) or (f"allowed here: {', '.join(allowed)}" if allowed else "")
        if value is None and " " in name:  # `{title: A long, cold wait}` splits at the comma
            hint = f"if '{name}' is the end of a text containing a comma inside {{ }}, put the whole text in quotes"
    elif kind == "string_pattern_mismatch":
        message = f"'{value}' is not a valid name"
        hint = ("use letters, digits, '-' and '_', starting with a letter or digit (no spaces)"
                if "_-]" in str(ctx.get("pattern", "")) else
                "use letters, digits and '_', starting with a letter or '_' (no spaces or '-')")
    elif kind in ("greater_than_equal", "less_than_equal"):
        low, high = _range_of(path)
        message = f"{value!r} is out of range for '{name}'"
        hint = f"use a whole number from {low} to {high}" if low is not None else _bound_words(kind, ctx)
    elif kind == "literal_error":
        expected = ctx.get("expected", "")
        message = f"{value!r} is not allowed for '{name}'"
        options = [option.strip(" '") for option in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(value), options) or f"use one of: {expected}"
    elif kind in ("string_type",):
        message = f"'{name}' must be text, not {_kind_of(value)}"
        hint = "put the value in quotes"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"'{name}' must be a whole number, not {_kind_of(value)}"
    elif kind in ("bool_type",):
        message = f"'{name}' must be true or false, not {_kind_of(value)}"
    elif kind in ("too_short", "string_too_short"):
        message = f"'{name}' must not be empty"
    elif kind in ("tuple_type", "list_type"):
        message = f"'{name}' must be a list, not {_kind_of(value)}"
        hint = "write the items one per line, each starting with '- '"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"'{name}' must be a set of fields, not {_kind_of(value)}"
        hint = "write each field as 'name: value' on its own line, indented under this one"
    elif kind == "string_too_long":
        message = f"'{name}' is too long (at most {ctx.get('max_length')} characters)"
    else:
        message = f"{name}: {item['msg']}"
    if path and path[0] == "variables" and kind in ("int_type", "bool_type", "string_type"):
        message = f"variable '{name}' must start as a whole number or true/false, not {_kind_of(value)}"
        hint = "e.g. 'trust: 0' or 'called_911: false'"
    return source.diagnostic(at, message, hint=hint, code=f"shape:{kind}", at_key=at_key)


def _where(path: DocPath) -> str:
    if len(path) >= 2 and path[0] == "nodes":
        rest = "".join(f", choice {p + 1}" if isinstance(p, int) else f" {p}" for p in path[2:])
        return f"node '{path[1]}'{rest.replace(' choices,', '')}"
    return "'" + ".".join(str(p) for p in path) + "'"


def _kind_of(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a decimal number ({value})"
    if isinstance(value, str):
        return f"text ('{value[:30]}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _range_of(path: DocPath) -> tuple[int | None, int | None]:
    if "scores" in path:
        return -2, 2
    if path == ("difficulty",):
        return 1, 3
    if path == ("minutes",):
        return 1, 180
    return None, None


def _bound_words(kind: str, ctx: dict) -> str:
    if kind == "greater_than_equal":
        return f"it must be at least {ctx.get('ge')}"
    return f"it must be at most {ctx.get('le')}"


def _unwrap(annotation):
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = models[0]
        else:
            return annotation


def _model_at(path: DocPath) -> type[BaseModel] | None:
    """The model class that validates the value at `path`, for naming its allowed fields."""
    current = ScenarioDocument
    for part in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) in (tuple, list):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_description(model: type[BaseModel] | None, name: str) -> str:
    if model is None or name not in model.model_fields:
        return ""
    description = model.model_fields[name].description or ""
    return f"'{name}': {description}" if description else ""
