"""Searching a stack's files and databases for made-up personal data (the sentinel test,
tests/fuzz/test_no_personal_data_at_rest.py): every log, every raw store file, and a
PostgreSQL database's tables dumped as text.

Each sentinel is searched for in several spellings (``spellings``): as typed, in any
case (the search is case-insensitive), JSON-escaped (with "/" escaped too, as some
encoders do), URL-encoded (a form body), as UTF-16 (a database may store text so), as
hex (bytes logged or dumped as hex), and as the dates the bot itself writes
(``2012-02-29``, ``29 February 2012``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import psycopg


def spellings(sentinel: str) -> set[bytes]:
    """Lower-case byte strings to look for in lower-cased file contents."""
    texts = {
        sentinel,
        json.dumps(sentinel)[1:-1],
        json.dumps(sentinel)[1:-1].replace("/", "\\/"),
        quote_plus(sentinel),
        quote(sentinel, safe=""),
    }
    found = {t.casefold().encode() for t in texts}
    found |= {t.casefold().encode("utf-16-le") for t in texts}
    found |= {t.encode().hex().encode() for t in texts}
    return found


@dataclass
class Hits:
    #: (where, sentinel, spelling) for every hit
    found: list[tuple[str, str, str]] = field(default_factory=list)
    #: what was searched, for the report (a directory searched whole is one entry)
    scanned: list[str] = field(default_factory=list)
    files: int = 0
    scanned_bytes: int = 0

    def search(
        self, where: str, data: bytes, sentinels: Iterable[str], listed: bool = True
    ) -> None:
        if listed:
            self.scanned.append(where)
        self.files += 1
        self.scanned_bytes += len(data)
        haystack = data.lower()
        for sentinel in sentinels:
            for spelling in spellings(sentinel):
                if spelling in haystack:
                    self.found.append((where, sentinel, spelling.decode("latin-1")))

    def search_files(self, root: Path, sentinels: Iterable[str], each: bool = True) -> None:
        """Every file under root: logs, databases, their -wal and -shm, anything else;
        each listed in the report, or the directory as one entry."""
        paths = sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            self.search(str(path), path.read_bytes(), sentinels, listed=each)
        if not each:
            self.scanned.append(f"{root}/ ({len(paths)} files)")

    def search_postgres(self, url: str, sentinels: Iterable[str]) -> None:
        """Each table of the database's public schema, dumped with COPY as text."""
        conninfo = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo, connect_timeout=10) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            for table in tables:
                dumped = bytearray()
                with connection.cursor() as cursor:
                    with cursor.copy(f'COPY public."{table}" TO STDOUT') as copy:
                        for chunk in copy:
                            dumped += bytes(chunk)
                self.search(f"postgres table {table}", bytes(dumped), sentinels)

    def table(self) -> str:
        return "\n".join(f"  {where}: {sentinel!r} as {spelling!r}"
                         for where, sentinel, spelling in self.found)  # fmt: skip

    def merge(self, other: Hits) -> None:
        self.found += other.found
        self.scanned += other.scanned
        self.files += other.files
        self.scanned_bytes += other.scanned_bytes
