"""Progress through a referral (actions/progress.py), from the field table: the part of
the next question, and the questions left given the answers so far."""

from __future__ import annotations

from typing import Any

from actions.progress import PARTS, progress
from actions.referral_flow import ASK_ORDER, CONFIRM_SLOT, HARMED_CHILD_SLOTS, slots_to_ask
from backend.domain.fields import FIELDS, GROUPS


def left(slots: dict[str, Any], next_slot: str) -> int:
    where = progress(slots, next_slot, texts_possible=False)
    assert where is not None
    return int(where["questions_left"])


def test_every_group_of_the_record_is_in_one_part_in_asking_order() -> None:
    grouped = [group for _, groups in PARTS for group in groups]
    assert sorted(grouped) == sorted(GROUPS) and len(grouped) == len(set(grouped))
    order = [group for group in dict.fromkeys(f.group for f in FIELDS)]
    assert grouped == order


def test_the_parts_of_the_questions_never_go_backwards() -> None:
    parts = [progress({}, slot, texts_possible=True) for slot in ASK_ORDER]
    numbers = [p["part"] for p in parts if p is not None]
    assert numbers[0] == 1 and numbers[-1] == len(PARTS) and numbers == sorted(numbers)
    assert progress({}, HARMED_CHILD_SLOTS[0], texts_possible=True)["title"] == "the concern"


def test_at_the_start_every_question_that_applies_is_left() -> None:
    wanted = [s for s in slots_to_ask({}, texts_possible=False) if s != CONFIRM_SLOT]
    where = progress({}, "referrer_name", texts_possible=False)
    assert where == {
        "part": 1,
        "parts": len(PARTS),
        "title": "about you",
        "questions_left": len(wanted),
        "text": f"Part 1 of {len(PARTS)}: about you · about {len(wanted)} questions left",
    }


def test_answers_from_a_pasted_note_shorten_what_is_left() -> None:
    note = {
        "referrer_name": "Dan Wright",
        "referrer_role": "YOT worker",
        "referrer_organisation": "South Glos YOT",
        "yp_first_name": "Alfie",
        "yp_date_of_birth": "2011-05-03",
        "yp_gender": "male",
    }
    assert left(note, "referrer_email") == left({}, "referrer_name") - len(note)


def test_questions_that_do_not_apply_are_not_counted() -> None:
    asked_about_them = {"referrer_is_allocated": "no", "ap_exists": "yes"}
    no_other_worker = {"referrer_is_allocated": "no", "ap_exists": "no"}
    # ap_name, ap_role, ap_agency and ap_contact apply only when there is another worker.
    assert left(asked_about_them, "yp_first_name") == left(no_other_worker, "yp_first_name") + 4


def test_the_read_back_says_nearly_done() -> None:
    answered: dict[str, Any] = {}
    while missing := [s for s in slots_to_ask(answered, texts_possible=False) if s not in answered]:
        answered.update({slot: "x" for slot in missing if slot != CONFIRM_SLOT})
        if missing == [CONFIRM_SLOT]:
            break
    where = progress(answered, CONFIRM_SLOT, texts_possible=False)
    assert where is not None and where["questions_left"] == 0
    assert where["text"].endswith("nearly done: time to check and submit")


def test_nothing_to_show_outside_the_questions() -> None:
    assert progress({}, None, texts_possible=False) is None
    assert progress({}, "risk_now", texts_possible=False) is None
