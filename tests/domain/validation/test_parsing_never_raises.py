"""Whatever a user (or a bot) posts, parsing returns a value or an error, never an exception."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from domain.validation import FieldError
from domain.validation.date_input import parse_date_input
from domain.validation.date_of_birth import parse_date_of_birth
from domain.validation.email_address import parse_email
from domain.validation.hours_input import parse_hours
from domain.validation.names import parse_first_name, parse_last_name
from domain.validation.provider_search import ProviderSearch, parse_provider_search
from domain.validation.trn import parse_trn

# Text a form can carry, with digits, spaces and month names over-represented.
form_text = st.none() | st.text() | st.from_regex(r"\s*[0-9\s.,+-]{0,12}\s*", fullmatch=True)
month_text = form_text | st.sampled_from(["Mar", "march", "SEPT", "13", "0", "02", "feb "])


@given(form_text)
def test_trn(text):
    result = parse_trn(text)
    assert isinstance(result, FieldError) or (len(result) == 7 and result.isdigit())


@given(form_text, month_text, form_text, st.dates())
def test_date_of_birth(day, month, year, today):
    result = parse_date_of_birth(day, month, year, today)
    if isinstance(result, FieldError):
        assert set(result.highlighted) <= {"day", "month", "year"}
        assert result.field in result.highlighted
    else:
        assert result < today


@given(form_text, month_text, form_text)
def test_date_input(day, month, year):
    assert isinstance(parse_date_input(day, month, year, "start date"), date | FieldError)


@given(
    st.none() | st.sampled_from(["maximum", "another"]) | st.text(), form_text, st.integers(-5, 40)
)
def test_hours(choice, amount, remaining):
    result = parse_hours(choice, amount, remaining)
    assert isinstance(result, FieldError) or 1 <= result <= remaining


@given(form_text)
def test_names(text):
    assert isinstance(parse_first_name(text), str | FieldError)
    assert isinstance(parse_last_name(text), str | FieldError)


@given(form_text | st.emails().map(lambda address: f" {address.upper()} "))
def test_email(text):
    result = parse_email(text)
    assert isinstance(result, FieldError) or result == result.strip().lower()


@given(form_text)
def test_provider_search(text):
    result = parse_provider_search(text)
    if isinstance(result, ProviderSearch):
        assert result.text == " ".join(result.text.split()) != ""
        for kind in (result.ukprn, result.urn, result.postcode):
            assert kind is None or isinstance(kind, str)
    else:
        assert isinstance(result, FieldError)
