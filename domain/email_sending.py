"""How fast the service may send email: GOV.UK Notify's limit, shared by every worker."""

from datetime import timedelta

# GOV.UK Notify "Rate limits": 3,000 messages per minute per service, across all its API keys;
# beyond it Notify answers 429 and the email waits for a retry.
SENDS_PER_MINUTE = 3000
RATE_WINDOW = timedelta(minutes=1)


def sends_allowed(wanted: int, recent: int, per_minute: int = SENDS_PER_MINUTE) -> int:
    """How many of `wanted` emails may be sent now, `recent` being those sent (or being sent)
    in the last RATE_WINDOW."""
    return max(0, min(wanted, per_minute - recent))
