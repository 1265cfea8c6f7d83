"""One options object: every setting of the pipeline with its default and its help text."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Options:
    model: bool = _opt(True, "use spaCy's small English model for sentences and entities; "
                             "off: a rule sentence splitter and the gazetteer alone (fast, less recall)")
    batch_size: int = _opt(32, "articles per spaCy nlp.pipe batch")
    max_bytes: int = _opt(20_000_000, "inputs larger than this many bytes are refused as too large")
    max_chars: int = _opt(1_000_000, "article text is cut to this many characters before extraction")
    prefilter: bool = _opt(True, "the fast path: only articles with a relation-cue sentence naming two "
                                 "names go through spaCy (off: every article does)")
    jobs: int = _opt(1, "extract in this many processes (each loads the model once)")
    dask: str | None = _opt(None, "extract on this Dask cluster (scheduler address, e.g. "
                                  "tcp://10.0.0.5:8786); results return to this process")
    min_english: float = _opt(0.06, "share of common English function words below which an article "
                                    "of 30 words or more is skipped as not English")

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}
