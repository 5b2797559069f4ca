"""The read-back summary and the outcome message, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from actions.summary import outcome_text, summary_text


@dataclass
class Result:
    reason: str
    result: str = "exception"


def test_summary_groups_fields_and_reads_values_plainly() -> None:
    text = summary_text(
        {
            "referrer_name": "Sam Lee",
            "referrer_is_allocated": "yes",
            "yp_date_of_birth": "2011-05-03",
            "yp_legal_status": "child_protection_plan",
            "yp_gender": "unknown",
            "multi_agency_meetings": [{"type": "strategy_meeting", "date": "2026-10-02"}],
        }
    )
    assert "Young person" in text
    assert "Date of birth: 3 May 2011" in text
    assert "Legal status: child protection plan" in text
    assert "Gender: don't know" in text
    assert "strategy meeting, 2 October 2026" in text
    assert "Allocated professional" not in text  # the referrer is them


def test_outcome_names_the_reference_and_says_each_reason_once() -> None:
    same = "A police investigation or prosecution is still open."
    text = outcome_text("HSB-2026-00007", "needs_discussion", [Result(same)], [Result(same)])
    assert "HSB-2026-00007" in text
    assert text.count(same) == 1
    assert "practitioner will review" in text
