"""Progress lines (issue 14): a total and time left on a terminal, nothing in a pipe."""

from __future__ import annotations

import io
import json

from tieup.progress import Progress, count_inputs


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_count_total_rate_and_eta():
    now = [0.0]
    out = Terminal()
    bar = Progress("inputs", 10, stream=out, clock=lambda: now[0])
    for _ in range(4):
        now[0] += 1.0
        bar.step()
    assert bar.line() == "tieup: 4/10 inputs  40% 1.0/s ETA 0:00:06"
    bar.close()
    assert out.getvalue().endswith("ETA 0:00:06\n") and "\r" in out.getvalue()


def test_a_pipe_gets_no_progress():
    out = io.StringIO()
    bar = Progress("inputs", 3, stream=out)
    bar.step(3)
    bar.close()
    assert out.getvalue() == ""


def test_inputs_are_counted_without_reading_them(tmp_path):
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"text": str(i)}) + "\n" for i in range(5)))
    (tmp_path / "b.txt").write_text("one article")
    (tmp_path / "c.csv").write_text("id,text\n1,x\n2,y\n")
    assert count_inputs([str(tmp_path)]) == 8
    assert count_inputs([str(tmp_path / "a.jsonl"), str(tmp_path / "b.txt")]) == 6
    assert count_inputs(["-"]) is None
