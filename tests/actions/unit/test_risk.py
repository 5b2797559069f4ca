"""The immediate-risk safety net."""

from __future__ import annotations

import pytest

from actions.parsing import mentions_immediate_risk


@pytest.mark.parametrize(
    "text",
    [
        "he's with his sister right now and I'm worried",
        "He’s with his sister RIGHT NOW and I'm worried!!",
        "she's in danger",
        "she is in immediate danger",
        "still living with the victim and no supervision tonight",
        "at risk right now",
        "the child is at risk now",
        "it's happening now",
        "this is happening right now",
        "she is still at risk",
        "her sister remains at risk",
        "Mum has gone out and he is home alone with his little sister",
        "he threatened to hurt her again tonight",
        "he is being abused right now",
        "he still shares a bedroom with his brother, there is no safety plan",
        "left alone with the younger children, no adult there",
        "she isn't safe tonight",
        "I can't keep her safe",
        "immediate risk to his sister",
        "she's scared to go home tonight",
        "she doesn't feel safe at home",
        "she is not safe at home",
    ],
)
def test_fires_on_present_danger(text: str) -> None:
    assert mentions_immediate_risk(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "there was a risk last year",
        "risk assessment completed",
        "no current risk",
        "not at immediate risk",
        "she is not in danger",
        "he was in danger last year but is safe now",
        "no immediate risk as he is in foster care",
        "he lives with his mum now",
        "he lives with his sister, safety plan in place",
        "he still lives with his sister but they are supervised at all times",
        "I am worried about him",
        "the police were called in 2023",
        "EPO granted",
        "historic concerns about his brother",
        "14 year old boy from Yate, I'm his social worker",
        "he touched his sister when he was 12",
        "it's not safe to ask mum for consent",
        "she feels safe now",
    ],
)
def test_quiet_on_past_or_denied_risk(text: str) -> None:
    assert not mentions_immediate_risk(text)
