"""Piccolo app registration for the service's tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="db",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=table_finder(modules=["db.tables"], exclude_imported=True),
    migration_dependencies=[],
    commands=[],
)
