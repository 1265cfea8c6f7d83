"""Stable ids (issue 14): alliances, companies, claims and articles keep their ids through
merges, aliases, undo and reprocessing; an id merged away finds where it went. Real store,
real CLI."""

from __future__ import annotations

import io
import json

from tieup import export
from tieup.cli import main
from tieup.store import Store

ARTICLES = [
    {"id": "a1", "published": "2026-01-10", "text": "Ford and Geely are in talks about sharing a "
     "plant, Reuters reported."},
    {"id": "a2", "published": "2026-02-01", "text": "Ford and Rivian signed an agreement on "
     "software, the companies said."},
]


def ingest(tmp_path, capsys) -> str:
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert main(["ingest", "--db", db, "--no-model", "-q", str(p)]) == 0
    capsys.readouterr()
    return db


def ids_by_key(db):
    with Store(db) as s:
        return {a["key"]: a["id"] for a in s.alliances(include_rejected=True)}


def test_every_record_has_an_id_and_a_rebuilt_store_gives_the_same(tmp_path, capsys):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    one = ids_by_key(ingest(tmp_path / "x", capsys))
    two = ids_by_key(ingest(tmp_path / "y", capsys))
    assert one == two and all(v.startswith("al-") for v in one.values())
    with Store(tmp_path / "x" / "t.db") as s:
        assert all(c["id"].startswith("co-") for c in s.companies())
        claims = export.rows(s, "claims")
        assert {c["id"] for c in claims} == {"a1#0", "a2#0"}
        assert all(c["alliance_id"] == one[c["alliance"]] for c in claims)
        aid = one["Ford + Geely"]
        assert s.alliance(aid)["key"] == "Ford + Geely" and s.alliance(aid)["id"] == aid


def test_ids_survive_a_merge_redirect_and_come_back_on_undo(tmp_path, capsys):
    db = ingest(tmp_path, capsys)
    before = ids_by_key(db)
    with Store(db) as s:
        geely = s.company("Geely")["id"]
        rivian = s.company("Rivian")["id"]
    assert main(["companies", "--db", db, "merge", "Geely", "Rivian"]) == 0
    after = ids_by_key(db)
    # the two alliances are one now: the one kept has its id, the other's id finds it
    assert after == {"Ford + Geely": before["Ford + Geely"]}
    with Store(db) as s:
        assert s.alliance(before["Ford + Rivian"])["key"] == "Ford + Geely"
        assert s.company(rivian)["name"] == "Geely" and s.company(geely)["id"] == geely
    assert main(["corrections", "--db", db, "undo", "1"]) == 0
    assert ids_by_key(db) == before
    with Store(db) as s:
        assert s.company(rivian)["name"] == "Rivian"


def test_an_alias_keeps_the_alliance_id_under_its_new_key(tmp_path, capsys):
    db = ingest(tmp_path, capsys)
    before = ids_by_key(db)
    with Store(db) as s:
        rivian = s.company("Rivian")["id"]
    assert main(["companies", "--db", db, "alias", "Rivian", "Geely"]) == 0
    with Store(db) as s:
        assert s.alliance(before["Ford + Rivian"])["id"] == before["Ford + Geely"]
        assert s.company(rivian)["name"] == "Geely"


def test_ids_survive_reprocessing_and_are_in_every_export(tmp_path, capsys):
    db = ingest(tmp_path, capsys)
    before = ids_by_key(db)
    assert main(["reprocess", "--db", db, "--no-model", "--all"]) == 0
    capsys.readouterr()
    assert ids_by_key(db) == before
    with Store(db) as s:
        for table in export.TABLES:
            buf = io.BytesIO()
            export.write(s, table, "json", buf)
            assert all(r["id"] for r in json.loads(buf.getvalue()))


def test_pages_show_ids_and_old_ids_still_open_the_alliance(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from tieup.web import create_app

    db = ingest(tmp_path, capsys)
    before = ids_by_key(db)
    assert main(["companies", "--db", db, "merge", "Geely", "Rivian"]) == 0
    web = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    page = web.get(f"/alliances/{before['Ford + Rivian']}")
    assert page.status_code == 200 and before["Ford + Geely"] in page.text
    assert web.get(f"/alliances/{before['Ford + Geely']}.json").json()["key"] == "Ford + Geely"
    with Store(db) as s:
        ford = s.company("Ford")["id"]
    assert ford in web.get(f"/companies/{ford}").text
    csv_text = web.get("/download/alliances.csv").text
    assert before["Ford + Geely"] in csv_text and csv_text.startswith("id,key,")
