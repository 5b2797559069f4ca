"""Reading a resume code (bot/nlu/resume_code_format.py): any string is either a code,
read the same however it is written, or cleanly refused; words are never a code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.resume_codes import new_code
from bot.nlu.resume_code_format import (
    ALPHABET,
    CODE_LENGTH,
    canonical,
    code_in,
    gives_resume_code,
    grouped,
    hides_codes,
    is_mixed,
)

codes = st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH).filter(is_mixed)


@given(st.text())
def test_any_string_is_a_code_or_refused(text: str) -> None:
    code = canonical(text)
    assert code is None or (
        len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) and is_mixed(code)
    )
    found = code_in(text)
    assert found is None or canonical(found) == found


@given(codes, st.sampled_from(["-", " ", ""]), st.booleans())
def test_a_code_reads_the_same_however_it_is_written(code: str, sep: str, lower: bool) -> None:
    written = sep.join(grouped(code).split("-"))
    written = written.lower() if lower else written
    assert canonical(written) == code
    assert code_in(f"resume {written} please") == code
    assert code_in(f"Resume code:{written}.") == code


@given(codes, st.text(alphabet="ABCDEFGHJKMN23456789", min_size=1, max_size=3))
def test_a_code_run_into_other_symbols_is_not_read(code: str, more: str) -> None:
    assert code_in(grouped(code) + more) is None
    assert code_in(more + grouped(code)) is None


@pytest.mark.parametrize(
    "text",
    [
        "we have been very worried",
        "he was strengthened by it",
        "call 0117 9123 4567",
        "2345 6789 2345",
        "postcode BS37 5AB",
        "ABCD-EFGH-JK10",  # a 1 and a 0: not in the alphabet
    ],
)
def test_words_and_numbers_are_not_codes(text: str) -> None:
    assert code_in(text) is None


def test_a_made_code_is_found_and_hidden() -> None:
    code = new_code()
    message = f"resume {grouped(code)}"
    assert gives_resume_code(message)
    assert not gives_resume_code(message + " " + "x" * 80)  # long messages are answers
    assert hides_codes(message) == "resume [resume code]"
    assert hides_codes("we have been very worried") == "we have been very worried"
