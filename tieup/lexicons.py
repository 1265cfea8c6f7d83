"""Load the curated data files in ``tieup/data`` once and compile their patterns.

Data files: ``companies.tsv`` (gazetteer), ``outlets.tsv`` (news organisations),
``cues.json`` (stage, claim, relation cues), ``lexicon.json`` (structure, areas).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Rule = tuple[str, re.Pattern[str]]


@dataclass(frozen=True)
class Entry:
    """One gazetteer row: a company (or JV company, or unit) or a news outlet."""

    canonical: str
    kind: str
    parent: str  # fold into this party; for a JV company, its owners joined by "+"
    country: str = ""

    @property
    def is_jv(self) -> bool:
        return self.kind == "jv"

    @property
    def owners(self) -> tuple[str, ...]:
        return tuple(self.parent.split("+")) if self.is_jv else ()

    @property
    def party(self) -> str:
        """The name this entry stands for as a party (units fold into parents)."""
        return self.parent if self.parent and not self.is_jv else self.canonical


def _read(name: str) -> str:
    return resources.files("tieup").joinpath("data", name).read_text(encoding="utf-8")


def word_pattern(body: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """``body`` bounded by non-word characters at both ends (works for aliases like "T'way").

    The end guard applies only after a word character: a cue written to end in a space
    ("ended their ") goes on into the next word, as its author meant."""
    return re.compile(rf"(?<!\w)(?:{body})(?!(?<=\w)\w)", flags)


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in _read(name).splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class Gazetteer:
    """Aliases of companies and outlets, matched by one compiled alternation."""

    entries: dict[str, Entry]  # alias -> entry
    pattern: re.Pattern[str]

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        return [(m.start(), m.end(), self.entries[m.group(0)]) for m in self.pattern.finditer(text)]


def _gazetteer(rows: list[tuple[str, Entry]]) -> Gazetteer:
    entries: dict[str, Entry] = {}
    for alias, entry in rows:
        entries.setdefault(alias, entry)
    # longest alias first so "Ford Motor Co." wins over "Ford"
    body = "|".join(re.escape(a) for a in sorted(entries, key=lambda a: (-len(a), a)))
    return Gazetteer(entries, word_pattern(body, flags=0))


UserRow = tuple[str, ...]  # name, aliases ("|"-joined), kind: a user's company (companies.tsv columns)


def _company_rows(table: list[list[str]] | tuple[UserRow, ...]) -> list[tuple[str, Entry]]:
    rows = []
    for cols in table:
        name = cols[0]
        aliases = cols[1] if len(cols) > 1 else ""
        kind = (cols[2] if len(cols) > 2 else "") or "company"
        parent = cols[3] if len(cols) > 3 else ""
        country = cols[4] if len(cols) > 4 else ""
        entry = Entry(name, kind, parent, country)
        for alias in [name, *aliases.split("|")]:
            if alias:
                rows.append((alias, entry))
    return rows


@cache
def companies(user: tuple[UserRow, ...] = (), curated: bool = True) -> Gazetteer:
    """The company list (``data/companies.tsv``) with a user's companies
    (``Options.user_companies``), which win on a shared alias; ``curated=False``: the
    user's alone."""
    rows = _company_rows(user)
    if curated:
        rows += _company_rows(_rows("companies.tsv"))
    return _gazetteer(rows)


def read_user_companies(path: str) -> tuple[UserRow, ...]:
    """A user's company list: companies.tsv's columns (name, aliases joined by "|", kind),
    tab-separated, "#" comments. Raises ValueError naming the file and line on a bad row."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if not cols[0].strip():
                raise ValueError(f"{path}:{n}: a company row needs a name in its first column")
            out.append(tuple(c.strip() for c in cols[:5]))
    return tuple(out)


@cache
def outlets() -> Gazetteer:
    rows = []
    for cols in _rows("outlets.tsv"):
        entry = Entry(cols[0], "outlet:" + (cols[2] if len(cols) > 2 else ""), "")
        for alias in [cols[0], *cols[1].split("|")]:
            if alias:
                rows.append((alias, entry))
    return _gazetteer(rows)


def _compile_rules(items: list[list[str]]) -> list[Rule]:
    return [(name, word_pattern(body)) for name, body in items]


@dataclass(frozen=True)
class Cues:
    relation: list[Rule]
    stage: dict[str, list[Rule]]
    stage_negation: list[Rule]
    deny: list[Rule]
    deny_negated: list[Rule]
    confirm: list[Rule]
    neutral: list[Rule]
    hedge: list[Rule]
    anaphora: re.Pattern[str]
    distributive: re.Pattern[str]
    ownership: re.Pattern[str]
    structure: dict[str, list[re.Pattern[str]]]
    areas: dict[str, list[re.Pattern[str]]]


@cache
def cues() -> Cues:
    c: dict[str, Any] = json.loads(_read("cues.json"))
    lex: dict[str, Any] = json.loads(_read("lexicon.json"))
    claim = c["claim"]
    return Cues(
        relation=_compile_rules(c["relation"]),
        stage={k: _compile_rules(v) for k, v in c["stage"].items()},
        stage_negation=_compile_rules(c["stage_negation"]),
        deny=_compile_rules(claim["deny"]),
        deny_negated=_compile_rules(claim["deny_negated"]),
        confirm=_compile_rules(claim["confirm"]),
        neutral=_compile_rules(claim["neutral"]),
        hedge=_compile_rules(claim["hedge"]),
        anaphora=word_pattern(c["anaphora"]),
        distributive=word_pattern(c["distributive_markers"]),
        ownership=word_pattern(c["ownership_markers"]),
        structure={k: [word_pattern(p) for p in v] for k, v in lex["structure"].items()},
        areas={k: [word_pattern(p) for p in v] for k, v in lex["areas"].items()},
    )


def first_hit(rules: list[Rule], text: str) -> tuple[str, re.Match[str]] | None:
    """The earliest match of any rule in ``text``, with the rule's name."""
    best: tuple[str, re.Match[str]] | None = None
    for name, pat in rules:
        m = pat.search(text)
        if m and (best is None or m.start() < best[1].start()):
            best = (name, m)
    return best


def all_hits(rules: list[Rule], text: str) -> list[tuple[str, re.Match[str]]]:
    return [(name, m) for name, pat in rules for m in pat.finditer(text)]
