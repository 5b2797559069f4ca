"""Reading a pasted note (actions/parsing/notes.py): labelled forms, e-mails in running
text and notes with no headings, in the voices professionals write in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.notes import field_for_label, is_pasted_note, read_note

TODAY = date(2026, 12, 4)
NOTES = Path(__file__).resolve().parents[2] / "fixtures" / "notes"


def facts(name: str) -> dict[str, object]:
    return {f.slot: f.value for f in read_note((NOTES / name).read_text(), TODAY)}


def test_a_labelled_form_gives_each_field_under_its_heading() -> None:
    got = facts("social_worker_form.txt")
    assert got["referrer_name"] == "Priya Shah"
    assert got["referrer_phone"] == "01454 868009"  # the validator makes it +44
    assert (got["yp_first_name"], got["yp_last_name"]) == ("Tom", "Baker")
    assert got["yp_date_of_birth"] == "3/5/2011"
    assert got["sa_name"] == "Sarah Baker"
    assert got["sa_relationship"] == "mother"
    assert got["parent_consent"] == "yes" and got["yp_consent"] == "yes"
    assert str(got["concern_description"]).startswith("Tom sent explicit images")


def test_an_email_in_running_text_gives_the_referrer_and_the_young_person() -> None:
    got = facts("dsl_email.txt")
    assert got["referrer_name"] == "Mark Davies"
    assert got["referrer_email"] == "m.davies@chippingsodbury.s-glos.sch.uk"
    assert got["referrer_phone"] == "+441454862500"
    assert got["yp_date_of_birth"] == "2012-02-14"
    # the 12 year old girl who reported it is not the young person
    assert got.get("yp_gender") != "female"
    assert got.get("yp_age") == 14


def test_a_label_shared_by_several_people_is_left_without_a_heading() -> None:
    got = facts("police_no_headings.txt")
    assert "referrer_name" not in got and "yp_first_name" not in got  # "Name:" whose?
    assert got["yp_location"] == "Kingswood"
    assert field_for_label("Name", "young_person") == "yp_first_name"
    assert field_for_label("Name", "referrer") == "referrer_name"
    assert field_for_label("name", None) is None
    assert field_for_label("D.O.B", None) == "yp_date_of_birth"


def test_every_fact_keeps_the_words_it_came_from() -> None:
    for name in ("social_worker_form.txt", "dsl_email.txt", "police_no_headings.txt"):
        text = (NOTES / name).read_text()
        for fact in read_note(text, TODAY):
            assert fact.words and fact.words in text


def test_notes_are_told_from_answers() -> None:
    for name in ("social_worker_form.txt", "dsl_email.txt", "police_no_headings.txt"):
        assert is_pasted_note((NOTES / name).read_text())
    for answer in ("3/5/2011", "Tom Baker", "He lives with mum in Yate.", "yes", ""):
        assert not is_pasted_note(answer)


@given(st.text(max_size=2000))
def test_any_text_is_read_without_error(text: str) -> None:
    for fact in read_note(text, TODAY):
        assert fact.slot and fact.words


@given(
    st.lists(
        st.sampled_from(["Name", "DOB", "Tel", "Role", "Young person", "Referrer"]), max_size=8
    ),
    st.text(max_size=40),
)
def test_labels_in_any_order_are_read_without_error(labels: list[str], value: str) -> None:
    text = "\n".join(f"{label}: {value}" for label in labels)
    assert isinstance(read_note(text, TODAY), list)


def test_a_labelled_value_also_gives_the_status_it_states() -> None:
    note = "Young person\nName: Jay\nDOB: 1/2/2012\nPolice: yes, the police are investigating"
    got = {f.slot: f.value for f in read_note(note, TODAY)}
    assert got["police_involved"] == "yes, the police are investigating"
    assert got["police_status"] == "open"


def test_a_numbered_section_heading_says_whose_the_labels_below_are() -> None:
    form = (
        "Section 1 - Child/young person\n"
        "Name: Amelia Hart\n"
        "Section 3 - Referrer\n"
        "Name: Declan Whelan\n"
        "Position: DSL\n"
    )
    read = {fact.slot: fact.value for fact in read_note(form, TODAY)}
    assert read["referrer_name"] == "Declan Whelan"
    assert read["referrer_role"] == "DSL"


def test_a_practice_template_gives_the_clinician_their_practice_and_line() -> None:
    form = (
        "Referring clinician: Dr Imran Qureshi\n"
        "Job title: GP Partner\n"
        "Practice: Severn Vale Surgery\n"
        "Practice tel (bypass): 01454 868008\n"
        "Social worker: not known\n"
    )
    read = {fact.slot: fact.value for fact in read_note(form, TODAY)}
    assert read["referrer_name"] == "Dr Imran Qureshi"
    assert read["referrer_role"] == "GP Partner"
    assert read["referrer_organisation"] == "Severn Vale Surgery"
    assert read["referrer_phone"] == "01454 868008"
    # "not known" is no allocated worker to compare the writer with
    assert "referrer_is_allocated" not in read


def test_an_aside_on_an_unknown_label_does_not_make_it_known() -> None:
    assert field_for_label("Favourite colour (optional)", None) is None
    assert field_for_label("Tel (mobile)", "referrer") == "referrer_phone"


def test_a_referrer_line_says_they_are_the_allocated_worker_and_gives_their_number() -> None:
    form = (
        "Child: Mia Castellano\n"
        "Referrer: Aaron Fletcher (allocated SW), Locality East, 07700 900460\n"
        "Lives: with grandparents (informal kinship arrangement) in Pucklechurch\n"
    )
    read = {fact.slot: fact.value for fact in read_note(form, TODAY)}
    assert read["referrer_name"] == "Aaron Fletcher"
    assert read["referrer_is_allocated"] == "yes"
    assert read["referrer_phone"] == "+447700900460"
    assert read["yp_location"] == "Pucklechurch"


def test_a_referrer_line_saying_they_are_not_allocated_gives_no_yes() -> None:
    form = "Child: Mia Castellano\nReferrer: Aaron Fletcher (not the allocated worker)\n"
    read = {fact.slot: fact.value for fact in read_note(form, TODAY)}
    assert read.get("referrer_is_allocated") != "yes"
