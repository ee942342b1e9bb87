"""Matching published labels to the official ones of :mod:`reportgen.formats`.

Published reports are typed by hand in Word or WPS: labels come with full-width or half-width
punctuation, spaces or line breaks inside, and now and then a wrong character. Labels are
compared in a normal form (NFKC, without spaces and punctuation); when that is not equal, the
closest official label is taken if it is close enough and clearly closer than the next one.
Every match that was not exact in the normal form is recorded, so that the importer and the
validator can say which published label differed from which official one.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: A published label must be at least this similar (difflib ratio) to an official one.
CUTOFF = 0.72
#: …and this much more similar to it than to the next best candidate.
MARGIN = 0.04


def normal(text: str) -> str:
    """Return ``text`` in the normal form used for comparing labels.

    NFKC folds full-width letters, digits and punctuation into their usual forms; then every
    space and punctuation character goes (``1.`` and ``1、`` compare equal, so do “” and "").
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded
                   if not c.isspace() and not unicodedata.category(c).startswith(("P", "Z")))


@dataclass(frozen=True)
class Match(Generic[T]):
    """The official candidate a published text was matched to.

    Attributes:
        value: the candidate's payload (a key, a node…).
        label: the official label.
        exact: the texts are equal in the normal form.
        ratio: similarity of the normal forms (1.0 when exact).
    """

    value: T
    label: str
    exact: bool
    ratio: float


class Matcher(Generic[T]):
    """Close-match lookups against a fixed set of official labels."""

    def __init__(self, candidates: Iterable[tuple[str, T]]) -> None:
        self._items = [(normal(label), label, value) for label, value in candidates]
        self._exact: dict[str, tuple[str, T]] = {}
        for key, label, value in self._items:
            self._exact.setdefault(key, (label, value))

    def match(self, text: str, cutoff: float = CUTOFF) -> Match[T] | None:
        """Return the official candidate ``text`` stands for, or ``None`` when none is close.

        Args:
            text: the published text.
            cutoff: the least similarity accepted.
        """
        key = normal(text)
        if not key:
            return None
        if key in self._exact:
            label, value = self._exact[key]
            return Match(value, label, True, 1.0)
        scored = sorted(((_ratio(key, k), label, value) for k, label, value in self._items),
                        key=lambda item: -item[0])
        if not scored or scored[0][0] < cutoff:
            return None
        best = scored[0]
        if len(scored) > 1 and best[0] - scored[1][0] < MARGIN and scored[1][1] != best[1]:
            return None  # two official labels are about as close: refuse to guess
        return Match(best[2], best[1], False, best[0])


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def same(text: str, label: str) -> bool:
    """Return whether a published text equals an official label in the normal form."""
    return normal(text) == normal(label)
