"""Finding a teacher's name by TRN and date of birth in the Teaching Record System (TRS)."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Protocol, runtime_checkable
from urllib.parse import quote

import httpx
import msgspec

from db.queries.teacher_records import local_teacher
from web.settings import Settings

logger = logging.getLogger(__name__)

# A TRN is exactly 7 ASCII digits; anything else cannot name a teacher, so it is "not found"
# without asking anyone (and never reaches the URL path).
_TRN = re.compile(r"[0-9]{7}")


class TeacherName(msgspec.Struct, frozen=True):
    """A teacher as the Teaching Record System names them."""

    trn: str
    first_name: str
    last_name: str


class TeachingRecordUnavailable(Exception):
    """The Teaching Record System could not give an answer (down, slow or talking nonsense)."""


# Litestar checks a dependency's value against its annotation with isinstance.
@runtime_checkable
class TeachingRecordLookup(Protocol):
    """Finds a teacher by TRN and date of birth; None when they do not match a teacher."""

    async def find_teacher(self, trn: str, date_of_birth: date) -> TeacherName | None: ...

    async def aclose(self) -> None: ...


class _Teacher(msgspec.Struct, rename="camel"):
    # The API sends more (middleName, dateOfBirth, qualifications...); msgspec ignores extras.
    trn: str
    first_name: str
    last_name: str


_decode_teacher = msgspec.json.Decoder(_Teacher).decode

# A connection that failed or dropped before any answer is safe to try once more: the request is
# a GET. Timeouts and 5xx are not retried, so a struggling TRS is not asked twice while a user waits.
_CONNECTION_ERRORS = (httpx.NetworkError, httpx.RemoteProtocolError)


def _masked(trn: str) -> str:
    return trn[:4] + "***"


class TeachingRecordClient:
    """The real TRS API: GET /v3/teachers/{trn}?dateOfBirth=YYYY-MM-DD."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        api_version: str,
        timeout_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={
                # An empty key would make "Bearer " with a trailing space, which httpx refuses.
                **({"Authorization": f"Bearer {api_key}"} if api_key else {}),
                "Accept": "application/json",
                "X-Api-Version": api_version,
            },
            timeout=httpx.Timeout(timeout_seconds),
            transport=transport,
            follow_redirects=False,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> TeachingRecordClient:
        """A client for the TRS named in settings."""
        return cls(
            base_url=settings.teaching_record_api_url,
            api_key=settings.teaching_record_api_key,
            api_version=settings.teaching_record_api_version,
            timeout_seconds=settings.teaching_record_timeout_seconds,
        )

    async def find_teacher(self, trn: str, date_of_birth: date) -> TeacherName | None:
        """The teacher with this TRN and date of birth, or None if there is no such teacher."""
        if not _TRN.fullmatch(trn):
            return None
        response = await self._get(trn, date_of_birth)
        if response.status_code == 404:
            # An unknown TRN and a date of birth that does not match get the same 404.
            return None
        if response.status_code != 200:
            logger.warning(
                "Teaching Record System answered %s for TRN %s",
                response.status_code,
                _masked(trn),
            )
            raise TeachingRecordUnavailable(f"status {response.status_code}")
        try:
            teacher = _decode_teacher(response.content)
        except msgspec.DecodeError as exc:
            logger.warning(
                "Teaching Record System sent an unreadable teacher for TRN %s: %s",
                _masked(trn),
                type(exc).__name__,
            )
            raise TeachingRecordUnavailable("unreadable response") from exc
        return TeacherName(
            trn=teacher.trn, first_name=teacher.first_name, last_name=teacher.last_name
        )

    async def _get(self, trn: str, date_of_birth: date) -> httpx.Response:
        url = f"/v3/teachers/{quote(trn, safe='')}"
        params = {"dateOfBirth": date_of_birth.isoformat()}
        try:
            try:
                return await self._http.get(url, params=params)
            except _CONNECTION_ERRORS as exc:
                logger.info(
                    "Retrying Teaching Record System for TRN %s after %s",
                    _masked(trn),
                    type(exc).__name__,
                )
                return await self._http.get(url, params=params)
        except httpx.HTTPError as exc:
            logger.warning(
                "Teaching Record System unreachable for TRN %s: %s",
                _masked(trn),
                type(exc).__name__,
            )
            raise TeachingRecordUnavailable(type(exc).__name__) from exc

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()


class LocalTeachingRecord:
    """Fake teachers in our own TeacherRecord table, for development and research."""

    async def find_teacher(self, trn: str, date_of_birth: date) -> TeacherName | None:
        """The teacher with this TRN and date of birth, or None if there is no such teacher."""
        if not _TRN.fullmatch(trn):
            return None
        row = await local_teacher(trn, date_of_birth)
        if row is None:
            return None
        return TeacherName(trn=row["trn"], first_name=row["first_name"], last_name=row["last_name"])

    async def aclose(self) -> None:
        """Nothing to release: queries use Piccolo's engine."""


def teaching_record_for(settings: Settings) -> TeachingRecordLookup:
    """The real TRS when its URL is set, otherwise the local backend."""
    if settings.teaching_record_api_url:
        return TeachingRecordClient.from_settings(settings)
    return LocalTeachingRecord()


class _HideDateOfBirth(logging.Filter):
    # httpx logs every request URL at INFO, and TRS wants the date of birth in the query string.
    _QUERY = re.compile(r"dateOfBirth=[^&\s\"']*")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "dateOfBirth=" in message:
            record.msg = self._QUERY.sub("dateOfBirth=[hidden]", message)
            record.args = ()
        return True


if not any(isinstance(f, _HideDateOfBirth) for f in logging.getLogger("httpx").filters):
    logging.getLogger("httpx").addFilter(_HideDateOfBirth())
