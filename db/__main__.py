"""Database commands: `python -m db migrate`, `seed`, `setup` (both) and `window-date`."""

from __future__ import annotations

import asyncio
import sys

from piccolo.apps.migrations.commands.forwards import run_forwards


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


async def main(command: str) -> None:
    """Run one database command."""
    if command == "window-date":
        await window_date()
        return
    if command in {"migrate", "setup"}:
        await migrate()
    if command in {"seed", "setup"}:
        from db.seed import seed

        await seed()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"migrate", "seed", "setup", "window-date"}:
        raise SystemExit("usage: python -m db migrate|seed|setup|window-date")
    asyncio.run(main(sys.argv[1]))
