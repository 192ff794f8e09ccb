"""Copies a ClusterHub SQLite database into a migrated, empty ClusterHub PostgreSQL database, table by
table, ids included, so both backends serve byte-for-byte the same data.

Why: `clusterhub import organisations` on PostgreSQL takes far longer than on SQLite at 100k rows
(one round trip per statement inside one transaction), which alone would overrun the benchmark's
time budget. The app's own import on PostgreSQL is still timed on a slice (see bench.py).

Both schemas come from the app's migrations (crates/db/migrations/{sqlite,postgres}); columns are
matched by name and SQLite's 0/1 become PostgreSQL booleans where the column is boolean. Any column
the two sides do not share raises, so a schema drift is reported instead of copied wrongly.
"""

from __future__ import annotations

import io
import sqlite3


def _tsv(v) -> str:
    if v is None:
        return "\\N"
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy(sqlite_path: str, pg_dsn: str, log=print) -> dict:
    import psycopg2

    src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    tables = [r[0] for r in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%migrations' ORDER BY rowid")]  # each side keeps its own migration record
    dst = psycopg2.connect(pg_dsn)
    counts = {}
    try:
        cur = dst.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    "AND table_name NOT LIKE '%%migrations'")
        pg_tables = {r[0] for r in cur.fetchall()}
        missing = [t for t in tables if t not in pg_tables]
        extra = sorted(pg_tables - set(tables))
        if missing or extra:
            raise RuntimeError(f"schemas differ: only in SQLite {missing}, only in PostgreSQL {extra}")
        cur.execute("SET session_replication_role = replica")  # no FK triggers while loading
        cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        for t in tables:
            scols = [r[1] for r in src.execute(f'PRAGMA table_info("{t}")')]
            cur.execute("SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_schema = 'public' AND table_name = %s", (t,))
            ptypes = dict(cur.fetchall())
            if set(scols) != set(ptypes):
                raise RuntimeError(f"table {t}: columns differ: SQLite {sorted(scols)} vs PostgreSQL {sorted(ptypes)}")
            booleans = {i for i, c in enumerate(scols) if ptypes[c] == "boolean"}
            buf = io.StringIO()
            n = 0
            for row in src.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in scols)} FROM "{t}"'):
                vals = [("t" if v else "f") if (i in booleans and v is not None) else v for i, v in enumerate(row)]
                buf.write("\t".join(_tsv(v) for v in vals))
                buf.write("\n")
                n += 1
            buf.seek(0)
            cols = ", ".join(f'"{c}"' for c in scols)
            cur.copy_expert(f'COPY "{t}" ({cols}) FROM STDIN', buf)
            counts[t] = n
            if "id" in ptypes:
                cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{t}"',))
                seq = cur.fetchone()[0]
                if seq:
                    cur.execute(f'SELECT setval(%s, COALESCE((SELECT MAX(id) FROM "{t}"), 0) + 1, false)', (seq,))
        cur.execute("SET session_replication_role = DEFAULT")
        dst.commit()
        dst.autocommit = True
        dst.cursor().execute("ANALYZE")
    finally:
        dst.close()
        src.close()
    log(f"  copied {sum(counts.values())} rows in {len(counts)} tables from SQLite into PostgreSQL")
    return counts
