"""Payments: upload the payer's response (`claim_reference, claim_status, claim_unpaid_reason`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from db.queries.payments import PAYER_RESPONSE, apply_payer_response, response_problems
from db.queries.uploads import KeptUpload
from domain.csv_upload import RowError
from domain.payments import RESPONSE_COLUMNS, PayerAnswer, PayerStatus, parse_response_row
from web import csv_uploads
from web.routes.support.claims import sub_navigation
from web.routes.support.payments import BANNER, PAYMENTS_PATH

RESPONSE_PATH = f"{PAYMENTS_PATH}/response"


class PayerResponse(csv_uploads.CsvUpload[PayerAnswer]):
    """Paid claims become Paid; unpaid ones need information, with the payer's reason."""

    kind = PAYER_RESPONSE
    columns = RESPONSE_COLUMNS
    path = RESPONSE_PATH
    name = "support_payer_response"
    title = "Upload the payer's response"
    caption = "Payments"
    preview_title = "Check the payer's response"
    nouns = ("claim", "claims")
    select_file = "Select a CSV file with the payer's response"
    preview_headings = RESPONSE_COLUMNS
    applied_text = "This response has already been applied."
    active = "claims"
    done_href = PAYMENTS_PATH
    done_text = "Back to payments"
    banner = BANNER
    upload_template = "support/payments/response.html"
    seen: set[str] | None = None
    tally: dict[PayerStatus, int] | None = None

    def layout(self) -> dict[str, Any]:
        """Payments, under Claims."""
        return {"sub_navigation": sub_navigation("payments")}

    def parse(self, number: int, values: dict[str, str]) -> PayerAnswer | list[RowError]:
        """The payer's answer about one claim."""
        return parse_response_row(number, values)

    async def check(self, batch: Sequence[tuple[int, PayerAnswer]]) -> list[RowError]:
        """Every claim named once, and awaiting the payer."""
        self.seen = set() if self.seen is None else self.seen
        self.tally = self.tally or dict.fromkeys(PayerStatus, 0)
        for _, answer in batch:
            self.tally[answer.status] += 1
        return await response_problems([answer for _, answer in batch], self.seen, scope=self.scope)

    def summary(self, rows: int) -> list[tuple[str, str]]:
        """How many claims are paid, need information, or are not decided yet."""
        tally = self.tally or dict.fromkeys(PayerStatus, 0)
        return [
            ("Paid", str(tally[PayerStatus.PAID])),
            ("Payer needs information", str(tally[PayerStatus.UNPAID])),
            ("Not decided yet (not changed)", str(tally[PayerStatus.SUBMITTED])),
        ]

    async def preview(self, first: Sequence[tuple[int, PayerAnswer]]) -> list[list[str]]:
        """The rows as read."""
        return [[each.reference, each.status.value, each.unpaid_reason] for _, each in first]

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, PayerAnswer]]]
    ) -> str | None:
        """Move every claim the payer decided on; a claim moved meanwhile rolls it all back."""
        answers = [answer async for batch in batches for _, answer in batch]
        changed = await apply_payer_response(
            answers, self.user_id, self.now, file_id=kept.id, scope=self.scope
        )
        return f"Payer's response uploaded: {csv_uploads.plural(changed, self.nouns)} updated"


ROUTES = csv_uploads.routes(PayerResponse)
