"""How much parsing an HTML page asks for, judged before any parser sees it.

lxml/trafilatura time grows faster than linearly with tags and attributes (an 869 KB page
of attributes on one tag took 148 s), so :func:`check_html` counts them in one linear
scan and refuses a page past ``Options.html_max_bytes`` or ``Options.html_max_nodes``, or
with a tag of more than :data:`MAX_ATTRS_PER_TAG` attributes. Nothing here prints.
"""

from __future__ import annotations

import re

from .options import Options

_TAG = re.compile(r"<[A-Za-z][^>]*>?")
_ATTR = re.compile(r"""\s[^\s=/>"']+\s*=""")


def html_work(html: str) -> tuple[int, int]:
    """How much parsing ``html`` asks for, counted in one linear scan: (tags plus
    attributes, the most attributes on one tag)."""
    nodes = most = 0
    for m in _TAG.finditer(html):
        attrs = len(_ATTR.findall(m.group()))
        nodes += 1 + attrs
        most = max(most, attrs)
    return nodes, most


# attributes on one tag: lxml's work grows with their square (16,000 on one tag: 2.6 s);
# real markup has a few dozen at most
MAX_ATTRS_PER_TAG = 500


def check_html(html: str, options: Options | None = None) -> None:
    """Raise ValueError when parsing ``html`` would cost too much: over
    ``html_max_bytes``, over ``html_max_nodes`` tags and attributes, or a tag with more
    than :data:`MAX_ATTRS_PER_TAG` attributes. Linear in the page, before any parser."""
    options = options or Options()
    size = len(html.encode("utf-8", "replace")) if len(html) * 4 > options.html_max_bytes else len(html)
    if size > options.html_max_bytes:
        raise ValueError(f"HTML page too large to parse ({size:,} bytes; the limit is "
                         f"{options.html_max_bytes:,}, html_max_bytes)")
    nodes, most = html_work(html)
    if nodes > options.html_max_nodes:
        raise ValueError(f"HTML page too costly to parse ({nodes:,} tags and attributes; the limit "
                         f"is {options.html_max_nodes:,}, html_max_nodes)")
    if most > MAX_ATTRS_PER_TAG:
        raise ValueError(f"HTML page too costly to parse (a tag with {most:,} attributes; the "
                         f"limit is {MAX_ATTRS_PER_TAG:,})")
