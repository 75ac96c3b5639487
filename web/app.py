"""The Litestar application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.base import DefineMiddleware
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from web import dependencies
from web.access import provide_member_school, provide_school, provide_viewer
from web.claim_task import provide_draft
from web.clock import Clock, clock_from_settings, start_time_banner
from web.csrf import SessionCSRFMiddleware
from web.email_worker import start_email_worker, stop_email_worker
from web.errors import HANDLERS
from web.integrations.teaching_record import TeachingRecordLookup, teaching_record_for
from web.path_parameters import path_parameters_name_a_page
from web.provider_access import provide_provider_user
from web.request_connection import OneConnectionPerRequest
from web.request_log import RequestLog, log_as_json_lines
from web.request_text import RequestTextMiddleware
from web.research import mode as research
from web.research.clock import research_clock
from web.routes import AREAS, development
from web.security_headers import add_security_headers
from web.session_store import SessionConfig, session_store_for
from web.settings import Settings, load_settings
from web.static_files import serve_static_files
from web.support_access import provide_support_school, provide_support_user
from web.templating import create_environment


def _route_handlers() -> list:
    return [handler for area in AREAS for handler in area.ROUTES]


def provide_teaching_record(state: State) -> TeachingRecordLookup:
    """The app's one Teaching Record System lookup, made at startup."""
    return state.teaching_record


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Litestar:
    """Build the service from settings (read from the environment when not given)."""
    settings = settings or load_settings()
    clock = clock or clock_from_settings(settings.service_start_time)
    dependencies.install()

    @asynccontextmanager
    async def database(app: Litestar) -> AsyncIterator[None]:
        from piccolo_conf import DB, POOL_SIZE

        # The pool (or SQLite's one connection) is this event loop's; DATABASE_POOL_SIZE=0
        # means a PostgreSQL connection per query.
        if DB.engine_type == "sqlite":
            await DB.open_shared_connection()
            try:
                yield
            finally:
                await DB.close_shared_connection()
            return
        pooled = settings.uses_postgres and POOL_SIZE > 0
        if pooled:
            await DB.start_connection_pool(min_size=1, max_size=POOL_SIZE)
        try:
            yield
        finally:
            if pooled:
                await DB.close_connection_pool()

    @asynccontextmanager
    async def teaching_record(app: Litestar) -> AsyncIterator[None]:
        # One lookup for the app's life, so TRS connections are pooled and closed on shutdown.
        app.state.teaching_record = teaching_record_for(settings)
        try:
            yield
        finally:
            await app.state.teaching_record.aclose()

    @asynccontextmanager
    async def email_worker(app: Litestar) -> AsyncIterator[None]:
        # Delivers the outbox alongside the app, so locally and in research sessions emails
        # reach the mailbox with nothing else running. Listed after the database so it stops first.
        if not settings.email_worker_enabled:
            yield
            return
        running = await start_email_worker(settings)
        try:
            yield
        finally:
            await stop_email_worker(running)

    def provide_clock(request: Request) -> Clock:
        # A research participant's requests get their session's date (web/research/clock.py).
        return research_clock(clock)

    session_config = SessionConfig(
        key="session",
        max_age=settings.session_idle_seconds,
        renew_on_access=True,
        secure=settings.is_production,
        samesite="lax",
        httponly=True,
        exclude=["/static", "/assets"],
    )
    csrf_config = CSRFConfig(
        secret=settings.secret_key,
        cookie_name="csrftoken",
        header_name="x-csrftoken",
        cookie_secure=settings.is_production,
        cookie_samesite="lax",
    )
    environment = create_environment(auto_reload=settings.templates_auto_reload)
    research.show_banner(environment, settings)
    environment.globals["clock_banner"] = start_time_banner(settings.service_start_time)
    # Outside production the footer leads to the local mailbox and the local teachers.
    environment.globals["development_links"] = development.footer_links(settings)
    app = Litestar(
        route_handlers=[*_route_handlers(), *research.handlers(settings)],
        dependencies={
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "clock": Provide(provide_clock, sync_to_thread=False),
            "viewer": Provide(provide_viewer),
            "member_school": Provide(provide_member_school),
            "school": Provide(provide_school),
            "draft": Provide(provide_draft),
            "support_user": Provide(provide_support_user),
            "support_school": Provide(provide_support_school),
            "provider_user": Provide(provide_provider_user),
            "teaching_record": Provide(provide_teaching_record, sync_to_thread=False),
        },
        template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(environment)),
        plugins=[HTMXPlugin()],
        # Text is cleaned first, so the session, the CSRF check and research recording see it so.
        # Innermost last: CSRF checks need the session loaded.
        middleware=[
            RequestTextMiddleware(),
            session_config.middleware,
            *research.middleware(settings, clock),
            DefineMiddleware(SessionCSRFMiddleware, config=csrf_config),
        ],
        before_request=path_parameters_name_a_page,
        stores={"sessions": session_store_for(settings)},
        exception_handlers=HANDLERS,
        before_send=[add_security_headers(settings)],
        lifespan=[database, teaching_record, email_worker, *research.lifespans(settings)],
        logging_config=None,
        # The service has no API: Litestar's /schema pages would list every route's parameters
        # (and its viewers load scripts from CDNs).
        openapi_config=None,
        debug=False,
    )
    if settings.uses_postgres:
        from piccolo_conf import DB

        app.asgi_handler = OneConnectionPerRequest(app.asgi_handler, DB)
    # Static files are answered before the app's middleware: no session, no routing.
    app.asgi_handler = serve_static_files(app.asgi_handler, settings)
    if settings.is_production:
        # Outermost, so every response is logged: unknown addresses and error pages too.
        app.asgi_handler = RequestLog(app.asgi_handler)
    return app


def app_from_environment() -> Litestar:
    """Entry point for uvicorn --factory."""
    settings = load_settings()
    if settings.is_production:
        log_as_json_lines()
    else:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )
    return create_app(settings)
