"""How the backend and the action server log: plain events and references, never what
anyone typed. Apart from the settings, since what is logged changes for other reasons
than what is configured."""

from __future__ import annotations

import logging

from backend.settings import Settings


class PathsWithoutQueries(logging.Filter):
    """uvicorn's access log names each request's path; a query string may carry what a
    member of staff typed into a search, so only the path is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


_ACCESS_LOG_FILTER = PathsWithoutQueries()


def configure_logging(settings: Settings) -> None:
    """Plain logs of events and references only; callers never pass message text."""
    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Even at DEBUG, no SQL statements in the logs.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    access = logging.getLogger("uvicorn.access")
    if _ACCESS_LOG_FILTER not in access.filters:
        access.addFilter(_ACCESS_LOG_FILTER)
