"""When an audit ran: the one clock reading that goes into a result.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention: seconds since 1970, UTC) fixes it, so that two runs on
the same inputs can still give byte-identical files.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from aligner.errors import ToolError

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def audit_timestamp() -> str:
    """Now (or ``SOURCE_DATE_EPOCH``, in UTC) as ISO 8601 to the second, with its UTC offset."""
    fixed = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not fixed:
        return datetime.now().astimezone().isoformat(timespec="seconds")
    if not fixed.isdigit():
        raise ToolError(f"{EPOCH_VARIABLE} must be a whole number of seconds since 1970, got {fixed!r}")
    return datetime.fromtimestamp(int(fixed), tz=timezone.utc).isoformat(timespec="seconds")
