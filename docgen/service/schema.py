"""JSON Schema of the documents: every kind's model, ``oneOf`` by ``kind``.

The same schema is served at ``GET /schema`` and printed by ``docgen schema``;
editors use it for completion and checks (docs/service.md), e.g. with the
YAML language server::

    # yaml-language-server: $schema=http://127.0.0.1:8000/schema

>>> schema = document_schema()
>>> sorted(schema["discriminator"]["mapping"])
['action_plan', 'certification', 'letter', 'memo', 'order', 'targets']
>>> document_schema("memo")["properties"]["kind"]["const"]
'memo'
"""

from __future__ import annotations

from importlib import import_module

from pydantic import TypeAdapter

SCHEMA_ID = "https://docgen.local/schema/document.json"
MODELS = {  # kind -> (module, model) of the file a kind reads
    "letter": ("docgen.config.models", "Letter"),
    "memo": ("docgen.config.memo", "Memo"),
    "order": ("docgen.config.orders.schema", "OrderFile"),
    "action_plan": ("docgen.config.action_plan", "ActionPlan"),
    "certification": ("docgen.config.certification.schema", "Certification"),
    "targets": ("docgen.config.targets", "Targets"),
}


def model_of(kind: str):
    module, name = MODELS[kind]
    return getattr(import_module(module), name)


def document_schema(kind: str | None = None) -> dict:
    """The schema of one kind's file, or of any document (``oneOf``, by ``kind``).
    ``KeyError`` for an unknown kind."""
    if kind is not None:
        schema = TypeAdapter(model_of(kind)).json_schema(mode="validation")
        _kind_const(schema, kind)
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    defs: dict = {}
    members = []
    for name in MODELS:
        schema = TypeAdapter(model_of(name)).json_schema(mode="validation", ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        _kind_const(schema, name)
        title = schema.get("title", name)
        defs[title] = schema
        members.append({"$ref": f"#/$defs/{title}"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "docgen document",
        "description": "A document for docgen: kind selects the schema (letter when kind is left out).",
        "type": "object",
        "oneOf": members,
        "discriminator": {"propertyName": "kind",
                          "mapping": {name: ref["$ref"] for name, ref in zip(MODELS, members)}},
        "$defs": defs,
    }


def _kind_const(schema: dict, kind: str) -> None:
    """``kind`` as a constant (a letter may leave it out: its default)."""
    prop = schema.setdefault("properties", {}).setdefault("kind", {})
    prop.pop("enum", None)
    prop["const"] = kind
    prop.setdefault("type", "string")
