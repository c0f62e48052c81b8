"""Published states of an embedded store, so that readers keep working while
a build writes.

RocksDB lets one process at a time open a store folder for writing, and a
read-only open beside a writer is undefined behaviour. So a writer
*publishes* the store's state when it has written (at every flush and on
closing): a RocksDB checkpoint under ``STORE/snapshots/`` (hard links to the
immutable table files: milliseconds, little disk), which readers open
read-only. A reader therefore sees the last completed state, never half a
build; a reader that finds the store free and a newer state unpublished (a
writer that was killed) publishes it first.

>>> import tempfile, pyoxigraph as ox
>>> folder = Path(tempfile.mkdtemp())
>>> store = ox.Store(str(folder))
>>> published = Snapshots(folder)
>>> published.latest() is None, published.stale()
(True, True)
>>> name = published.publish(store)
>>> published.latest() == name, published.stale()
(True, False)
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

#: The folder, inside the store's, that holds the published states.
FOLDER = "snapshots"
#: Present from a writer's first write after a publication to the next one.
WRITING = "WRITING"
#: Published states kept besides the latest; older ones go once this many
#: seconds old (a reader moves to the latest at its next request).
KEEP, GRACE = 2, 60.0


class Snapshots:
    """The published states of the store in ``folder``."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder) / FOLDER

    def latest(self) -> str | None:
        """Name of the newest published state (names sort by time), or None."""
        names = self._names()
        return names[-1] if names else None

    def path(self, name: str) -> Path:
        return self.folder / name

    def stale(self) -> bool:
        """True when nothing is published, or a writer wrote after the last publication."""
        return self.latest() is None or (self.folder / WRITING).exists()

    def writing(self) -> None:
        """Mark the store as written and not yet published (by its writer)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / WRITING).touch()

    def publish(self, store: ox.Store) -> str:
        """Checkpoint ``store`` (open for writing) as the newest state; returns its name."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}"
        partial = self.folder / f".partial-{name}"
        store.flush()
        store.backup(str(partial))
        os.replace(partial, self.folder / name)  # readers only ever see a whole state
        (self.folder / WRITING).unlink(missing_ok=True)
        self._prune()
        return name

    def _names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.is_dir() and p.name.isdigit())

    def _prune(self) -> None:
        now = time.time_ns()
        for name in self._names()[:-(KEEP + 1)]:
            if (now - int(name)) / 1e9 > GRACE:
                shutil.rmtree(self.folder / name, ignore_errors=True)
        for partial in self.folder.glob(".partial-*"):  # left by a writer killed while publishing
            if (now - int(partial.name.rsplit("-", 1)[1])) / 1e9 > GRACE:
                shutil.rmtree(partial, ignore_errors=True)
