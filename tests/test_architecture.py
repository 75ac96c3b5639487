"""The dependency rule: domain/ is pure, importing only the standard library and msgspec."""

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).parents[1] / "domain"
FORBIDDEN = {"web", "db", "litestar", "piccolo", "jinja2"}
ALLOWED_THIRD_PARTY = {"msgspec"}
# The clock is injected by callers, so that rules can be tested at any instant.
CLOCK_CALLS = {"now", "today", "utcnow", "time", "monotonic"}
CLOCK_OWNERS = {"datetime", "date", "time"}

MODULES = sorted(DOMAIN.rglob("*.py"))


def imported_packages(source: str) -> set[str]:
    """The top-level packages a module imports, including by importlib or __import__."""
    packages = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            packages.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            packages.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and node.args:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = node.func.id if isinstance(node.func, ast.Name) else name
            first = node.args[0]
            if name in {"import_module", "__import__"} and isinstance(first, ast.Constant):
                packages.add(str(first.value).split(".")[0])
    return packages


def clock_reads(source: str) -> list[str]:
    """Calls like datetime.now() or date.today() that read the real clock."""
    reads = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
            and isinstance(node.func.value, ast.Name | ast.Attribute)
        ):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr
            if owner_name in CLOCK_OWNERS:
                reads.append(f"{owner_name}.{node.func.attr}()")
    return reads


def test_the_domain_has_modules_to_check():
    assert len(MODULES) > 10


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(DOMAIN)))
def test_domain_imports_nothing_from_the_outer_layers(module):
    packages = imported_packages(module.read_text(encoding="utf-8"))
    assert not packages & FORBIDDEN


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(DOMAIN)))
def test_domain_imports_only_the_standard_library_and_msgspec(module):
    packages = imported_packages(module.read_text(encoding="utf-8"))
    others = packages - set(sys.stdlib_module_names) - ALLOWED_THIRD_PARTY - {"domain"}
    assert not others


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(DOMAIN)))
def test_domain_never_reads_the_clock(module):
    assert clock_reads(module.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import web", {"web"}),
        ("import db.tables as tables", {"db"}),
        ("from litestar import get", {"litestar"}),
        ("from piccolo.table import Table", {"piccolo"}),
        ("import jinja2", {"jinja2"}),
        ("from . import hours", set()),
        ("import importlib\nimportlib.import_module('web.app')", {"importlib", "web"}),
        ("__import__('db')", {"db"}),
    ],
)
def test_the_import_check_sees_every_kind_of_import(source, found):
    assert imported_packages(source) == found


def test_the_clock_check_sees_clock_reads():
    source = "x = datetime.now(UTC)\ny = date.today()\nz = datetime.datetime.now()\nw = other.now()"
    assert clock_reads(source) == ["datetime.now()", "date.today()", "datetime.now()"]


ROOT = Path(__file__).parents[1]
OUTER = sorted([*(ROOT / "web").rglob("*.py"), *DOMAIN.rglob("*.py")])
# moving to db/ with the session/access query work
TABLE_EXCEPTIONS = {"web/session_store.py", "web/access.py"}
STEPS_AND_PARTIALS = sorted(
    [*(ROOT / "web/steps").glob("*.py"), *(ROOT / "web/partials").glob("*.py")]
)
# The page layout, rendered for every page: research mode hooks into it, not the other way.
LAYOUT = [ROOT / "web/page.py", ROOT / "web/templating.py", ROOT / "web/navigation.py"]


def imported_modules(source: str) -> set[str]:
    """The full names of the modules a module imports, like "db.tables"."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            # "from db import tables" imports db.tables too.
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports_under(path: Path, package: str) -> set[str]:
    """The modules `path` imports from inside `package`."""
    modules = imported_modules(path.read_text(encoding="utf-8"))
    return {name for name in modules if name == package or name.startswith(f"{package}.")}


@pytest.mark.parametrize(
    "module", [each for each in OUTER if relative(each) not in TABLE_EXCEPTIONS], ids=relative
)
def test_only_db_uses_the_tables(module):
    assert not imports_under(module, "db.tables")


@pytest.mark.parametrize("module", STEPS_AND_PARTIALS, ids=relative)
def test_steps_and_partials_import_nothing_from_db(module):
    assert not imports_under(module, "db")


@pytest.mark.parametrize("module", LAYOUT, ids=relative)
def test_the_layout_does_not_depend_on_research_mode(module):
    assert not imports_under(module, "web.research")


def test_there_are_steps_and_partials_to_check():
    assert len(STEPS_AND_PARTIALS) > 8


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from db.tables import Claim", {"db.tables", "db.tables.Claim"}),
        ("from db import tables", {"db", "db.tables"}),
        ("import db.queries.claims as claims", {"db.queries.claims"}),
        ("from .tables import Claim", set()),
    ],
)
def test_the_module_check_sees_full_names(source, found):
    assert imported_modules(source) == found
