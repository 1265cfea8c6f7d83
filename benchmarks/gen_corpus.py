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
    "Shares of {a} rose {n} percent on {day} after {q} results beat forecasts in {city}.",
    "{a} reported a {n} percent rise in {thing} in the {q} quarter, its {ord} gain in a row.",
    "The central bank in {city} left rates at {n}.{m} percent, citing {reason}.",
    "Lawmakers in {city} debated the {thing} bill late on {day}, with {n} votes still undecided.",
    "{team} beat {team2} {n} to {m} on {day} after a late goal by {name}.",
    "Analysts at {name} Securities expect {thing} to grow {n} percent by {year}.",
    "Fuel prices in {city} fell for a {ord} week as {reason} eased.",
    "The {city} council approved plans for a {thing} near the river, {name} said.",
    "{a} named {name} as chief financial officer, effective {day}.",
    "Traders in {city} watched {thing} closely ahead of the {q} jobs report.",
    "{name}, a spokesperson for the {city} mayor, said {n} roads would close on {day}.",
    "Rain is expected across {city} on {day}, with up to {n} millimetres in places.",
]
CITIES = ["Berlin", "Tokyo", "Detroit", "Shanghai", "Paris", "Seoul", "Madrid", "Austin",
          "Mumbai", "Turin", "Nagoya", "Leeds", "Lyon", "Osaka", "Denver", "Gothenburg"]
NAMES = ["Meyer", "Tanaka", "Garcia", "Kim", "Rossi", "Dubois", "Singh", "Novak", "Larsen",
         "Okafor", "Silva", "Chen", "Walsh", "Haddad", "Ivanova", "Moreau"]
THINGS = ["consumer spending", "the housing market", "new stadium", "factory orders",
          "freight volumes", "the budget", "bond yields", "chip demand", "retail sales",
          "solar installations", "airline bookings", "steel output"]
REASONS = ["slowing inflation", "supply worries", "a strong currency", "weak demand",
           "higher wages", "a mild winter"]
TEAMS = ["the Hawks", "United", "the Rovers", "City", "the Tigers", "Athletic", "the Kings"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng: random.Random, pool: list[str]) -> str:
    a, b = rng.sample(COMPANIES, 2)
    t1, t2 = rng.sample(TEAMS, 2)
    return _capitalised(rng.choice(pool).format(
        a=a, b=b, o=rng.choice(OUTLETS), area=rng.choice(AREAS), day=rng.choice(DAYS),
        n=rng.randint(2, 99), m=rng.randint(0, 9), city=rng.choice(CITIES), name=rng.choice(NAMES),
        thing=rng.choice(THINGS), reason=rng.choice(REASONS), team=t1, team2=t2,
        q=rng.choice(["first", "second", "third", "fourth"]), year=rng.randint(2027, 2035),
        ord=rng.choice(["second", "third", "fourth", "fifth"])))


def _capitalised(s: str) -> str:
    """News sentences open with a capital ("The Hawks beat City ..."), as real copy does."""
    return s[:1].upper() + s[1:]


def article(rng: random.Random, i: int, alliance_share: float) -> dict:
    words_target = min(1000, max(200, int(rng.gauss(600, 200))))
    is_alliance = rng.random() < alliance_share
    parts: list[str] = []
    truth = None
    if is_alliance:
        k = rng.randrange(len(ALLIANCE))
        a, b = rng.sample(COMPANIES, 2)
        o = rng.choice(OUTLETS)
        parts.append(_capitalised(ALLIANCE[k].format(a=a, b=b, o=o, area=rng.choice(AREAS),
                                                     day=rng.choice(DAYS))))
        truth = {"parties": [a, b], "template": k, "outlet": o.removeprefix("the ")}
    n = 0
    while n < words_target:
        s = sentence(rng, FILLER)
        parts.append(s)
        n += len(s.split())
    paragraphs = [" ".join(parts[k : k + 4]) for k in range(0, len(parts), 4)]
    out = {"id": f"gen-{i:07d}", "url": None, "text": "\n\n".join(paragraphs)}
    if truth:
        out["truth"] = truth  # what the alliance sentence says (for store benchmarks)
    return out


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
