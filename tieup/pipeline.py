"""The pipeline, composed in one place. Stages, in order:

1. ``read``      bytes (file, page, JSONL line, stdin) -> Article, or a ReadError naming the input
2. ``language``  non-English articles are skipped (counted, not failed)
3. ``nlp``       spaCy sentences and entities, batched with ``nlp.pipe`` (or the rule splitter)
4. ``extract``   orgs -> parties -> stage -> claim -> areas -> sources -> dates: ArticleResult

Nothing here prints; callers get results, errors and skips as values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import language, nlp
from .extract import extract_parsed
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


def _result(article: Article, parsed: nlp.Parsed) -> ArticleResult:
    res = extract_parsed(parsed, article_id=article.id, published=article.published,
                         title=article.title)
    if article.html:
        res.text = article.text
    return res


def extract_articles(items: Iterable[Article | ReadError],
                     options: Options | None = None) -> Iterator[Outcome]:
    """Extract alliances from articles, in input order; errors pass through unchanged."""
    options = options or Options()
    batch: list[Article | ReadError | Skipped] = []

    def flush() -> Iterator[Outcome]:
        todo = [a for a in batch if isinstance(a, Article)]
        texts = [a.text[: options.max_chars] for a in todo]
        parsed = (nlp.parse_many(texts, options.batch_size) if options.model
                  else (nlp.parse_rules(t) for t in texts))
        done = {id(a): _result(a, p) for a, p in zip(todo, parsed, strict=True)}
        for item in batch:
            yield done[id(item)] if isinstance(item, Article) else item
        batch.clear()

    for item in items:
        if isinstance(item, Article) and language.detect(item.text, options.min_english) != "en":
            batch.append(Skipped(item.id, "not English"))
        else:
            batch.append(item)
        if sum(isinstance(a, Article) for a in batch) >= options.batch_size:
            yield from flush()
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
    res = _result(article, parsed)
    res.language = language.detect(text, options.min_english)
    return res
