"""Whether a PostgreSQL server answers, for the tests and the benchmark that use one."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def unreachable(url: str) -> str | None:
    """Why the server at url cannot be used (the error's first line), or None when it can."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to connect means "skip, and say why"
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        engine.dispose()
    return None
