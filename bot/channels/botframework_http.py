"""The one aiohttp session the Teams channel uses to talk to Microsoft.

Made on first use, inside the server's event loop (an aiohttp session is bound to the
loop it was created in), with a total timeout on every request so that a slow
Microsoft endpoint cannot hold a conversation up indefinitely. Redirects are never
followed: a redirect could carry a bearer token to another host.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

DEFAULT_TIMEOUT_SECONDS = 10.0


class FetchError(Exception):
    """A request to Microsoft failed; the message is safe to log (no tokens, no bodies)."""


class HttpClient:
    def __init__(self, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._loop = loop
        return self._session

    async def get_json(self, url: str) -> Any:
        try:
            async with self.session().get(url, allow_redirects=False) as response:
                if response.status != 200:
                    raise FetchError(f"GET answered {response.status}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
            raise FetchError(f"GET failed ({type(e).__name__})") from None

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
