"""Official labels looked up by input key path, for messages that name a table cell or section.

Messages say where a figure sits in the printed report (表三“四、结转下年度继续办理”); they get the
wording from here, so a label is only ever written in the format definitions of this package.
"""

from __future__ import annotations

from .types import Format, Node


def _child(nodes: tuple[Node, ...], key: str) -> Node | None:
    """Return the node keyed ``key`` anywhere below ``nodes`` (keys are unique in a tree)."""
    for node in nodes:
        if node.key == key:
            return node
        found = _child(node.children, key)
        if found is not None:
            return found
    return None


def label(fmt: Format, *path: str) -> str:
    """Return the official label of the node at input key ``path`` in ``fmt``.

    ``("overview",)`` is a section title; ``("applications", "carried_forward")`` a row of
    table 三 and ``("applications", "natural_person")`` one of its columns;
    ``("reviews", "reconsideration", "upheld")`` a column of table 四; ``("active_disclosure",
    "licensing")`` a row of table 二 and ``("active_disclosure", "regulations", "in_force")``
    one of its value columns; ``("statistics", "proactive_items")`` a row of the legacy annex.

    Raises:
        KeyError: ``fmt`` has no such node.
    """
    head, *rest = path
    if not rest:
        return fmt.section(head).title
    nodes: tuple[Node, ...] = ()
    if fmt.applications is not None and head == fmt.applications.key:
        nodes = (*fmt.applications.rows, fmt.applications.columns)
    elif fmt.reviews is not None and head == fmt.reviews.key:
        nodes = fmt.reviews.columns
    elif fmt.active is not None and head == fmt.active.key:
        return _active_label(fmt, rest)
    elif fmt.statistics is not None and head == fmt.statistics.key and len(rest) == 1:
        for row in fmt.statistics.rows:
            if row.key == rest[0]:
                return row.label
    node: Node | None = None
    for key in rest:
        node = _child(node.children if node else nodes, key)
        if node is None:
            break
    if node is None:
        raise KeyError(path)
    return node.label


def _active_label(fmt: Format, rest: list[str]) -> str:
    assert fmt.active is not None
    for block in fmt.active.blocks:
        for item in block.items:
            if item.key != rest[0]:
                continue
            if len(rest) == 1:
                return item.label
            for field in block.fields:
                if field.key == rest[1]:
                    return field.label
    raise KeyError((fmt.active.key, *rest))
