"""WIDGET_HOST_ORIGINS: the sites that may frame the chat page. Each origin goes into the
chat page's Content-Security-Policy as it stands, so the parser lets through origins
only, and nothing that could end the directive or add a source of its own."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.settings import ConfigurationError, load_settings, widget_host_origins

ORIGIN = re.compile(r"https?://[a-z0-9.\-]+|https?://[a-z0-9.\-]+:[0-9]{1,5}")
LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
HOST = st.lists(LABEL, min_size=1, max_size=3).map(".".join)
PORT = st.one_of(st.none(), st.integers(1, 65535))


@st.composite
def origins(draw: st.DrawFn) -> tuple[str, str]:
    """An origin as someone might write it, and as it should be read."""
    scheme = draw(st.sampled_from(["http", "https"]))
    host = draw(HOST)
    port = draw(PORT)
    written_scheme = draw(st.sampled_from([scheme, scheme.upper()]))
    written_host = draw(st.sampled_from([host, host.upper()]))
    written = f"{written_scheme}://{written_host}" + (f":{port}" if port else "")
    written += draw(st.sampled_from(["", "/"]))
    default = {"http": 80, "https": 443}[scheme]
    expected = f"{scheme}://{host}" + (f":{port}" if port and port != default else "")
    return written, expected


def test_unset_allows_no_other_site() -> None:
    assert load_settings({"DATABASE_URL": "sqlite:///:memory:"}).widget_host_origins == ()


def test_the_example_default_is_the_demonstration_site() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "sqlite:///:memory:",
            "WIDGET_HOST_ORIGINS": "http://localhost:8010,http://127.0.0.1:8010",
        }
    )
    assert settings.widget_host_origins == ("http://localhost:8010", "http://127.0.0.1:8010")


@given(st.lists(origins(), min_size=1, max_size=5), st.sampled_from([",", ", ", " ,"]))
def test_origins_are_read_in_order_normalised_and_once(
    written: list[tuple[str, str]], separator: str
) -> None:
    parsed = widget_host_origins(separator.join(w for w, _ in written) + separator)
    expected = list(dict.fromkeys(e for _, e in written))
    assert parsed == tuple(expected)
    # Reading what was read gives the same.
    assert widget_host_origins(",".join(parsed)) == parsed


@pytest.mark.parametrize(
    "value",
    [
        "*",
        "'self'",
        "'none'",
        "https://*.example.org",
        "https://www.example.org/path",
        "https://www.example.org?x=1",
        "https://www.example.org#top",
        "https://user@www.example.org",
        "ftp://www.example.org",
        "www.example.org",
        "https://www.example.org:0",
        "https://www.example.org:70000",
        "https://www.example.org; script-src *",
        "https://a.example.org https://b.example.org",
        "data:",
    ],
)
def test_anything_but_an_origin_is_refused(value: str) -> None:
    with pytest.raises(ConfigurationError, match="WIDGET_HOST_ORIGINS"):
        widget_host_origins(value)


@given(st.text(max_size=80))
def test_whatever_is_accepted_is_a_plain_origin(value: str) -> None:
    try:
        parsed = widget_host_origins(value)
    except ConfigurationError:
        return
    assert all(ORIGIN.fullmatch(origin) for origin in parsed), parsed
