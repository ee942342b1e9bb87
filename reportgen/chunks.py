"""Checking many inputs in parallel: chunks of files per worker, each file still parsed once.

Checking one input takes a few milliseconds, about what a round trip to a worker costs, so
one task per input made ``validate --jobs 2`` slower than one process. Here a worker gets a
chunk of inputs at a time, with what the parent already read of them (the bytes read to find
each previous year, or the parsed source when discovery had to parse it), and an input and
its previous year's file always go to the same worker, so that no file is parsed twice. With
too few inputs for every worker to get a chunk worth its start, everything runs in this
process (:func:`workers`).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

from .batch import Outcome, Task
from .errors import InputError
from .locations import Source
from .store import Store, current, fresh

#: Fewest inputs a worker gets at once: below this, starting it and sending the work costs
#: more than it saves (benchmarks/bench_folder.py).
MIN_CHUNK = 150
#: Chunks per worker: enough that one slow chunk at the end does not leave the others idle.
CHUNKS_PER_WORKER = 4


def workers(count: int, jobs: int) -> int:
    """Return how many worker processes pay for checking ``count`` inputs with at most ``jobs``
    (1: check in this process)."""
    return max(1, min(jobs, count // MIN_CHUNK))


@dataclass
class Chunk:
    """Inputs checked by one worker, in input order, with what the parent read of them."""

    tasks: list[tuple[int, Task]]
    raw: dict[Path, bytes] = field(default_factory=dict)
    sources: dict[Path, Source | InputError] = field(default_factory=dict)
    digests: dict[Path, str] = field(default_factory=dict)


def plan(tasks: list[Task], jobs: int, store: Store, indexes: list[int] | None = None) -> list[Chunk]:
    """Split the tasks into chunks: an input and its previous year's file (and that file's own
    previous year, and so on) stay together; chunks are filled in input order. ``indexes``
    are the tasks' places among all the command's (default: their places in ``tasks``)."""
    parent: dict[Path, Path] = {}

    def root(path: Path) -> Path:
        while parent.get(path, path) != path:
            parent[path] = parent.get(parent[path], parent[path])
            path = parent[path]
        return path

    for task in tasks:
        if task.previous is not None:
            parent[root(task.previous)] = root(task.path)
    groups: dict[Path, list[tuple[int, Task]]] = {}
    for index, task in zip(indexes if indexes is not None else range(len(tasks)), tasks, strict=True):
        groups.setdefault(root(task.path), []).append((index, task))
    size = max(MIN_CHUNK, -(-len(tasks) // (jobs * CHUNKS_PER_WORKER)))
    chunks: list[Chunk] = []
    for group in groups.values():
        if not chunks or len(chunks[-1].tasks) >= size:
            chunks.append(Chunk([]))
        chunks[-1].tasks += group
    for chunk in chunks:
        for _index, task in chunk.tasks:
            for path in (task.path, task.previous):
                if path is not None:
                    raw, source, digest = store.taken(path)
                    if digest is not None:
                        chunk.digests[path] = digest
                    if source is not None:
                        chunk.sources[path] = source
                    elif raw is not None:
                        chunk.raw[path] = raw
    return chunks


def check_chunk(chunk: Chunk) -> list[tuple[int, Outcome]]:
    """Check a chunk in a worker: a store of its own, seeded with what the parent read."""
    from .batch import work

    store = fresh()
    for path, raw in chunk.raw.items():
        store.seed(path, raw=raw, digest=chunk.digests.get(path))
    for path, source in chunk.sources.items():
        store.seed(path, source=source, digest=chunk.digests.get(path))
    for _index, task in chunk.tasks:
        store.expect(task.path)
        if task.previous is not None:
            store.expect(task.previous)
    return [(index, work(task)) for index, task in chunk.tasks]


def dispatch(tasks: list[Task], jobs: int) -> Generator[Outcome, None, None]:
    """Run the tasks: checks in chunks when that pays (:func:`workers`), builds one input per
    task (:func:`batch.run`, where rendering outweighs the round trip)."""
    from . import batch

    if any(task.output_dir is not None for task in tasks):
        return batch.run(tasks, jobs)
    found, wanted = cached(tasks)
    count = workers(len(tasks) - len(found), jobs)
    if count > 1:
        return run(tasks, count, found, wanted)
    return in_process(tasks, found, wanted) if found or wanted else batch.run(tasks, 1)


def _skip(tasks: list[Task], found: dict[int, Outcome]) -> list[int]:
    """Tell the store that the inputs found in the cache are done; return the others."""
    store = current()
    for index in found:
        store.skip(tasks[index].path, tasks[index].previous)
    return [index for index in range(len(tasks)) if index not in found]


def in_process(tasks: list[Task], found: dict[int, Outcome],
               wanted: dict[int, str]) -> Generator[Outcome, None, None]:
    """Check in this process the tasks not ``found`` in the cache; yield all in task order and
    keep the new outcomes under ``wanted`` (:func:`cached`). Ctrl-C stops at once, as
    :func:`batch.run` in one process."""
    from . import batch, findcache

    missing = _skip(tasks, found)
    inner = batch.run([dataclasses.replace(tasks[index], cache=False) for index in missing], 1)
    try:
        following = 0
        for index, outcome in zip(missing, inner, strict=False):
            for earlier in range(following, index):
                yield found[earlier]
            if index in wanted:
                findcache.keep(tasks[index], wanted[index], outcome)
            following = index + 1
            yield outcome
        for later in range(following, len(tasks)):
            yield found[later]
    finally:
        inner.close()


def cached(tasks: list[Task]) -> tuple[dict[int, Outcome], dict[int, str]]:
    """Return the outcomes found in the findings cache and the keys of the others that may be
    kept there, by task index (:mod:`reportgen.findcache`; nothing is changed)."""
    from . import findcache

    store = current()
    found: dict[int, Outcome] = {}
    wanted: dict[int, str] = {}
    for index, task in enumerate(tasks):
        key = findcache.key(task, store)
        outcome = findcache.lookup(task, key) if key is not None else None
        if outcome is not None:
            found[index] = outcome
        elif key is not None:
            wanted[index] = key
    return found, wanted


def run(tasks: list[Task], jobs: int, found: dict[int, Outcome] | None = None,
        wanted: dict[int, str] | None = None) -> Generator[Outcome, None, None]:
    """Check the tasks in ``jobs`` workers, chunk by chunk; yield in task order.

    The findings cache is this process's: ``found`` (the outcomes it had, default: looked up
    now) are yielded as they are and only the others go to the workers; their outcomes are
    kept under ``wanted`` (:func:`cached`). On Ctrl-C no new chunk is started; the chunks in
    progress finish and are yielded, then ``KeyboardInterrupt`` is raised (as :func:`batch.run`).
    """
    from concurrent.futures import Future, ProcessPoolExecutor

    from . import findcache
    from .batch import _ignore_interrupts

    if found is None or wanted is None:
        found, wanted = cached(tasks)
    missing = _skip(tasks, found)
    done = dict(found)
    chunks = plan([dataclasses.replace(tasks[index], cache=False) for index in missing], jobs,
                  current(), missing)
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    waiting = iter(chunks)
    running: list[Future[list[tuple[int, Outcome]]]] = [
        executor.submit(check_chunk, chunk) for chunk in itertools.islice(waiting, jobs * 2)]
    following = 0
    interrupted = False
    try:
        while running:
            try:
                results = running[0].result()
            except KeyboardInterrupt:
                interrupted = True
                continue
            running.pop(0)
            chunk = None if interrupted else next(waiting, None)
            if chunk is not None:
                running.append(executor.submit(check_chunk, chunk))
            done.update(results)
            for index, outcome in results:
                if index in wanted:
                    findcache.keep(tasks[index], wanted[index], outcome)
            while following in done:
                try:
                    yield done.pop(following)
                except KeyboardInterrupt:
                    interrupted = True
                following += 1
        for index in sorted(done):  # after Ctrl-C: what was checked, though not all before it
            yield done[index]
        if interrupted:
            raise KeyboardInterrupt
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
