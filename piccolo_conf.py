"""Piccolo's engine, chosen from DATABASE_URL before anything imports db.tables."""

import os
from pathlib import Path

from piccolo.conf.apps import AppRegistry

from db.engine import LoopPoolPostgresEngine, SharedConnectionSQLiteEngine

DEFAULT_SQLITE = Path(__file__).resolve().parent / "var" / "claims.sqlite3"


def engine_for(url: str):
    """The Piccolo engine for a database URL (sqlite:///path or postgresql://...)."""
    if url.startswith(("postgres://", "postgresql://")):
        # Each worker holds its own pool: keep workers x max_size under max_connections.
        pool_size = int(os.environ.get("DATABASE_POOL_SIZE") or "10")
        return LoopPoolPostgresEngine(config={"dsn": url}), pool_size
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else DEFAULT_SQLITE
    path.parent.mkdir(parents=True, exist_ok=True)
    # A busy timeout lets concurrent writers queue for the lock instead of failing at once.
    return SharedConnectionSQLiteEngine(path=str(path), timeout=30), 0


DB, POOL_SIZE = engine_for(os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}")

APP_REGISTRY = AppRegistry(apps=["db.piccolo_app"])
