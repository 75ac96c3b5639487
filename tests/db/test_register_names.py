"""Register schools are seeded with their local authority and establishment type named."""

from __future__ import annotations

import csv

from db.seed import SEED_DATA
from tests.fixtures.database import run


def _rows(name: str) -> list[dict[str, str]]:
    with (SEED_DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_register_code_has_a_name():
    authorities = {row["local_authority_code"] for row in _rows("local-authorities.csv")}
    types = {row["establishment_type_code"] for row in _rows("establishment-types.csv")}
    schools = _rows("schools.csv")
    assert {row["local_authority_code"] for row in schools} <= authorities
    assert {row["establishment_type_code"] for row in schools} <= types


def test_seeded_schools_have_their_local_authority_and_type(database):
    from db.tables import School

    adderley = run(School.select().where(School.urn == "123457").first().run())
    assert adderley["local_authority_code"] == "893"
    assert adderley["local_authority_name"] == "Shropshire"
    assert adderley["establishment_type_name"] == "Voluntary controlled school"
    assert adderley["establishment_group"] == "Local authority maintained schools"
    register = [row["urn"] for row in _rows("schools.csv")]
    unnamed = run(
        School.count()
        .where(
            School.urn.is_in(register)
            & ((School.local_authority_name == "") | (School.establishment_type_name == ""))
        )
        .run()
    )
    assert unnamed == 0


def test_a_seed_run_again_names_schools_seeded_before_the_columns(database):
    from db.seed import seed_reference_data
    from db.tables import School

    run(
        School.update(local_authority_code="", local_authority_name="", establishment_type_name="")
        .where(School.urn == "136613")
        .run()
    )
    run(seed_reference_data())
    airedale = run(School.select().where(School.urn == "136613").first().run())
    assert airedale["local_authority_name"] == "Wakefield"
    assert airedale["establishment_type_name"] == "Academy converter"
    assert airedale["establishment_group"] == "Academies"
