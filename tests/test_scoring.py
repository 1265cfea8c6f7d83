"""The trained scorer's file and its parts, and the sentence joins the parser needs (no model)."""

from __future__ import annotations

from tieup import nlp
from tieup.extract import scoring
from tieup.extract.scoring import Choice, Linear, Scorer


def test_linear_model_is_a_sum_of_named_weights():
    m = Linear({"path=nsubj|team|pobj": 2.0, "la=PERSON": -3.0}, bias=-1.0)
    assert m.prob({"path=nsubj|team|pobj"}) > 0.7
    assert m.prob({"la=PERSON"}) < 0.02
    assert abs(m.prob(set()) - 0.2689) < 1e-3  # unknown features weigh nothing


def test_choice_takes_the_likeliest_class():
    c = Choice({"talks": Linear({"lw=discuss": 3.0}, -1.0), "agreed": Linear({"lw=sign": 3.0}, -1.0)})
    assert c.best({"lw=sign"})[0] == "agreed"
    assert c.best({"lw=discuss"})[0] == "talks"


def test_scorer_file_round_trips_and_ships_every_model():
    shipped = scoring.shipped()
    again = Scorer.from_dict(shipped.to_dict())
    assert again.alliance.threshold == shipped.alliance.threshold
    assert shipped.stage is not None and set(shipped.stage.classes) == {"talks", "agreed", "completed", "ended"}
    assert shipped.claim is not None and set(shipped.claim.classes) == {"reported", "confirmed", "denied"}
    assert 0 < shipped.alliance.threshold < 1
    assert "cross_validated" in shipped.report  # the honest numbers travel with the model


def test_pieces_the_parser_cut_are_joined():
    text = "Alpha agreed, News.Az reports.\nthe deal was wrapped here\nat a line end. Next one."
    # no space after the cut: one sentence ("News." | "Az reports.")
    assert nlp._continues(text, (0, 21), "", 21)
    # a wrapped line that opens in lower case after a line with no closing punctuation
    wrapped = text.index("at a line")
    assert nlp._continues(text, (31, wrapped - 1), "\n", wrapped)
    # a new paragraph or a capital after a full stop starts a new sentence
    assert not nlp._continues(text, (0, 30), "\n", 31)
    nxt = text.index("Next")
    assert not nlp._continues(text, (wrapped, nxt - 1), " ", nxt)
