"""An article's outlet from its URL: the registered domain ("https://www.ft.com/x" ->
"ft.com"), by the Public Suffix List snapshot the ``tld`` package ships (nothing is
downloaded), so "news.bbc.co.uk" is "bbc.co.uk", not "co.uk"."""

from __future__ import annotations


def outlet_of(url: str | None) -> str | None:
    """The registered domain of an http(s) URL, or None (no URL, another scheme, an IP
    address, a name with no public suffix)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    from tld import get_fld  # imported on use: only writers need it

    try:
        domain = get_fld(url.strip(), fail_silently=True)
    except Exception:  # noqa: BLE001 - tld raises several kinds on odd URLs
        return None
    return domain.lower() if isinstance(domain, str) and domain else None
