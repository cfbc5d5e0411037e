"""The one document runner: renders jobs inline or in a process pool, for every front end.

A :class:`RenderJob` is some document kinds of one plan or zone with their render input.
Workers render and verify in memory and hand the bytes back; the caller decides what to do
with them (the CLI and ``build`` write them, the library API returns them). Every job is
attempted: one document's failure is an :class:`Outcome` with its error, never a stop.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planforge.documents.kinds import RenderInput
from planforge.errors import PlanforgeError, RenderError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

MAX_WORKERS = 32


@dataclass(frozen=True)
class RenderJob:
    """Documents of one plan or zone: the kinds to render from one input, and a tag the
    caller uses to recognise the outcome (a school's path, a target file …)."""

    kinds: tuple[str, ...]
    inp: RenderInput
    templates: Path
    tag: Any = None


@dataclass(frozen=True)
class Outcome:
    """One document of a job: its bytes, or the error that stopped it."""

    kind: str
    data: bytes | None
    error: PlanforgeError | None = None

    @property
    def ok(self) -> bool:
        """True when the document was rendered and verified."""
        return self.data is not None


Done = Callable[[RenderJob, list[Outcome]], None]


def run_job(job: RenderJob) -> list[Outcome]:
    """Render and verify each kind of a job (the function a worker runs)."""
    out: list[Outcome] = []
    for kind in job.kinds:
        try:
            out.append(Outcome(kind, render_kind(kind, job.inp, job.templates)))
        except PlanforgeError as e:
            out.append(Outcome(kind, None, e))
    return out


def render_kind(kind: str, inp: RenderInput, templates: Path) -> bytes:
    """One document's verified bytes: a Word template rendered, or (a kind in another format,
    such as the budget spreadsheet) the kind's writer applied to its context."""
    from planforge.documents.kinds import DOCUMENT_KINDS

    spec = DOCUMENT_KINDS[kind]
    if spec.write is None:
        from planforge.documents.docx import render_document

        return render_document(kind, inp, templates=templates).data
    try:
        return spec.write(spec.build(inp))
    except PlanforgeError:
        raise
    except Exception as e:  # a writer's own failure is this document's error, not a crash
        raise RenderError(f"{spec.label}: the file could not be written ({e}).") from e


def worker_count(requested: int | None, work: int | None = None) -> int:
    """Workers worth starting: what was asked (default: the cores), capped by the cores, by
    the amount of work when it is known, and by :data:`MAX_WORKERS`."""
    cores = os.cpu_count() or 1
    wanted = requested or cores
    limit = min(cores, MAX_WORKERS, work if work is not None else wanted)
    return max(1, min(wanted, limit))


class Runner:
    """Runs render jobs inline (one worker) or in a process pool, calling `on_done` with each
    job's outcomes in the calling process: at once inline; with a pool, in the order jobs
    finish, when the block is left.

    Use as a context manager: leaving the block waits for every job.
    """

    def __init__(self, workers: int, on_done: Done) -> None:
        # whatever a caller asks (``--jobs 5000``), never more than the machine can use
        self.workers = min(max(1, workers), worker_count(None))
        self.parallel = self.workers > 1 and sys.platform != "win32"
        self.on_done = on_done
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[list[Outcome]], RenderJob] = {}

    def __enter__(self) -> Runner:
        if self.parallel:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            import docxtpl  # noqa: F401  (loaded once, before the workers fork)

            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self

    def submit(self, job: RenderJob) -> None:
        """Start a job (or run it now, without a pool)."""
        if self.pool is None:
            self.on_done(job, _safely(job))
            return
        self.futures[self.pool.submit(run_job, job)] = job

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        from concurrent.futures import as_completed

        with self.pool:
            for future in as_completed(self.futures):
                job = self.futures[future]
                try:
                    outcomes = future.result()
                except Exception as e:  # a crashed worker must not stop the other documents
                    outcomes = _crashed(job, f"the worker rendering it stopped: {e}")
                self.on_done(job, outcomes)


def _safely(job: RenderJob) -> list[Outcome]:
    try:
        return run_job(job)
    except Exception as e:  # same isolation as the process pool
        return _crashed(job, f"rendering stopped: {e}")


def _crashed(job: RenderJob, message: str) -> list[Outcome]:
    return [Outcome(kind, None, RenderError(message)) for kind in job.kinds]
