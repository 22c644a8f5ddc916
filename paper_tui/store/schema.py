"""The library's SQLite schema: one migration per version, each run in one transaction."""

from __future__ import annotations

# Each entry upgrades the schema by one version, inside one transaction.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE papers (
        id INTEGER PRIMARY KEY,
        arxiv_id TEXT UNIQUE,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        categories TEXT NOT NULL DEFAULT '[]',
        links TEXT NOT NULL DEFAULT '[]',
        upvotes INTEGER,
        comment TEXT NOT NULL DEFAULT '',
        published TEXT,
        keywords TEXT NOT NULL DEFAULT '[]',
        ai_summary TEXT NOT NULL DEFAULT '',
        replacement INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT,
        last_seen TEXT,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX papers_title_key ON papers(title_key);
    CREATE INDEX papers_last_seen ON papers(last_seen DESC, id);
    CREATE TABLE digests (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        date TEXT,
        title TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX digests_date ON digests(date);
    CREATE TABLE sightings (
        digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        announce_type TEXT,
        upvotes INTEGER,
        PRIMARY KEY (digest_id, paper_id)
    );
    CREATE INDEX sightings_paper ON sightings(paper_id);
    CREATE TABLE queue (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE bookmarks (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE reads (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        read_at TEXT NOT NULL
    );
    CREATE TABLE notes (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE index_pending (
        paper_id INTEGER PRIMARY KEY
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # Version 2: where each value ``enrich`` filled came from, and the answers it was given.
    """
    CREATE TABLE provenance (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        filled_at TEXT NOT NULL,
        PRIMARY KEY (paper_id, field)
    );
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        fetched_at TEXT NOT NULL
    );
    """,
    # Version 3: what the taste model learns from (signals), what it said (scores and reasons), the
    # watch and mute rules added in the reader or the command line and the papers they match, and
    # the undo log (each entry: the state before one change, to put back).
    """
    CREATE TABLE IF NOT EXISTS signals (
        id INTEGER PRIMARY KEY,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS signals_paper ON signals(paper_id);
    CREATE TABLE IF NOT EXISTS taste_scores (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        model TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rules (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (action, field, value)
    );
    CREATE TABLE IF NOT EXISTS rule_hits (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        action TEXT NOT NULL,
        rule TEXT NOT NULL,
        PRIMARY KEY (action, paper_id, rule)
    );
    CREATE INDEX IF NOT EXISTS rule_hits_paper ON rule_hits(paper_id);
    CREATE TABLE IF NOT EXISTS undo_log (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
