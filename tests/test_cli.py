"""The extract command: output contract, errors on stderr, exit codes."""

from __future__ import annotations

import json

from tieup.cli import main


def run(capsys, *argv):
    code = main(["extract", "--no-model", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_output_lines_and_summary(tmp_path, capsys):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Nissan and Honda signed a memorandum of "
                             "understanding on software."}) + "\n", encoding="utf-8")
    code, lines, err = run(capsys, str(p))
    assert code == 0
    assert list(lines[0]) == ["id", "published", "title", "language", "alliances"]
    assert lines[0]["alliances"][0]["stage"] == "agreed"
    assert "1 ok, 0 skipped, 0 failed" in err


def test_bad_input_fails_alone(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Nissan and Honda signed a deal.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, lines, err = run(capsys, str(empty), str(good))
    assert code == 1
    assert [line["id"] for line in lines] == ["good"]
    assert f"{empty}: empty file" in err and "Traceback" not in err


def test_non_english_is_skipped_not_failed(tmp_path, capsys):
    p = tmp_path / "fr.txt"
    p.write_text("Renault et Nissan ont annoncé un nouvel accord de coopération pour "
                 "développer ensemble des voitures électriques dans leurs usines en France, "
                 "selon un communiqué publié lundi par les deux groupes automobiles qui "
                 "veulent réduire leurs coûts face à la concurrence chinoise sur le marché "
                 "européen des véhicules.", encoding="utf-8")
    code, lines, err = run(capsys, str(p))
    assert code == 0 and lines == []
    assert "skipped (not English: " in err and "0 ok, 1 skipped, 0 failed" in err


def test_output_file(tmp_path, capsys):
    p = tmp_path / "x.txt"
    p.write_text("Nissan and Honda signed a deal.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--no-model", "-q", str(p), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "x"


def test_serve_takes_allowed_hosts():
    from tieup.cli import build_parser

    args = build_parser().parse_args(["serve", "--allowed-host", "desk.lan", "--allowed-host", "10.0.0.5"])
    assert args.allowed_host == ["desk.lan", "10.0.0.5"]
    assert build_parser().parse_args(["serve"]).allowed_host == []
