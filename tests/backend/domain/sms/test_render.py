"""The bot's replies as texts: buttons as a numbered list, a reply by number taken as
that button, every text within the segment limit."""

from __future__ import annotations

from backend.domain.sms import segments
from backend.domain.sms.render import OptionMemory, render

QUESTION = {
    "recipient_id": "sms-x",
    "text": "Has the parent or carer agreed to this referral?",
    "buttons": [
        {"title": "Agreed", "payload": "Agreed"},
        {"title": "Refused", "payload": "Refused"},
        {"title": "Not asked yet", "payload": "Not asked yet"},
    ],
}


def test_buttons_become_a_short_numbered_list() -> None:
    rendered = render([{"text": "Thanks."}, QUESTION], 3)
    assert rendered.texts == [
        "Thanks.\n\nHas the parent or carer agreed to this referral?\n"
        "Reply with a number or in your own words:\n1 Agreed\n2 Refused\n3 Not asked yet"
    ]
    assert rendered.options == ["Agreed", "Refused", "Not asked yet"]


def test_images_and_custom_payloads_are_left_out() -> None:
    rendered = render([{"image": "https://x/y.png"}, {"custom": {"a": 1}}, {"text": "Hi"}], 3)
    assert rendered.texts == ["Hi"]
    assert rendered.options == []


def test_long_replies_stay_within_the_limit() -> None:
    long = {"text": "A long explanation. " * 60}
    rendered = render([long, QUESTION], 2)
    assert len(rendered.texts) > 1
    assert all(segments.count(t).segments <= 2 for t in rendered.texts)


def test_a_number_reply_is_the_option_it_names() -> None:
    memory = OptionMemory()
    memory.remember("sms-a", ["Agreed", "Refused", "Not asked yet"])
    assert memory.expand("sms-a", "2") == "Refused"
    assert memory.expand("sms-a", " 3. ") == "Not asked yet"
    assert memory.expand("sms-a", "4") == "4"  # no such option
    assert memory.expand("sms-a", "14/02/2011") == "14/02/2011"
    assert memory.expand("sms-b", "2") == "2"  # another sender's options
    memory.remember("sms-a", [])  # the last question had no buttons
    assert memory.expand("sms-a", "2") == "2"


def test_remembered_options_expire() -> None:
    memory = OptionMemory(ttl_seconds=-1)
    memory.remember("sms-a", ["Yes", "No"])
    assert memory.expand("sms-a", "1") == "1"
