"""Log records lose email addresses, in their message and their traceback, JSON lines included."""

from __future__ import annotations

import json
import logging
import sys

from web.log_privacy import NoEmailAddresses, without_email_addresses
from web.request_log import JsonLines


def _record_of_a_failure() -> logging.LogRecord:
    try:
        raise ValueError("no account for ada.lovelace+claims@example.co.uk")
    except ValueError:
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "web.errors", logging.ERROR, __file__, 1, "Sent to %s", ("jo@example.org",), exc_info
    )


def test_addresses_are_replaced_wherever_they_are():
    # In a repr of bytes too, where an escape runs into the address.
    assert without_email_addresses("to 'jo.o-neill@school.example.org', b'x\\x00sam@a.uk'") == (
        "to '[email address]', b'x\\[email address]'"
    )
    assert without_email_addresses("Email 12 (claim_submitted) failed: Notify 400") == (
        "Email 12 (claim_submitted) failed: Notify 400"
    )


def test_a_record_keeps_its_traceback_without_the_address():
    record = _record_of_a_failure()

    assert NoEmailAddresses().filter(record)

    text = logging.Formatter().format(record)
    assert "Sent to [email address]" in text
    assert "Traceback" in text and "ValueError: no account for [email address]" in text
    assert "@" not in text
    line = json.loads(JsonLines().format(record))
    assert line["message"] == "Sent to [email address]"
    assert "ValueError: no account for [email address]" in line["exception"]
    assert "@" not in json.dumps(line)
