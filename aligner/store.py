"""On-disk stores of work already done, keyed by content: translations and sentence embeddings.

One SQLite file per kind of value (standard library, safe with several processes, no pickles) maps a key to a
value. The key is a hash of a *namespace* (the model's identity and every setting that changes its output) and the
text, so a different model or setting never reads another's results. One store may serve several threads (Dask
workers run pairs in threads); a lock serialises its queries.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from aligner.errors import ToolError

#: str for translations, bytes for embeddings.
Value = TypeVar("Value", str, bytes)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/aligner``, else ``~/.cache/aligner``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aligner"


class KeyedStore(Generic[Value]):
    """Values already computed, keyed by namespace and text, in table ``table`` of ``directory/file_name``."""

    #: What the store holds, for error messages ("translation cache").
    what = "cache"

    def __init__(self, directory: str | Path, file_name: str, table: str, column: str, sql_type: str) -> None:
        self.path = Path(directory).expanduser() / file_name
        self._table, self._column = table, column
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, {column} {sql_type} NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise ToolError(f"{self.path}: cannot use the {self.what} ({exc}); pass --no-cache") from None

    @staticmethod
    def key(namespace: str, text: str) -> str:
        return hashlib.sha256(f"{namespace}\x00{text}".encode()).hexdigest()

    def get_many(self, namespace: str, texts: Sequence[str]) -> dict[str, Value]:
        """The stored values of those ``texts`` that have one, by text."""
        keys = {self.key(namespace, text): text for text in texts}
        found: dict[str, Value] = {}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):  # SQLite limits the number of parameters per query
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT key, {self._column} FROM {self._table} WHERE key IN ({marks})", chunk)
            found.update((keys[key], value) for key, value in rows)
        return found

    def put_many(self, namespace: str, values: Iterable[tuple[str, Value]]) -> None:
        rows = [(self.key(namespace, text), value) for text, value in values]
        try:
            with self._lock, self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {self._table} (key, {self._column}) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise ToolError(f"{self.path}: cannot write the {self.what} ({exc}); pass --no-cache") from None

    def _query(self, sql: str, parameters: Sequence[str]) -> list[tuple[str, Value]]:
        try:
            with self._lock:
                return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise ToolError(f"{self.path}: cannot read the {self.what} ({exc}); pass --no-cache") from None

    def close(self) -> None:
        self._db.close()
