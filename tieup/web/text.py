"""Text the pages show: names and texts made safe to read, titles, places.

clean: every rendered string loses its bidi overrides, invisible format characters and
control characters (a name "Acme\u202eevil" would otherwise display reversed: spoofing).
title: an article's heading from its stored title, or its first sentence when the stored
one is page furniture ("Create a free account to continue"); never its id.
places: place names with countries normalised (ISO 3166 via pycountry: "US", "USA" and
"United States" are one) and the rest (cities, regions) kept once each.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# kept although they are control characters: layout of article text
_KEEP = frozenset("\n\t")
# stored titles that are a page's furniture, not its headline (a paywall, a cookie wall,
# an error page): matched case-insensitively at the start of the title
BOILERPLATE = re.compile(
    r"^\s*(create (a |your )?(free )?account|sign (in|up)|log ?in|subscribe|register|"
    r"access denied|just a moment|attention required|are you a robot|please (enable|wait|verify)|"
    r"enable javascript|page not found|404|403|error|forbidden|we use cookies|cookie|"
    r"your privacy|privacy (policy|settings)|consent|continue reading|you have been blocked|"
    r"untitled|home ?page|home\b|news\b\s*$|breaking news\s*$)", re.IGNORECASE)
TITLE_MAX = 120
_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.DOTALL)
# common names of countries that are not ISO 3166 names or codes
COUNTRY_ALIASES = {"uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB",
                   "england": "GB", "u.s.": "US", "u.s.a.": "US", "america": "US", "us": "US",
                   "usa": "US", "the us": "US", "the united states": "US", "south korea": "KR",
                   "korea": "KR", "north korea": "KP", "russia": "RU", "taiwan": "TW",
                   "vietnam": "VN", "iran": "IR", "the netherlands": "NL", "holland": "NL",
                   "czech republic": "CZ", "turkey": "TR", "uae": "AE", "the uae": "AE"}


def clean(value: str) -> str:
    """``value`` without bidi, invisible-format or control characters (newline, tab kept)."""
    if value.isascii() and value.isprintable():
        return value
    return "".join(ch for ch in value if ch in _KEEP
                   or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))


def is_boilerplate(title: str | None) -> bool:
    return not (title or "").strip() or BOILERPLATE.match(title or "") is not None


def first_sentence(text: str, limit: int = TITLE_MAX) -> str:
    """The first sentence of ``text``, cut at a word under ``limit`` characters."""
    flat = " ".join((text or "").split())
    m = _SENTENCE.match(flat)
    s = m.group(1) if m else flat
    if len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return s


def title(stored: str | None, text: str) -> str:
    """The heading to show for an article: its title, or its first sentence."""
    if not is_boilerplate(stored):
        return " ".join((stored or "").split())
    return first_sentence(text) or "Untitled article"


@cache
def _country(name: str) -> str | None:
    import pycountry

    code = COUNTRY_ALIASES.get(name.casefold().strip())
    try:
        c = pycountry.countries.get(alpha_2=code) if code else pycountry.countries.lookup(name.strip())
    except LookupError:
        return None
    if c is None:
        return None
    return str(getattr(c, "common_name", None) or c.name)


def places(names: list[str]) -> list[dict[str, str]]:
    """Each place once: countries under their common ISO name, cities as written."""
    out: dict[str, dict[str, str]] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        country = _country(name)
        shown = country or name
        out.setdefault(shown.casefold(), {"name": shown, "kind": "country" if country else "place"})
    return list(out.values())
