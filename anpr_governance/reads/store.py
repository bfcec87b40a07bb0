"""The read store: the table of reads and what differs between PostgreSQL and SQLite.

PostgreSQL: `reads_read` is range-partitioned by month of `read_at` (UTC), one partition
per month named `reads_read_yYYYYmMM`. The primary key (vrm, read_at, camera_id) includes
the partition key, so it is enforced per partition and serves the VRM-and-time search;
a BRIN index on read_at keeps range deletes cheap. Partitions are created by the migration
around the current month, ahead of time by a daily task, and on demand by ingestion;
retention drops whole partitions.

SQLite: a plain table with the same primary key.

Inserting is one statement per batch that skips reads already stored (ON CONFLICT DO
NOTHING / INSERT OR IGNORE) and reports how many were new.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

TABLE = "reads_read"
PARTITION_RE = re.compile(r"^reads_read_y(\d{4})m(\d{2})$")
PARTITIONS_AHEAD = 3  # months created ahead of the current one


def is_partitioned() -> bool:
    return connection.vendor == "postgresql"


def month_of(moment: datetime.datetime) -> tuple[int, int]:
    moment = moment.astimezone(datetime.UTC)
    return moment.year, moment.month


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_start(year: int, month: int) -> datetime.datetime:
    return datetime.datetime(year, month, 1, tzinfo=datetime.UTC)


def partition_name(year: int, month: int) -> str:
    return f"{TABLE}_y{year:04d}m{month:02d}"


def months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months, current = [], first
    while current <= last:
        months.append(current)
        current = next_month(*current)
    return months


# --- schema (used by the migration) ----------------------------------------------------------


def create_table(schema_editor, model, *, retention_days: int, now: datetime.datetime) -> None:
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.create_model(model)
        return
    schema_editor.execute(
        f"""
        CREATE TABLE {TABLE} (
            vrm varchar(10) NOT NULL,
            read_at timestamp with time zone NOT NULL,
            camera_id bigint NOT NULL,
            site_id bigint NOT NULL,
            confidence double precision NULL,
            PRIMARY KEY (vrm, read_at, camera_id)
        ) PARTITION BY RANGE (read_at)
        """
    )
    schema_editor.execute(f"CREATE INDEX {TABLE}_read_at_brin ON {TABLE} USING brin (read_at)")
    first = month_of(now - datetime.timedelta(days=retention_days))
    last = month_of(now)
    for _ in range(PARTITIONS_AHEAD):
        last = next_month(*last)
    with schema_editor.connection.cursor() as cursor:
        for year, month in months_between(first, last):
            cursor.execute(_create_partition_sql(year, month))


def drop_table(schema_editor, model) -> None:
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.delete_model(model)
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE} CASCADE")


def _create_partition_sql(year: int, month: int) -> str:
    start, end = month_start(year, month), month_start(*next_month(year, month))
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_name(year, month)} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
    )


# --- partitions ----------------------------------------------------------------------------------


def partitions() -> list[tuple[int, int]]:
    """The months that have a partition, in order (none on SQLite)."""
    if not is_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        match = PARTITION_RE.match(name)
        if match:
            months.append((int(match.group(1)), int(match.group(2))))
    return sorted(months)


def ensure_partitions(months: Iterable[tuple[int, int]]) -> list[str]:
    """Create the partitions of `months` that do not exist yet; return the names created."""
    months = sorted(set(months))
    if not months or not is_partitioned():
        return []
    names = [partition_name(*m) for m in months]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(name) IS NULL", [names])
        missing = {row[0] for row in cursor.fetchall()}
        for month, name in zip(months, names, strict=True):
            if name in missing:
                cursor.execute(_create_partition_sql(*month))
    return sorted(missing)


# --- writing ------------------------------------------------------------------------------------


@dataclass
class Batch:
    """Columns of valid reads to insert, all of one site."""

    site_id: int
    vrms: list[str]
    times: list[datetime.datetime]  # aware, UTC
    cameras: list[int]
    confidences: list[float | None]

    def __len__(self):
        return len(self.vrms)


def insert(batch: Batch) -> int:
    """Insert the batch, skipping reads already stored (and repeats within it); return how many were new."""
    if not len(batch):
        return 0
    with connection.cursor() as cursor:
        if is_partitioned():
            ensure_partitions({(t.year, t.month) for t in batch.times})
            cursor.execute(
                "INSERT INTO reads_read (vrm, read_at, camera_id, site_id, confidence) "
                "SELECT u.vrm, u.read_at, u.camera_id, %s, u.confidence "
                "FROM unnest(%s::varchar[], %s::timestamptz[], %s::bigint[], %s::float8[]) "
                "AS u(vrm, read_at, camera_id, confidence) "
                "ON CONFLICT DO NOTHING",
                [batch.site_id, batch.vrms, batch.times, batch.cameras, batch.confidences],
            )
            return cursor.rowcount
        adapt = connection.ops.adapt_datetimefield_value
        cursor.executemany(
            "INSERT OR IGNORE INTO reads_read (vrm, read_at, camera_id, site_id, confidence) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (vrm, adapt(moment), camera, batch.site_id, confidence)
                for vrm, moment, camera, confidence in zip(
                    batch.vrms, batch.times, batch.cameras, batch.confidences, strict=True
                )
            ],
        )
        return cursor.rowcount


@dataclass
class Erasure:
    reads: int
    partitions: list[str]
    per_site: dict[int, int]


def erase_before(cutoff: datetime.datetime) -> Erasure:
    """Erase every read older than `cutoff`, counting them per site: whole partitions are
    dropped where the month is wholly older, the rest (of the month the cutoff falls in)
    deleted row by row."""
    dropped, per_site = [], {}

    def add(rows):
        for site_id, count in rows:
            per_site[site_id] = per_site.get(site_id, 0) + count

    with connection.cursor() as cursor:
        if is_partitioned():
            for year, month in partitions():
                if month_start(*next_month(year, month)) <= cutoff:
                    # The table name is built from two integers (partition_name), never from input.
                    name = partition_name(year, month)
                    cursor.execute(f"SELECT site_id, count(*) FROM {name} GROUP BY site_id")  # noqa: S608 # nosec B608
                    add(cursor.fetchall())
                    cursor.execute(f"DROP TABLE {name}")
                    dropped.append(name)
            cursor.execute(
                "WITH gone AS (DELETE FROM reads_read WHERE read_at < %s RETURNING site_id) "
                "SELECT site_id, count(*) FROM gone GROUP BY site_id",
                [cutoff],
            )
            add(cursor.fetchall())
        else:
            moment = connection.ops.adapt_datetimefield_value(cutoff)
            cursor.execute("SELECT site_id, count(*) FROM reads_read WHERE read_at < %s GROUP BY site_id", [moment])
            add(cursor.fetchall())
            cursor.execute("DELETE FROM reads_read WHERE read_at < %s", [moment])
    return Erasure(sum(per_site.values()), dropped, per_site)
