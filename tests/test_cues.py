"""One family per cue, on short articles written for these tests (no model, milliseconds)."""

from __future__ import annotations

from conftest import one


def by_parties(alliances: list[dict]) -> dict[frozenset, dict]:
    return {frozenset(a["parties"]): a for a in alliances}


def test_denial_by_one_of_two_parties(rules):
    text = ("Honda and Nissan held talks about merging their operations, Nikkei reported on "
            "Monday. Nissan denied the report, saying it was not in talks with Honda. Honda "
            "declined to comment.")
    (a,) = one(text, rules)
    assert set(a["parties"]) == {"Honda", "Nissan"}
    assert (a["stage"], a["claim"]) == ("talks", "denied")
    assert a["denied_by"] == ["Nissan"] and a["confirmed_by"] == []
    assert a["sources"] == ["Nikkei"]


def test_hedged_talks_are_reported(rules):
    text = ("BMW is reportedly exploring a potential partnership with Toyota on hydrogen "
            "vehicles, according to people familiar with the matter.")
    (a,) = one(text, rules)
    assert (a["stage"], a["claim"]) == ("talks", "reported")


def test_letter_of_intent_is_agreed_and_confirmed(rules):
    text = ("Ford said on Tuesday it had signed a letter of intent with Alibaba to explore "
            "cooperation on cloud computing and connected car software in China.")
    (a,) = one(text, rules)
    assert (a["stage"], a["claim"]) == ("agreed", "confirmed")
    assert "cloud" in a["areas"] and "connected_software" in a["areas"]
    assert "Ford" in a["confirmed_by"]


def test_completed_stake(rules):
    text = ("Stellantis has completed the purchase of a 21% stake in Leapmotor, the companies "
            "said in a statement.")
    (a,) = one(text, rules)
    assert (a["stage"], a["claim"]) == ("completed", "confirmed")
    assert "equity_stake" in a["structure"]


def test_ended_talks(rules):
    text = "Volkswagen and Renault have called off talks to jointly develop a cheap electric car."
    (a,) = one(text, rules)
    assert a["stage"] == "ended"


def test_attribution_chain(rules):
    text = ("Kia and Baidu are in talks over an autonomous driving partnership, News.Az "
            "reports, citing Reuters. Reuters, citing people familiar with the matter, said "
            "the talks were at an early stage.")
    (a,) = one(text, rules)
    assert set(a["sources"]) == {"News.Az", "Reuters"}
    links = {(c["outlet"], c["cites"]) for c in a["attribution"]}
    assert ("News.Az", "Reuters") in links
    assert any(o == "Reuters" and "people familiar" in c for o, c in links)


def test_side_mention_is_its_own_alliance(rules):
    text = ("Hyundai and Waymo announced a partnership on robotaxis on Friday. Waymo already "
            "works with Zeekr, which supplies its minivans.")
    found = by_parties(one(text, rules))
    main, side = found[frozenset({"Hyundai", "Waymo"})], found[frozenset({"Waymo", "Zeekr"})]
    assert main["primary"] and not side["primary"]
    assert side["stage"] == "completed"


def test_three_party_deal(rules):
    text = ("Lyft, Mobileye and Marubeni agreed to launch a robotaxi service together in "
            "Dallas, the three companies said.")
    (a,) = one(text, rules)
    assert set(a["parties"]) == {"Lyft", "Mobileye", "Marubeni"}
    assert a["stage"] == "agreed"


def test_headline_contradicted_by_body(rules):
    text = ("Geely and Ford sign manufacturing deal\n"
            "Geely and Ford are in talks about building cars at a Ford plant in Spain, though "
            "no agreement has been reached, Reuters reported.")
    (a,) = one(text, rules)
    assert (a["stage"], a["claim"]) == ("talks", "reported")


def test_outlet_is_never_a_party(rules):
    text = ("Bloomberg reported that Microsoft is in talks to invest in OpenAI. The Wall "
            "Street Journal and Reuters also covered the talks.")
    (a,) = one(text, rules)
    assert set(a["parties"]) == {"Microsoft", "OpenAI"}
    assert "Bloomberg" in a["sources"]


def test_units_fold_into_parents(rules):
    text = "Woven by Toyota signed a software supply deal with Volkswagen Group's Cariad."
    assert one(text, rules) == [] or all(len(set(a["parties"])) >= 2 for a in one(text, rules))
    text = "Toyota Motor Corp. and VW agreed to cooperate on software."
    (a,) = one(text, rules)
    assert set(a["parties"]) == {"Toyota", "Volkswagen"}


def test_no_alliance_in_a_market_report(rules):
    text = ("Ford, GM and Stellantis shares fell on Tuesday as tariffs took effect. Tesla "
            "deliveries dropped while BYD outsold Volkswagen in China.")
    assert one(text, rules) == []


def test_routine_statement_is_not_confirmation(rules):
    text = ("Ford is in discussions with BYD to buy batteries, The Wall Street Journal "
            'reported. "We talk to lots of companies about many things," Ford said.')
    (a,) = one(text, rules)
    assert a["claim"] == "reported"


def test_evidence_spans_rematch(rules):
    text = ("Intro line.\n\nNissan and Honda signed a memorandum of understanding, the "
            "companies said. The two companies will share platforms.")
    res = one(text, rules)
    assert res
    for a in res:
        assert a["evidence"]
        for e in a["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]


def test_described_subject_is_resolved(rules):
    text = ("Ford Motor Co. will build a battery plant in Michigan. The US automaker will "
            "license the cell technology from CATL, Ford said.")
    found = by_parties(one(text, rules))
    assert frozenset({"Ford", "CATL"}) in found


def test_owner_descriptor_and_products_are_not_parties(rules):
    text = ("Google's robotaxi firm Waymo signed a deal with Toyota to build self-driving "
            "cars. Dongfeng will buy the plants to keep making Peugeot models, Stellantis said.")
    found = by_parties(one(text, rules))
    assert frozenset({"Waymo", "Toyota"}) in found
    assert frozenset({"Dongfeng", "Stellantis"}) in found
    assert not any("Google" in k or "Peugeot" in k for k in found)


def test_combination_that_formed_a_company(rules):
    text = "Stellantis, formed by the combination of Fiat Chrysler and PSA Group, said on Monday it would invest."
    assert set(by_parties(one(text, rules))) == {frozenset({"Fiat Chrysler", "PSA"})}


def test_list_of_customers_is_one_deal_each(rules):
    text = "SK On, which supplies batteries to Hyundai, Kia and Nissan, reported higher sales."
    assert set(by_parties(one(text, rules))) == {
        frozenset({"SK On", p}) for p in ("Hyundai", "Kia", "Nissan")}


def test_deal_verb_between_two_later_names_is_its_own_deal(rules):
    text = ("ConocoPhillips completed its acquisition of Concho, the largest shale deal since "
            "BHP acquired Petrohawk in 2011.")
    found = set(by_parties(one(text, rules)))
    assert frozenset({"BHP", "Petrohawk"}) in found
    assert frozenset({"ConocoPhillips", "Concho"}) in found
    assert not any(len(k) > 2 for k in found)


def test_names_after_such_as_are_objects_and_makers_describe(rules):
    text = ("Despite talks with other carmakers, such as Mazda, Fisker only reached an agreement "
            "with Nissan. Stellantis was formed by the merger of Fiat Chrysler and Peugeot maker PSA.")
    found = set(by_parties(one(text, rules)))
    assert {frozenset({"Fisker", "Mazda"}), frozenset({"Fisker", "Nissan"}),
            frozenset({"Fiat Chrysler", "PSA"})} <= found
    assert frozenset({"Mazda", "Nissan"}) not in found


def test_cues_written_with_a_trailing_space_run_into_the_next_word(rules):
    """"ended their partnership", "paused its plans": a cue ending in a space still matches."""
    (a,) = one("Toyota and Panasonic ended their battery partnership, Nikkei reported.", rules)
    assert a["stage"] == "ended"
    (b,) = one("Honda and Sony paused their plans for a joint venture, the companies said.", rules)
    assert b["stage"] == "ended"


def test_deal_nouns_and_a_closing_denial_shared_by_every_pair(rules):
    """"a possible buyer of A and B, though it has denied such reports": one pair each, and
    the closing clause speaks of all of them."""
    found = one("Toyota was named as a possible buyer of Mazda, Subaru and Suzuki, though it "
                "has repeatedly denied such reports.", rules)
    assert {frozenset(a["parties"]) for a in found} == {
        frozenset({"Toyota", p}) for p in ("Mazda", "Subaru", "Suzuki")}
    assert all(a["claim"] == "denied" and a["denied_by"] == ["Toyota"] for a in found)
    (b,) = one("Honda emerged as the likely suitor for Nissan, analysts said.", rules)
    assert set(b["parties"]) == {"Honda", "Nissan"}


def test_consumers_called_buyers_make_no_deal(rules):
    assert one("Toyota, Honda and Nissan posted higher sales in June as car buyers hurried "
               "to beat a tax increase.", rules) == []
    assert one("Home buyers and Tesla drivers alike watched rates, Honda said.", rules) == []


def test_making_several_things_for_named_carmakers(rules):
    """"manufactures brake systems and steering parts for ...": the object may be long."""
    found = one("Bosch manufactures brake systems and steering parts for automakers such as "
                "Toyota, Honda and Ford.", rules)
    assert {frozenset(a["parties"]) for a in found} == {
        frozenset({"Bosch", p}) for p in ("Toyota", "Honda", "Ford")}
