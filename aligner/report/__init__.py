"""The self-contained HTML report: :mod:`.data` builds view-model records, :mod:`.render` fills the templates."""

from __future__ import annotations

from aligner.report.render import render_html

__all__ = ["render_html"]
