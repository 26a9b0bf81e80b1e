"""The on-disk translation cache: re-auditing a corrected story retranslates only the sentences that changed.

One SQLite file (standard library, safe with several processes, no pickles) maps a key to a translation. The key is
a hash of the *namespace* (model identity, direction and every decoding setting that changes the output) and the
sentence, so a different model, direction or beam size never reads another's translations. One cache may serve
several threads (Dask workers run pairs in threads); a lock serialises its queries.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from aligner.errors import ToolError

FILE_NAME = "translations.sqlite3"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/aligner``, else ``~/.cache/aligner``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aligner"


class TranslationCache:
    """Translations already made, keyed by namespace and sentence."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory).expanduser() / FILE_NAME
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS translation (key TEXT PRIMARY KEY, text TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise ToolError(f"{self.path}: cannot use the translation cache ({exc}); pass --no-cache") from None

    @staticmethod
    def key(namespace: str, text: str) -> str:
        return hashlib.sha256(f"{namespace}\x00{text}".encode()).hexdigest()

    def get_many(self, namespace: str, texts: Sequence[str]) -> dict[str, str]:
        """The cached translations of those ``texts`` that have one, by text."""
        keys = {self.key(namespace, text): text for text in texts}
        found: dict[str, str] = {}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):  # SQLite limits the number of parameters per query
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT key, text FROM translation WHERE key IN ({marks})", chunk)
            found.update((keys[key], text) for key, text in rows)
        return found

    def put_many(self, namespace: str, translations: Iterable[tuple[str, str]]) -> None:
        rows = [(self.key(namespace, text), translation) for text, translation in translations]
        try:
            with self._lock, self._db:
                self._db.executemany("INSERT OR REPLACE INTO translation (key, text) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise ToolError(f"{self.path}: cannot write the translation cache ({exc}); pass --no-cache") from None

    def _query(self, sql: str, parameters: Sequence[str]) -> list[tuple[str, str]]:
        try:
            with self._lock:
                return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise ToolError(f"{self.path}: cannot read the translation cache ({exc}); pass --no-cache") from None

    def close(self) -> None:
        self._db.close()
