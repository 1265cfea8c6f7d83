"""Bounded work for the model: batches sized by characters, long texts parsed in windows.

spaCy's memory grows with the characters it holds at once (one 1 MB text: ~3 GB), not
with the number of texts. So a text longer than ``Options.model_chars`` is parsed in
windows of at most that size, cut at a line break or a sentence end, and the windows'
sentences and entities are put back at their offsets in the whole text; and the texts
(or windows) given to one ``nlp.pipe`` call, like the articles of one batch or one chunk
sent to a worker, add up to about ``Options.batch_chars`` characters at most.
Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from . import nlp
from .options import Options

T = TypeVar("T")
# sentence ends a window may be cut after, when no line break is near
_ENDS = (". ", "! ", "? ", ".\t", "; ")


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text``, each at most ``size`` characters, each
    cut after a line break (else a sentence end) in its second half when there is one."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    size = max(1, size)
    while n - start > size:
        lo, hi = start + size // 2, start + size
        cut = text.rfind("\n", lo, hi)
        if cut < 0:
            cut = max(text.rfind(end, lo, hi - 1) for end in _ENDS)
        cut = cut + 1 if cut >= 0 else hi
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def sized(items: Iterable[T], count: int, chars: int, size: Callable[[T], int]) -> Iterator[list[T]]:
    """Groups of ``items`` in order, each closed at ``count`` items or when its sizes reach
    ``chars`` (an item larger than ``chars`` is a group of its own)."""
    group: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if group and total + n > chars:
            yield group
            group, total = [], 0
        group.append(item)
        total += n
        if len(group) >= count or total >= chars:
            yield group
            group, total = [], 0
    if group:
        yield group


def _merge(text: str, parts: list[tuple[int, nlp.Parsed]]) -> nlp.Parsed:
    """One Parsed for ``text`` from its windows' (each with its start offset): sentences,
    entities and tokens moved to their offsets in the whole text, token heads to their
    index in the whole token list."""
    if len(parts) == 1 and parts[0][0] == 0:
        return nlp.Parsed(text, parts[0][1].sentences, parts[0][1].ents, parts[0][1].tokens)
    sents: list[tuple[int, int]] = []
    ents: list[nlp.Ent] = []
    toks: list[nlp.Tok] = []
    for offset, p in parts:
        base = len(toks)
        sents += [(s + offset, e + offset) for s, e in p.sentences]
        ents += [nlp.Ent(e.start + offset, e.end + offset, e.label, e.text) for e in p.ents]
        toks += [t._replace(start=t.start + offset, end=t.end + offset, head=t.head + base)
                 for t in p.tokens]
    return nlp.Parsed(text, sents, ents, toks)


def each(fn: Callable[[str], nlp.Parsed], texts: list[str]) -> list[nlp.Parsed | Exception]:
    """``fn`` over each text alone; an exception in place of a text it failed on."""
    out: list[nlp.Parsed | Exception] = []
    for t in texts:
        try:
            out.append(fn(t))
        except Exception as e:  # noqa: BLE001 - the text's own error
            out.append(e)
    return out


def _parse_group(pieces: list[str], options: Options) -> list[nlp.Parsed | Exception]:
    """One ``nlp.pipe`` call; if it fails, each piece alone, so one bad text fails alone."""
    try:
        return list(nlp.parse_many(pieces, options.batch_size))
    except Exception:  # noqa: BLE001 - retried one by one below
        return each(nlp.parse, pieces)


def parse(texts: list[str], options: Options) -> list[nlp.Parsed | Exception]:
    """Each text parsed (by spaCy, or the rule splitter without the model), in windows of
    ``options.model_chars`` and groups of ``options.batch_chars``; an exception in place
    of a text that could not be parsed."""
    if not options.model:
        return each(nlp.parse_rules, texts)
    pieces = [(i, s, e) for i, t in enumerate(texts) for s, e in windows(t, options.model_chars)]
    parsed: dict[tuple[int, int], nlp.Parsed | Exception] = {}
    for group in sized(pieces, max(1, options.batch_size), options.batch_chars,
                       lambda p: p[2] - p[1]):
        for (i, s, _end), p in zip(group, _parse_group([texts[i][s:e] for i, s, e in group], options),
                                strict=True):
            parsed[(i, s)] = p
    results: list[nlp.Parsed | Exception] = []
    for i, text in enumerate(texts):
        parts = [(s, parsed[(j, s)]) for j, s, _ in pieces if j == i]
        failed = next((p for _, p in parts if isinstance(p, Exception)), None)
        if failed is not None:
            results.append(failed)
            continue
        results.append(_merge(text, [(s, p) for s, p in parts if isinstance(p, nlp.Parsed)]))
    return results
