"""Copies kept in this process's memory, in front of the shared cache.

The key of a fragment or of a `cached_under` value changes whenever what it holds
changes (the generations are read from the shared cache on every request), so a copy
kept here is never stale: it only saves fetching and unpickling the same thing again
(a post's comment tree is 150-300 KB; a round trip to Redis costs as much as
rendering a small page). Every copy expires when its shared entry does.
"""

import threading
import time
from collections import OrderedDict


class LocalCache:
    """A least-recently-used store of bounded size, in this process's memory."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] <= time.time():
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, value, size: int, expires: float) -> None:
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= previous[2]
            self._entries[key] = (expires, value, size)
            self._size += size
            while self._size > self.max_bytes and len(self._entries) > 1:
                _, (_, _, dropped) = self._entries.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


LOCAL_BYTES = 32 * 1024 * 1024  # per process
copies = LocalCache(LOCAL_BYTES)


def forget_local_copies() -> None:
    copies.clear()
