import logging
import socket
from datetime import date

import httpx
import pytest

from db.teacher_records import TeacherRecordValue, upsert_teacher_records
from tests.web.integrations import fake_trs
from web.integrations.teaching_record import (
    LocalTeachingRecord,
    TeacherName,
    TeachingRecordClient,
    TeachingRecordLookup,
    TeachingRecordUnavailable,
    teaching_record_for,
)
from web.settings import Settings

pytestmark = pytest.mark.anyio

BORN = date(1980, 3, 14)


def client_for(url: str, timeout: float = 2.0, **kwargs) -> TeachingRecordClient:
    return TeachingRecordClient(
        base_url=url,
        api_key="secret-key",
        api_version="20250627",
        timeout_seconds=timeout,
        **kwargs,
    )


def free_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CountingTransport(httpx.AsyncBaseTransport):
    """The real transport, counting every attempt the client makes."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.attempts = 0

    async def handle_async_request(self, request):
        self.attempts += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self):
        await self.inner.aclose()


async def test_a_matching_teacher_is_named_and_the_request_follows_the_contract(trs):
    client = client_for(trs.url + "/")
    try:
        teacher = await client.find_teacher(fake_trs.KNOWN, BORN)
    finally:
        await client.aclose()

    assert teacher == TeacherName(trn=fake_trs.KNOWN, first_name="Siobhan", last_name="O'Brien")
    [request] = trs.requests
    assert request.path == f"/v3/teachers/{fake_trs.KNOWN}?dateOfBirth=1980-03-14"
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["authorization"] == "Bearer secret-key"
    assert headers["accept"] == "application/json"
    assert headers["x-api-version"] == "20250627"


async def test_without_a_key_no_authorization_header_is_sent(trs):
    client = TeachingRecordClient(
        base_url=trs.url, api_key="", api_version="20250627", timeout_seconds=2.0
    )
    try:
        teacher = await client.find_teacher(fake_trs.KNOWN, BORN)
    finally:
        await client.aclose()

    assert teacher is not None
    headers = {name.lower() for name in trs.requests[0].headers}
    assert "authorization" not in headers


async def test_both_backends_satisfy_the_lookup_protocol():
    client = client_for("http://127.0.0.1:1")
    assert isinstance(client, TeachingRecordLookup)
    assert isinstance(LocalTeachingRecord(), TeachingRecordLookup)
    await client.aclose()


async def test_one_client_reuses_its_connection(trs):
    client = client_for(trs.url)
    try:
        first = await client.find_teacher(fake_trs.KNOWN, BORN)
        second = await client.find_teacher(fake_trs.KNOWN, BORN)
    finally:
        await client.aclose()
    assert first == second is not None
    assert len(trs.requests) == 2


@pytest.mark.parametrize(
    ("trn", "born"),
    [
        ("9999999", BORN),  # unknown TRN
        (fake_trs.KNOWN, date(1980, 3, 15)),  # date of birth does not match
    ],
)
async def test_not_found_is_none(trs, trn, born):
    client = client_for(trs.url)
    try:
        assert await client.find_teacher(trn, born) is None
    finally:
        await client.aclose()
    assert len(trs.requests) == 1


@pytest.mark.parametrize("trn", ["", "123456", "12345678", "123 4567", "../1000001", "١٢٣٤٥٦٧"])
async def test_a_malformed_trn_is_not_found_without_asking(trs, trn):
    client = client_for(trs.url)
    try:
        assert await client.find_teacher(trn, BORN) is None
    finally:
        await client.aclose()
    assert trs.requests == []


@pytest.mark.parametrize(
    "trn",
    [fake_trs.SERVER_ERROR, fake_trs.NOT_JSON, fake_trs.WRONG_SHAPE],
    ids=["server error", "not JSON", "missing field"],
)
async def test_a_bad_answer_means_unavailable_without_retrying(trs, trn):
    client = client_for(trs.url)
    try:
        with pytest.raises(TeachingRecordUnavailable):
            await client.find_teacher(trn, BORN)
    finally:
        await client.aclose()
    assert trs.attempts(trn) == 1


async def test_a_slow_answer_times_out_without_retrying(trs):
    client = client_for(trs.url, timeout=0.2)
    try:
        with pytest.raises(TeachingRecordUnavailable) as raised:
            await client.find_teacher(fake_trs.SLOW, BORN)
    finally:
        await client.aclose()
    assert isinstance(raised.value.__cause__, httpx.TimeoutException)
    assert trs.attempts(fake_trs.SLOW) == 1


async def test_the_same_slow_answer_arrives_within_a_longer_timeout(trs):
    client = client_for(trs.url, timeout=fake_trs.SLOW_SECONDS * 3)
    try:
        teacher = await client.find_teacher(fake_trs.SLOW, BORN)
    finally:
        await client.aclose()
    assert teacher is not None and teacher.trn == fake_trs.SLOW


async def test_a_dropped_connection_is_retried_once_and_then_answers(trs):
    client = client_for(trs.url)
    try:
        teacher = await client.find_teacher(fake_trs.DROPS_ONCE, BORN)
    finally:
        await client.aclose()
    assert teacher == TeacherName(
        trn=fake_trs.DROPS_ONCE, first_name="Siobhan", last_name="O'Brien"
    )
    assert trs.attempts(fake_trs.DROPS_ONCE) == 2


async def test_connections_that_keep_dropping_are_tried_exactly_twice(trs):
    client = client_for(trs.url)
    try:
        with pytest.raises(TeachingRecordUnavailable):
            await client.find_teacher(fake_trs.DROPS_ALWAYS, BORN)
    finally:
        await client.aclose()
    assert trs.attempts(fake_trs.DROPS_ALWAYS) == 2


async def test_a_refused_connection_is_tried_exactly_twice_then_unavailable():
    transport = CountingTransport()
    client = client_for(f"http://127.0.0.1:{free_port()}", transport=transport)
    try:
        with pytest.raises(TeachingRecordUnavailable) as raised:
            await client.find_teacher(fake_trs.KNOWN, BORN)
    finally:
        await client.aclose()
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert transport.attempts == 2


async def test_the_date_of_birth_never_reaches_the_logs(trs, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(trs.url, timeout=0.2)
    raised = []
    try:
        await client.find_teacher(fake_trs.KNOWN, BORN)
        await client.find_teacher("9999999", BORN)
        for trn in (fake_trs.SERVER_ERROR, fake_trs.NOT_JSON, fake_trs.SLOW, fake_trs.DROPS_ALWAYS):
            with pytest.raises(TeachingRecordUnavailable) as failure:
                await client.find_teacher(trn, BORN)
            raised.append(failure.value)
    finally:
        await client.aclose()
    refused = client_for(f"http://127.0.0.1:{free_port()}")
    try:
        with pytest.raises(TeachingRecordUnavailable) as failure:
            await refused.find_teacher(fake_trs.KNOWN, BORN)
        raised.append(failure.value)
    finally:
        await refused.aclose()

    logged = caplog.text + "".join(record.getMessage() for record in caplog.records)
    # httpx logged each request line, with the date of birth hidden from the query string.
    assert f"/v3/teachers/{fake_trs.KNOWN}?dateOfBirth=[hidden]" in logged
    # Failures are logged with the TRN masked.
    assert "TRN 1000*** after RemoteProtocolError" in logged
    assert "answered 500 for TRN 1000***" in logged
    for written in ("1980-03-14", "14/03/1980", "1980, 3, 14", "14 March 1980"):
        assert written not in logged
        assert all(written not in str(error) for error in raised)


async def test_the_local_backend_when_no_api_url_is_set():
    lookup = teaching_record_for(Settings(teaching_record_api_url=""))
    assert isinstance(lookup, LocalTeachingRecord)
    await lookup.aclose()


async def test_the_real_client_speaks_with_the_settings(trs):
    settings = Settings(
        teaching_record_api_url=trs.url,
        teaching_record_api_key="from-settings",
        teaching_record_api_version="20991231",
        teaching_record_timeout_seconds=0.2,
    )
    lookup = teaching_record_for(settings)
    try:
        assert isinstance(lookup, TeachingRecordClient)
        assert await lookup.find_teacher(fake_trs.KNOWN, BORN) is not None
        with pytest.raises(TeachingRecordUnavailable):
            await lookup.find_teacher(fake_trs.SLOW, BORN)  # the settings' 0.2 s timeout
    finally:
        await lookup.aclose()
    headers = {name.lower(): value for name, value in trs.requests[0].headers.items()}
    assert headers["authorization"] == "Bearer from-settings"
    assert headers["x-api-version"] == "20991231"


async def test_local_backend_finds_by_trn_and_date_of_birth(teacher_database):
    await upsert_teacher_records(
        [
            TeacherRecordValue("2000001", date(1975, 6, 30), "Gareth", "Hughes"),
            TeacherRecordValue("2000002", BORN, "Priya", "Patel"),
        ]
    )
    lookup = LocalTeachingRecord()

    assert await lookup.find_teacher("2000001", date(1975, 6, 30)) == TeacherName(
        trn="2000001", first_name="Gareth", last_name="Hughes"
    )
    assert await lookup.find_teacher("2000002", BORN) == TeacherName(
        trn="2000002", first_name="Priya", last_name="Patel"
    )


@pytest.mark.parametrize(
    ("trn", "born"),
    [
        ("2000001", date(1975, 6, 29)),  # date of birth does not match
        ("2000001", BORN),  # another teacher's date of birth
        ("2000003", date(1975, 6, 30)),  # unknown TRN
        ("200 0001", date(1975, 6, 30)),  # malformed
    ],
)
async def test_local_backend_not_found_is_none(teacher_database, trn, born):
    await upsert_teacher_records(
        [
            TeacherRecordValue("2000001", date(1975, 6, 30), "Gareth", "Hughes"),
            TeacherRecordValue("2000002", BORN, "Priya", "Patel"),
        ]
    )
    assert await LocalTeachingRecord().find_teacher(trn, born) is None
