"""Multi-agency meetings held, with dates."""

from __future__ import annotations

from datetime import date

import pytest

from actions.parsing import parse_meetings

TODAY = date(2026, 11, 27)


def meeting(kind: str, when: str | None = None) -> dict[str, str | None]:
    return {"type": kind, "date": when}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "strat on 3rd March and an ICPC",
            [meeting("strategy_meeting", "2026-03-03"), meeting("child_protection_conference")],
        ),
        ("strategy meeting last week", [meeting("strategy_meeting", "last week")]),
        ("Strategy discussion 2 weeks ago", [meeting("strategy_meeting", "2 weeks ago")]),
        ("strategy meeting (strat) on 2/2/26", [meeting("strategy_meeting", "2026-02-02")]),
        ("s47 strat held 14/10/2026", [meeting("strategy_meeting", "2026-10-14")]),
        ("ICPC", [meeting("child_protection_conference")]),
        (
            "icpc and rcpc",
            [meeting("child_protection_conference"), meeting("child_protection_conference")],
        ),
        ("RCPC in october", [meeting("child_protection_conference", "October")]),
        ("CP conference", [meeting("child_protection_conference")]),
        ("FGC", [meeting("family_group_conference")]),
        ("family group conference", [meeting("family_group_conference")]),
        ("CLA review", [meeting("child_care_review")]),
        (
            "LAC review and a core group",
            [meeting("child_care_review"), meeting("child_care_review")],
        ),
        ("child in need meeting 2 weeks ago", [meeting("child_care_review", "2 weeks ago")]),
        ("planning meeting", [meeting("child_care_review")]),
        (
            "strat 3/10/2026, ICPC 24/10/2026",
            [
                meeting("strategy_meeting", "2026-10-03"),
                meeting("child_protection_conference", "2026-10-24"),
            ],
        ),
        (
            "there was a strategy discussion and a CLA review",
            [meeting("strategy_meeting"), meeting("child_care_review")],
        ),
        (
            "no strat yet but an ICPC on 1st Nov",
            [meeting("child_protection_conference", "2026-11-01")],
        ),
        ("on 3rd March we had a strat", [meeting("strategy_meeting", "2026-03-03")]),
        ("none yet", []),
        ("None.", []),
        ("no", []),
        ("nope", []),
        ("not had any", []),
        ("no meetings", []),
        ("there hasn't been a strategy meeting", []),
        # Still to come: not a meeting that has taken place.
        ("ICPC booked for next week", []),
        ("ICPC on 10th December 2026", []),
        ("strat on 3/3/2026, ICPC is planned", [meeting("strategy_meeting", "2026-03-03")]),
        ("don't know", "unknown"),
        ("not sure", "unknown"),
    ],
)
def test_meetings(text: str, expected: object) -> None:
    assert parse_meetings(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "hmm", "yes", "social worker"])
def test_meetings_refused(text: str) -> None:
    assert parse_meetings(text, TODAY) is None
