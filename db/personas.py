"""Personas for persona sign-in and research sessions: who they are and what each demonstrates."""

from __future__ import annotations

import msgspec


class Persona(msgspec.Struct, frozen=True, kw_only=True):
    """A seeded user with a one-line description of the situation they show."""

    key: str
    first_name: str
    last_name: str
    email: str
    description: str
    school_urns: tuple[str, ...] = ()
    trust_code: str | None = None
    # A DfE support user: signs in to the support console, belongs to no school.
    support: bool = False
    # Staff of these accredited providers (by code): a read-only view of the claims naming them.
    provider_codes: tuple[str, ...] = ()


# Schools chosen from the register data so each persona shows one situation.
SINGLE_SCHOOL_URN = "123457"  # Adderley CofE Primary School: Rest of England
TRUST_CODE = "3320"  # the largest trust in the register data, 44 schools
CONDITIONS_NOT_ACCEPTED_URN = "107534"  # Ash Green Community Primary School
NOT_ELIGIBLE_URN = "108357"  # Bill Quay Primary School
NO_MENTORS_URN = "100165"  # Christ Church CofE Primary School: Inner London
# Claim situations (db/seed.py seed_claim_situations), all with Bath Spa University.
CLAIMS_PROVIDER_CODE = "B20"
REFRESHER_URN = "119802"  # All Hallows Catholic High School: a mentor trained there last year
HOURS_USED_URN = "133678"  # Alder Brook: a mentor who has used this year's allowance
SHARED_MENTOR_TRUST_CODE = "17090"  # Blacko Primary School and Colne Lord Street School

PERSONAS: tuple[Persona, ...] = (
    Persona(
        key="single-school",
        first_name="Alex",
        last_name="Morgan",
        email="alex.morgan@example.org",
        description="Claims for one school that has mentors and has accepted the grant conditions.",
        school_urns=(SINGLE_SCHOOL_URN,),
    ),
    Persona(
        key="trust",
        first_name="Jordan",
        last_name="Taylor",
        email="jordan.taylor@example.org",
        description="Works for a multi-academy trust and claims for its 44 schools.",
        trust_code=TRUST_CODE,
    ),
    Persona(
        key="conditions-not-accepted",
        first_name="Priya",
        last_name="Shah",
        email="priya.shah@example.org",
        description="First visit to a school that has not yet accepted the grant conditions.",
        school_urns=(CONDITIONS_NOT_ACCEPTED_URN,),
    ),
    Persona(
        key="not-eligible",
        first_name="Chris",
        last_name="Evans",
        email="chris.evans@example.org",
        description="A school that did not host ITT placements this year, so cannot claim.",
        school_urns=(NOT_ELIGIBLE_URN,),
    ),
    Persona(
        key="no-mentors",
        first_name="Sam",
        last_name="Okafor",
        email="sam.okafor@example.org",
        description="A school that has not added any mentors yet.",
        school_urns=(NO_MENTORS_URN,),
    ),
    Persona(
        key="no-access",
        first_name="Robin",
        last_name="Hughes",
        email="robin.hughes@example.org",
        description="Was removed from their school, so sees that they do not have access.",
    ),
    Persona(
        key="refresher",
        first_name="Morgan",
        last_name="Price",
        email="morgan.price@example.org",
        description="A school with a mentor who trained with Bath Spa University last year, "
        "so is on refresher training with them this year.",
        school_urns=(REFRESHER_URN,),
    ),
    Persona(
        key="hours-used",
        first_name="Taylor",
        last_name="Reed",
        email="taylor.reed@example.org",
        description="A school with a mentor who has already claimed their full allowance with "
        "Bath Spa University this year.",
        school_urns=(HOURS_USED_URN,),
    ),
    Persona(
        key="shared-mentor",
        first_name="Riley",
        last_name="Khan",
        email="riley.khan@example.org",
        description="Claims for two schools of a trust that share a mentor, who already has "
        "hours claimed with Bath Spa University at one of them.",
        trust_code=SHARED_MENTOR_TRUST_CODE,
    ),
    Persona(
        key="support",
        first_name="Sam",
        last_name="Support",
        email="sam.support@education.gov.uk",
        description="A DfE support agent: searches every school, sets the claim windows and "
        "manages support users in the support console.",
        support=True,
    ),
    Persona(
        key="provider",
        first_name="Jamie",
        last_name="Clarke",
        email="jamie.clarke@example.org",
        description="Works for Bath Spa University, an accredited ITT provider, and reads the "
        "claims schools have made for mentor training with it.",
        provider_codes=(CLAIMS_PROVIDER_CODE,),
    ),
)


def persona(key: str) -> Persona | None:
    """The persona with this key, if there is one."""
    return next((each for each in PERSONAS if each.key == key), None)
