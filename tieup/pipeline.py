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
from dataclasses import dataclass, replace
from functools import partial

from . import language, nlp, parallel, prefilter
from .extract import extract_empty, extract_parsed
from .model import Article, ArticleResult
from .options import Options
from .read import ReadError, read


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped ({self.reason})"


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
        return _result(article, parsed, options)
    except Exception as e:  # noqa: BLE001 - reported per article, never swallowed
        return ReadError(where, f"extraction failed ({type(e).__name__}: {e})")


def _parse_all(texts: list[str], options: Options) -> list[nlp.Parsed | Exception]:
    """Parse a batch; if the batch fails, each text alone, so one bad text fails alone."""
    if not options.model:
        return [nlp.parse_rules(t) for t in texts]
    try:
        return list(nlp.parse_many(texts, options.batch_size))
    except Exception:  # noqa: BLE001 - retried one by one below
        out: list[nlp.Parsed | Exception] = []
        for t in texts:
            try:
                out.append(nlp.parse(t))
            except Exception as e:  # noqa: BLE001
                out.append(e)
        return out


def _empty(article: Article) -> ArticleResult:
    res = extract_empty(article.text[:CHARS_FOR_EMPTY], article_id=article.id,
                        published=article.published, title=article.title)
    if article.html:
        res.text = article.text
    return res


# an article the gate rules out is read only this far for its date and headline
CHARS_FOR_EMPTY = 2_000
# articles per chunk sent to a worker process or a Dask task: a few spaCy batches, so
# that per-task overhead (pickling, scheduling: ~1-5 ms) stays far below the work (~2 s)
CHUNK_BATCHES = 4


def _warm(model: bool) -> None:
    """Worker start: load the model once, before the first chunk arrives."""
    if model:
        nlp.load_model()


def _extract_chunk(chunk: list[Article | ReadError], options: Options) -> list[Outcome]:
    return list(_extract_serial(chunk, options))


def extract_articles(items: Iterable[Article | ReadError],
                     options: Options | None = None) -> Iterator[Outcome]:
    """Extract alliances from articles, in input order; errors pass through unchanged.

    With ``options.jobs > 1`` or ``options.dask`` the work runs in other processes, a
    few batches per task, at most a few tasks in flight: memory does not grow with input."""
    options = options or Options()
    if options.jobs <= 1 and not options.dask:
        yield from _extract_serial(items, options)
        return
    local = replace(options, jobs=1, dask=None)
    chunks = parallel.chunked(items, options.batch_size * CHUNK_BATCHES)
    fn = partial(_extract_chunk, options=local)
    results = (parallel.map_dask(fn, chunks, options.dask) if options.dask
               else parallel.map_processes(fn, chunks, options.jobs,
                                           initializer=partial(_warm, options.model)))
    for outs in results:
        yield from outs


def _extract_serial(items: Iterable[Article | ReadError], options: Options) -> Iterator[Outcome]:
    batch: list[Article | ReadError | Skipped] = []

    def flush() -> Iterator[Outcome]:
        articles = [a for a in batch if isinstance(a, Article)]
        keep = (prefilter.select([a.text[: options.max_chars] for a in articles],
                                 model=options.model, batch_size=options.batch_size)
                if options.prefilter else [True] * len(articles))
        todo = [a for a, k in zip(articles, keep, strict=True) if k]
        texts = [a.text[: options.max_chars] for a in todo]
        done: dict[int, Outcome] = {}
        for a, p in zip(todo, _parse_all(texts, options), strict=True):
            done[id(a)] = _guarded(a, p, options)
        done.update({id(a): _empty(a) for a, k in zip(articles, keep, strict=True) if not k})
        for item in batch:
            yield done[id(item)] if isinstance(item, Article) else item
        batch.clear()

    articles = 0
    for item in items:
        if isinstance(item, Article) and (lang := language.detect(item.text, options.min_english)) != "en":
            batch.append(Skipped(item.source or item.id, f"not English: {lang}"))
        else:
            batch.append(item)
            articles += isinstance(item, Article)
        # errors and skips pass through too: a long run of bad lines must not pile up
        if articles >= options.batch_size or len(batch) >= 4 * options.batch_size:
            yield from flush()
            articles = 0
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
    parsed = (nlp.parse(text[: options.max_chars]) if options.model
              else nlp.parse_rules(text[: options.max_chars]))
    res = _result(article, parsed, options)
    res.language = language.detect(text, options.min_english)
    return res
