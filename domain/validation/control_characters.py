"""Characters nobody types into a form, removed from whatever a request carries."""

import unicodedata

# Whitespace a text area holds; splitting on spaces tidies it away from one-line answers.
KEPT = frozenset("\t\n\r")
# Control characters (NUL among them, which PostgreSQL cannot store) and lone surrogates, which
# no text encoding can carry.
REMOVED_CATEGORIES = frozenset({"Cc", "Cs"})


def without_control_characters(text: str) -> str:
    """The text with every control character but tab and line breaks removed."""
    if text.isprintable():
        return text
    return "".join(
        each
        for each in text
        if each in KEPT or unicodedata.category(each) not in REMOVED_CATEGORIES
    )
