"""Referrals that start with a complete note pasted into the chat, for
scripts/benchmark_referrals.py: a social worker's e-mail, a police officer's terse
e-mail and a CAMHS clinician's letter, each in running text and each holding every fact
a referral needs (tests/fixtures/notes/complete/). The benchmark counts the questions
the bot still asks after the paste (issue 13's target: at most 8).

The answers are what the writer would say to each question if asked, consistent with
the note; the bot should need few of them.

The three above were written by the session that then changed the reader against them.
Three more (tests/fixtures/notes/complete/heldout/: a school DSL's e-mail with typos, a
YOT case summary in note form, a supervising social worker's e-mail with a correction)
were written by a helper that never saw the reader's code, with their answers, and
are never used to change the reader: their figures are the ones to believe."""

from __future__ import annotations

from pathlib import Path

import yaml

NOTES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "notes" / "complete"

# name, note file, the answers to any question asked (merged over the benchmark's
# fallbacks)
PASTED_NOTES: list[tuple[str, str, dict[str, str]]] = [
    (
        "pasted: social worker's e-mail",
        "social_worker_email.txt",
        {
            "referrer_name": "Rebecca Holt",
            "referrer_role": "social worker",
            "referrer_organisation": "South Gloucestershire Council",
            "referrer_email": "rebecca.holt@southglos.gov.uk",
            "referrer_phone": "01454 865 432",
            "referrer_is_allocated": "yes",
            "yp_first_name": "Callum",
            "yp_last_name": "Reeves",
            "yp_date_of_birth": "09/03/2011",
            "yp_gender": "male",
            "yp_location": "BS37 6AB",
            "yp_education_setting": "Chipping Sodbury School, year 10",
            "yp_legal_status": "child protection plan",
            "yp_additional_needs": "ADHD, EHCP for SEMH",
            "sa_name": "Lisa Reeves",
            "sa_relationship": "mum",
            "sa_willing": "yes",
            "lives_with": "mum and her partner",
            "household": "mum, her partner, half-brother aged 7",
            "safe_place": "yes",
            "safety_plan": "yes: own room, never unsupervised with his brother",
            "concern_description": "He touched his 7 year old half-brother's private "
            "parts when they shared a bedroom.",
            "concern_first_noticed": "May",
            "concern_most_recent": "2 August",
            "concern_context": "home",
            "hc_details": "half-brother, 7, same house, on a CP plan",
            "hc_same_home_or_school": "yes, same house",
            "hc_protection_plan": "yes",
            "admission": "partial, he says it happened once",
            "social_care_investigated": "yes, s47 completed",
            "police_involved": "yes",
            "police_status": "no further action",
            "multi_agency_meetings": "strategy meeting 5 August, ICPC 14 October",
            "previous_harmful_behaviour": "no",
            "previous_assessment": "no",
            "professionals_involved": "Mr Adams DSL 01454 123456, Dr Okafor CAMHS",
            "parent_consent": "yes",
            "yp_consent": "yes",
            "service_requested": "assessment and therapy",
        },
    ),
    (
        "pasted: police officer's e-mail",
        "police_email.txt",
        {
            "referrer_name": "Gary Fenwick",
            "referrer_role": "police officer",
            "referrer_organisation": "Avon and Somerset Police",
            "referrer_email": "gary.fenwick@avonandsomerset.police.uk",
            "referrer_phone": "07700 900418",
            "referrer_is_allocated": "no",
            "ap_exists": "yes",
            "ap_name": "Amira Hussain",
            "ap_role": "social worker",
            "ap_agency": "South Glos children's social care, Patchway CIN team",
            "ap_contact": "amira.hussain@southglos.gov.uk",
            "yp_first_name": "Tyler",
            "yp_last_name": "Brooks",
            "yp_date_of_birth": "22/11/2010",
            "yp_gender": "male",
            "yp_location": "BS34 5LP",
            "yp_education_setting": "Patchway Community School, year 11",
            "yp_legal_status": "child in need",
            "yp_additional_needs": "none known",
            "sa_name": "Steve Brooks",
            "sa_relationship": "dad",
            "sa_willing": "yes",
            "lives_with": "dad and stepmum",
            "household": "dad and stepmum, no other children",
            "safe_place": "yes",
            "safety_plan": "yes, no unsupervised internet use",
            "concern_description": "He sent sexual messages and a picture of his "
            "genitals over Snapchat to a 13 year old girl from his school.",
            "concern_first_noticed": "June",
            "concern_most_recent": "12 September",
            "concern_context": "online",
            "hc_details": "girl from his school, 13, not on a plan",
            "hc_same_home_or_school": "same school",
            "hc_protection_plan": "no",
            "admission": "full admission",
            "social_care_investigated": "yes",
            "police_involved": "yes",
            "police_status": "community resolution",
            "multi_agency_meetings": "strategy meeting 14/09, CIN meeting 02/10",
            "previous_harmful_behaviour": "no",
            "previous_assessment": "no",
            "professionals_involved": "DSL Mrs Kaur, YOT Jon Baker",
            "parent_consent": "yes",
            "yp_consent": "yes",
            "service_requested": "assessment",
        },
    ),
    (
        "pasted: CAMHS clinician's letter",
        "camhs_letter.txt",
        {
            "referrer_name": "Naomi Fisher",
            "referrer_role": "clinical psychologist",
            "referrer_organisation": "South Gloucestershire CAMHS",
            "referrer_email": "naomi.fisher@nhs.net",
            "referrer_phone": "0117 496 0123",
            "referrer_is_allocated": "no",
            "ap_exists": "yes",
            "ap_name": "Jodie Marsh",
            "ap_role": "social worker",
            "ap_agency": "Children in Care team",
            "ap_contact": "jodie.marsh@southglos.gov.uk",
            "yp_first_name": "Ellie-May",
            "yp_last_name": "Carter",
            "yp_date_of_birth": "03/06/2012",
            "yp_gender": "female",
            "yp_location": "BS15 4PQ",
            "yp_education_setting": "Hanham Woods Academy, year 9",
            "yp_legal_status": "looked after",
            "yp_additional_needs": "autism; short written steps",
            "sa_name": "Priya Patel",
            "sa_relationship": "foster carer",
            "sa_willing": "yes",
            "lives_with": "foster carers",
            "household": "foster carers and their son aged 17",
            "safe_place": "yes",
            "safety_plan": "yes: line-of-sight supervision, door alarm at night",
            "concern_description": "She was found in bed with her 9 year old foster "
            "sister, who said she had asked her to take her clothes off.",
            "concern_first_noticed": "2023",
            "concern_most_recent": "18 March",
            "concern_context": "home",
            "hc_details": "former foster sister, 9, not same home or school, on a CP plan",
            "hc_same_home_or_school": "no",
            "hc_protection_plan": "yes",
            "admission": "denies it",
            "social_care_investigated": "yes, s47",
            "police_involved": "yes",
            "police_status": "no further action",
            "multi_agency_meetings": "strategy meeting 20 March, child care review 15 April",
            "previous_harmful_behaviour": "yes",
            "previous_harmful_behaviour_details": "similar concerns in her birth family in 2023",
            "previous_assessment": "yes, an ERASOR was started but not finished",
            "previous_assessment_date": "2024",
            "previous_assessment_report": "no, there's no report",
            "professionals_involved": "Jodie Marsh SW, Mr Green DSL, Dr Singh paediatrician",
            "parent_consent": "yes, mum agreed",
            "yp_consent": "yes",
            "service_requested": "assessment and therapy",
        },
    ),
]


def _notes_in(folder: str, label: str) -> list[tuple[str, str, dict[str, str]]]:
    answers_file = NOTES / folder / "answers.yml"
    return [
        (f"{label}{name.removesuffix('.txt')}", f"{folder}/{name}", answers)
        for name, answers in yaml.safe_load(answers_file.read_text()).items()
    ]


# Four more development notes, written blind by a helper (an Early Help practitioner's
# e-mail, a school nurse's notes, a residential home's incident report, a GP's letter).
PASTED_NOTES += _notes_in("dev", "pasted: ")
HELDOUT_NOTES = _notes_in("heldout", "pasted (held-out): ")


def pasted_note(file_name: str) -> str:
    return (NOTES / file_name).read_text()
