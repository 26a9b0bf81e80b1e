"""Test files built from a plain-text story: the same blocks written as Word, OpenDocument, NITF and a news page.

A story here is the examples' layout: blocks separated by blank lines, the first one the headline, lines that start
with ``- `` bullets. The page puts around the article what real news pages do (navigation, share buttons, a
"read also" list, a cookie banner, a footer), in the story's language, so that a reader which keeps it would make
findings appear.
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

Story = list[tuple[str, str]]  # (kind, text): kind is "headline", "bullet" or "body"

FURNITURE = {
    "en": {
        "nav": ["Home", "World", "Business", "Sport", "Weather"],
        "share": ["Share on Facebook", "Share on X", "Send by email"],
        "cookies": "We use cookies to improve your experience and to show you personalised advertising.",
        "accept": "Accept all",
        "also": "Read also",
        "related": [
            "Train drivers call a strike for the holiday weekend",
            "Parliament passes the new budget after a night of debate",
            "Five things to know before the elections",
        ],
        "footer": "All rights reserved. Terms of use. Privacy policy. Contact the newsroom.",
    },
    "fr": {
        "nav": ["Accueil", "Monde", "Économie", "Sport", "Météo"],
        "share": ["Partager sur Facebook", "Partager sur X", "Envoyer par courriel"],
        "cookies": "Nous utilisons des cookies pour améliorer votre expérience et vous proposer des publicités.",
        "accept": "Tout accepter",
        "also": "Lire aussi",
        "related": [
            "Les conducteurs de train appellent à la grève pour le week-end férié",
            "Le Parlement adopte le nouveau budget après une nuit de débats",
            "Cinq choses à savoir avant les élections",
        ],
        "footer": "Tous droits réservés. Conditions d'utilisation. Confidentialité. Contacter la rédaction.",
    },
}


def story_blocks(text: str) -> Story:
    """The blocks of a plain-text story in the examples' layout."""
    blocks: Story = []
    for number, chunk in enumerate(part.strip() for part in text.split("\n\n")):
        if not chunk:
            continue
        lines = chunk.split("\n")
        if all(line.startswith("- ") for line in lines):
            blocks.extend(("bullet", line[2:]) for line in lines)
        else:
            blocks.append(("headline" if number == 0 else "body", " ".join(lines)))
    return blocks


def write_docx(story: Story, path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, text in story:
        if kind == "headline":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text, style="List Bullet" if kind == "bullet" else None)
    document.save(str(path))
    return path


def write_odt(story: Story, path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    heading = Style(name="Heading 1", family="paragraph")
    document.styles.addElement(heading)
    items: List | None = None
    for kind, text in story:
        if kind == "bullet":
            if items is None:
                items = List()
                document.text.addElement(items)
            item = ListItem()
            item.addElement(P(text=text))
            items.addElement(item)
            continue
        items = None
        document.text.addElement(
            H(outlinelevel=1, stylename=heading, text=text) if kind == "headline" else P(text=text)
        )
    buffer = io.BytesIO()
    document.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def nitf(story: Story) -> str:
    """NITF 3.x: the headline in ``hedline``, bullets as a list, the paragraphs as ``p``."""
    headline = next(text for kind, text in story if kind == "headline")
    body = []
    for kind, text in story:
        if kind == "bullet":
            body.append(f"<ul><li>{xml_escape(text)}</li></ul>")
        elif kind == "body":
            body.append(f"<p>{xml_escape(text)}</p>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<nitf version="-//IPTC//DTD NITF 3.6//EN">'
        f"<head><title>{xml_escape(headline)}</title><docdata><doc-id id-string='x1'/></docdata></head>"
        f"<body><body.head><hedline><hl1>{xml_escape(headline)}</hl1></hedline></body.head>"
        f"<body.content>{''.join(body)}</body.content></body></nitf>\n"
    )


def news_page(story: Story, lang: str) -> str:
    """The story as a saved news page, with the furniture of :data:`FURNITURE` around the article."""
    words = FURNITURE[lang]
    headline = next(text for kind, text in story if kind == "headline")
    nav = "".join(f'<li><a href="/{escape(item.lower())}">{escape(item)}</a></li>' for item in words["nav"])
    share = " ".join(f'<a class="share-button" href="#">{escape(item)}</a>' for item in words["share"])
    related = "".join(f'<li><a href="/story/{n}">{escape(item)}</a></li>' for n, item in enumerate(words["related"]))
    article, bullets = [], []
    for kind, text in story:
        if kind == "bullet":
            bullets.append(f"<li>{escape(text)}</li>")
            continue
        if bullets:
            article.append(f'<ul class="summary">{"".join(bullets)}</ul>')
            bullets = []
        if kind == "body":
            article.append(f"<p>{escape(text)}</p>")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(headline)} | The Daily Wire</title>
<meta property="og:title" content="{escape(headline)}"><link rel="stylesheet" href="/site.css">
<script>window.dataLayer = [];</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>{escape(words["cookies"])}</p>
<button>{escape(words["accept"])}</button></div>
<header class="site-header"><a class="logo" href="/">The Daily Wire</a><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>{escape(headline)}</h1>
<div class="share">{share}</div>
{"".join(article)}
<div class="share">{share}</div>
</article>
<aside class="read-also"><h2>{escape(words["also"])}</h2><ul>{related}</ul></aside>
</main>
<footer><p>{escape(words["footer"])}</p><nav><ul>{nav}</ul></nav></footer>
</body></html>
"""


Units = list[tuple[str, str | None]]  # (source, target): target None where the unit has none


def _unit_lines(units: Units, unit: str, source: str, target: str) -> str:
    """One line per unit: ``unit``, ``source`` and ``target`` are templates with ``{n}`` and ``{text}``."""
    return "".join(
        unit.format(
            n=n,
            body=source.format(text=xml_escape(s)) + ("" if t is None else target.format(text=xml_escape(t))),
        )
        + "\n"
        for n, (s, t) in enumerate(units, start=1)
    )


def xliff_1(units: Units, src: str = "en", tgt: str = "fr") -> str:
    body = _unit_lines(
        units, '<trans-unit id="u{n}">{body}</trans-unit>', "<source>{text}</source>", "<target>{text}</target>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file source-language="{src}" target-language="{tgt}" datatype="plaintext" original="story">'
        f"<body>\n{body}</body></file></xliff>\n"
    )


def xliff_2(units: Units, src: str = "en", tgt: str = "fr", version: str = "2.0") -> str:
    body = _unit_lines(
        units, '<unit id="u{n}"><segment>{body}</segment></unit>', "<source>{text}</source>", "<target>{text}</target>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        f'version="{version}" srcLang="{src}" trgLang="{tgt}"><file id="f1">\n{body}</file></xliff>\n'
    )


def tmx(units: Units, src: str = "en", tgt: str = "fr") -> str:
    body = _unit_lines(
        units,
        '<tu tuid="{n}">{body}</tu>',
        f'<tuv xml:lang="{src}"><seg>{{text}}</seg></tuv>',
        f'<tuv xml:lang="{tgt}"><seg>{{text}}</seg></tuv>',
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
        f'creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="{src}" '
        f'o-tmf="none"/><body>\n{body}</body></tmx>\n'
    )


def po(units: Units, tgt: str = "fr") -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    entries = [f'msgid ""\nmsgstr "Language: {tgt}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    for n, (s, t) in enumerate(units, start=1):
        entries.append(f'#. unit {n}\nmsgctxt "u{n}"\nmsgid {quoted(s)}\nmsgstr {quoted(t or "")}\n')
    return "\n".join(entries)
