"""The safety invariant on disclosures nobody tuned for: every held-out disclosure of
current risk (tests/fixtures/risk/disclosures_heldout*.yml) gets the safety message, at
once or after the one-tap check, in every form state the risk report measures (no form;
asked "what happened?", a name, a choice, the date of birth), read by the trained model
and then by the bot's own decisions (scripts/risk_decision_report.py: read_as).

No floor: a missed disclosure costs more than any number of extra safety messages, so
one miss fails. The held-out near misses are only reported (the report), never asserted:
a set a test gates on is soon tuned on."""

from __future__ import annotations

import pytest

from scripts.harness.stack import train_model
from scripts.risk_decision_report import FORM_STATES, model_readings, read_as
from tests.fixtures.risk_cases import (
    DISCLOSURES_HELDOUT,
    DISCLOSURES_HELDOUT_2,
    DISCLOSURES_HELDOUT_3,
)


@pytest.mark.e2e
def test_every_held_out_disclosure_gets_the_safety_message_in_every_form_state() -> None:
    readings = model_readings(
        train_model(),
        DISCLOSURES_HELDOUT + DISCLOSURES_HELDOUT_2 + DISCLOSURES_HELDOUT_3,
        cache=None,
    )
    missed = [
        f"{label}: {r.intent} {r.confidence:.2f}: {text}"
        for text, r in readings.items()
        for asked, label in FORM_STATES.items()
        if read_as(r, asked) == "answer"
    ]
    assert missed == [], "held-out disclosures taken as answers:\n" + "\n".join(missed)
