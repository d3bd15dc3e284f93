"""Background work for views: run a function off the UI thread, deliver only fresh results.

Each request carries a key ("insights", "report"); a newer request with the same key
makes older ones stale: their results are dropped and their ``is_cancelled`` turns
true so long computations can stop early. Workers never touch widgets.

:meth:`TaskRunner.submit` is generic, like Anki's ``QueryOp[T]``: the type the work
returns is the type its success callback receives, and the type checker holds both.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")


class _Relay(QObject):
    finished = Signal(str, int, object)
    failed = Signal(str, int, object)
    progress = Signal(str, int, int)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, key: str, generation: int,
                 fn: Callable[..., object], kwargs: dict[str, object]) -> None:
        super().__init__()
        self._relay, self._key, self._generation = relay, key, generation
        self._fn, self._kwargs = fn, kwargs

    def run(self) -> None:
        try:
            result = self._fn(**self._kwargs)
        except Exception as exc:  # delivered to the view, which shows a message
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(self._key, self._generation, exc)
        else:
            self._relay.finished.emit(self._key, self._generation, result)


class CancelToken:
    """Passed to a task as ``cancel``; ``cancel()`` is true once a newer request exists."""

    def __init__(self, runner: TaskRunner, key: str, generation: int) -> None:
        self._runner, self._key, self._generation = runner, key, generation

    def __call__(self) -> bool:
        return self._runner._generations.get(self._key) != self._generation


class TaskRunner(QObject):
    """Runs callables on a thread pool and hands results back on the UI thread."""

    busy_changed = Signal(str, bool)
    progress = Signal(str, int)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.progress.connect(self._on_relay_progress)
        self._generations: dict[str, int] = {}
        self._callbacks: dict[str, tuple[Callable[[object], None],
                                         Callable[[Exception], None]]] = {}

    def submit(
        self,
        key: str,
        fn: Callable[..., T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
        *,
        with_cancel: bool = False,
        with_progress: bool = False,
        **kwargs: object,
    ) -> None:
        """Run ``fn(**kwargs)`` in the background; a newer ``key`` request wins.

        With ``with_cancel`` the function also gets ``cancel`` (call it to know whether
        it is stale); with ``with_progress`` it gets ``progress(percent)``.
        """
        generation = self._generations.get(key, 0) + 1
        self._generations[key] = generation
        # Stored as it came (a bound method stays one); the relay hands back what ``fn``
        # returned, so the T of ``on_done`` holds.
        self._callbacks[key] = (cast(Callable[[object], None], on_done), on_error)
        if with_cancel:
            kwargs["cancel"] = CancelToken(self, key, generation)
        if with_progress:
            relay = self._relay
            kwargs["progress"] = lambda percent: relay.progress.emit(key, generation,
                                                                     int(percent))
        self.busy_changed.emit(key, True)
        self._pool.start(_Job(self._relay, key, generation, fn, kwargs))

    def is_busy(self, key: str) -> bool:
        return key in self._callbacks

    def drop_results_for(self, owner: QObject) -> None:
        """Forget pending requests whose callbacks belong to ``owner`` or its children.

        Called before a view is deleted (a journal switch), so a late result never
        reaches a widget that no longer exists; the work itself finishes unseen.
        """
        for key, callbacks in list(self._callbacks.items()):
            receivers = [getattr(callback, "__self__", None) for callback in callbacks]
            if any(isinstance(r, QObject) and _is_within(r, owner) for r in receivers):
                self._generations[key] = self._generations.get(key, 0) + 1
                del self._callbacks[key]
                self.busy_changed.emit(key, False)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job finished (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    @Slot(str, int, object)
    def _on_relay_finished(self, key: str, generation: int, result: object) -> None:
        if self._generations.get(key) != generation:
            return
        on_done, _ = self._callbacks.pop(key)
        self.busy_changed.emit(key, False)
        on_done(result)

    @Slot(str, int, object)
    def _on_relay_failed(self, key: str, generation: int, error: Exception) -> None:
        if self._generations.get(key) != generation:
            return
        _, on_error = self._callbacks.pop(key)
        self.busy_changed.emit(key, False)
        on_error(error)

    @Slot(str, int, int)
    def _on_relay_progress(self, key: str, generation: int, percent: int) -> None:
        if self._generations.get(key) == generation:
            self.progress.emit(key, percent)


def _is_within(obj: QObject, owner: QObject) -> bool:
    """True when ``obj`` is ``owner`` or one of its descendants."""
    current: QObject | None = obj
    while current is not None:
        if current is owner:
            return True
        current = current.parent()
    return False
