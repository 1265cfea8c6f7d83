"""Named schema migrations of the store, applied in order, each once (``schema_migrations``).

Add a migration by appending ``(name, sql)``; never edit one that has shipped.

``0002_article_search`` indexes article titles and text with SQLite FTS5 as an external-content
table keyed by the articles' rowid; ``Store.vacuum()`` rebuilds it, since VACUUM may renumber
rowids of a table without an INTEGER PRIMARY KEY.

``0005_company_indexes`` indexes aliases by company and alliance parties by alliance, so
the company list, the home page and the alliance filters stay flat in the number of
companies (they were one full scan per company); it adds ``alliance_structures`` and a ``first_date`` column (the charts of alliances per month), indexes every sort order of the alliance list, and keeps each company's number of
alliances in a column (the most allied companies without counting them all); ``aliases_fts``
indexes every spelling of every company by word for search (whole words, any number of
companies) (filled
from the stored alliances) and indexes articles by outlet for the list's filters.

``0006_corrections_log`` keeps with each correction what undoing it needs and when it was
undone. ``0007_dates_and_outlets`` is completed in Python by ``Store.migrate``: published
dates stored cut to ten characters are parsed again (or cleared when they cannot be),
outlets are taken from URLs where an article has none, and every alliance is derived again
(undated claims are a state, not their ingest date). Its indexes replace two of 0005's
whose expressions dated an undated alliance by its ingest time: the "recent" sort (undated
after every dated alliance) and the month of the charts (undated alliances on no month).

``0009_stable_ids`` keeps the stable ids of alliances and companies and where ids of
merged ones redirect (:mod:`tieup.ids`); ``Store.migrate`` gives every stored alliance and
company its id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT, title TEXT, outlet TEXT, published TEXT, language TEXT,
    ingested_at TEXT NOT NULL,
    text TEXT NOT NULL,
    duplicate_of TEXT,
    extractor_version TEXT NOT NULL,
    minhash BLOB
);
CREATE TABLE lsh_bands (
    band INTEGER NOT NULL, bucket BLOB NOT NULL, article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;
CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'company'
);
CREATE TABLE aliases (
    key TEXT PRIMARY KEY,
    alias TEXT NOT NULL,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    source TEXT NOT NULL CHECK (source IN ('auto', 'user'))
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    raw_parties TEXT NOT NULL,
    alliance_key TEXT NOT NULL,
    data TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    UNIQUE (article_id, idx)
);
CREATE INDEX claims_by_alliance ON claims(alliance_key);
CREATE TABLE alliances (
    key TEXT PRIMARY KEY,
    stage TEXT NOT NULL,
    claim TEXT NOT NULL,
    last_date TEXT,
    last_seen TEXT NOT NULL,
    rejected INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
CREATE TABLE alliance_companies (
    company TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (company, key)
) WITHOUT ROWID;
CREATE TABLE alliance_areas (
    area TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (area, key)
) WITHOUT ROWID;
CREATE TABLE rejections (
    alliance_key TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    parties TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (alliance_key, article_id)
);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""),
    ("0002_article_search", """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
"""),
    ("0003_alliance_summary", """
ALTER TABLE alliances ADD COLUMN summary TEXT;
ALTER TABLE alliances ADD COLUMN events TEXT;
UPDATE alliances SET summary = json_remove(data, '$.timeline', '$.structure_evidence',
                                           '$.areas_evidence');
"""),
    ("0004_feeds", """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    modified TEXT,
    last_polled TEXT,
    last_status TEXT
);
CREATE TABLE feed_items (
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    article_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
) WITHOUT ROWID;
"""),
    ("0005_company_indexes", """
CREATE INDEX IF NOT EXISTS aliases_by_company ON aliases(company_id);
CREATE INDEX IF NOT EXISTS alliance_companies_by_key ON alliance_companies(key);
CREATE INDEX IF NOT EXISTS articles_by_outlet ON articles(outlet COLLATE NOCASE);
CREATE TABLE alliance_structures (
    structure TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (structure, key)
) WITHOUT ROWID;
INSERT OR IGNORE INTO alliance_structures
    SELECT j.value, a.key FROM alliances a, json_each(a.data, '$.structure') j;
CREATE INDEX IF NOT EXISTS articles_by_ingested ON articles(ingested_at);
CREATE INDEX IF NOT EXISTS articles_by_published ON articles(published);
ALTER TABLE alliances ADD COLUMN first_date TEXT;
UPDATE alliances SET first_date = json_extract(data, '$.first_date');
CREATE INDEX alliances_recent ON alliances(COALESCE(last_date, substr(last_seen, 1, 10)), key);
CREATE INDEX alliances_by_stage ON alliances(CASE stage WHEN 'talks' THEN 0 WHEN 'agreed' THEN 1
    WHEN 'completed' THEN 2 ELSE 3 END, key);
CREATE INDEX alliances_by_claim ON alliances(claim, key);
CREATE INDEX alliances_by_reports ON alliances(json_extract(data, '$.independent_reports'), key);
CREATE INDEX alliances_key_rejected ON alliances(key, rejected);
CREATE INDEX alliances_month ON alliances(substr(COALESCE(first_date, last_date, last_seen), 1, 7),
    stage, rejected);
ALTER TABLE companies ADD COLUMN alliances INTEGER NOT NULL DEFAULT 0;
UPDATE companies SET alliances = (SELECT COUNT(*) FROM alliance_companies ac
    JOIN alliances al ON al.key = ac.key WHERE ac.company = companies.name AND al.rejected = 0);
CREATE INDEX companies_by_alliances ON companies(alliances DESC, name);
CREATE VIRTUAL TABLE aliases_fts USING fts5(
    alias, content='aliases', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER aliases_fts_insert AFTER INSERT ON aliases BEGIN
    INSERT INTO aliases_fts (rowid, alias) VALUES (new.rowid, new.alias);
END;
CREATE TRIGGER aliases_fts_delete AFTER DELETE ON aliases BEGIN
    INSERT INTO aliases_fts (aliases_fts, rowid, alias) VALUES ('delete', old.rowid, old.alias);
END;
CREATE TRIGGER aliases_fts_update AFTER UPDATE OF alias ON aliases BEGIN
    INSERT INTO aliases_fts (aliases_fts, rowid, alias) VALUES ('delete', old.rowid, old.alias);
    INSERT INTO aliases_fts (rowid, alias) VALUES (new.rowid, new.alias);
END;
INSERT INTO aliases_fts (aliases_fts) VALUES ('rebuild');
"""),
    ("0006_corrections_log", """
ALTER TABLE corrections ADD COLUMN undo TEXT;
ALTER TABLE corrections ADD COLUMN undone_at TEXT;
"""),
    ("0007_dates_and_outlets", """
DROP INDEX IF EXISTS alliances_recent;
CREATE INDEX IF NOT EXISTS alliances_latest ON alliances(COALESCE(last_date, ''), key);
DROP INDEX IF EXISTS alliances_month;
CREATE INDEX IF NOT EXISTS alliances_first_month ON alliances(substr(first_date, 1, 7), stage, rejected);
"""),
    ("0008_user_companies", """
CREATE TABLE user_companies (
    name TEXT PRIMARY KEY,
    aliases TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'company',
    added_at TEXT NOT NULL
);
"""),
    ("0009_stable_ids", """
CREATE TABLE IF NOT EXISTS stable_ids (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    canonical INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS stable_ids_by_target ON stable_ids(kind, target, canonical);
"""),
]


def statements(sql: str) -> Iterator[str]:
    """Split a migration script into complete statements (trigger bodies hold ';')."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip():
        yield buf
