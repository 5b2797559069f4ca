"""Settings of the Microsoft Teams channel, from the environment (``.env``).

The channel reads ``TEAMS_*`` variables itself instead of taking them from
``${...}`` placeholders in ``credentials.yml``: Rasa refuses to start when a
placeholder's variable is unset, and honcho (``make run``) leaves variables that are
empty in ``.env`` unset, as does every environment that predates the Teams channel
(older ``.env`` files, the end-to-end harness). A key given in the channel's
``credentials.yml`` entry overrides the variable.

Runs inside the Rasa server: no imports from ``backend/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_LOGIN_URL = "https://login.microsoftonline.com"
#: The tenant that issues reply tokens to multi-tenant app registrations.
MULTI_TENANT = "botframework.com"
#: Shortest time between two key refreshes caused by tokens with unknown key ids,
#: so that forged tokens cannot make the bot hammer Microsoft's key endpoint.
DEFAULT_KEY_REFRESH_COOLDOWN_SECONDS = 300

# A tenant id is a GUID or a domain name; anything else could change the token URL.
_TENANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}")

# credentials.yml key -> environment variable
_VARIABLES = {
    "app_id": "TEAMS_APP_ID",
    "app_password": "TEAMS_APP_PASSWORD",
    "tenant_id": "TEAMS_TENANT_ID",
    "openid_metadata_url": "TEAMS_OPENID_METADATA_URL",
    "login_url": "TEAMS_LOGIN_URL",
    "key_refresh_cooldown_seconds": "TEAMS_KEY_REFRESH_COOLDOWN_SECONDS",
}


class TeamsConfigurationError(ValueError):
    """A Teams setting is malformed; the message names the variable."""


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str
    app_password: str
    tenant_id: str
    openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL
    login_url: str = DEFAULT_LOGIN_URL
    key_refresh_cooldown_seconds: float = DEFAULT_KEY_REFRESH_COOLDOWN_SECONDS

    @property
    def configured(self) -> bool:
        """Without an app id there is no audience to check: every request is refused."""
        return bool(self.app_id)

    @property
    def token_url(self) -> str:
        """Single-tenant apps get reply tokens from their own tenant, others from
        Microsoft's ``botframework.com`` tenant."""
        tenant = self.tenant_id or MULTI_TENANT
        return f"{self.login_url.rstrip('/')}/{tenant}/oauth2/v2.0/token"

    @classmethod
    def load(
        cls,
        credentials: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> TeamsSettings:
        env = os.environ if environ is None else environ
        given = dict(credentials or {})

        def value(key: str) -> str:
            raw = given.get(key)
            if raw is None or raw == "":
                raw = env.get(_VARIABLES[key], "")
            return str(raw).strip()

        tenant = value("tenant_id")
        if tenant and not _TENANT.fullmatch(tenant):
            raise TeamsConfigurationError("TEAMS_TENANT_ID must be a tenant GUID or domain name.")
        cooldown = value("key_refresh_cooldown_seconds")
        try:
            cooldown_seconds = float(cooldown) if cooldown else DEFAULT_KEY_REFRESH_COOLDOWN_SECONDS
        except ValueError:
            raise TeamsConfigurationError(
                "TEAMS_KEY_REFRESH_COOLDOWN_SECONDS must be a number of seconds."
            ) from None
        return cls(
            app_id=value("app_id"),
            app_password=value("app_password"),
            tenant_id=tenant,
            openid_metadata_url=value("openid_metadata_url") or DEFAULT_OPENID_METADATA_URL,
            login_url=value("login_url") or DEFAULT_LOGIN_URL,
            key_refresh_cooldown_seconds=max(0.0, cooldown_seconds),
        )
