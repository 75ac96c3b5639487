"""Choosing the claim window to send: only a window offered, and a new choice is checked again."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from domain.academic_years import AcademicYear
from domain.payments import WindowToSend
from domain.windows import ClaimWindow
from web.steps import payment_check, payment_window
from web.steps.payment_window import CHOOSE_WINDOW, Form, PaymentSend, View
from web.wizard import Ask, Goto

MAY = WindowToSend(
    7, ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025), ""), 3, 161100
)
VIEW = View([MAY], None)


@pytest.mark.parametrize("posted", ["", " ", "8", "x", "7.0", "-7"])
def test_anything_but_an_offered_window_is_an_error(posted):
    errors = payment_window.parse(Form(posted), VIEW)
    assert [(error.field, error.message) for error in errors] == [("window", CHOOSE_WINDOW)]


def test_an_offered_window_is_the_answer():
    assert payment_window.parse(Form(" 7 "), VIEW) == 7


def test_choosing_again_must_be_confirmed_again():
    confirmed = PaymentSend(window_id=3, confirmed=True)
    assert payment_window.apply(confirmed, 7, "") == PaymentSend(window_id=7)


def test_the_choice_shows_each_windows_claims_and_total():
    items = payment_window.context(VIEW, Form("7"), {})["items"]
    assert items[0]["hint"]["text"] == "3 submitted claims, £1,611.00"
    assert items[0]["checked"]


class _Lookups:
    def __init__(self, windows):
        self.windows = windows

    async def windows_to_send(self):
        return self.windows


def test_the_check_goes_back_to_the_choice_when_the_window_has_nothing_left():
    ask = Ask(PaymentSend(window_id=7), "", {}, _Lookups([]))
    assert asyncio.run(payment_check.load(ask)) == Goto(payment_window.ID)


def test_the_check_shows_the_count_and_total():
    view = asyncio.run(payment_check.load(Ask(PaymentSend(window_id=7), "", {}, _Lookups([MAY]))))
    shown = payment_check.context(view, payment_check.Form(), {})
    assert (shown["claims"], shown["amount"]) == (3, "£1,611.00")
