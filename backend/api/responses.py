"""What the staff API answers besides success, documented once for every route.

Two error bodies, both with a ``detail``:

- an error the API reports in words (401, 403, 404, 409, 400, 413, 503, and the
  transcript handoff's own 422) is ``{"detail": "<what went wrong>"}`` (``ErrorOut``);
  503 on any staff route when the database cannot be reached;
- a request whose parameters or body break a rule is answered 422 in FastAPI's
  validation shape, ``{"detail": [{"loc", "msg", "type", ...}]}``, whether FastAPI or
  the API found the fault: the API raises ``validation_error(...)`` for the rules a
  schema cannot state (a date range the wrong way round, a blank reason).

Routers declare these with the helpers below rather than writing their own dicts, so a
status code means the same thing, with the same body, on every route.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# How FastAPI takes extra response documentation: status code -> OpenAPI response.
ResponseDocs = dict[int | str, dict[str, Any]]

# The largest request body the staff API reads (see backend.api.body_limit): a
# transcript of MAX_CHARS characters, each escaped in JSON, fits several times over.
MAX_BODY_BYTES = 2 * 1024 * 1024


class ErrorOut(BaseModel):
    """The body of an error the API reports in words."""

    detail: str = Field(description="What went wrong, for a person to read.")


class ValidationProblem(BaseModel):
    """One broken rule, as FastAPI reports it."""

    loc: list[str | int] = Field(description='Where: e.g. ["query", "page"] or ["body", "reason"].')
    msg: str
    type: str


class ValidationProblems(BaseModel):
    """FastAPI's 422 body (its HTTPValidationError), for routes that document it with
    another 422 body beside it."""

    detail: list[ValidationProblem]


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


SIGNED_IN: ResponseDocs = {  # a staff route checks the token against the database
    401: {
        **_error("No staff token, or one that is unknown, expired or revoked."),
        "headers": {
            "WWW-Authenticate": {
                "description": "Always `Bearer`: send a staff token.",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    },
    503: _error("The case database cannot be reached just now; try again in a minute."),
}

JSON_BODY: ResponseDocs = {
    400: _error("The body could not be read as JSON text (for example, it is not UTF-8)."),
    413: _error(f"The body is larger than {MAX_BODY_BYTES:,} bytes."),
}


def refused(description: str = "The signed-in role may not do this.") -> ResponseDocs:
    """403: the role is not allowed (the refusal is in the audit log)."""
    return {403: _error(description)}


def not_found(description: str) -> ResponseDocs:
    return {404: _error(description)}


def conflict(description: str) -> ResponseDocs:
    return {409: _error(description)}


def account_taken() -> ResponseDocs:
    """409 from POST /api/staff/tokens: a token for someone else's existing account. An
    administrator may make a new account with its first token, or a token for their own
    account; a token for anyone else's would let them act as that person, with the
    audit log naming that person, so only the server's command line issues one."""
    return {
        409: {
            **_error(
                "The account exists already and is not the administrator's own: a new "
                "token for it is issued only on the server (`python -m backend.cli "
                "create-token`), so nobody can act as its holder. Also: a new name "
                "differing from an existing account's only in case or look-alike "
                "characters, or the administrator's own account asked for with another "
                "role."
            ),
            "content": {
                "application/json": {
                    "example": {
                        "detail": "The account 'Sam Price' exists already, and only its "
                        "holder may have a new token for it: an administrator may make a "
                        "new account with its first token, or a token for their own "
                        "account. A replacement for someone else is issued on the server "
                        "(python -m backend.cli create-token)."
                    }
                }
            },
        }
    }


def unavailable(description: str) -> ResponseDocs:
    return {503: _error(description)}


def _valid_unicode(value: Any) -> Any:
    """The value with each unpaired surrogate replaced by U+FFFD, through lists and dicts."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_valid_unicode(item) for item in value]
    if isinstance(value, dict):
        return {_valid_unicode(key): _valid_unicode(item) for key, item in value.items()}
    return value


# What a 422 says about each problem: never the input itself.
_SAID_BACK = frozenset({"loc", "msg", "type"})


async def validation_problems(_request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 as documented: each problem's loc, msg and type, made valid
    Unicode. FastAPI's own handler also quotes the input as sent: a whole transcript or
    note echoed into a response (and whatever logs or caches it); and a body with half
    an emoji ("\\ud83d", which a browser's JSON.stringify can send) failed to encode its
    own answer: a 500."""
    assert isinstance(error, RequestValidationError)
    problems = [
        {key: value for key, value in problem.items() if key in _SAID_BACK}
        for problem in jsonable_encoder(error.errors())
    ]
    return JSONResponse({"detail": _valid_unicode(problems)}, status_code=422)


def validation_error(location: tuple[str, ...], message: str, value: Any) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for a rule the OpenAPI schema cannot state.

    location is where the fault is, as FastAPI gives it: ("query", "created_to") or
    ("body", "reason"); value is what was sent there."""
    return RequestValidationError(
        [{"type": "value_error", "loc": location, "msg": message, "input": value}]
    )
