"""Generate a deterministic corpus of synthetic news articles from our own templates.

    python benchmarks/gen_corpus.py N [--seed S] [-o FILE.jsonl|FILE.jsonl.gz] [--alliance-share 0.1]

About one article in ten reports an alliance; the rest is other business, sports and
politics news. Lengths vary from about 200 to 1,000 words.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Iterator

COMPANIES = ["Ford", "GM", "Toyota", "Honda", "Nissan", "Renault", "Volkswagen", "BMW", "Hyundai",
             "Kia", "Geely", "BYD", "CATL", "Panasonic", "LG Energy Solution", "SK On", "Stellantis",
             "Tesla", "Rivian", "Xiaomi", "Alibaba", "Baidu", "Waymo", "Mobileye", "Nvidia",
             "Qualcomm", "Bosch", "Magna", "Foxconn", "Microsoft", "Amazon", "Google", "Intel"]
OUTLETS = ["Reuters", "Bloomberg", "the Financial Times", "The Wall Street Journal", "Nikkei"]
AREAS = ["battery cells", "autonomous driving software", "electric vehicle platforms",
         "connected car services", "cloud computing", "robotaxi fleets", "a shared factory"]
ALLIANCE = [
    "{a} and {b} are in talks about a partnership on {area}, {o} reported on {day}, citing people familiar with the matter.",
    "{a} said on {day} it had signed a memorandum of understanding with {b} to cooperate on {area}.",
    "{a} has completed the purchase of a stake in {b}, the companies said in a statement.",
    "{a} and {b} have called off talks on a joint venture for {area}, {o} reported.",
    "{b} denied a report by {o} that it was in talks with {a} over {area}.",
]
FILLER = [
    "Shares of {a} rose {n} percent on {day} after quarterly results beat forecasts.",
    "{a} reported a {n} percent rise in deliveries in the third quarter.",
    "The central bank left interest rates unchanged, citing slowing inflation.",
    "Lawmakers debated a new budget bill late into the night on {day}.",
    "The home side won the match {n} to {m} after a late goal in the second half.",
    "Analysts expect demand for electric vehicles to keep growing over the next decade.",
    "Fuel prices fell for a third week as crude supplies improved.",
    "The city council approved plans for a new stadium near the river.",
    "{a} named a new chief financial officer, effective next month.",
    "Traders watched bond yields closely ahead of the jobs report.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng: random.Random, pool: list[str]) -> str:
    a, b = rng.sample(COMPANIES, 2)
    return rng.choice(pool).format(a=a, b=b, o=rng.choice(OUTLETS), area=rng.choice(AREAS),
                                   day=rng.choice(DAYS), n=rng.randint(2, 30), m=rng.randint(0, 5))


def article(rng: random.Random, i: int, alliance_share: float) -> dict:
    words_target = min(1000, max(200, int(rng.gauss(600, 200))))
    is_alliance = rng.random() < alliance_share
    parts: list[str] = []
    if is_alliance:
        parts.append(sentence(rng, ALLIANCE))
    n = 0
    while n < words_target:
        s = sentence(rng, FILLER)
        parts.append(s)
        n += len(s.split())
    paragraphs = [" ".join(parts[k : k + 4]) for k in range(0, len(parts), 4)]
    return {"id": f"gen-{i:07d}", "url": None, "text": "\n\n".join(paragraphs)}


def generate(n: int, seed: int = 0, alliance_share: float = 0.1) -> Iterator[dict]:
    rng = random.Random(seed)
    previous: dict | None = None
    for i in range(n):
        if previous is not None and rng.random() < 0.02:  # a syndicated copy
            yield {**previous, "id": f"gen-{i:07d}", "text": previous["text"] + "\n\n(Syndicated.)"}
            continue
        previous = article(rng, i, alliance_share)
        yield previous


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--alliance-share", type=float, default=0.1)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    opener = gzip.open if a.output.endswith(".gz") else open
    out = sys.stdout if a.output == "-" else opener(a.output, "wt", encoding="utf-8")
    for obj in generate(a.n, a.seed, a.alliance_share):
        out.write(json.dumps(obj) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
