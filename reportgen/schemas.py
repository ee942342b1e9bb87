"""The JSON Schema of the input file, for editors (yaml-language-server, VS Code's YAML extension).

pydantic's schema of each format's model is the starting point; this module makes it say what the
validator says: one schema for every format (chosen, like the validator, by ``format`` and else by
``year``), Chinese titles from the format definitions instead of class and key names, counts of at
least 0, table-三 rows of 6 or 7 numbers with each position named, amounts as plain numbers. It is
written as draft-07, which every YAML editor integration understands.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .catalog import ROW_COLUMNS, catalog
from .cells import UNIT_HINT, WRITTEN
from .formats import FORMATS, Format, Kind, format_for_year
from .locations import KeyPath
from .models import FIELD_NAMES, report_model

DRAFT = "http://json-schema.org/draft-07/schema#"
TITLE = "政府信息公开工作年度报告输入文件"
_PREFIX = "#/$defs/"


def for_format(fmt: Format) -> dict[str, Any]:
    """Return the schema of one format, its definitions under ``definitions``."""
    root = _shaped(fmt)
    definitions = root.pop("definitions")
    return {"$schema": DRAFT, **root, "title": f"{TITLE}（{fmt.id}：{fmt.document}）",
            "definitions": definitions}


def combined() -> dict[str, Any]:
    """Return one schema for every format: ``format`` decides, else ``year`` (as the validator)."""
    definitions: dict[str, Any] = {}
    for fmt in FORMATS.values():
        shaped = _shaped(fmt, prefix=f"{fmt.id}.")
        definitions.update(shaped.pop("definitions"))
        definitions[fmt.id] = shaped

    def ref(format_id: str) -> dict[str, Any]:
        return {"$ref": f"#/definitions/{format_id}"}

    def named(format_id: str) -> dict[str, Any]:
        return {"required": ["format"], "properties": {"format": {"const": format_id}}}

    def years(first: int, last: int) -> dict[str, Any]:
        return {"not": {"required": ["format"]}, "required": ["year"],
                "properties": {"year": {"type": "integer", "minimum": first, "maximum": last}}}

    # Year ranges of the formats, oldest first, from the format definitions.
    by_year = sorted(FORMATS.values(), key=lambda f: f.years[0])
    chain: dict[str, Any] = ref(format_for_year(2100).id)
    for fmt in reversed(by_year):
        first, last = fmt.years
        if fmt is not format_for_year(2100):
            chain = {"if": years(first, last), "then": ref(fmt.id), "else": chain}
    for fmt in reversed(list(FORMATS.values())):
        chain = {"if": named(fmt.id), "then": ref(fmt.id), "else": chain}
    fields = report_model(format_for_year(2100).id).model_json_schema()["properties"]
    format_field = {"title": FIELD_NAMES["format"], "description": fields["format"]["description"],
                    "enum": list(FORMATS)}
    year_field = {key: fields["year"][key] for key in ("description", "type", "minimum", "maximum")}
    return {"$schema": DRAFT, "title": TITLE, "type": "object",
            "properties": {"format": format_field, "year": {"title": FIELD_NAMES["year"], **year_field}},
            **chain, "definitions": definitions}


def _shaped(fmt: Format, prefix: str = "") -> dict[str, Any]:
    """Return the pydantic schema of ``fmt`` made to say what the validator says."""
    schema = copy.deepcopy(report_model(fmt.id).model_json_schema())
    defs: dict[str, Any] = schema.pop("$defs", {})
    walker = _Walker(fmt, defs)
    walker.object(schema, ())
    schema["properties"]["format"] = {
        "title": FIELD_NAMES["format"], "description": schema["properties"]["format"]["description"],
        "enum": [fmt.id]}
    schema.pop("title", None)
    schema["description"] = f"{fmt.name}（{fmt.document}）"
    # The model leaves the date optional so that a missing one is a finding of the rules
    # (D-MISSING, with the deadline); the editor is told it is required all the same.
    schema["required"] = [*schema.get("required", []), "published"]
    renamed = {name: f"{prefix}{name}" for name in defs}
    out = _rename({**schema, "definitions": defs}, renamed)
    out["definitions"] = {renamed[k]: v for k, v in out["definitions"].items()}
    return dict(out)


def _rename(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {k: _rename(v, renamed) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(_PREFIX):
            out["$ref"] = "#/definitions/" + renamed[ref.removeprefix(_PREFIX)]
        return out
    if isinstance(node, list):
        return [_rename(v, renamed) for v in node]
    return node


class _Walker:
    """Walks a format's schema along key paths, so that each cell gets what the catalog says."""

    def __init__(self, fmt: Format, defs: dict[str, Any]) -> None:
        self.fmt = fmt
        self.cat = catalog(fmt.id)
        self.defs = defs
        self.seen: set[tuple[str, KeyPath]] = set()
        self.seen_plain: set[str] = set()

    def label(self, path: KeyPath) -> str:
        if len(path) == 1 and path[0] in FIELD_NAMES:
            return FIELD_NAMES[path[0]]
        return self.cat.label(path)

    def object(self, node: dict[str, Any], path: KeyPath) -> None:
        for key, prop in node.get("properties", {}).items():
            self.value(prop, (*path, key))

    def value(self, node: dict[str, Any], path: KeyPath) -> None:
        label = self.label(path)
        if label:
            node["title"] = label
        else:
            node.pop("title", None)
        kind = self.cat.kind(path)
        if kind is not None:
            _cell(node, kind)
            return
        if path in self.cat.row_paths:
            self.row(node, path)
            return
        for option in node.get("anyOf", []):
            self.value_in(option, path)
        self.value_in(node, path)

    def value_in(self, node: dict[str, Any], path: KeyPath) -> None:
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.removeprefix(_PREFIX)
            target = self.defs[name]
            if not name.startswith(_TABLES):
                self.plain(name)  # narratives, contact: the same wherever they are used
                return
            if (name, path) in self.seen:
                return
            self.seen.add((name, path))
            target["title"] = self.label(path)
            self.object(target, path)
        elif node.get("type") == "object":
            self.object(node, path)

    def plain(self, name: str) -> None:
        """A definition that is not a table: Chinese titles from its descriptions."""
        if name in self.seen_plain:
            return
        self.seen_plain.add(name)
        target = self.defs[name]
        target.pop("title", None)
        if target.get("description", "").isascii():  # a class docstring, for developers
            target.pop("description", None)
        if name in _DEF_TITLES:
            target["title"] = _DEF_TITLES[name]
        for prop in target.get("properties", {}).values():
            prop.pop("title", None)
            if prop.get("description"):
                prop["title"] = prop["description"].split("，")[0].split("（")[0].split("；")[0]
            for option in [prop, *prop.get("anyOf", []), prop.get("items", {})]:
                ref = option.get("$ref") if isinstance(option, dict) else None
                if isinstance(ref, str):
                    self.plain(ref.removeprefix(_PREFIX))

    def row(self, node: dict[str, Any], path: KeyPath) -> None:
        """A table-三 row: 6 numbers (7 with 总计), or the same as a mapping."""
        label = self.label(path)
        columns = [*(c.label for c in ROW_COLUMNS)]
        positions = [{"type": "integer", "minimum": 0, "title": f"{label} · {c}"} for c in columns]
        listed = {"type": "array", "title": label, "items": positions, "minItems": len(columns) - 1,
                  "maxItems": len(columns), "additionalItems": False,
                  "description": "、".join(columns[:-1]) + f"；可再加一个{columns[-1]}"}
        options = node.get("anyOf", [node])
        mapping = next((o for o in options if "$ref" in o), None)
        node.clear()
        node["title"] = label
        node["anyOf"] = [listed, *([mapping] if mapping else [])]
        if mapping:
            target = self.defs[mapping["$ref"].removeprefix(_PREFIX)]
            target["title"] = "、".join(columns)
            for key, prop in target.get("properties", {}).items():
                prop["title"] = next(c.label for c in ROW_COLUMNS if c.key == key)
                _cell(prop, Kind.COUNT)


_DEF_TITLES = {"Contact": FIELD_NAMES["contact"]}
_TABLES = ("Active_", "Applications_", "Reviews_", "Statistics")


def _cell(node: dict[str, Any], kind: Kind) -> None:
    """Make a cell's schema a plain number, at least 0 unless the cell may be negative."""
    optional = any(o.get("type") == "null" for o in node.get("anyOf", []))
    keep: dict[str, Any] = {k: node[k] for k in ("title", "description", "default") if k in node}
    if isinstance(keep.get("default"), str):  # pydantic writes a Decimal default as text
        keep["default"] = 0
    node.clear()
    node.update(keep)
    number: dict[str, Any] = {"type": "number" if kind in (Kind.MONEY, Kind.AMOUNT) else "integer"}
    if kind is not Kind.SIGNED:
        number["minimum"] = 0
    if kind is Kind.AMOUNT:  # the header names no unit: the amount may be written with its own
        node["anyOf"] = [number, {"type": "string", "pattern": f"^{WRITTEN.pattern}$"}]
        node["description"] = (f"{node.get('description', '')}：填数字，或数字加单位（{UNIT_HINT}），"
                               "如 251000元、25.1万元，按所写印出")
    elif optional:
        node["anyOf"] = [number, {"type": "null"}]
    else:
        node.update(number)


def text(fmt: Format | None) -> str:
    """Return the JSON Schema of the input file as indented JSON text: ``fmt``'s, or (``None``)
    all formats'."""
    return json.dumps(combined() if fmt is None else for_format(fmt), ensure_ascii=False, indent=2)
