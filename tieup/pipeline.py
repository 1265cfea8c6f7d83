"""The pipeline, composed in one place. Stages, in order:

1. ``read``      bytes (file, page, JSONL line, stdin) -> Article, or a ReadError naming the input
2. ``language``  non-English articles are skipped (counted, not failed)
3. ``prefilter`` the fast path's gate: an article with no relation-cue sentence naming two
                 names gets an empty result and skips spaCy (``tieup.prefilter``)
4. ``nlp``       spaCy sentences and entities, batched with ``nlp.pipe`` (or the rule splitter)
5. ``extract``   orgs -> parties -> stage -> claim -> areas -> sources -> dates: ArticleResult

Stages 2-5 run in this process, in ``Options.jobs`` local processes, or on a Dask
cluster (``Options.dask``), over chunks of articles, in input order (``tieup.parallel``).

Nothing here prints; callers get results, errors and skips as values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

from . import batching, language, nlp, parallel, prefilter
from .extract import extract_empty, extract_parsed
from .model import Article, ArticleResult
from .options import Options
from .read import ReadError, Skipped, read

Outcome = ArticleResult | ReadError | Skipped


def _result(article: Article, parsed: nlp.Parsed, options: Options) -> ArticleResult:
    res = extract_parsed(parsed, article_id=article.id, published=article.published,
                         title=article.title, company_list=options.company_list,
                         user_companies=options.user_companies)
    if article.html:
        res.text = article.text
    return res


def _guarded(article: Article, parsed: nlp.Parsed | Exception,
             options: Options) -> ArticleResult | ReadError:
    """One article's extraction; a failure (a bug meeting odd text) is an error naming the
    article, and the batch goes on."""
    where = article.source or article.id
    if isinstance(parsed, Exception):
        return ReadError(where, f"the model could not parse it ({type(parsed).__name__}: {parsed})")
    try:
        return _noted(_result(article, parsed, options), article, options)
    except Exception as e:  # noqa: BLE001 - reported per article, never swallowed
        return ReadError(where, f"extraction failed ({type(e).__name__}: {e})")


def _noted(res: ArticleResult, article: Article, options: Options) -> ArticleResult:
    if len(article.text) > options.max_chars:
        res.notes.append(f"text cut to its first {options.max_chars:,} of {len(article.text):,} "
                         "characters (max_chars)")
    return res


def _select(texts: list[str], options: Options) -> list[bool | Exception]:
    """The fast path's gate over a batch, each text in windows of ``model_chars`` (the
    gate's NER is the model too; a text passes when one of its windows does); if a group
    fails, each text alone."""
    if not options.prefilter:
        return [True] * len(texts)

    def gate(group: list[str]) -> list[bool]:
        return list(prefilter.select(group, model=options.model, batch_size=options.batch_size))

    pieces = [(i, s, e) for i, t in enumerate(texts) for s, e in batching.windows(t, options.model_chars)]
    keep: list[bool | Exception] = [False] * len(texts)
    for group in batching.sized(pieces, max(1, len(pieces)), options.batch_chars * BATCH_CALLS,
                                lambda p: p[2] - p[1]):
        try:
            found = gate([texts[i][s:e] for i, s, e in group])
        except Exception:  # noqa: BLE001 - retried one by one below
            found = []
            for i, s, e in group:
                try:
                    found.append(gate([texts[i][s:e]])[0])
                except Exception as err:  # noqa: BLE001 - the text's own error
                    keep[i] = err
                    found.append(False)
        for (i, _s, _e), ok in zip(group, found, strict=True):
            if keep[i] is False and ok:
                keep[i] = True
    return keep


def _empty(article: Article, options: Options) -> ArticleResult | ReadError:
    try:
        res = extract_empty(article.text[:CHARS_FOR_EMPTY], article_id=article.id,
                            published=article.published, title=article.title)
    except Exception as e:  # noqa: BLE001 - reported per article, never swallowed
        return ReadError(article.source or article.id, f"extraction failed ({type(e).__name__}: {e})")
    if article.html:
        res.text = article.text
    return _noted(res, article, options)


# an article the gate rules out is read only this far for its date and headline
CHARS_FOR_EMPTY = 2_000
# a batch holds up to this many spaCy calls' worth of characters (batch_chars each), so a
# batch of ordinary articles (~3,600 characters) is batch_size articles, as before, for the
# gate (its NER sees only candidate sentences); the parse of whole texts is grouped by
# batch_chars, which bounds the model's memory
BATCH_CALLS = 4
# articles per chunk sent to a worker process or a Dask task: a few spaCy batches, so
# that per-task overhead (pickling, scheduling: ~1-5 ms) stays far below the work (~2 s)
CHUNK_BATCHES = 4


def _warm(model: bool) -> None:
    """Worker start: load the model once, before the first chunk arrives."""
    if model:
        nlp.load_model()


def _extract_chunk(chunk: list[Article | ReadError | Skipped], options: Options) -> list[Outcome]:
    return list(_extract_serial(chunk, options))


def _one_by_one(chunk: list[Article | ReadError | Skipped]) -> list[list[Article | ReadError | Skipped]]:
    return [[item] for item in chunk]


def _lost(chunk: list[Article | ReadError | Skipped], why: str) -> list[Outcome]:
    """A one-record chunk whose task failed twice (its worker killed: out of memory?): its error."""
    return [ReadError(i.source or i.id, f"its worker process died or failed ({why})")
            if isinstance(i, Article) else i for i in chunk]


def _size(item: Article | ReadError | Skipped) -> int:
    return len(item.text) if isinstance(item, Article) else 0


def extract_articles(items: Iterable[Article | ReadError | Skipped],
                     options: Options | None = None) -> Iterator[Outcome]:
    """Extract alliances from articles, in input order; errors pass through unchanged.

    With ``options.jobs > 1`` or ``options.dask`` the work runs in other processes, a
    few batches per task, at most a few tasks in flight: memory does not grow with input."""
    options = options or Options()
    if options.jobs <= 1 and not options.dask:
        yield from _extract_serial(items, options)
        return
    local = replace(options, jobs=1, dask=None)
    chunks = batching.sized(items, options.batch_size * CHUNK_BATCHES,
                            options.batch_chars * BATCH_CALLS * CHUNK_BATCHES, _size)
    fn = partial(_extract_chunk, options=local)
    results = (parallel.map_dask(fn, chunks, options.dask, split=_one_by_one, lost=_lost)
               if options.dask
               else parallel.map_processes(fn, chunks, options.jobs,
                                           initializer=partial(_warm, options.model),
                                           split=_one_by_one, lost=_lost))
    for outs in results:
        yield from outs


def _extract_serial(items: Iterable[Article | ReadError | Skipped], options: Options) -> Iterator[Outcome]:
    batch: list[Article | ReadError | Skipped] = []

    def flush() -> Iterator[Outcome]:
        articles = [a for a in batch if isinstance(a, Article)]
        texts = [a.text[: options.max_chars] for a in articles]
        keep = _select(texts, options)
        done: dict[int, Outcome] = {}
        todo = [i for i, k in enumerate(keep) if k is True]
        for i, p in zip(todo, batching.parse([texts[i] for i in todo], options), strict=True):
            done[id(articles[i])] = _guarded(articles[i], p, options)
        for a, k in zip(articles, keep, strict=True):
            if isinstance(k, Exception):
                done[id(a)] = ReadError(a.source or a.id, f"the fast path's gate failed "
                                                         f"({type(k).__name__}: {k})")
            elif not k:
                done[id(a)] = _empty(a, options)
        for item in batch:
            yield done[id(item)] if isinstance(item, Article) else item
        batch.clear()

    articles = chars = 0
    for item in items:
        if isinstance(item, Article):
            try:
                lang = language.detect(item.text, options.min_english)
            except Exception as e:  # noqa: BLE001 - the article's own error
                item = ReadError(item.source or item.id, f"language check failed ({type(e).__name__}: {e})")
            else:
                if lang != "en":
                    item = Skipped(item.source or item.id, f"not English: {lang}")
        batch.append(item)
        if isinstance(item, Article):
            articles += 1
            chars += min(len(item.text), options.max_chars)
        # errors and skips pass through too: a long run of bad lines must not pile up
        if (articles >= options.batch_size or chars >= options.batch_chars * BATCH_CALLS
                or len(batch) >= 4 * options.batch_size):
            yield from flush()
            articles = chars = 0
    yield from flush()


def extract_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[Outcome]:
    """``tieup extract``: read the inputs and extract each article."""
    options = options or Options()
    return extract_articles(read(paths, options), options)


def extract(text: str, *, published: str | None = None, url: str | None = None,
            title: str | None = None, options: Options | None = None) -> ArticleResult:
    """Alliances reported in one article's text (the Python API)."""
    options = options or Options()
    article = Article(id=url or "", text=text, url=url, title=title, published=published)
    (parsed,) = batching.parse([text[: options.max_chars]], options)
    if isinstance(parsed, Exception):
        raise parsed
    res = _noted(_result(article, parsed, options), article, options)
    res.language = language.detect(text, options.min_english)
    return res
