"""Settings come from the environment; production refuses development settings."""

from __future__ import annotations

import pytest

from web.settings import DEFAULT_SECRET, UnknownEnvironment, UnsafeSettings, load_settings

SAFE_PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "x" * 40,
    "DATABASE_URL": "postgresql://claims@db/claims",
    "REDIS_URL": "redis://cache:6379/0",
    "OIDC_ISSUER_URL": "https://oidc.example",
    "OIDC_CLIENT_ID": "claims",
    "OIDC_CLIENT_SECRET": "secret",
    "SERVICE_URL": "https://claim-funding-for-mentor-training.education.gov.uk",
    "NOTIFY_API_KEY": "claims-" + "0" * 36 + "-" + "1" * 36,
    "PAYER_EMAIL": "payments@payer.example",
}


def test_local_defaults_are_safe_for_a_laptop():
    settings = load_settings({})
    assert settings.environment == "development"
    assert settings.personas_enabled
    assert not settings.research_mode
    assert settings.database_url.startswith("sqlite:///")
    assert settings.secret_key == DEFAULT_SECRET


def test_production_with_safe_settings_starts():
    settings = load_settings(SAFE_PRODUCTION)
    assert settings.is_production
    assert not settings.personas_enabled
    assert settings.uses_postgres


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"PERSONAS_ENABLED": "true"}, "persona sign-in is on"),
        ({"RESEARCH_MODE": "true"}, "research mode is on"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is the default"),
        ({"SECRET_KEY": "short"}, "shorter than 32"),
        ({"DATABASE_URL": "sqlite:///prod.sqlite3"}, "must point at PostgreSQL"),
        ({"REDIS_URL": ""}, "REDIS_URL must be set"),
        ({"SERVICE_START_TIME": "2026-01-01T00:00:00Z"}, "SERVICE_START_TIME"),
        ({"NOTIFY_API_KEY": ""}, "NOTIFY_API_KEY must be set"),
        ({"PAYER_EMAIL": ""}, "PAYER_EMAIL must be"),
        ({"PAYER_EMAIL": "not an address"}, "PAYER_EMAIL must be"),
        ({"SERVICE_URL": "http://example.org"}, "SERVICE_URL must be"),
    ],
)
def test_production_refuses_development_settings(override, message):
    with pytest.raises(UnsafeSettings, match=message):
        load_settings({**SAFE_PRODUCTION, **override})


def test_the_app_factory_refuses_too(monkeypatch):
    from web.app import create_app

    for name, value in {**SAFE_PRODUCTION, "PERSONAS_ENABLED": "yes"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UnsafeSettings, match="Refusing to start in production"):
        create_app()


@pytest.mark.parametrize("spelling", ["production", "Production", "PRODUCTION", " production "])
def test_production_is_recognised_in_any_case(spelling):
    settings = load_settings({**SAFE_PRODUCTION, "ENVIRONMENT": spelling})
    assert settings.is_production


@pytest.mark.parametrize("spelling", ["Production", "PRODUCTION"])
def test_production_in_any_case_still_refuses_development_settings(spelling):
    with pytest.raises(UnsafeSettings, match="persona sign-in is on"):
        load_settings({**SAFE_PRODUCTION, "ENVIRONMENT": spelling, "PERSONAS_ENABLED": "true"})


@pytest.mark.parametrize("spelling", ["Development", "DEVELOPMENT", "", "  "])
def test_development_in_any_case_or_unset(spelling):
    assert load_settings({"ENVIRONMENT": spelling}).environment == "development"


@pytest.mark.parametrize("value", ["prod", "live", "production1", "staging", "dev", "pro duction"])
def test_an_unknown_environment_refuses_to_start(value):
    with pytest.raises(UnknownEnvironment, match="is not one of development, production"):
        load_settings({**SAFE_PRODUCTION, "ENVIRONMENT": value})


def test_the_app_factory_refuses_an_unknown_environment(monkeypatch):
    from web.app import create_app

    for name, value in {**SAFE_PRODUCTION, "ENVIRONMENT": "prod"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UnknownEnvironment):
        create_app()
