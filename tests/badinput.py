"""A bad-input corpus, generated on demand (never committed): every kind of input a
scraper produces that tieup must survive. ``make(folder)`` writes it and returns what
each file should give: ``("ok", n)`` articles read, ``("skipped", n)``, or ``("error",
words)`` with words the error line must hold."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

DEAL = "Honda and LG Energy Solution are in talks about a battery plant, Reuters reported."
GERMAN = ("Die Regierung hat am Montag beschlossen, dass die neuen Regeln für den Handel ab dem "
          "kommenden Jahr gelten sollen. Der Minister sagte, man werde die Unternehmen bei der "
          "Umsetzung unterstützen und die Kosten im Blick behalten, damit die Wirtschaft nicht "
          "leidet und die Preise stabil bleiben.")
BOMB_FEED = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;'
             b'&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
             b'<rss version="2.0"><channel><title>&c;</title><item><title>&c;</title>'
             b"<description>&c;</description></item></channel></rss>")


def make(folder: Path, *, huge_mb: int = 50) -> dict[str, tuple[str, object]]:
    folder.mkdir(parents=True, exist_ok=True)
    want: dict[str, tuple[str, object]] = {}

    def put(name: str, data: bytes, expect: tuple[str, object]) -> None:
        (folder / name).write_bytes(data)
        want[name] = expect

    put("empty.txt", b"", ("error", "empty"))
    put("binary.txt", bytes(range(256)) * 40, ("error", "binary"))
    put("huge.txt", b"", ("error", "too large"))
    with open(folder / "huge.txt", "wb") as fh:
        line = b"The market was quiet and traders waited for the data. " * 20 + b"\n"
        for _ in range(huge_mb * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    put("invalid-utf8.jsonl", b'{"id": "u1", "text": "Caf\xc3\x28 \x81\x8d ' + DEAL.encode() + b'"}\n',
        ("ok", 1))
    put("utf16.txt", DEAL.encode("utf-16"), ("ok", 1))
    put("latin1.txt", ("Société Générale: " + DEAL).encode("latin-1"), ("ok", 1))
    put("malformed.jsonl", b'{"id": "m1", "text": "' + DEAL.encode() + b'"}\n{broken\n\n'
        b'{"id": "m2", "text": "Quiet day."}\n', ("error", "malformed.jsonl:2"))
    want["malformed.jsonl+ok"] = ("ok", 2)
    put("wrong-shape.jsonl", b'[1, 2, 3]\n"text"\n{"id": "w1"}\n{"id": "w2", "text": 7}\n'
        b'{"id": "w3", "text": "   "}\n', ("error", "wrong-shape.jsonl:1"))
    put("no-body.html", b"<html><head><title>Nothing</title></head></html>", ("error", "no main text"))
    put("nested.html", b"<html><body>" + b"<div>" * 50_000 + DEAL.encode() + b"</div>" * 50_000
        + b"</body></html>", ("error", "nested.html"))
    put("bomb.rss", BOMB_FEED, ("error", "entities"))
    with gzip.open(folder / "bomb.txt.gz", "wb") as fh:
        fh.write(b"a " * (30 * 1024 * 1024))
    want["bomb.txt.gz"] = ("error", "decompressed")
    put("german.txt", GERMAN.encode(), ("skipped", 1))
    put("names.txt", "\n".join(["Ford", "Geely", "Toyota", "Honda", "BYD", "Tesla"] * 30).encode(),
        ("ok", 0))
    put("cues-no-companies.txt", ("The deal, the talks, the partnership and the joint venture "
                                  "were all the market spoke of. Nobody denied anything. " * 5).encode(),
        ("ok", 0))
    put("good.jsonl", (json.dumps({"id": "g1", "text": DEAL}) + "\n").encode(), ("ok", 1))
    return want
