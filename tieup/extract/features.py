"""Features of a candidate party set: what the rules see, as named binary features.

For each sentence a candidate appears in, its two representative mentions are
described by (names in ``why`` and the model file read as written here):
- ``path=``, ``lca=``, ``pw=``: the dependency path between their heads (labels and the
  lemma where the two branches meet), and the lemmas on it ("team", "with", "acquire");
- ``bw=``, ``gap=``: the lemmas between them and how far apart they are;
- ``ra=``/``rb=``/``rah=``/``rbh=``: each one's dependency role and the lemma governing it
  (subject of "buy", object of "with", possessor of "stake");
- ``la=``/``lb=``/``ka=``/``kb=``: how each was found (entity label, proper-noun run,
  list kind) and its context (company word or legal suffix, person title or role);
- ``scue=``/``bcue=``: relation cues (``data/cues.json``) in the sentence and between them;
- ``title``, ``sidx=``, ``np=``, ``grp=``: headline, position, parties in the sentence,
  coordination size.
Over the article: ``nsent=`` (sentences naming the set), ``fa=``/``fb=`` (how often each
party is named) and ``first=`` (its first sentence). A candidate's features are the union
over its sentences, so a set stated once strongly and once weakly keeps both.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .. import lexicons
from ..nlp import Tok
from .candidates import Candidate
from .mentions import company_context, words
from .text import Mention, Sentence

# tokens between two mentions beyond which their words are not listed (a long gap is
# "gap=far"); dependency paths longer than this are "path=long" (the seeds/dev/train
# sets' gold pairs are at most 12 tokens apart in 80% of their sentences)
MAX_GAP = 12
MAX_PATH = 6
CONTENT = frozenset({"VERB", "NOUN", "ADP", "ADJ", "AUX", "PART", "CCONJ", "SCONJ"})
PERSON_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|President|Chairman|Minister|CEO|Chief"
                           r"|[Ee]xecutive|[Ff]ounder|[Pp]layer|[Cc]oach)\.?\s+$")


@cache
def _person_after() -> re.Pattern[str]:
    """", chief executive", ", the founder", ", who ...": a person's name comes before."""
    body = "|".join(re.escape(w) for w in sorted(words()["person_after"]))
    return re.compile(rf"^\s*,\s*(?:the\s+|a\s+|an\s+)?(?:\w+\s+){{0,2}}?(?:{body})\b")


def _bucket(n: int, edges: tuple[int, ...] = (1, 2, 3, 5, 8)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _ancestors(toks: list[Tok], i: int) -> list[int]:
    out = [i]
    while toks[i].head != i and len(out) < 40:
        i = toks[i].head
        out.append(i)
    return out


def path_features(toks: list[Tok], a: int, b: int) -> list[str]:
    up, down = _ancestors(toks, a), _ancestors(toks, b)
    common = set(up) & set(down)
    if not common:
        return ["path=none"]
    lca = next(i for i in up if i in common)
    ua, ub = up[: up.index(lca)], down[: down.index(lca)]
    out = [f"lca={toks[lca].lemma}", f"lca_pos={toks[lca].pos}"]
    if len(ua) + len(ub) > MAX_PATH:
        out.append("path=long")
    else:
        left = ">".join(toks[i].dep for i in ua)
        right = "<".join(toks[i].dep for i in reversed(ub))
        out.append(f"path={left}|{toks[lca].lemma}|{right}")
        out.append(f"pathd={left}|{toks[lca].pos}|{right}")
    for i in ua[1:] + ub[1:]:
        if toks[i].pos in CONTENT:
            out.append(f"pw={toks[i].lemma}")
    return out


def mention_features(side: str, m: Mention, text: str, toks: list[Tok]) -> list[str]:
    out = [f"l{side}={m.label}", f"k{side}={'list' if m.label == 'LIST' else 'text'}"]
    if m.kind not in ("ner", "outlet"):
        out.append(f"kind{side}={m.kind}")
    if company_context(text, m.start, m.end):
        out.append(f"cc{side}")
    if PERSON_BEFORE.search(text[max(0, m.start - 20) : m.start]):
        out.append(f"pt{side}")
    after = text[m.end : m.end + 30].lower()
    if _person_after().match(after):
        out.append(f"pa{side}")
    if m.head >= 0 and toks:
        t = toks[m.head]
        h = toks[t.head]
        out += [f"r{side}={t.dep}", f"r{side}h={t.dep}:{h.lemma}"]
        if t.dep == "pobj":
            out.append(f"r{side}pp={h.lemma}:{toks[h.head].lemma}")
    return out


def sentence_features(s: Sentence, a: Mention, b: Mention, text: str, toks: list[Tok],
                      cue_names: list[str]) -> list[str]:
    out = [f"scue={n}" for n in cue_names]
    between = text[a.end : b.start] if a.end <= b.start else ""
    for name, _ in lexicons.all_hits(lexicons.cues().relation, between):
        out.append(f"bcue={name}")
    out += mention_features("a", a, text, toks) + mention_features("b", b, text, toks)
    out.append(f"lab={a.label}_{b.label}")
    if a is b:
        out.append("same_mention")
    elif toks and a.head >= 0 and b.head >= 0:
        out += path_features(toks, a.head, b.head)
        ta, tb = toks[a.head], toks[b.head]
        out.append(f"roles={ta.dep}_{tb.dep}")
        inner = [t for t in toks if a.end <= t.start and t.end <= b.start]
        if len(inner) > MAX_GAP:
            out.append("gap=far")
        else:
            out.append(f"gap={_bucket(len(inner), (0, 1, 2, 4, 8, 12))}")
            out += [f"bw={t.lemma}" for t in inner if t.pos in CONTENT]
            if len(inner) <= 3:
                out.append("bws=" + "_".join(t.lemma for t in inner))
    out.append(f"sidx={_bucket(s.index, (0, 1, 2, 4, 8))}")
    if s.is_title:
        # a headline has a grammar of its own (no articles, present tense, odd parses):
        # its features are learned apart from body sentences' ("t:")
        return ["title", *(f"t:{f}" for f in out if not f.startswith("scue="))]
    return out


def describe(c: Candidate, sentences: list[Sentence], text: str, toks: list[Tok],
             cues_of: dict[int, list[str]], freq: Counter[str]) -> set[str]:
    """The candidate's features (write step): the union over its sentences, plus article ones."""
    feats: set[str] = {"bias"}
    for i, a, b, grp in c.uses:
        s = sentences[i]
        feats.update(sentence_features(s, a, b, text, toks, cues_of[i]))
        feats.add(f"np={_bucket(len(s.parties()), (2, 3, 4, 6))}")
        if grp > 0:
            feats.add(f"grp={min(grp, 4)}")
        elif grp < 0:
            feats.add(f"all={min(-grp, 4)}")
    if not any(f.startswith("scue=") for f in feats):
        feats.add("scue=none")  # no sentence of the candidate states a relation
    n = len(c.sentences())
    feats.add(f"nsent={_bucket(n)}")
    feats.add(f"size={len(c.parties)}")
    counts = sorted(freq[p] for p in c.parties)
    feats.add(f"fmin={_bucket(counts[0])}")
    feats.add(f"fmax={_bucket(counts[-1])}")
    feats.add(f"first={_bucket(c.sentences()[0], (0, 1, 2, 4, 8))}")
    return feats


def primary_features(c: Candidate, p: float, rank: int, sentences: list[Sentence]) -> set[str]:
    """What makes an accepted record the article's subject: headline, lead sentences,
    how much of the article it fills, how sure the scorer is, its order among records."""
    idx = c.sentences()
    body = [i for i in idx if not sentences[i].is_title]
    first_body = next((s.index for s in sentences if not s.is_title), 0)
    out = {"bias", f"rank={_bucket(rank, (0, 1, 2, 4))}", f"nsent={_bucket(len(idx))}",
           f"size={len(c.parties)}"}
    if any(sentences[i].is_title for i in idx):
        out.add("title")
    if body:
        out.add(f"lead={_bucket(body[0] - first_body, (0, 1, 2, 4, 8))}")
    return out


def state_features(st: str, st_why: list[str], cl: str, cl_why: list[str], strong: list[Sentence],
                   every: list[Sentence], lead: Sentence, toks: list[Tok], primary: bool) -> set[str]:
    """What decides a record's stage and claim: the cue rules' verdicts and the rules that
    fired, stage cues by sentence order, hedges, denials and confirmations in its sentences,
    the lead sentence's content words and verb tenses."""
    from .stage import find as stage_cues

    cues = lexicons.cues()
    out = {"bias", f"rs={st}", f"rc={cl}", f"rsc={st}_{cl}"}
    if primary:
        out.add("primary")
    for w in [*st_why, *cl_why]:
        out.add(f"why={w}")
        out.add("why2=" + ":".join(w.split(":")[:2]))
    for k, s in enumerate(strong[:4]):
        where = "first" if k == 0 else "later"
        for stg, name in stage_cues(s):
            out.add(f"sc={where}:{stg.value}")
            out.add(f"scn={stg.value}:{name}")
    for s in every:
        for group, rules in (("hedge", cues.hedge), ("deny", cues.deny), ("confirm", cues.confirm),
                             ("neutral", cues.neutral)):
            for name, _ in lexicons.all_hits(rules, s.text):
                out.add(f"{group}={name}")
                if s is lead:
                    out.add(f"lead_{group}={name}")
        if s.outlets:
            out.add("outlet_named")
    if lead.outlets:
        out.add("lead_outlet")
    for t in toks:
        if lead.start <= t.start and t.end <= lead.end:
            if t.pos in ("VERB", "NOUN", "AUX", "ADJ", "ADV", "PART"):
                out.add(f"lw={t.lemma}")
            if t.pos in ("VERB", "AUX"):
                out.add(f"tag={t.tag}")
    return out
