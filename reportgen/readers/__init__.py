"""Input readers: each turns a file into a located :class:`~reportgen.locations.Source`.

Every reader produces the same plain data (the shape of the input contract) with the position
of every value, so one validator and one model serve every kind of input. The reader is
chosen by the file's suffix.
"""

from __future__ import annotations

from pathlib import Path

from ..locations import Source
from .yaml_reader import load_file as _load_yaml

#: Suffixes of the inputs reportgen reads, in the order they are described to users.
INPUT_SUFFIXES = (".yaml", ".yml", ".json")


def read_file(path: Path, display: str | None = None) -> Source:
    """Read ``path`` with the reader for its suffix.

    Args:
        path: the input file.
        display: the name to use in messages (defaults to ``str(path)``).

    Raises:
        InputError: the file cannot be read; carries located findings.
    """
    return _load_yaml(path, display)
