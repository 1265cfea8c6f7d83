"""Issue 16, silent data loss: ids are unique and stable; the same id with another text
is never replaced silently; re-ingesting anything twice changes nothing."""

from __future__ import annotations

import json

from badinput import DEAL

import tieup
from tieup.cli import main
from tieup.read import Article, read

OTHER = "Toyota and Panasonic signed an agreement to build battery cells together, the companies said."


def snapshot(db) -> dict:
    with tieup.Store(db) as s:
        arts = {r["id"]: r["content_hash"] for r in s.db.execute("SELECT id, content_hash FROM articles")}
        claims = sorted(tuple(r) for r in s.db.execute("SELECT article_id, alliance_key, data FROM claims"))
        return {"articles": arts, "claims": claims}


def test_files_of_one_name_in_two_folders_are_two_articles(tmp_path, capsys):
    for sub, text in (("a", DEAL), ("b", OTHER)):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "r.txt").write_text(text, encoding="utf-8")
    assert [a.id for a in read([str(tmp_path / "in")])] == ["a/r", "b/r"]
    db = tmp_path / "s.db"
    assert main(["ingest", "--no-model", str(tmp_path / "in"), "--db", str(db)]) == 0
    first = snapshot(db)
    assert set(first["articles"]) == {"a/r", "b/r"} and len(first["claims"]) == 2
    for _ in range(2):  # every rerun: nothing swaps, nothing changes
        assert main(["ingest", "--no-model", str(tmp_path / "in"), "--db", str(db)]) == 0
        assert snapshot(db) == first
    assert "0 added, 0 replaced, 2 unchanged" in capsys.readouterr().err.splitlines()[-1]


def _feed(items: list[int]) -> bytes:
    body = " ".join(["The companies said the work would start next year at the site."] * 14)
    entries = "".join(
        f"<item><guid>urn:story:{n}</guid><title>Story {n}</title><link>https://news.example/{n}</link>"
        f"<description><![CDATA[<p>{'Honda and Sony' if n % 2 else 'Ford and Geely'} agreed story "
        f"{n}. {body}</p>]]></description></item>" for n in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}'
            "</channel></rss>").encode()


def test_rolling_feed_snapshots_lose_no_item(tmp_path):
    """Two snapshots of one feed (items 1-3, then 2-4): four articles, none replaced."""
    (tmp_path / "feed-1.rss").write_bytes(_feed([1, 2, 3]))
    (tmp_path / "feed-2.rss").write_bytes(_feed([2, 3, 4]))
    ids = [a.id for a in read([str(tmp_path / "feed-1.rss"), str(tmp_path / "feed-2.rss")])]
    assert len(set(ids)) == 4 and ids[1] == ids[3]  # item 2 has one id in both snapshots
    with tieup.Store(tmp_path / "s.db") as s:
        counts = s.ingest([str(tmp_path / "feed-1.rss"), str(tmp_path / "feed-2.rss")],
                          tieup.Options(model=False))
        assert counts == {"added": 4, "unchanged": 2}
        assert s.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4


def test_jsonl_ids_that_collide_keep_both_texts_and_say_so(tmp_path, capsys):
    """``1`` and ``"1"`` are one id (the rule: an integer id is its decimal text); the
    second text is kept beside the first under id#digest, with a note; a ``null`` id is
    an error naming the fields looked for, not a third "None". A rerun changes nothing."""
    p = tmp_path / "i.jsonl"
    p.write_text("\n".join(json.dumps(o) for o in [
        {"id": 1, "text": DEAL}, {"id": "1", "text": OTHER},
        {"id": None, "text": "Stellantis and Leapmotor formed a joint venture, Reuters reported."},
        {"id": "n", "text": "Nvidia and Mobileye are in talks about chips, Bloomberg reported."}])
        + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["ingest", "--no-model", str(p), "--db", str(db)]) == 1  # the null id fails
    err = capsys.readouterr().err
    assert "i.jsonl:3" in err and "no id" in err
    assert "id '1' already holds a different text: both kept" in err
    ids = set(snapshot(db)["articles"])
    renamed = next(i for i in ids if i.startswith("1#"))
    assert ids == {"1", renamed, "n"}
    first = snapshot(db)
    main(["ingest", "--no-model", str(p), "--db", str(db)])
    assert snapshot(db) == first
    with tieup.Store(db) as s:
        assert s.article(renamed)["text"] == OTHER and s.article("1")["text"] == DEAL


def test_replace_is_explicit_and_reported(tmp_path, capsys):
    db = tmp_path / "s.db"
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "story.txt").write_text(DEAL, encoding="utf-8")
    (tmp_path / "v2" / "story.txt").write_text(OTHER, encoding="utf-8")
    assert main(["ingest", "--no-model", str(tmp_path / "v1" / "story.txt"), "--db", str(db)]) == 0
    assert main(["ingest", "--no-model", "--replace", str(tmp_path / "v2" / "story.txt"),
                 "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "replaced the stored text of id 'story'" in err and "0 added, 1 replaced" in err
    with tieup.Store(db) as s:
        assert s.article("story")["text"] == OTHER
        assert [a["key"] for a in s.alliances()] == ["Panasonic + Toyota"]


def test_the_store_api_never_replaces_without_being_asked():
    with tieup.Store(":memory:") as s:
        opts = tieup.Options(model=False)
        one = tieup.extract(DEAL, options=opts)
        two = tieup.extract(OTHER, options=opts)
        ev1 = s.add(Article(id="x", text=DEAL), one, extractor_version="t")
        ev2 = s.add(Article(id="x", text=OTHER), two, extractor_version="t")
        assert (ev1.status, ev2.status) == ("added", "added") and ev2.article_id != "x"
        assert "both kept" in ev2.message
        ev3 = s.add(Article(id="x", text=OTHER + " More."), two, extractor_version="t", replace=True)
        assert ev3.status == "replaced" and ev3.article_id == "x"
