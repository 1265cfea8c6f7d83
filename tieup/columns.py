"""The data dictionary of the exports: every table's columns, in order, with their type
and meaning. ``docs/data-dictionary.md`` is this module written out (a test keeps the two
the same), and :func:`tieup.export.arrow_schema` builds the Parquet schema from it.

Types: ``string``, ``int``, ``bool`` and ``list<string>``. Dates are ISO 8601 strings kept
at the precision the source gave: ``2026``, ``2026-02`` or ``2026-02-03``; ``null`` (an empty
CSV cell) when unknown. Timestamps (``*_ingested``) are UTC, to the second.
"""

from __future__ import annotations

TYPES = ("string", "int", "bool", "list<string>")

# table -> [(column, type, meaning)]
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "alliances": [
        ("id", "string", "the stable id (al-...): survives merges, aliases and reprocessing; "
                         "an id merged away finds the alliance it went into"),
        ("key", "string", "the parties' names sorted and joined by ' + '; changes when a party "
                          "is merged or renamed"),
        ("parties", "list<string>", "the companies in the alliance, by their canonical names"),
        ("stage", "string", "talks, agreed, completed or ended: the latest stage reported"),
        ("claim", "string", "reported, confirmed or denied: how sure the record is"),
        ("confirmed_by", "list<string>", "parties that confirmed it themselves"),
        ("denied_by", "list<string>", "parties that denied it"),
        ("first_reported_by", "string", "the outlet or source that reported it first, if known"),
        ("independent_reports", "int", "reports by distinct outlets, near-duplicates counted once"),
        ("structure", "list<string>", "joint_venture, supply, licensing, ...: the forms named"),
        ("areas", "list<string>", "batteries, chips, software, ...: what the alliance is about"),
        ("places", "list<string>", "places named with it"),
        ("first_date", "string", "date of its earliest dated claim (ISO, at its precision)"),
        ("last_date", "string", "date of its latest dated claim (ISO, at its precision)"),
        ("articles", "list<string>", "ids of the articles that report it"),
        ("article_urls", "list<string>", "their URLs, in the order of articles (empty when none)"),
        ("article_titles", "list<string>", "their titles, in the order of articles"),
        ("outlets", "list<string>", "the distinct outlets of those articles, sorted"),
        ("first_ingested", "string", "when the first of its articles was stored (UTC)"),
        ("last_ingested", "string", "when the last of its articles was stored (UTC)"),
        ("rejected", "bool", "true when a person rejected it (kept, not shown by default)"),
    ],
    "claims": [
        ("id", "string", "the claim's id: ARTICLE_ID#N, its place in the article's results"),
        ("alliance_id", "string", "the stable id of the alliance it is counted in"),
        ("article_id", "string", "the id of the article that makes the claim"),
        ("alliance", "string", "the key of the alliance it is counted in"),
        ("parties", "list<string>", "the alliance's parties (canonical names)"),
        ("raw_parties", "list<string>", "the names as the article wrote them"),
        ("stage", "string", "talks, agreed, completed or ended"),
        ("claim", "string", "reported, confirmed or denied"),
        ("primary", "bool", "true when it is the article's main news, not background"),
        ("structure", "list<string>", "the forms of alliance named"),
        ("areas", "list<string>", "what it is about"),
        ("places", "list<string>", "places named with it"),
        ("sources", "list<string>", "sources the article cites for it"),
        ("confirmed_by", "list<string>", "parties that confirmed it"),
        ("denied_by", "list<string>", "parties that denied it"),
        ("event_date", "string", "the date the article gives the event (ISO, at its precision)"),
        ("published", "string", "the article's published date (ISO, at its precision)"),
        ("outlet", "string", "the article's outlet"),
        ("url", "string", "the article's URL"),
        ("title", "string", "the article's title"),
        ("ingested", "string", "when the article was stored (UTC)"),
        ("duplicate_of", "string", "the article it nearly duplicates, if any"),
        ("evidence", "list<string>", "the sentences the claim was read from"),
        ("extractor_version", "string", "the extractor that made the claim"),
    ],
    "companies": [
        ("id", "string", "the stable id (co-...); a merged company's id finds the one it went "
                         "into"),
        ("name", "string", "the canonical name"),
        ("kind", "string", "company, automaker, ...: the kind the company list gives"),
        ("country", "string", "ISO 3166 code of its home country, from the company list "
                              "(tieup/data/companies.tsv); null when the list does not know it"),
        ("aliases", "list<string>", "other spellings that resolve to it"),
        ("alliances", "int", "alliances it is a party of (rejected ones not counted)"),
    ],
}

COLUMNS: dict[str, list[str]] = {t: [f[0] for f in fs] for t, fs in FIELDS.items()}


def markdown() -> str:
    """The data dictionary as Markdown (what ``docs/data-dictionary.md`` holds)."""
    out = ["# Data dictionary", "", "<!-- written by tieup.columns.markdown(); edit that, "
           "not this file -->", "", (__doc__ or "").split("\n\n", 1)[1].strip(), "",
           "Every format holds the same columns in the same order: JSON (a bare array of "
           "objects), JSON Lines (one object a line), CSV (UTF-8, comma, LF line ends, a "
           "header row, lists joined by '; ', booleans `true`/`false`, null as an empty "
           "cell) and Parquet (the types below: `list<string>` is a list column, `int` "
           "int64, `bool` boolean, `string` string).", ""]
    for table, fields in FIELDS.items():
        out += [f"## {table}", "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| {name} | {kind} | {what} |" for name, kind, what in fields]
        out.append("")
    return "\n".join(out)
