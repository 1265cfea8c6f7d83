from __future__ import annotations

import pytest

from tieup.extract.dates import event_date, published


@pytest.mark.parametrize("text,expected", [
    ("date 2026-02-04 Ford and Geely ...", "2026-02-04"),
    ("December 9, 2025 - Ford and Renault partner", "2025-12-09"),
    ("WATCH\n\nThursday, 15 January 2026 12:19 PM EST\n\nFord is ...", "2026-01-15"),
    ("Ford and Geely are in talks. In a 2019 filing ...", None),
    ("By a reporter\nFeb. 4, 2026\nText", "2026-02-04"),
])
def test_published(text, expected):
    assert published(text) == expected


def test_published_ignores_dates_deep_in_the_body():
    assert published("A headline\n" + "word " * 100 + "on March 3, 2020") is None


@pytest.mark.parametrize("sentence,expected", [
    ("The companies said in a statement on Jan. 8, 2020 that ...", "2020-01-08"),
    ("Lyft sold its unit to Toyota in April 2021.", "2021-04"),
    ("Tata bought JLR in 2008 for $2.3 billion.", "2008"),
    ("They signed a deal.", None),
])
def test_event_date(sentence, expected):
    assert event_date(sentence) == expected
