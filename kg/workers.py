"""Store work for the server: in daemon threads, a few at once, each with a time limit.

pyoxigraph releases the GIL while it evaluates, so a query in a thread
leaves the server free to answer others. A request waits for its query
``timeout`` seconds, then answers E100 and sets the query's cancel flag.
pyoxigraph cannot interrupt a call already inside its engine (sorting,
grouping, the first solution of a large join): the thread reads no further
solution once the flag is set, and ends when that call returns; its answer is
thrown away. It keeps its slot until it ends, so at most ``workers`` threads
use the store at once, abandoned or not; a request that finds no free slot
within the time limit gets E102.

>>> import asyncio
>>> asyncio.run(Workers(Limits(timeout=1)).run(lambda cancel: "done"))
'done'
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from kg.errors import Errors, QueryError


@dataclass
class Limits:
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = 4


class Workers:
    """Runs store work in daemon threads, at most ``limits.workers`` at once,
    each given up after ``limits.timeout`` seconds (see the module docstring)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self._slots = asyncio.Semaphore(limits.workers)

    async def run(self, work, *, limited: bool = True):
        """``await run(work)``: ``work(cancel)`` in a thread; ``cancel`` is a
        :class:`threading.Event` set when the time limit passes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.timeout if limited else None
        try:
            await asyncio.wait_for(self._slots.acquire(), self.limits.timeout if limited else None)
        except asyncio.TimeoutError:
            raise QueryError(Errors.E102.format(workers=self.limits.workers)) from None
        done, cancel = loop.create_future(), threading.Event()

        def target():
            try:
                outcome = (work(cancel), None)
            except BaseException as exc:  # handed to the request, or dropped if it gave up
                outcome = (None, _detached(exc))
            try:
                loop.call_soon_threadsafe(self._finish, done, cancel, outcome)
            except RuntimeError:  # the server has stopped
                pass

        threading.Thread(target=target, name="kg-query", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.shield(done), None if deadline is None else deadline - loop.time())
        except asyncio.TimeoutError:
            cancel.set()
            raise QueryError(Errors.E100.format(seconds=self.limits.timeout)) from None
        except asyncio.CancelledError:  # the client went away
            cancel.set()
            raise

    def _finish(self, done, cancel, outcome) -> None:
        self._slots.release()
        if not (cancel.is_set() or done.done()):  # else the request gave up: the outcome is dropped
            value, error = outcome
            done.set_exception(error) if error else done.set_result(value)


def _detached(exc: BaseException) -> BaseException:
    """``exc`` without its tracebacks, so that the frames (and the pyoxigraph
    results they hold, which must die in the thread that made them) are
    freed here, in the worker thread."""
    seen = exc
    while seen is not None:
        seen.__traceback__ = None
        seen = seen.__cause__ or seen.__context__
    return exc
