"""Check your answers: the whole claim, its funding, the declaration and "Accept and submit"."""

from __future__ import annotations

ID = "check-answers"
TITLE = "Check your answers before submitting your claim"

# journeys.md "Check your answers": what the school declares by submitting.
DECLARATION = (
    # rules.md "Eligibility": a claim can only be submitted once the training is complete.
    "the mentors on this claim have completed their training with the accredited provider",
    (
        "the mentors on this claim are general mentors of trainee teachers on initial teacher "
        "training (ITT), not early career teacher (ECT) mentors"
    ),
    "I am authorised to make this claim for the school",
    "I have read the grant conditions",
    "the information in this claim is accurate",
    "the school will provide evidence of the training if the Department for Education asks for it",
)
