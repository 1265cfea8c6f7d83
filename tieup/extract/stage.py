"""Stage: talks, agreed, completed or ended, from cue words in the alliance's own sentences.

find: every stage cue in each evidence sentence, and negations ("no agreement has been
reached") anywhere in the alliance's sentences.
write: the development the article leads with decides: in the first sentence with a cue
(a headline together with the next one), the highest of ended > agreed > talks >
completed; a negation removes
agreed and completed (a headline contradicted by the body follows the body).
"""

from __future__ import annotations

import re

from .. import lexicons
from ..model import Stage
from .text import Sentence

PRECEDENCE = [Stage.ENDED, Stage.AGREED, Stage.TALKS, Stage.COMPLETED]
# cues that only hint (a future tense, "potential", a running operation): they decide only
# when a sentence has no firmer cue ("A joint venture of X and Y plans to invest" is completed)
WEAK = frozenset({"will_form", "potential", "in_operation", "jv_company"})
FUTURE = re.compile(r"\b(?:will|would|plans?|planned|to be|set to|expected to)\b", re.I)


def find(sentence: Sentence, text: str | None = None) -> list[tuple[Stage, str]]:
    """Stage cues in one sentence (or the part of it about one alliance) as (stage, rule);
    the firm cues when there are any, else the weak ones."""
    body = sentence.text if text is None else text
    out = []
    for stage in PRECEDENCE:
        for name, pat in lexicons.cues().stage[stage.value]:
            if pat.search(body):
                out.append((stage, name))
    if any(m.owners for m in sentence.companies):  # a joint-venture company exists by name
        out.append((Stage.COMPLETED, "jv_company"))
    firm = [c for c in out if c[1] not in WEAK]
    return firm or out


def negated(sentence: Sentence) -> str | None:
    hit = lexicons.first_hit(lexicons.cues().stage_negation, sentence.text)
    return hit[0] if hit else None


def write(strong: list[Sentence], every: list[Sentence],
          views: dict[int, str] | None = None) -> tuple[Stage, list[str]]:
    """The stage and the names of the rules that set it; ``views`` gives, for sentences
    shared with other alliances, the part of the sentence about this one."""
    views = views or {}
    negations = [n for s in every if (n := negated(s))]
    banned = {Stage.AGREED, Stage.COMPLETED} if negations else set()
    lead: list[tuple[Stage, str]] = []
    for s in strong:
        cues = [(st, name) for st, name in find(s, views.get(s.index)) if st not in banned]
        if cues:
            lead.extend(cues)
            if not s.is_title:
                break
    why = [f"stage_negation:{n}" for n in negations[:1]]
    if not lead:
        if banned:
            return Stage.TALKS, [*why, "stage_default:negated"]
        future = any(FUTURE.search(s.text) for s in strong[:1])
        stage = Stage.AGREED if future else Stage.COMPLETED
        return stage, [*why, f"stage_default:{stage.value}"]
    best = min(lead, key=lambda c: PRECEDENCE.index(c[0]))
    return best[0], [*why, f"stage:{best[0].value}:{best[1]}"]
