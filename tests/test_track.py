"""The tracking rules (R1-R8 in tieup/track.py), on hand-made claims: pure, no store."""

from __future__ import annotations

import itertools

from tieup.track import ClaimRecord, derive

P = ("Ford", "Xiaomi")


def c(aid, stage="talks", claim="reported", date=None, **kw) -> ClaimRecord:
    return ClaimRecord(article_id=aid, parties=P, stage=stage, claim=claim, published=date, **kw)


def test_latest_dated_development_sets_the_stage():
    s = derive([c("a", "agreed", "confirmed", "2026-03-01"), c("b", "talks", "reported", "2026-01-05")])
    assert s.stage == "agreed"
    s = derive([c("a", "agreed", "confirmed", "2026-03-01"), c("b", "ended", "confirmed", "2026-05-05")])
    assert s.stage == "ended"


def test_later_confirmation_overrides_denial_and_the_reverse():
    deny = c("a", claim="denied", date="2026-01-01", denied_by=("Ford",))
    confirm = c("b", "agreed", "confirmed", "2026-02-01", confirmed_by=("Ford",))
    s = derive([deny, confirm])
    assert (s.claim, s.stance["Ford"]) == ("confirmed", "confirmed")
    later_deny = c("c", claim="denied", date="2026-03-01", denied_by=("Ford",))
    s = derive([deny, confirm, later_deny])
    assert (s.claim, s.denied_by) == ("denied", ["Ford"])


def test_state_is_a_function_of_the_set_not_the_order():
    claims = [c("a", claim="denied", date="2026-01-01", denied_by=("Xiaomi",)),
              c("b", "agreed", "confirmed", "2026-02", confirmed_by=("Ford",)),
              c("c", "talks", "reported"), c("d", "completed", "reported")]
    states = {str(derive(list(p)).to_dict()) for p in itertools.permutations(claims)}
    assert len(states) == 1


def test_undated_claims_rank_after_dated_ones_by_precedence():
    s = derive([c("a", "agreed", "confirmed", "2026-02-01"), c("z", "talks"), c("y", "ended")])
    assert [e["article"] for e in s.timeline] == ["a", "z", "y"]
    assert s.stage == "ended"
    assert s.timeline[1]["date_kind"] == "undated" and s.timeline[1]["date"] is None


def test_per_party_stance():
    s = derive([c("a", claim="denied", denied_by=("Ford", "Xiaomi"))])
    assert s.stance == {"Ford": "denied", "Xiaomi": "denied"}


def test_reports_citing_one_original_count_once():
    ft = c("a", claim="denied", sources=("Financial Times",), denied_by=("Ford",))
    reuters = c("b", claim="denied", sources=("Reuters", "Financial Times"),
                attribution=(("Reuters", "Financial Times"),), denied_by=("Xiaomi",))
    s = derive([ft, reuters])
    assert s.independent_reports == 1
    assert s.first_reported_by == "Financial Times"


def test_syndicated_copy_counts_once_and_statements_are_not_reports():
    original = c("a", outlet="Wire")
    copy = c("b", duplicate_of="a")
    statement = c("c", "agreed", "confirmed", confirmed_by=("Ford",))
    assert derive([original, copy, statement]).independent_reports == 2  # "Wire" and article a
    assert derive([c("x"), c("y", duplicate_of="x")]).independent_reports == 1
    assert derive([statement]).independent_reports == 0


def test_first_reported_by_falls_back_to_earliest_report():
    s = derive([c("b", date="2026-02-01", sources=("Bloomberg",)),
                c("a", date="2026-01-01", sources=("Nikkei",))])
    assert s.first_reported_by == "Nikkei"
    assert s.independent_reports == 2


def test_areas_and_structure_accumulate_with_evidence():
    ev = ({"start": 0, "end": 4, "text": "Ford"},)
    s = derive([c("a", areas=("batteries",), structure=("supply",), evidence=ev),
                c("b", areas=("manufacturing",), structure=("joint_venture",), evidence=ev)])
    d = s.to_dict()
    assert d["areas"] == ["batteries", "manufacturing"]
    assert d["structure"] == ["joint_venture", "supply"]
    assert d["areas_evidence"]["batteries"][0]["article"] == "a"
