"""Claim: reported, confirmed or denied, from who says what about the alliance.

find: per sentence, denials ("denied", "called the report incorrect", "we are not in
talks") and confirmations (a statement, an announcement, a signing, "X said"), each
credited to the party speaking; neutral answers ("declined to comment", "we talk to
lots of companies") void a sentence's confirmation.
write: denied when a party denies and none confirms; confirmed when a party confirms,
or when an agreed, completed or ended deal is told in the text's own voice; else reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .. import lexicons
from ..model import Claim, Stage
from .stage import find as stage_cues
from .text import Mention, Sentence

# the party speaking: "Ford said", "a Rivian spokesman", "Mazda spokeswoman", "said Telkom"
SPEAKER_AFTER = re.compile(
    r"^(?:['’]s?)?\s*(?:(?:also|has|have|had|on \w+day|\w+ly|quickly|later|then|itself)\s+){0,3}"
    r"(?:spokes\w+|representatives?|CEO|chief|chairman|president|executives?|officials?|said|says"
    r"|told|den(?:y|ies|ied)|confirm\w*|reject\w*|called|dismiss\w*|issued|announc\w*|stated"
    r"|rebuff\w*|refut\w*|declined|signed|unveil\w*|noted|added|insisted|emphasi[sz]ed|in a statement"
    r"|Chairman|President|Group CEO|Motor CEO|China CEO|Vice|head)\b"
)
SPEAKER_BEFORE = re.compile(r"(?:spokes\w+|representatives?|official) (?:for|of|from|at) (?:the )?$|said\s+$")
GROUP_SUBJECT = re.compile(
    r"\b(?:the (?:two |three )?companies|both companies|the two firms|the (?:three )?partners"
    r"|the pair|the (?:two )?automakers|the (?:two )?carmakers|the two sides|they|all three partners"
    r"|representatives for the two companies)\s+(?:\w+\s+){0,2}?(?:said|say|says|announced|confirmed"
    r"|signed|denied|rejected|stated|agreed|unveiled|inked)\b", re.I)


@dataclass
class ClaimCues:
    deniers: set[str] = field(default_factory=set)
    confirmers: set[str] = field(default_factory=set)
    denied: bool = False
    confirmed: bool = False
    confirm_rule: str = ""
    talk_cue: bool = False  # the sentence speaks of talks: a statement there confirms talks
    why: list[str] = field(default_factory=list)


def speakers(sentence: Sentence, parties: list[str], text: str) -> list[str]:
    """Parties speaking in a sentence (explicit speech frames only)."""
    out: dict[str, None] = {}
    for m in sentence.companies:
        names = [p for p in (m.owners or (m.party,)) if p in parties]
        if not names:
            continue
        after = text[m.end : m.end + 40]
        before = text[max(sentence.start, m.start - 30) : m.start]
        if SPEAKER_AFTER.match(after) or SPEAKER_BEFORE.search(before):
            for p in names:
                out.setdefault(p, None)
    if not out and GROUP_SUBJECT.search(sentence.text):
        return list(parties)
    return list(out)


def _subject(sentence: Sentence, parties: list[str]) -> list[str]:
    first: Mention | None = next(
        (m for m in sentence.companies if any(p in parties for p in (m.owners or (m.party,)))), None)
    if first is None:
        return []
    return [p for p in (first.owners or (first.party,)) if p in parties]


def find(sentence: Sentence, parties: list[str], text: str, view: str | None = None) -> ClaimCues:
    """Claim cues of one sentence (``view``: the part of it about this alliance)."""
    cues = lexicons.cues()
    out = ClaimCues()
    s = sentence.text if view is None else view
    negated = [n for _, n in lexicons.all_hits(cues.deny_negated, s)]
    deny = [h for h in lexicons.all_hits(cues.deny, s)
            if not any(n.start() <= h[1].start() < n.end() for n in negated)]
    neutral = lexicons.first_hit(cues.neutral, s)
    who = speakers(sentence, parties, text)
    if deny:
        out.denied = True
        out.deniers.update(who or _subject(sentence, parties))
        out.why.append(f"claim:denied:{deny[0][0]}")
        return out
    if neutral:
        out.why.append(f"claim:neutral:{neutral[0]}")
        return out
    confirm = lexicons.first_hit(cues.confirm, s)
    sourced = any(name in ("sources", "reportedly") for name, _ in lexicons.all_hits(cues.hedge, s))
    if confirm and not (confirm[0] == "party_said" and sourced):
        name = confirm[0]
        who = who or ([] if name == "party_said" else _subject(sentence, parties))
        if who:
            out.confirmed = True
            out.confirm_rule = name
            out.talk_cue = any(st is Stage.TALKS and rule != "potential"
                               for st, rule in stage_cues(sentence))
            out.confirmers.update(who)
            out.why.append(f"claim:confirmed:{name}")
    return out


def hedged(sentence: Sentence) -> str | None:
    """The hedge or press attribution that makes a sentence a report, not the text's own voice."""
    hit = lexicons.first_hit(lexicons.cues().hedge, sentence.text)
    if hit:
        return hit[0]
    return "outlet" if sentence.outlets else None


def write(stage: Stage, found: list[ClaimCues], lead: list[Sentence],
          parties: list[str]) -> tuple[Claim, list[str], list[str], list[str]]:
    """(claim, confirmed_by, denied_by, why); ``lead``: the sentences of the lead development
    and of the first mention. Talks are confirmed only by a party's own
    words about the talks (a signing or an aside confirms a deal, not talks)."""
    if stage is Stage.TALKS:
        found = [c if c.talk_cue and c.confirm_rule != "signed" else
                 replace(c, confirmers=set(), confirmed=False, confirm_rule="") for c in found]
    deniers = sorted({p for c in found for p in c.deniers}, key=parties.index)
    confirmers = sorted({p for c in found for p in c.confirmers} - set(deniers), key=parties.index)
    why = [w for c in found for w in c.why if not w.startswith("claim:neutral")][:3]
    denied = any(c.denied for c in found)
    if denied and not confirmers:
        return Claim.DENIED, [], deniers, why
    if confirmers:
        return Claim.CONFIRMED, confirmers, deniers, why
    # the text's own voice only when neither the lead development nor the alliance's
    # first mention rests on a report
    hedge = next((h for s in lead if (h := hedged(s))), None)
    if stage is not Stage.TALKS and hedge is None:
        return Claim.CONFIRMED, [], [], [*why, f"claim:confirmed:own_voice_{stage.value}"]
    return Claim.REPORTED, [], [], [*why, f"claim:reported:{hedge or 'no_party_statement'}"]
