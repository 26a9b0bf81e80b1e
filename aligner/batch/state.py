"""Resuming a batch: a journal of finished pairs, keyed by a hash of both inputs and the batch settings.

The journal (``batch-state.jsonl`` in the output folder) gets one JSON line per finished pair, appended and
flushed by the main process as each pair completes, so an interrupted batch loses at most the pairs that were
running (a crash of the whole machine may also lose what the OS had not yet written). A rerun skips every pair
whose key is unchanged and whose reports are still there; a torn last line is ignored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TextIO

from aligner.batch.jobs import PairJob
from aligner.batch.worker import PairOutcome

JOURNAL_NAME = "batch-state.jsonl"
JOURNAL_FORMAT = 1
_CHUNK = 1 << 20


def pair_key(job: PairJob, signature: str) -> str:
    """SHA-256 of both inputs' bytes and the batch signature; empty when an input cannot be read (never matches)."""
    digest = hashlib.sha256()
    digest.update(f"aligner-batch/{JOURNAL_FORMAT}\n{signature}\n".encode())
    try:
        for path in (job.source, job.target):
            digest.update(b"\0file\0")
            with open(path, "rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def read_journal(output_dir: Path) -> dict[str, PairOutcome]:
    """The last recorded outcome of each pair id; unreadable lines are skipped."""
    path = output_dir / JOURNAL_NAME
    outcomes: dict[str, PairOutcome] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return outcomes
    for line in lines:
        try:
            record = json.loads(line)
            if record.get("journal") == JOURNAL_FORMAT:
                outcome = PairOutcome.from_dict(record["pair"])
                outcomes[outcome.id] = outcome
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return outcomes


def is_done(previous: PairOutcome | None, key: str, output_dir: Path) -> bool:
    """Whether a rerun can keep ``previous``: it succeeded on the same inputs and settings, and its reports exist."""
    return (
        previous is not None
        and previous.status == "ok"
        and bool(key)
        and previous.key == key
        and all((output_dir / relative).is_file() for _, relative in previous.reports)
    )


class Journal:
    """Appends outcomes to the journal, one flushed line each; use as a context manager."""

    def __init__(self, output_dir: Path) -> None:
        output_dir.mkdir(parents=True, exist_ok=True)
        self.path = output_dir / JOURNAL_NAME
        self._handle: TextIO | None = None

    def __enter__(self) -> Journal:
        self._handle = open(self.path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed in __exit__
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._handle:
            self._handle.close()
            self._handle = None

    def record(self, outcome: PairOutcome) -> None:
        assert self._handle is not None, "use Journal as a context manager"
        line = json.dumps({"journal": JOURNAL_FORMAT, "pair": outcome.to_dict()}, ensure_ascii=False)
        self._handle.write(line + "\n")
        self._handle.flush()
