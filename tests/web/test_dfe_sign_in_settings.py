"""Production will not start without DfE Sign-in set up to use https."""

from __future__ import annotations

import pytest

from web.settings import UnsafeSettings, load_settings

SAFE_PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "x" * 40,
    "DATABASE_URL": "postgresql://claims@db/claims",
    "REDIS_URL": "redis://cache:6379/0",
    "NOTIFY_API_KEY": "claims-" + "0" * 36 + "-" + "1" * 36,
    "SERVICE_URL": "https://claim-funding-for-mentor-training.education.gov.uk",
    "OIDC_ISSUER_URL": "https://oidc.signin.education.gov.uk",
    "OIDC_CLIENT_ID": "claim-mentor-funding",
    "OIDC_CLIENT_SECRET": "a-real-secret",
    "PAYER_EMAIL": "payments@payer.example",
}


def test_production_with_dfe_sign_in_set_up_starts():
    settings = load_settings(SAFE_PRODUCTION)
    assert settings.oidc_issuer_url == "https://oidc.signin.education.gov.uk"
    assert not settings.personas_enabled


@pytest.mark.parametrize("missing", ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"])
def test_production_refuses_to_start_without_dfe_sign_in(missing):
    with pytest.raises(UnsafeSettings, match="DfE Sign-in is not set up"):
        load_settings({**SAFE_PRODUCTION, missing: ""})


def test_production_refuses_a_provider_over_plain_http():
    with pytest.raises(UnsafeSettings, match="OIDC_ISSUER_URL must use https"):
        load_settings({**SAFE_PRODUCTION, "OIDC_ISSUER_URL": "http://127.0.0.1:8100"})


def test_the_app_factory_refuses_too(monkeypatch):
    from web.app import create_app

    for name, value in {**SAFE_PRODUCTION, "OIDC_CLIENT_SECRET": ""}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UnsafeSettings, match="DfE Sign-in is not set up"):
        create_app()


def test_outside_production_dfe_sign_in_is_optional():
    settings = load_settings({"OIDC_ISSUER_URL": "http://127.0.0.1:8100"})
    assert settings.oidc_issuer_url == "http://127.0.0.1:8100"
    assert load_settings({}).oidc_issuer_url == ""
