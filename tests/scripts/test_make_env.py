"""scripts/make_env.py: a .env made before WIDGET_HOST_ORIGINS existed gets the example's
value (the demonstration site's origins), and nothing it has already is changed."""

from __future__ import annotations

from pathlib import Path

from scripts.make_env import _add_missing_settings, _example_values


def test_an_older_env_gets_the_widget_hosts_from_the_example(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("DATABASE_URL=sqlite:///var/hsb.db\nLOG_LEVEL=DEBUG")
    _add_missing_settings(env)
    expected = _example_values()["WIDGET_HOST_ORIGINS"]
    assert "http://localhost:8010" in expected.split(",")
    assert env.read_text() == (
        f"DATABASE_URL=sqlite:///var/hsb.db\nLOG_LEVEL=DEBUG\nWIDGET_HOST_ORIGINS={expected}\n"
    )


def test_a_value_already_there_is_kept(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("WIDGET_HOST_ORIGINS=\n")
    _add_missing_settings(env)
    assert env.read_text() == "WIDGET_HOST_ORIGINS=\n"
