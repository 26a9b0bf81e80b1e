"""Errors the tool expects: the CLI prints them as one line and exits with :data:`EXIT_USAGE`; others are bugs."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1  # --fail-on matched a finding
EXIT_USAGE = 2  # bad input, bad option, broken model: a ToolError
EXIT_INTERRUPTED = 130


class ToolError(Exception):
    """An error caused by the input or the options, never by a bug; its message is one line for the user."""


class InputError(ToolError):
    """An input file is missing, unreadable, empty, binary or in an encoding we do not read."""


class ModelError(ToolError):
    """A model folder or file is missing, incomplete, corrupt or of an unknown layout."""


class FormatError(ToolError):
    """A link, gold, manifest or result file does not follow its format."""
