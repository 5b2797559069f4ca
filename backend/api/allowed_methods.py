"""The ``Allow`` header of a 405: every method the path supports, whichever route serves it.

Starlette answers a method a path does not support with the methods of the *first*
route matching the path, so ``OPTIONS /api/referrals/{reference}/notes`` (GET and POST
are two routes) said ``Allow: GET``; and a static-files mount (``/webchat``, under which
``/webchat/config.json`` is a route) answered 405 with no ``Allow`` at all. RFC 9110
asks for the methods the resource supports, so the app sets the header from all routes.
The API has no CORS: ``OPTIONS`` is one of those unsupported methods (405).

Each route is asked, through Starlette's public ``matches()``, whether it would take the
path with each method in turn: FastAPI's included routers answer for their own routes,
so nothing here depends on how they are stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match, Mount
from starlette.staticfiles import StaticFiles

PROBED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
STATIC_METHODS = frozenset({"GET", "HEAD"})  # what StaticFiles serves


def _probe(path: str, method: str) -> dict[str, object]:
    """A request scope of its own for each question, so asking changes nothing."""
    return {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }


def methods_allowed(routes: Sequence[BaseRoute], path: str) -> list[str]:
    """The methods some route serves at this path, sorted."""
    allowed: set[str] = set()
    for route in routes:
        if isinstance(route, Mount):
            # A mount takes every method; static files serve only GET and HEAD.
            matched, _ = route.matches(_probe(path, "GET"))
            if isinstance(route.app, StaticFiles) and matched is not Match.NONE:
                allowed |= STATIC_METHODS
            continue
        for method in PROBED_METHODS:
            matched, _ = route.matches(_probe(path, method))
            if matched is Match.FULL:
                allowed.add(method)
    return sorted(allowed)
