"""One options object: every setting of the pipeline with its default and its help text."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Options:
    """Every setting of the pipeline, with its default; ``Options.help()`` gives each one's help text. Frozen: use ``dataclasses.replace`` to change one."""
    model: bool = _opt(True, "use spaCy's small English model for sentences and entities; "
                             "off: a rule sentence splitter and the gazetteer alone (fast, less recall)")
    company_list: bool = _opt(True, "name companies with the curated list (tieup/data/companies.tsv: "
                                    "canonical names, units, JV owners); off: names come from the "
                                    "text alone (the list is never what makes a company seen)")
    user_companies: tuple[tuple[str, ...], ...] = _opt(
        (), "your own companies, as rows of companies.tsv's columns (name, aliases joined by "
            "'|', kind): extraction names them like listed ones, with or without the list "
            "(CLI: --companies FILE; a store adds its `tieup companies add` rows)")
    batch_size: int = _opt(32, "articles per spaCy nlp.pipe batch")
    # spaCy's memory grows with the characters one nlp.pipe call holds (measured with NER
    # and the sentence recogniser: 20,000 characters ~200 MB peak, 50,000 ~310 MB, 100,000
    # ~480 MB, one 1 MB text ~3 GB), not with the number of texts: model inputs are
    # bounded in characters. 50,000 characters is ~14 articles of 600 words; a window of
    # 10,000 is a long article. With these, 1 KB to 5 MB articles peak at 263-371 MB
    batch_chars: int = _opt(50_000, "characters per spaCy call (texts or windows parsed together); a "
                                    "batch closes at batch_size articles or 4 times this many characters")
    model_chars: int = _opt(10_000, "characters given to spaCy as one text: a longer article is "
                                    "parsed in windows of this size, cut at a line or sentence end")
    max_bytes: int = _opt(20_000_000, "inputs larger than this many bytes are refused as too large")
    # with windows memory no longer grows with length, but time does, faster than linearly
    # in extraction: a 300,000-character article takes ~25 s to parse and ~18 s to extract
    # (100,000: ~8 s and ~3 s); 200,000 characters (~35,000 words) is longer than any news
    # article (docs/benchmarks.md)
    max_chars: int = _opt(200_000, "article text is cut to this many characters before extraction "
                                   "(the cut is noted)")
    # HTML: lxml/trafilatura time grows faster than linearly with tags and attributes (an
    # 869 KB page of attributes took 148 s); a news page has a few thousand elements
    html_max_bytes: int = _opt(5_000_000, "HTML pages larger than this many bytes are refused")
    html_max_nodes: int = _opt(50_000, "HTML pages with more tags and attributes than this are "
                                        "refused before parsing")
    replace: bool = _opt(False, "an article whose id is stored with a different text replaces it "
                                "(default: both are kept, the new one under its id plus a digest)")
    prefilter: bool = _opt(True, "the fast path: only articles with a relation-cue sentence naming two "
                                 "names go through spaCy (off: every article does)")
    jobs: int = _opt(1, "extract in this many processes (each loads the model once)")
    dask: str | None = _opt(None, "extract on this Dask cluster (scheduler address, e.g. "
                                  "tcp://10.0.0.5:8786); results return to this process")
    min_english: float = _opt(0.06, "share of common English function words at or above which an "
                                    "article the language model is unsure of is taken as English")
    # field names of JSON Lines, JSON and CSV records (None: the usual names, see
    # tieup.records): news APIs write uri/body/dateTime where tieup writes id/text/published
    id_field: str | None = _opt(None, "the record field holding the article id (default: id, uri, guid, ...)")
    text_field: str | None = _opt(None, "the record field holding the article text (default: text, body, "
                                        "content, ...)")
    title_field: str | None = _opt(None, "the record field holding the title (default: title, headline)")
    date_field: str | None = _opt(None, "the record field holding the published date (default: published, "
                                        "dateTime, date, pubDate, ...)")
    url_field: str | None = _opt(None, "the record field holding the article URL (default: url, link)")

    # fetching pages and feeds (tieup fetch / watch). A news page is rarely over 2 MB of
    # HTML: 10 MB leaves room for inline data and still bounds memory. 20 s is what a slow
    # news site under load takes. 5 redirects cover http->https->www->canonical with room.
    # 1 s between two requests to one host is the usual crawl-delay courtesy.
    fetch_timeout: float = _opt(20.0, "seconds to wait to connect and for each read of a page")
    fetch_max_bytes: int = _opt(10_000_000, "a page or feed larger than this is cut off and refused")
    max_redirects: int = _opt(5, "redirects followed at most per request")
    polite_delay: float = _opt(1.0, "seconds between two requests to the same host")
    allow_private: bool = _opt(False, "fetch from private, loopback and link-local addresses too "
                                      "(refused by default: a feed must not reach your network)")

    @classmethod
    def help(cls) -> dict[str, str]:
        """Each option's name and help text."""
        return {f.name: f.metadata["help"] for f in fields(cls)}
