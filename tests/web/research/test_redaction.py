"""Error messages are recorded with whatever the participant typed taken out."""

import pytest

from web.research.redaction import REDACTED, answers, redact


def test_typed_answers_are_taken_out_wherever_they_appear():
    typed = ["Jo", "Smith-Jones", "jo.smith@example.org"]
    message = "Smith-Jones is already a member; jo.smith@example.org was invited by Jo"
    assert (
        redact(message, typed)
        == f"{REDACTED} is already a member; {REDACTED} was invited by {REDACTED}"
    )


def test_an_answer_inside_a_longer_word_is_left_alone():
    assert redact("Enter a number up to 16", ["1", "6"]) == "Enter a number up to 16"
    assert redact("Change the answer", ["an"]) == "Change the answer"


def test_answers_are_matched_whatever_their_case():
    assert redact("No results for Oxford", ["OXFORD"]) == f"No results for {REDACTED}"


@pytest.mark.parametrize(
    "message",
    [
        "someone@example.org is already a member",
        "No teacher with TRN 1234567",
        "No teacher with TRN 123 4567",
        "Born 12/03/1980 is too early",
        "No results found for 'Bath Spa'",
        "No results found for “Bath Spa”",
    ],
)
def test_personal_looking_text_is_taken_out_even_when_not_from_this_form(message):
    assert REDACTED in redact(message, [])
    assert not any(each in redact(message, []) for each in ("@", "1234567", "4567", "1980", "Bath"))


def test_rule_messages_are_kept_whole():
    for message in (
        "Enter a whole number up to 16",
        "Date of birth must be in the past",
        "Claim reference 12345678 is not yours",
    ):
        assert redact(message, ["x"]) == message


def test_answers_come_from_the_form_and_the_query_but_not_the_csrf_token():
    form = {"first_name": "Jo", "mentors": ["12", "13"], "_csrf_token": "secret"}
    assert answers(form, b"q=Bath+Spa&page=2") == ["Jo", "12", "13", "Bath Spa", "2"]
    assert answers(None) == []
