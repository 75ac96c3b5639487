"""Database commands: `python -m db migrate`, `seed`, `setup` (both), `window-date`, `bulk-claims N`."""

from __future__ import annotations

import asyncio
import sys

from piccolo.apps.migrations.commands.forwards import run_forwards

from db.engine import close_connections, open_connections


async def migrate() -> None:
    """Run every migration not yet run."""
    response = await run_forwards(app_name="db", migration_id="all", fake=False)
    if not response.success:
        raise SystemExit(f"Migrations failed: {response.message}")


async def window_date() -> None:
    """Print a moment inside the latest claim window, or nothing if one is open today."""
    from datetime import UTC, datetime

    from db.queries.windows import all_windows
    from domain.windows import latest_window_moment

    moment = latest_window_moment(await all_windows(), datetime.now(UTC))
    if moment is not None:
        print(moment.isoformat())


async def main(command: str, *arguments: str) -> None:
    """Run one database command, on connections kept open for the whole of it."""
    from piccolo_conf import DB

    # Without a pool Piccolo connects anew for every query: seeding made 945 PostgreSQL
    # connections, two thirds of its time (SQLite likewise opens a connection and a thread each).
    await open_connections(DB, pool_size=2)
    try:
        await _run(command, *arguments)
    finally:
        await close_connections(DB)


async def _run(command: str, *arguments: str) -> None:
    if command == "bulk-claims":
        from db.bulk_claims import add_claims

        print(f"Added {await add_claims(int(arguments[0]))} claims.")
        return
    if command == "window-date":
        await window_date()
        return
    if command in {"migrate", "setup"}:
        await migrate()
    if command in {"seed", "setup"}:
        from db.seed import seed

        await seed()


USAGE = "usage: python -m db migrate|seed|setup|window-date, or python -m db bulk-claims N"


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["bulk-claims"] and len(arguments) == 2 and arguments[1].isdigit():
        asyncio.run(main(*arguments))
    elif len(arguments) == 1 and arguments[0] in {"migrate", "seed", "setup", "window-date"}:
        asyncio.run(main(arguments[0]))
    else:
        raise SystemExit(USAGE)
