"""Dates as tieup keeps them: ISO strings that keep their precision.

A date is ``"2026-03-02"`` (a day), ``"2026-03"`` (a month) or ``"2026"`` (a year), in UTC
when the source gave a time and a zone. :func:`parse` reads what news metadata holds
(ISO 8601 with or without time and zone, RFC 2822 as feeds write it, "March 2, 2026",
"2 Mar 2026", "March 2026", "2009", Unix epoch seconds or milliseconds) with
python-dateutil; anything else is ``None``, never a guess and never cut to ten characters.
:func:`sort_key` places a vaguer date at the start of its period (R2 of
:mod:`tieup.track`); :func:`query` checks a date a user typed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

# metadata dates outside these years are taken as errors (a "0001-01-01" placeholder,
# a mistyped "20266")
MIN_YEAR, MAX_YEAR = 1800, 2200
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EPOCH = re.compile(r"^-?\d{9,13}(?:\.\d+)?$")
# two defaults that differ in every field: what dateutil fills in from them was not given
_D1, _D2 = datetime(2001, 1, 1), datetime(2002, 2, 2)


class DateError(ValueError):
    """A date that cannot be read."""


def _partial(text: str) -> str | None:
    """An ISO date of any precision ("2026", "2026-03", "2026-03-02"), validated."""
    m = _PARTIAL.match(text)
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return None
    return text


def _epoch(value: float) -> str:
    if abs(value) > 1e11:  # milliseconds
        value /= 1000
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d")


def _in_range(iso: str) -> str:
    if not MIN_YEAR <= int(iso[:4]) <= MAX_YEAR:
        raise DateError(f"year {iso[:4]} is out of range")
    return iso


def parse(value: object) -> str | None:
    """A metadata date as an ISO string of its own precision; ``None`` for nothing given.

    Raises :class:`DateError` for a value that is given but is no date."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DateError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _in_range(_epoch(float(value)))
    if isinstance(value, datetime):
        dt = value.astimezone(UTC) if value.tzinfo else value
        return _in_range(dt.strftime("%Y-%m-%d"))
    if isinstance(value, date):
        return _in_range(value.isoformat())
    if not isinstance(value, str):
        raise DateError(f"not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    if (iso := _partial(text)) is not None:
        return _in_range(iso)
    if _EPOCH.match(text):
        return _in_range(_epoch(float(text)))
    from dateutil import parser  # imported on use: query commands never parse dates

    try:
        a = parser.parse(text, default=_D1)
        b = parser.parse(text, default=_D2)
    except (ValueError, OverflowError, parser.ParserError):
        raise DateError(f"not a date: {text[:80]!r}") from None
    if a.tzinfo is not None:
        a, b = a.astimezone(UTC), b.astimezone(UTC)
    if a.year != b.year:
        raise DateError(f"no year in {text[:80]!r}")
    if a.month != b.month:
        return _in_range(f"{a.year:04d}")
    if a.day != b.day:
        return _in_range(f"{a.year:04d}-{a.month:02d}")
    return _in_range(a.strftime("%Y-%m-%d"))


def repair(stored: str | None) -> str | None:
    """A published date as stores before 0.1 kept it (cut to ten characters): an ISO date
    or an epoch number is read; anything else ("March 2, 2", "Mon, 02 Ma") was cut and
    is cleared, since its rest is lost."""
    if not stored:
        return None
    text = str(stored).strip()
    if _partial(text) is not None or _EPOCH.match(text):
        try:
            return parse(text)
        except DateError:
            return None
    return None


def parse_or_warn(value: object) -> tuple[str | None, str | None]:
    """(date, warning): an unreadable date is ``None`` with a warning saying why."""
    try:
        return parse(value), None
    except DateError as e:
        return None, f"published date ignored ({e})"


def sort_key(iso: str | None) -> str:
    """A date at the start of its period, for sorting and comparing: "2026" -> "2026-01-01".
    Undated sorts as the empty string; callers keep undated claims apart."""
    if not iso:
        return ""
    return iso + "-01-01"[len(iso) - 4 :] if len(iso) < 10 else iso[:10]


def query(value: str) -> str:
    """A date a user typed (``--since``, ``?since=``): YYYY, YYYY-MM or YYYY-MM-DD.

    Raises :class:`DateError` saying what is allowed."""
    iso = _partial(value.strip())
    if iso is None:
        raise DateError(f"{value!r} is not a date: use YYYY-MM-DD (or YYYY-MM, YYYY), "
                        "e.g. 2026-03-01")
    return iso
