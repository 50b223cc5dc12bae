"""Type-checked JSON objects: each field read by its own parser, unknown fields refused.

Model files and stored preferences are JSON; reading one goes through `parse_object`, so every wrong
field is an error naming it, its value and what was expected, never a later traceback.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Mapping

from core.base.errors import TrazoError
from core.base.i18n import _


def parse_object(values: Any, parsers: Mapping[str, Callable[[Any], Any]], where: str,
                 error: type[TrazoError]) -> dict[str, Any]:
    """{field: parsed value} for the fields `values` has; `error` names `where`.field for the first bad one.

    A parser raises ValueError or TypeError with what it expected, or a TrazoError that names the field
    itself (a nested object).
    """
    if not isinstance(values, dict):
        raise error(_("{where}: expected a JSON object, found {value}").format(where=where, value=shown(values)))
    unknown = sorted(set(values) - set(parsers))
    if unknown:
        raise error(_("{where}: unknown field {name!r}").format(where=where, name=unknown[0]))
    parsed = {}
    for name, raw in values.items():
        try:
            parsed[name] = parsers[name](raw)
        except TrazoError as problem:
            raise error(str(problem)) from None
        except (ValueError, TypeError) as problem:
            raise error(_("{where}.{name} = {value}: {problem}").format(
                where=where, name=name, value=shown(raw), problem=problem)) from None
    return parsed


def shown(value: Any) -> str:
    """A value as an error message quotes it: short, whatever its size."""
    if isinstance(value, dict):
        return _("an object")
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_json_text(text: Any, where: str, error: type[TrazoError], max_characters: int = 1 << 20,
                    max_depth: int = 8) -> Any:
    """The value JSON `text` holds; `error` naming `where` when it is not text, is too long or too deeply
    nested (checked before parsing, which would exhaust Python's stack), or is not JSON."""
    if not isinstance(text, str):
        raise error(_("{where}: expected JSON text, found {value}").format(where=where, value=shown(text)))
    if len(text) > max_characters:
        raise error(_("{where}: {count:,} characters of text, more than the {limit:,} expected").format(
            where=where, count=len(text), limit=max_characters))
    if json_depth(text) > max_depth:
        raise error(_("{where}: nests deeper than {depth} levels").format(where=where, depth=max_depth))
    try:
        return json.loads(text)
    except ValueError as problem:  # json.JSONDecodeError, or a number too long to convert
        raise error(_("{where}: not valid JSON ({problem})").format(where=where, problem=problem)) from None


def json_depth(text: str) -> int:
    """How deep the brackets of a JSON text nest (strings skipped), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest
