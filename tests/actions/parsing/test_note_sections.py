"""A note's sections: a heading naming a field, and the lines under it
(actions/parsing/note_sections.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_sections import SECTION_FIELDS, section_facts


def _sections(text: str) -> dict[str, str]:
    return {f.slot: str(f.value) for f in section_facts(text.splitlines())}


def test_the_lines_under_a_heading_are_its_fields_value() -> None:
    note = (
        "SAFETY PLAN\n"
        "- does not use the corridor toilets\n"
        "- phone handed in at night\n"
        "\n"
        "OTHERS INVOLVED\n"
        "- Mrs Okafor, DSL\n"
        "- CAMHS - Dr Vance\n"
        "\n"
        "10. REQUEST\n"
        "Assessment and therapy please.\n"
    )
    assert _sections(note) == {
        "safety_plan": "does not use the corridor toilets; phone handed in at night",
        "professionals_involved": "Mrs Okafor, DSL; CAMHS - Dr Vance",
        "service_requested": "Assessment and therapy please.",
    }


def test_a_numbered_heading_with_an_aside() -> None:
    note = "3. CURRENT SAFETY PLAN (16/09, reviewed 20/10)\n- door sensor at night\n"
    assert _sections(note) == {"safety_plan": "door sensor at night"}


def test_a_heading_for_no_section_field_takes_nothing() -> None:
    note = "WHAT HAPPENED\n- he touched a younger boy\n\nYP\n- Ellie-Mae ROURKE, 15\n"
    assert _sections(note) == {}


def test_a_heading_with_nothing_under_it_takes_nothing() -> None:
    assert _sections("SAFETY PLAN\n\nCONSENT\n- mum agreed\n") == {}


@given(st.lists(st.text(max_size=60), max_size=12))
def test_any_lines_give_only_section_fields_from_their_own_words(lines: list[str]) -> None:
    for fact in section_facts(lines):
        assert fact.slot in SECTION_FIELDS | {"hc_details", "sa_willing"}
        if isinstance(fact.value, str) and fact.slot != "sa_willing":
            assert all(part.strip() in "\n".join(lines) for part in fact.value.split("; "))


def test_the_first_child_under_a_harmed_child_heading() -> None:
    note = "2. THE HARMED CHILD\nResident B: boy, 13, looked after elsewhere.\n"
    (fact,) = section_facts(note.splitlines())
    assert fact.slot == "hc_details"
    assert isinstance(fact.value, dict) and fact.value["age"] == "13"


def test_the_significant_adult_named_opening_their_section() -> None:
    note = (
        "8. SIGNIFICANT ADULT\n"
        "Leah Dunmore (LD), his keyworker here, has known him 2 years. She is willing and "
        "wants to take part - yes.\n"
    )
    assert _sections(note) == {"sa_name": "Leah Dunmore", "sa_willing": "yes"}


def test_a_significant_adult_section_not_opening_with_a_name_takes_nothing() -> None:
    assert _sections("SIGNIFICANT ADULT\n- mum, but she works nights\n") == {}
