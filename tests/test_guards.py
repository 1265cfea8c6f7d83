"""Issue 16, stores, guards and errors: concurrent creation, clear store errors, readable
read-only stores, outputs written whole or not at all, the fetch guard's address ranges,
feeds declaring a DTD, web parameters out of range and ids of any shape."""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from badinput import DEAL
from fastapi.testclient import TestClient

import tieup
from tieup.cli import main
from tieup.feeds import parse_feed
from tieup.fetch import FetchError, check_url
from tieup.model import Article
from tieup.store import Store

OTHER = "Toyota and Panasonic signed an agreement to build battery cells together, the companies said."
TIEUP = [sys.executable, "-m", "tieup.cli"]


def _stored(db: Path, texts: dict[str, str]) -> None:
    with Store(db) as s:
        for aid, text in texts.items():
            s.add(Article(id=aid, text=text), tieup.extract(text, options=tieup.Options(model=False)),
                  extractor_version="t")


# -- stores ------------------------------------------------------------------------------
def test_concurrent_ingests_into_a_new_store_all_land(tmp_path):
    db = tmp_path / "new.db"
    procs = []
    for i in range(6):
        p = tmp_path / f"in{i}.txt"
        p.write_text(f"Story {i}. {DEAL}", encoding="utf-8")
        procs.append(subprocess.Popen([*TIEUP, "ingest", str(p), "--db", str(db), "--no-model", "-q"],
                                      stderr=subprocess.PIPE, text=True))
    errs = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(rc == 0 for rc, _ in errs), errs
    with Store(db) as s:
        assert s.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 6
        assert s.pending_migrations() == []
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _cli(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*TIEUP, *args], capture_output=True, text=True, timeout=120, **kw)


@pytest.mark.parametrize("command", [["alliances"], ["brief"], ["ingest", "IN"], ["export"],
                                     ["serve", "--port", "1"]])
def test_a_damaged_store_is_one_error_line(tmp_path, command):
    db = tmp_path / "bad.db"
    db.write_bytes(os.urandom(8192))
    (tmp_path / "in.txt").write_text(DEAL, encoding="utf-8")
    run = _cli([c.replace("IN", str(tmp_path / "in.txt")) for c in command] + ["--db", str(db)])
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert run.stderr.startswith("tieup: ") and "not a tieup store, or a damaged one" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_missing_folder_for_the_store_is_one_error_line(tmp_path, capsys):
    (tmp_path / "in.txt").write_text(DEAL, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "in.txt"), "--db", str(tmp_path / "no" / "s.db")]) == 2
    err = capsys.readouterr().err
    assert "cannot create the store: no such folder" in err and err.count("\n") == 1
    assert main(["alliances", "--db", str(tmp_path / "no" / "s.db")]) == 2
    assert "no store there" in capsys.readouterr().err


def _full_disk(limit: int) -> str:
    """Python code that makes this process's files stop growing past ``limit`` bytes, as a
    full disk does (writes fail with an error instead of SIGXFSZ killing the process)."""
    return (f"import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); ")


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as a full disk")
def test_a_full_disk_when_the_store_is_created_is_one_error_line(tmp_path):
    (tmp_path / "in.txt").write_text(DEAL, encoding="utf-8")
    code = _full_disk(8192) + "import sys; from tieup.cli import main; sys.exit(main(sys.argv[1:]))"
    run = subprocess.run([sys.executable, "-c", code, "ingest", str(tmp_path / "in.txt"), "--db",
                          str(tmp_path / "s.db"), "--no-model"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert "disk full or failing" in run.stderr


def _make_unwritable(folder: Path, db: Path) -> bool:
    """Make the store and its folder unwritable for this process: permissions, or, as
    root (whom permissions do not stop), the immutable attribute. False when neither can."""
    if os.geteuid() != 0:
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        return True
    return all(subprocess.run(["chattr", "+i", str(p)], capture_output=True).returncode == 0
               for p in (db, folder)) if shutil.which("chattr") else False


def _make_writable(folder: Path, db: Path) -> None:
    if os.geteuid() == 0 and shutil.which("chattr"):
        for p in (folder, db):
            subprocess.run(["chattr", "-i", str(p)], capture_output=True)
    os.chmod(folder, stat.S_IRWXU)


def test_a_store_that_cannot_be_written_is_fully_readable(tmp_path, capsys):
    from tieup.web import create_app

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "ro.db"
    _stored(db, {"a": DEAL, "b": OTHER})
    if not _make_unwritable(folder, db):
        pytest.skip("cannot make a file unwritable here (root without chattr)")
    try:
        (tmp_path / "new.txt").write_text(DEAL + " Again.", encoding="utf-8")
        assert main(["ingest", "--no-model", str(tmp_path / "new.txt"), "--db", str(db)]) == 2
        assert "tieup: error:" in capsys.readouterr().err
        for cmd in (["alliances", "--format", "json"], ["brief"], ["show", "Honda"], ["companies"],
                    ["changes"], ["export", "--format", "csv"]):
            assert main([*cmd, "--db", str(db)]) == 0, cmd
        capsys.readouterr()
        assert main(["alliances", "--format", "json", "--db", str(db)]) == 0
        # issue 14: JSON output is a bare array of alliances
        assert {a["key"] for a in json.loads(capsys.readouterr().out)} == {
            "Honda + LG Energy Solution", "Panasonic + Toyota"}
        assert TestClient(create_app(db), base_url="http://127.0.0.1").get("/alliances.json").json()["total"] == 2
    finally:
        _make_writable(folder, db)


# -- outputs -----------------------------------------------------------------------------
def test_output_onto_an_input_is_refused_and_the_input_kept(tmp_path, capsys):
    p = tmp_path / "i.jsonl"
    body = json.dumps({"id": "x", "text": DEAL}) + "\n"
    p.write_text(body, encoding="utf-8")
    assert main(["extract", "--no-model", str(p), "-o", str(p)]) == 2
    assert "is the input" in capsys.readouterr().err and p.read_text(encoding="utf-8") == body
    # an input found in a folder, or a file the next run would read as one, is refused too
    assert main(["extract", "--no-model", str(tmp_path), "-o", str(tmp_path / "." / "i.jsonl")]) == 2
    assert main(["extract", "--no-model", str(tmp_path), "-o", str(tmp_path / "new.jsonl")]) == 2
    assert "is the input" in capsys.readouterr().err and p.read_text(encoding="utf-8") == body
    assert main(["extract", "--no-model", str(tmp_path), "-o", str(tmp_path / "out.results")]) == 0
    assert json.loads((tmp_path / "out.results").read_text(encoding="utf-8"))["id"] == "x"


def test_a_failed_export_leaves_the_old_file_as_it_was(tmp_path, monkeypatch, capsys):
    from tieup import export

    db = tmp_path / "s.db"
    _stored(db, {"a": DEAL})
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def broken(store, table, fmt, out):
        out.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write", broken)
    assert main(["export", "--db", str(db), "-o", str(target)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["out.json", "s.db"] \
        or sorted(os.listdir(tmp_path)) == sorted(["out.json", "s.db", "s.db-wal", "s.db-shm"])


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as a full disk")
def test_an_export_onto_a_full_disk_leaves_no_partial_file(tmp_path):
    db = tmp_path / "s.db"
    _stored(db, {f"a{i}": f"Story {i}. {DEAL}" for i in range(3)} | {"b": OTHER})
    target = tmp_path / "claims.jsonl"
    target.write_text("old", encoding="utf-8")
    code = _full_disk(1500) + "import sys; from tieup.cli import main; sys.exit(main(sys.argv[1:]))"
    for out in (target, tmp_path / "new.jsonl"):
        run = subprocess.run([sys.executable, "-c", code, "export", "--db", str(db), "--table", "claims",
                              "--format", "jsonl", "-o", str(out)], capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert target.read_text(encoding="utf-8") == "old" and not (tmp_path / "new.jsonl").exists()
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


# -- the fetch guard ---------------------------------------------------------------------
REFUSED = ["100.64.0.1", "100.100.100.200", "100.127.255.254", "10.1.2.3", "172.16.0.1", "192.168.1.1",
           "127.0.0.1", "169.254.169.254", "0.0.0.0", "192.0.2.1", "198.18.0.1", "224.0.0.1",
           "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12::1", "fec0::1", "feff::1",
           "::ffff:127.0.0.1", "::ffff:100.64.0.1", "::127.0.0.1", "2002:7f00:0001::1",
           "2002:a9fe:a9fe::1", "2002:6440:0001::1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
           "64:ff9b:1::a00:1", "2001:db8::1", "2001::1", "ff02::1", "ff0e::1"]
ALLOWED = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1",
           "64:ff9b::808:808"]


@pytest.mark.parametrize("address", REFUSED)
def test_the_fetch_guard_refuses_every_address_that_is_not_global(address):
    with pytest.raises(FetchError, match="refused"):
        check_url("http://host.example/", resolve=lambda h: [address])
    assert check_url("http://host.example/", allow_private=True, resolve=lambda h: [address])


@pytest.mark.parametrize("address", ALLOWED)
def test_the_fetch_guard_allows_global_addresses(address):
    assert check_url("https://host.example/a", resolve=lambda h: [address]) == [address]
    assert ipaddress.ip_address(address)


# -- feeds -------------------------------------------------------------------------------
RSS = b'<rss version="2.0"><channel><title>T</title><item><title>a</title><description>x</description></item></channel></rss>'


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.com/rss.dtd">' + RSS,
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ELEMENT rss ANY>]>' + RSS,
    # malformed (an unclosed tag), the entity past the first 64 KB
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>' + b" " * 70_000
    + b'<!DOCTYPE x [<!ENTITY a "aaaa">]><item><title>&a;<description>x</item></channel></rss>',
    # malformed and in UTF-16
    ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss version="2.0">'
     "<channel><title>&a;<item><title>a</title></item></channel></rss>").encode("utf-16"),
    ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss version="2.0">'
     "<channel><title>&a;<item><title>a</title></item></channel></rss>").encode("utf-16-le"),
])
def test_feeds_declaring_a_dtd_or_entities_are_refused(data):
    with pytest.raises(ValueError, match="refused"):
        parse_feed(data, "feed")


def test_a_plain_feed_still_parses():
    assert parse_feed(b'<?xml version="1.0"?>' + RSS, "feed")[1][0].title == "a"


# -- web ---------------------------------------------------------------------------------
ODD_IDS = ["story.json", "a/b.json", "with?query#frag", "100%", "x.json.json", "trailing/"]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    from tieup.web import create_app

    db = tmp_path_factory.mktemp("web16") / "w.db"
    _stored(db, {aid: f"{DEAL} Copy {i}: {'x ' * i}" for i, aid in enumerate(ODD_IDS)} | {"story": OTHER})
    return TestClient(create_app(db), base_url="http://127.0.0.1")


@pytest.mark.parametrize("page,status", [("99999999999999999999999999", 404), ("2", 404),
                                         ("1000000", 404), ("0", 400), ("-3", 400), ("abc", 400),
                                         ("1e9", 400)])
def test_a_page_out_of_range_is_a_clear_error_not_500(client, page, status):
    """Past the last page: 404 (the page does not exist); not a page number: 400."""
    for path in ("/alliances", "/alliances.json"):
        r = client.get(path, params={"page": page})
        assert r.status_code == status, (path, page, r.text[:200])
        assert ("error" in r.json()) if path.endswith(".json") else "<html" in r.text


def test_article_ids_of_any_shape_are_reachable(client):
    from tieup.web.views import url_article

    for aid in [*ODD_IDS, "story"]:
        url = url_article(aid)
        html = client.get(url)
        assert html.status_code == 200 and "text/html" in html.headers["content-type"], (aid, url)
        js = client.get(url + ".json")
        assert js.status_code == 200 and js.json()["id"] == aid, (aid, url)
    assert client.get("/articles/story.json").json()["id"] == "story"  # the twin of "story"
