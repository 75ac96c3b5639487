"""A handler's dependencies are resolved one after another, each into its own argument."""

from __future__ import annotations

from litestar import Litestar, get
from litestar._kwargs import kwargs_model
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.testing import TestClient

from web import dependencies


async def _first() -> str:
    return "first"


async def _second(first: str) -> str:
    return f"{first}, second"


async def _missing() -> str:
    raise NotFoundException()


@get("/both", sync_to_thread=False)
def both(first: str, second: str, plain: int) -> str:
    return f"{first} | {second} | {plain}"


@get("/refused", sync_to_thread=False)
def refused(first: str, missing: str) -> str:
    return "never"


def _app() -> Litestar:
    return Litestar(
        [both, refused],
        dependencies={
            "first": Provide(_first),
            "second": Provide(_second),
            "plain": Provide(lambda: 7, sync_to_thread=False),
            "missing": Provide(_missing),
        },
    )


def test_dependencies_on_one_level_resolve_without_a_task_group(monkeypatch):
    def no_task_group():
        raise AssertionError("a task group was made")

    dependencies.install()
    monkeypatch.setattr(kwargs_model, "create_task_group", no_task_group)
    with TestClient(_app()) as client:
        assert client.get("/both").text == "first | first, second | 7"
        assert client.get("/refused").status_code == 404


def test_the_app_installs_it(monkeypatch):
    from web.app import create_app

    async def not_installed(self, connection, kwargs):
        raise AssertionError("not installed")

    # As in a fresh process, whatever an earlier test installed.
    monkeypatch.setattr(kwargs_model.KwargsModel, "resolve_dependencies", not_installed)
    create_app()
    assert kwargs_model.KwargsModel.resolve_dependencies is dependencies.resolve_one_after_another
