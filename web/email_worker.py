"""The email worker: delivers the outbox, retrying failures with backoff and never sending twice.

The app starts one in each process when EMAIL_WORKER_ENABLED; any number may run at once because
claims are atomic. Run it on its own with `python -m web.email_worker` (`--once` sends everything
due now and exits).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from datetime import datetime, timedelta

from db import outbox
from db.outbox import OutboxEmail, utc_now
from domain.email_sending import SENDS_PER_MINUTE
from web.integrations.notify import EmailSender, PermanentFailure, TemporaryFailure, sender_for
from web.log_privacy import keep_email_addresses_out
from web.settings import Settings, load_settings

logger = logging.getLogger(__name__)
# Notify's reasons and a bug's exception can quote the recipient; the log must not.
keep_email_addresses_out(logger)

BATCH_SIZE = 10
# Longer than a batch of sends at the Notify client's timeout (10 x 10 seconds), so a lease only
# runs out when its worker has really stopped.
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# Waits of 1, 2, 4 ... 32 minutes then hourly: Notify may be unreachable for about four hours
# before an email is given up as failed.
MAX_ATTEMPTS = 10
POLL_SECONDS = 2.0


def retry_delay(
    attempts: int, first: timedelta = FIRST_RETRY, longest: timedelta = LONGEST_RETRY
) -> timedelta:
    """How long to wait after this many failed attempts: doubling each time, up to a ceiling."""
    doublings = min(max(attempts - 1, 0), 30)
    return min(first * 2**doublings, longest)


class _LeaseLost(Exception):
    """Another worker took the email after this worker's lease ran out."""


class EmailWorker:
    """Claims due emails in batches and delivers each through a sender."""

    def __init__(
        self,
        sender: EmailSender,
        *,
        batch_size: int = BATCH_SIZE,
        lease: timedelta = LEASE,
        max_attempts: int = MAX_ATTEMPTS,
        first_retry: timedelta = FIRST_RETRY,
        longest_retry: timedelta = LONGEST_RETRY,
        clock: Callable[[], datetime] = utc_now,
        per_minute: int = SENDS_PER_MINUTE,
    ) -> None:
        self.sender = sender
        self.per_minute = per_minute
        self.batch_size = batch_size
        self.lease = lease
        self.max_attempts = max_attempts
        self.first_retry = first_retry
        self.longest_retry = longest_retry
        self.clock = clock

    async def run_once(self) -> int:
        """Claim one batch of due emails and settle each; how many were claimed."""
        now = self.clock()
        # A plain read first, so an idle worker never takes SQLite's write lock.
        if not await outbox.has_due(now):
            return 0
        # Every worker counts the same outbox: together they stay within Notify's rate.
        emails = await outbox.claim(self.batch_size, self.lease, now, self.per_minute)
        for email in emails:
            await self._deliver(email)
        return len(emails)

    async def run_forever(self, stop: asyncio.Event, poll_seconds: float = POLL_SECONDS) -> None:
        """Deliver until `stop` is set, resting between polls when nothing is due."""
        while not stop.is_set():
            try:
                processed = await self.run_once()
            except Exception:
                # The database may be restarting: the outbox keeps everything, so try again.
                logger.exception("Email worker could not work through the outbox")
                processed = 0
            if processed < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), poll_seconds)

    async def _deliver(self, email: OutboxEmail) -> None:
        # Start a send only with half the lease left, so it finishes before the email can be
        # claimed again; otherwise leave it for the next claim.
        if self.clock() > email.claimed_until - self.lease / 2:
            logger.warning("Email %s left for later: its lease is nearly over", email.id)
            return
        try:
            notify_id = await self._send(email)
        except _LeaseLost:
            logger.warning("Email %s was taken by another worker before it was marked", email.id)
            return
        except PermanentFailure as error:
            logger.warning("Email %s (%s) failed for good: %s", email.id, email.kind, error)
            settled = await outbox.mark_failed(email, str(error))
        except TemporaryFailure as error:
            settled = await self._retry_or_give_up(email, str(error))
        except Exception as error:
            # An unexpected fault is treated as passing: the email must not be lost to a bug
            # that a fix and a retry would get past.
            logger.exception("Email %s (%s) could not be sent", email.id, email.kind)
            settled = await self._retry_or_give_up(email, f"{type(error).__name__}: {error}")
        else:
            if self.sender.writes_to_database:
                return
            settled = await outbox.mark_sent(email, notify_id, self.clock())
        if not settled:
            logger.warning("Email %s was settled by another worker", email.id)

    async def _send(self, email: OutboxEmail) -> str | None:
        if not self.sender.writes_to_database:
            return await self.sender.send(email)
        # Delivery and "sent" commit together: a crash between them cannot deliver twice.
        async with outbox.write_transaction():
            notify_id = await self.sender.send(email)
            if not await outbox.mark_sent(email, notify_id, self.clock()):
                raise _LeaseLost
        return notify_id

    async def _retry_or_give_up(self, email: OutboxEmail, reason: str) -> bool:
        if email.attempts >= self.max_attempts:
            logger.error(
                "Email %s (%s) failed after %s attempts: %s",
                email.id,
                email.kind,
                email.attempts,
                reason,
            )
            return await outbox.mark_failed(
                email, f"Gave up after {email.attempts} attempts. Last error: {reason}"
            )
        delay = retry_delay(email.attempts, self.first_retry, self.longest_retry)
        logger.info(
            "Email %s (%s) will be tried again in %s: %s", email.id, email.kind, delay, reason
        )
        return await outbox.retry_later(email, self.clock() + delay, reason)


class RunningEmailWorker:
    """An email worker running as a task, and the event that asks it to stop."""

    def __init__(self, worker: EmailWorker, stop: asyncio.Event, task: asyncio.Task) -> None:
        self.worker = worker
        self.stop = stop
        self.task = task


async def start_email_worker(
    settings: Settings, poll_seconds: float = POLL_SECONDS
) -> RunningEmailWorker:
    """Start delivering the outbox in the background of the running event loop."""
    worker = EmailWorker(sender_for(settings))
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run_forever(stop, poll_seconds), name="email-worker")
    return RunningEmailWorker(worker, stop, task)


async def stop_email_worker(running: RunningEmailWorker, timeout: float = 15.0) -> None:
    """Let the current batch finish, then stop; cancel if it takes longer than `timeout`."""
    running.stop.set()
    try:
        await asyncio.wait_for(asyncio.shield(running.task), timeout)
    except TimeoutError:
        # Anything cut off mid-send stays claimed until its lease runs out, then is sent again.
        running.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running.task


async def _serve(settings: Settings, once: bool) -> int:
    engine = outbox.worker_engine()
    if engine.engine_type == "postgres":
        await engine.start_connection_pool(min_size=1, max_size=2)
    try:
        worker = EmailWorker(sender_for(settings))
        if once:
            total = 0
            while processed := await worker.run_once():
                total += processed
            logger.info("Email worker processed %s emails", total)
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        logger.info("Email worker started")
        await worker.run_forever(stop)
        logger.info("Email worker stopped")
        return 0
    finally:
        if engine.engine_type == "postgres":
            await engine.close_connection_pool()


def main(argv: list[str] | None = None) -> int:
    """Run the email worker from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m web.email_worker", description="Deliver the email outbox."
    )
    parser.add_argument("--once", action="store_true", help="send everything due now, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return asyncio.run(_serve(load_settings(), once=args.once))


if __name__ == "__main__":
    raise SystemExit(main())
