"""Log records without email addresses: logs are read by more people, and kept longer, than data."""

from __future__ import annotations

import logging
import re

# Wide on purpose: anything shaped like an address goes, even inside a quoted or escaped value.
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
HIDDEN = "[email address]"


def without_email_addresses(text: str) -> str:
    """The text with every email address replaced."""
    return EMAIL_ADDRESS.sub(HIDDEN, text)


class NoEmailAddresses(logging.Filter):
    """Takes email addresses out of a record's message and its exception's traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        record.msg, record.args = without_email_addresses(record.getMessage()), ()
        if record.exc_info:
            # Formatters print exc_text as it is; with exc_info gone, none formats it again.
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = without_email_addresses(text), None
        return True


def keep_email_addresses_out(*loggers: logging.Logger) -> None:
    """Filter the loggers' records, once each."""
    for logger in loggers:
        if not any(isinstance(each, NoEmailAddresses) for each in logger.filters):
            logger.addFilter(NoEmailAddresses())
