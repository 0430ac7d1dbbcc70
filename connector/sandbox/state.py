"""The sandbox's memory: issues, comments, attachments and filters in one SQLite file.

Each record is a JSON document keyed by its Jira id, so the state survives a restart and a
test can open the same file again. One connection guarded by a lock: the sandbox serves a
handful of requests at a time, never enough for contention to matter.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS issues (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comments (id INTEGER PRIMARY KEY, issue_id INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attachments (id INTEGER PRIMARY KEY, issue_id INTEGER NOT NULL, doc TEXT NOT NULL,
                                        content BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS filters (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
"""
_FIRST = {"issue_number": 1, "issue": 10000, "comment": 10000, "attachment": 10000, "filter": 10000,
          "changelog": 10000, "share": 10000}


class Store:
    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")  # survives a crashed process; fewer fsyncs than DELETE
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together, so a crash never leaves half an issue."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def next_id(self, name: str) -> int:
        with self._lock:
            row = self._conn.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
            value = row[0] if row else _FIRST[name]
            self._conn.execute("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", (name, value + 1))
            return value

    # issues
    def put_issue(self, issue: dict) -> None:
        self._write("INSERT OR REPLACE INTO issues (id, key, doc) VALUES (?, ?, ?)",
                    (int(issue["id"]), issue["key"], json.dumps(issue)))

    def issue(self, id_or_key: str) -> dict | None:
        ref = str(id_or_key).strip()
        if ref.isdigit():
            row = self._one("SELECT doc FROM issues WHERE id = ?", (int(ref),))
        else:
            row = self._one("SELECT doc FROM issues WHERE key = ?", (ref.upper(),))
        return json.loads(row[0]) if row else None

    def issues(self) -> list[dict]:
        return [json.loads(doc) for (doc,) in self._all("SELECT doc FROM issues ORDER BY id", ())]

    def delete_issue(self, issue_id: str) -> None:
        for table, column in (("issues", "id"), ("comments", "issue_id"), ("attachments", "issue_id")):
            self._write(f"DELETE FROM {table} WHERE {column} = ?", (int(issue_id),))  # noqa: S608 - fixed names

    # comments
    def put_comment(self, issue_id: str, comment: dict) -> None:
        self._write("INSERT OR REPLACE INTO comments (id, issue_id, doc) VALUES (?, ?, ?)",
                    (int(comment["id"]), int(issue_id), json.dumps(comment)))

    def comments(self, issue_id: str) -> list[dict]:
        rows = self._all("SELECT doc FROM comments WHERE issue_id = ? ORDER BY id", (int(issue_id),))
        return [json.loads(doc) for (doc,) in rows]

    def comment(self, issue_id: str, comment_id: str) -> dict | None:
        if not str(comment_id).isdigit():
            return None
        row = self._one("SELECT doc FROM comments WHERE id = ? AND issue_id = ?", (int(comment_id), int(issue_id)))
        return json.loads(row[0]) if row else None

    def delete_comment(self, comment_id: str) -> None:
        self._write("DELETE FROM comments WHERE id = ?", (int(comment_id),))

    # attachments
    def add_attachment(self, issue_id: str, meta: dict, content: bytes) -> None:
        self._write("INSERT INTO attachments (id, issue_id, doc, content) VALUES (?, ?, ?, ?)",
                    (int(meta["id"]), int(issue_id), json.dumps(meta), content))

    def attachments(self, issue_id: str) -> list[dict]:
        rows = self._all("SELECT doc FROM attachments WHERE issue_id = ? ORDER BY id", (int(issue_id),))
        return [json.loads(doc) for (doc,) in rows]

    def attachment_content(self, attachment_id: str) -> tuple[dict, bytes] | None:
        if not str(attachment_id).isdigit():
            return None
        row = self._one("SELECT doc, content FROM attachments WHERE id = ?", (int(attachment_id),))
        return (json.loads(row[0]), bytes(row[1])) if row else None

    # filters
    def put_filter(self, saved: dict) -> None:
        self._write("INSERT OR REPLACE INTO filters (id, doc) VALUES (?, ?)", (int(saved["id"]), json.dumps(saved)))

    def filter(self, filter_id: str) -> dict | None:
        if not str(filter_id).isdigit():
            return None
        row = self._one("SELECT doc FROM filters WHERE id = ?", (int(filter_id),))
        return json.loads(row[0]) if row else None

    def filters(self) -> list[dict]:
        return [json.loads(doc) for (doc,) in self._all("SELECT doc FROM filters ORDER BY id", ())]

    def _write(self, sql: str, params: tuple) -> None:
        with self._lock:
            self._conn.execute(sql, params)

    def _one(self, sql: str, params: tuple):
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple) -> list:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()
