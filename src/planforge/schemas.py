"""Loading the JSON Schemas and building validators for each document kind."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from planforge.errors import ResourceError
from planforge.resources import schemas_dir

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

SCHEMA_FILES = ("common.schema.json", "plan.schema.json", "zone.schema.json")
SCHEMA_BY_KIND = {"innovation_plan": "plan.schema.json", "zone_agreement": "zone.schema.json"}
KIND_LABEL = {"innovation_plan": "plan", "zone_agreement": "zone"}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Read one schema file from the bundled schemas folder."""
    path = schemas_dir() / name
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        msg = f"Cannot read bundled schema {path}: {e}"
        raise ResourceError(msg) from e
    return data


@cache
def validator_for(kind: str) -> Validator:
    """A Draft 7 validator (with format checking) for 'innovation_plan' or 'zone_agreement'."""
    from jsonschema import Draft7Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = [
        (name, Resource.from_contents(load_schema(name), default_specification=DRAFT7))
        for name in SCHEMA_FILES
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = load_schema(SCHEMA_BY_KIND[kind])
    return Draft7Validator(schema, registry=registry, format_checker=FormatChecker(["date"]))


def bundled_schema(label: str) -> dict[str, Any]:
    """A self-contained copy of the plan or zone schema (shared definitions inlined).

    Editors and other tools that cannot follow a reference to a second file get one file.
    """
    schema = json.loads(json.dumps(load_schema(f"{label}.schema.json")))
    common = load_schema("common.schema.json")["definitions"]
    text = json.dumps(schema).replace(
        '"common.schema.json#/definitions/', '"#/definitions/_common_'
    )
    out: dict[str, Any] = json.loads(text)
    defs = out.setdefault("definitions", {})
    common_text = json.dumps(common).replace('"#/definitions/', '"#/definitions/_common_')
    for key, value in json.loads(common_text).items():
        defs[f"_common_{key}"] = value
    return out
