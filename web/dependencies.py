"""A handler's dependencies resolved one after another, rather than in a task group.

Litestar resolves dependencies that do not need each other concurrently, in an anyio task
group. Ours are the clock and the settings (plain values) beside one lookup of the signed-in
user's access: nothing waits for anything else, so the task group gained nothing and cost
about a twentieth of a school page.
"""

from __future__ import annotations

from typing import Any

from litestar._kwargs.cleanup import DependencyCleanupGroup
from litestar._kwargs.dependencies import resolve_dependency
from litestar._kwargs.kwargs_model import KwargsModel
from litestar.connection import ASGIConnection


async def resolve_one_after_another(
    self: KwargsModel, connection: ASGIConnection, kwargs: dict[str, Any]
) -> DependencyCleanupGroup:
    """Every batch's dependencies into `kwargs`, in Litestar's order of batches."""
    cleanup_group = DependencyCleanupGroup()
    for batch in self.dependency_batches:
        for dependency in batch:
            await resolve_dependency(dependency, connection, kwargs, cleanup_group)
    return cleanup_group


def install() -> None:
    """Resolve every handler's dependencies one after another."""
    KwargsModel.resolve_dependencies = resolve_one_after_another  # type: ignore[method-assign]
