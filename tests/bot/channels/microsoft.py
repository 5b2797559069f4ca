"""Local stand-ins for Microsoft's services, each an HTTP server on a free port of
127.0.0.1 in a thread of the test process:

- ``FakeLogin``: the OpenID metadata document and its JWKS (login.botframework.com),
  whose keys a test can rotate, and the OAuth 2.0 token endpoint
  (login.microsoftonline.com/{tenant}/oauth2/v2.0/token), which checks the client
  credentials and hands out tokens it remembers;
- ``FakeConnector``: the Bot Connector service of a Teams region, which records every
  reply activity and accepts it only with a token the fake login issued.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.bot.channels.tokens import SigningKey

# The app registration the tests' bot runs as: single-tenant, in a tenant of its own.
APP_ID = str(uuid.uuid4())
APP_PASSWORD = secrets.token_urlsafe(24)
TENANT_ID = str(uuid.uuid4())


class _Server:
    """A threaded HTTP server whose handler calls ``self.handle``."""

    def __init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                owner._dispatch(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                owner._dispatch(self, "POST")

            def log_message(self, *args: Any) -> None:
                pass  # keep test output quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _dispatch(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        status, answer = self.handle(method, request.path, dict(request.headers), body)
        data = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any]:
        raise NotImplementedError


class FakeLogin(_Server):
    METADATA_PATH = "/v1/.well-known/openidconfiguration"
    KEYS_PATH = "/v1/.well-known/keys"
    TOKEN_PATH = re.compile(r"^/([^/]+)/oauth2/v2\.0/token$")

    def __init__(self, app_id: str, app_password: str, token_lifetime: int = 3600) -> None:
        super().__init__()
        self.app_id = app_id
        self.app_password = app_password
        self.token_lifetime = token_lifetime
        self.key = SigningKey()
        self.published = [self.key]
        self.key_fetches = 0
        self.token_requests: list[dict[str, Any]] = []
        self.issued: set[str] = set()

    @property
    def metadata_url(self) -> str:
        return self.url + self.METADATA_PATH

    def rotate(self) -> SigningKey:
        """Publishes a new signing key in place of the current one."""
        with self.lock:
            self.key = SigningKey()
            self.published = [self.key]
            return self.key

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any]:
        if method == "GET" and path == self.METADATA_PATH:
            return 200, {
                "issuer": "https://api.botframework.com",
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": self.url + self.KEYS_PATH,
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        if method == "GET" and path == self.KEYS_PATH:
            with self.lock:
                self.key_fetches += 1
                return 200, {"keys": [key.jwk() for key in self.published]}
        match = self.TOKEN_PATH.match(path)
        if method == "POST" and match:
            return self._token(unquote(match.group(1)), body)
        return 404, {"error": "not_found"}

    def _token(self, tenant: str, body: bytes) -> tuple[int, Any]:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        with self.lock:
            self.token_requests.append({"tenant": tenant, **form})
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_id") != self.app_id
            or form.get("client_secret") != self.app_password
            or form.get("scope") != "https://api.botframework.com/.default"
        ):
            return 401, {"error": "invalid_client"}
        token = f"fake-access-{secrets.token_urlsafe(16)}"
        with self.lock:
            self.issued.add(token)
        return 200, {
            "token_type": "Bearer",
            "expires_in": self.token_lifetime,
            "ext_expires_in": self.token_lifetime,
            "access_token": token,
        }


@dataclass
class Sent:
    conversation_id: str
    reply_to_id: str
    authorization: str
    activity: dict[str, Any]
    at: float


class FakeConnector(_Server):
    REPLY_PATH = re.compile(r"^/teams/v3/conversations/([^/]+)/activities/([^/]+)$")

    def __init__(self, login: FakeLogin) -> None:
        super().__init__()
        self.login = login
        self.sent: list[Sent] = []
        self.refused = 0

    @property
    def service_url(self) -> str:
        # Like Teams' regional service URLs (https://smba.trafficmanager.net/uk/):
        # a path, and a trailing slash.
        return self.url + "/teams/"

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any]:
        match = self.REPLY_PATH.match(path)
        if method != "POST" or not match:
            return 404, {"error": "not_found"}
        authorization = headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ")
        with self.lock:
            if token not in self.login.issued:
                self.refused += 1
                return 401, {"error": "unauthorized"}
            self.sent.append(
                Sent(
                    conversation_id=unquote(match.group(1)),
                    reply_to_id=unquote(match.group(2)),
                    authorization=authorization,
                    activity=json.loads(body),
                    at=time.monotonic(),
                )
            )
        return 200, {"id": secrets.token_hex(8)}

    def replies_to(self, conversation_id: str, reply_to_id: str) -> list[Sent]:
        with self.lock:
            return [
                s
                for s in self.sent
                if s.conversation_id == conversation_id and s.reply_to_id == reply_to_id
            ]

    def everything(self) -> list[Sent]:
        with self.lock:
            return list(self.sent)
