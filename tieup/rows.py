"""The typed shapes of the store's query results (TypedDicts: plain, JSON-ready dicts
that type checkers see field by field)."""

from __future__ import annotations

from typing import TypedDict


class CompanyRow(TypedDict):
    """A company as :meth:`tieup.Store.companies` lists it."""

    id: str | None  # the stable id (co-...)
    name: str  # the canonical name
    kind: str  # company, automaker, battery, ...
    country: str | None  # ISO 3166 code from the company list; None when unknown
    aliases: list[str]  # other spellings that resolve to it
    alliances: int  # alliances it is a party of, rejected ones not counted
