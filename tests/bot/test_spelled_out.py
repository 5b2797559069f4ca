"""Words typed letter by letter (bot/spelled_out.py) are read as words at the gate, so
the safety net and the model read a spelled-out disclosure; one with no word gaps gets
a request for ordinary words with the 999 line, not silence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from actions.parsing.risk import mentions_immediate_risk
from bot.input_gate import SPELLED_OUT_REPLY, clean_text, gate
from bot.spelled_out import rejoined, spelled_without_gaps
from bot.turn_guard import SAFETY_SIGNPOST

LIMIT = 6000


def spelled(sentence: str, gap: str = "  ") -> str:
    return gap.join(" ".join(word) for word in sentence.split())


def test_a_spelled_out_disclosure_is_read_as_words_and_reaches_the_safety_net() -> None:
    typed = spelled("he's alone with the kids tonight")
    assert typed == "h e ' s  a l o n e  w i t h  t h e  k i d s  t o n i g h t"
    assert mentions_immediate_risk(typed) is False  # what the safety net saw before
    passed = gate(typed, LIMIT)
    assert passed.text == "he's alone with the kids tonight"
    assert mentions_immediate_risk(passed.text)


def test_tabs_slashes_and_wide_gaps_end_a_word() -> None:
    assert clean_text("h e  i s\ta l o n e   w i t h  a  c h i l d") == "he is alone with a child"


def test_a_spelled_out_line_without_word_gaps_is_asked_again_with_the_999_line() -> None:
    typed = spelled("hes alone with the kids tonight", gap=" ")
    assert spelled_without_gaps(typed)
    refused = gate(typed, LIMIT)
    assert refused.reply == SPELLED_OUT_REPLY and refused.reason == "spelled_out"
    assert SAFETY_SIGNPOST in refused.reply


def test_only_the_spelled_out_line_of_a_message_is_joined() -> None:
    typed = "Referral for Sam\nw o r r i e d  a b o u t  h i m"
    assert clean_text(typed) == "Referral for Sam\nworried about him"


def test_ordinary_text_with_single_letters_is_left_alone() -> None:
    for text in (
        "J A Smith, social worker",
        "a 5 y o and a 7 y o",
        "Is he in Year 7 or 8? I'm not sure",
        "Options a, b or c",
        "DOB 0 1 0 5 2 0 1 0",
        "Ruby's in year 9 and it's a CP plan",
    ):
        assert rejoined(text) == text
        assert not spelled_without_gaps(text)
        assert gate(text, LIMIT).passed


words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=2, max_size=9).filter(
        lambda w: any(c.isalpha() for c in w)
    ),
    min_size=4,  # eight letters at least: fewer is ordinary text
    max_size=10,
)


@given(words)
@settings(max_examples=300)
def test_any_words_spelled_out_with_gaps_read_back_as_the_words(typed: list[str]) -> None:
    sentence = " ".join(typed)
    assert clean_text(spelled(sentence)) == sentence


@given(st.text(max_size=200))
@settings(max_examples=500)
def test_rejoining_never_raises_and_never_adds_a_character(line: str) -> None:
    joined = rejoined(line)
    assert sorted(c for c in joined if not c.isspace()) == sorted(
        c for c in line if not c.isspace()
    )
