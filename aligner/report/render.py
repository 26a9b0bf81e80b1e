"""Step two of the report: put the view model into the Jinja2 templates and inline the CSS and JS.

The templates, stylesheet and script live in the top-level ``templates/`` folder, shipped as the package
``aligner.templates``. The page carries a strict Content-Security-Policy: nothing loads from anywhere, and only
the one inline stylesheet and the one inline script run, allowed by their SHA-256 hashes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from aligner.model import AuditResult
from aligner.report.data import build_view

#: The source checkout's template folder, used when ``aligner.templates`` is not installed.
_CHECKOUT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@cache
def template_text(name: str) -> str:
    """A file of the template folder, from the installed package or else from the source checkout."""
    try:
        return resources.files("aligner.templates").joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        return (_CHECKOUT_TEMPLATES / name).read_text(encoding="utf-8")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(template_text),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def json_for_script(value: object) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` can close or comment it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _inline(name: str, closing: str) -> Markup:
    """Our own CSS or JS, trusted, but checked so that it cannot end its element early."""
    text = template_text(name)
    if closing in text.lower():
        raise ValueError(f"templates/{name} must not contain {closing}")
    return Markup(text)


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(result: AuditResult) -> str:
    """The report as one self-contained HTML page; equal results give byte-identical pages."""
    css = _inline("report.css", "</style")
    script = _inline("report.js", "</script")
    policy = "; ".join(
        (
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            f"script-src {csp_hash(script)}",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    view = build_view(result)
    template = _environment().get_template("report.html.j2")
    return template.render(view=view, css=css, script=script, csp=policy, client_data=json_for_script(view.client_data))
