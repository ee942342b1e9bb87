"""Key names: the keys a model accepts at a path, and the one a misspelt key was meant to be."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from .locations import KeyPath


def closest(name: str, allowed: list[str]) -> str | None:
    """Return the one allowed name ``name`` was surely meant to be, if any."""
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(name: str, allowed: list[str]) -> str:
    """Return "；是不是想写 X？" for the one allowed name ``name`` was surely meant to be, else ""."""
    close = closest(name, allowed)
    return f"；是不是想写 {close}？" if close else ""


def allowed_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    """Return the keys the model accepts at ``path`` (empty when it cannot tell)."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = info.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated/Optional wrappers down to the model or container type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        else:
            return annotation
