"""Settings read once from the environment, with safe local defaults."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "local-development-secret-not-for-production-use-000"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'claims.sqlite3'}"
DEFAULT_PAYER_EMAIL = "payer@example.org"
# Every value ENVIRONMENT may take. A near miss ("prod", "live") must not quietly mean development.
ENVIRONMENTS = ("development", "production")


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the app reads from its environment."""

    environment: str = "development"
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str = ""
    secret_key: str = DEFAULT_SECRET
    personas_enabled: bool = True
    research_mode: bool = False
    session_idle_seconds: int = 2 * 60 * 60
    # The address people reach the service at, for links in emails (never the request's Host).
    service_url: str = "http://127.0.0.1:8000"
    # Outside production, the service can start on a given date (e2e tests, demos): ISO 8601.
    service_start_time: str = ""
    # Teaching Record System: empty base URL means the local backend in our own database.
    teaching_record_api_url: str = ""
    teaching_record_api_key: str = ""
    teaching_record_api_version: str = "20250627"
    teaching_record_timeout_seconds: float = 5.0
    # GOV.UK Notify: empty key means the local mailbox.
    notify_api_key: str = ""
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_templates: dict[str, str] = {}
    email_worker_enabled: bool = True
    # The payer (ESFA): where claims to pay are sent; a local address outside production.
    payer_email: str = DEFAULT_PAYER_EMAIL
    # Re-read a template whose file changed: for editing templates; each page then checks
    # every template file it uses (the GOV.UK macros too) on every request.
    templates_auto_reload: bool = True
    # DfE Sign-in (OpenID Connect).
    oidc_issuer_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""

    @property
    def is_production(self) -> bool:
        """True when running as the live service."""
        return self.environment == "production"

    @property
    def uses_postgres(self) -> bool:
        """True when the database is PostgreSQL."""
        return self.database_url.startswith(("postgres://", "postgresql://"))


class UnsafeSettings(Exception):
    """Production was asked to start with development-only settings."""


class UnknownEnvironment(UnsafeSettings):
    """ENVIRONMENT names no environment the service knows."""


def _environment(value: str | None) -> str:
    # Unset means a laptop; anything set must be spelt out, in any case.
    if value is None or value.strip() == "":
        return "development"
    environment = value.strip().lower()
    if environment not in ENVIRONMENTS:
        raise UnknownEnvironment(
            f"Refusing to start: ENVIRONMENT={value!r} is not one of {', '.join(ENVIRONMENTS)}."
        )
    return environment


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _templates(value: str | None) -> dict[str, str]:
    # NOTIFY_TEMPLATES="colleague_added=uuid,colleague_removed=uuid,claim_submitted=uuid"
    pairs = [item.split("=", 1) for item in (value or "").split(",") if "=" in item]
    return {key.strip(): template.strip() for key, template in pairs}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from environment variables and refuse unsafe production settings."""
    env = os.environ if environ is None else environ
    environment = _environment(env.get("ENVIRONMENT"))
    production = environment == "production"
    settings = Settings(
        environment=environment,
        database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        redis_url=env.get("REDIS_URL", ""),
        secret_key=env.get("SECRET_KEY") or DEFAULT_SECRET,
        personas_enabled=_flag(env.get("PERSONAS_ENABLED"), default=not production),
        research_mode=_flag(env.get("RESEARCH_MODE"), default=False),
        session_idle_seconds=int(env.get("SESSION_IDLE_SECONDS") or 2 * 60 * 60),
        service_start_time=env.get("SERVICE_START_TIME", ""),
        service_url=(env.get("SERVICE_URL") or "http://127.0.0.1:8000").rstrip("/"),
        teaching_record_api_url=env.get("TEACHING_RECORD_API_URL", ""),
        teaching_record_api_key=env.get("TEACHING_RECORD_API_KEY", ""),
        teaching_record_api_version=env.get("TEACHING_RECORD_API_VERSION") or "20250627",
        teaching_record_timeout_seconds=float(env.get("TEACHING_RECORD_TIMEOUT_SECONDS") or 5),
        notify_api_key=env.get("NOTIFY_API_KEY", ""),
        notify_base_url=env.get("NOTIFY_BASE_URL") or "https://api.notifications.service.gov.uk",
        notify_templates=_templates(env.get("NOTIFY_TEMPLATES")),
        email_worker_enabled=_flag(env.get("EMAIL_WORKER_ENABLED"), default=True),
        payer_email=(env.get("PAYER_EMAIL") or DEFAULT_PAYER_EMAIL).strip(),
        templates_auto_reload=_flag(env.get("TEMPLATES_AUTO_RELOAD"), default=not production),
        oidc_issuer_url=env.get("OIDC_ISSUER_URL", ""),
        oidc_client_id=env.get("OIDC_CLIENT_ID", ""),
        oidc_client_secret=env.get("OIDC_CLIENT_SECRET", ""),
    )
    if production:
        problems = unsafe_for_production(settings)
        if problems:
            raise UnsafeSettings("Refusing to start in production: " + "; ".join(problems) + ".")
    return settings


def unsafe_for_production(settings: Settings) -> list[str]:
    """Every development-only setting that production must not run with."""
    problems = []
    if settings.personas_enabled:
        problems.append("persona sign-in is on (set PERSONAS_ENABLED=false)")
    if settings.research_mode:
        problems.append("research mode is on (set RESEARCH_MODE=false)")
    if settings.secret_key == DEFAULT_SECRET or len(settings.secret_key) < 32:
        problems.append("SECRET_KEY is the default or shorter than 32 characters")
    if settings.service_start_time:
        problems.append("SERVICE_START_TIME moves the clock (unset it)")
    if not settings.uses_postgres:
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not settings.redis_url:
        problems.append("REDIS_URL must be set so sessions are shared between processes")
    if not settings.service_url.startswith("https://"):
        problems.append("SERVICE_URL must be the service's https:// address")
    if not settings.notify_api_key:
        problems.append("NOTIFY_API_KEY must be set, or emails would go to the local mailbox")
    if settings.payer_email == DEFAULT_PAYER_EMAIL or "@" not in settings.payer_email:
        problems.append("PAYER_EMAIL must be the payer's address, or claims would go nowhere")
    if not (settings.oidc_issuer_url and settings.oidc_client_id and settings.oidc_client_secret):
        problems.append(
            "DfE Sign-in is not set up (set OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)"
        )
    elif not settings.oidc_issuer_url.startswith("https://"):
        problems.append("OIDC_ISSUER_URL must use https")
    return problems
