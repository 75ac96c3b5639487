"""Database commands: `python -m db migrate`, `python -m db seed`, `python -m db setup` (both)."""

from __future__ import annotations

import asyncio
import sys

from piccolo.apps.migrations.commands.forwards import run_forwards


async def migrate() -> None:
    """Run every migration not yet run."""
    response = await run_forwards(app_name="db", migration_id="all", fake=False)
    if not response.success:
        raise SystemExit(f"Migrations failed: {response.message}")


async def main(command: str) -> None:
    """Run one database command."""
    if command in {"migrate", "setup"}:
        await migrate()
    if command in {"seed", "setup"}:
        from db.seed import seed

        await seed()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"migrate", "seed", "setup"}:
        raise SystemExit("usage: python -m db migrate|seed|setup")
    asyncio.run(main(sys.argv[1]))
