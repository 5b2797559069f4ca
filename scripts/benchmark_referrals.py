"""Conversation-efficiency benchmark: scripted referrals, written the way professionals
write (several facts in one message where people give them), driven through the REST
channel of a running stack. Prints, per referral, the professional's turns, the
questions the bot asked, the fields in the stored record and the turns per field.

    .venv-app/bin/python -m scripts.benchmark_referrals [--stack var/dev-stack/stack.json]

Without --stack it trains if needed and starts a stack of its own (scripts/harness/stack.py),
then stops it. Fields are the non-empty values in the record read back from the staff
API, apart from the bookkeeping keys (reference, status, timestamps, screening,
missing fields, transcript); "unknown" answers count, and are also shown separately.
The `answers` are fallbacks: the bot should not need most of them, because the facts
came earlier; each answer the bot does ask for costs a turn."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from scripts.harness.chat import Chat
from scripts.harness.referral_script import run_referral
from scripts.harness.stack import Stack, make_stack, train_model
from scripts.pasted_note_referrals import HELDOUT_NOTES, PASTED_NOTES, pasted_note

ROOT = Path(__file__).resolve().parent.parent

NOT_FIELDS = {
    "reference",
    "status",
    "source",
    "created_at",
    "submitted_at",
    "screening",
    "missing_fields",
    "transcript",
}


def years_ago(years: int, days: int = 40) -> date:
    today = date.today()
    anchor = date(today.year - years, today.month, min(today.day, 28))
    return date.fromordinal(anchor.toordinal() - days)


def uk(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


# What any referrer would say to a question the script does not expect to be asked.
FALLBACKS: dict[str, str] = {
    "referrer_sms_followup": "no thanks",
    "ap_exists": "yes",
    "yp_last_name": "withheld for now",
    "yp_additional_needs": "none known",
    "safe_place_details": "don't know",
    "safety_plan": "don't know",
    "hc_more": "no",
    "severity_view": "skip",
    "police_status": "don't know",
    "previous_harmful_behaviour_details": "don't know",
    "previous_assessment": "no",
    "previous_assessment_date": "don't know",
    "previous_assessment_report": "don't know",
    "parent_consent_reason": "not asked yet, it could raise the risk",
    "yp_consent_reason": "not asked yet",
    "risk_now": "no, nobody is at risk right now",
    "confirm_submission": "yes, submit it",
}


@dataclass
class Script:
    name: str
    opening: str
    answers: dict[str, str] | dict[str, str | list[str]]
    before: dict[str, list[str]] = field(default_factory=dict)
    # a note is pasted into the web chat, which takes up to 6,000 characters (the REST
    # channel 2,000)
    channel: str = "rest"


def scripts() -> list[Script]:
    return [
        Script(
            "social worker, facts in bunches",
            "Hi, Sarah Jones, allocated SW in the Kingswood locality team at South Glos "
            f"Children's Services. I need to refer Jake, a 14 year old boy, DOB "
            f"{uk(years_ago(14))}, lives in Kingswood BS15 9TR",
            {
                **FALLBACKS,
                "referrer_name": "Sarah Jones",
                "referrer_role": "social worker",
                "referrer_organisation": "South Gloucestershire Children's Services",
                "referrer_email": "sarah.jones@southglos.gov.uk, mobile 07700 900123",
                "referrer_phone": "07700 900123",
                "referrer_is_allocated": "yes",
                "yp_first_name": "Jake",
                "yp_date_of_birth": uk(years_ago(14)),
                "yp_gender": "male",
                "yp_location": "BS15 9TR",
                "yp_education_setting": "Year 9 at a secondary in Kingswood, he has an EHCP",
                "yp_legal_status": "CP plan",
                "yp_additional_needs": "ADHD, EHCP",
                "sa_name": "his mum, Claire Smith, and she's keen to be involved",
                "sa_relationship": "mum",
                "sa_willing": "yes",
                "lives_with": "mum, her partner and his half-sister who is 8",
                "household": "mum, her partner, half-sister aged 8",
                "safe_place": "yes",
                "safety_plan": "yes, agreed at the strat: no unsupervised contact with "
                "younger children and he sleeps in his own room",
                "concern_description": "He was found touching his 8 year old half-sister "
                "at home in the summer; she told her teacher the next day.",
                "concern_first_noticed": "in the summer holidays",
                "concern_most_recent": "about three weeks ago",
                "concern_context": "home",
                "hc_details": "half-sister, 8, same house, on a CP plan",
                "hc_same_home_or_school": "yes, same house",
                "hc_protection_plan": "yes",
                "admission": "he admits some of it",
                "social_care_investigated": "yes, s47 completed",
                "police_involved": "no",
                "multi_agency_meetings": "strat on 2nd October and ICPC on 20 October",
                "previous_harmful_behaviour": "no",
                "professionals_involved": "DSL Mr Patel 01454 123456, GP at Kingswood "
                "Health Centre",
                "parent_consent": "agreed",
                "yp_consent": "agreed",
                "service_requested": "assessment and therapy",
            },
        ),
        Script(
            "DSL, police still investigating",
            "Hello, Tom Reed, DSL at The Castle School in Thornbury, tom.reed@castle.sch.uk. "
            "Need to make an HSB referral for a girl, Maisie, DOB 14/02/2012, lives in "
            "Thornbury BS35 2AA. I'm not her allocated worker, that's Priya Shah in the "
            "Thornbury CIN team",
            {
                **FALLBACKS,
                "referrer_name": "Tom Reed",
                "referrer_role": "DSL",
                "referrer_organisation": "The Castle School",
                "referrer_email": "tom.reed@castle.sch.uk",
                "referrer_phone": "01454 866 700",
                "referrer_is_allocated": "no",
                "ap_name": "Priya Shah",
                "ap_role": "social worker",
                "ap_agency": "South Glos children's social care, Thornbury CIN team",
                "ap_contact": "priya.shah@southglos.gov.uk",
                "yp_first_name": "Maisie",
                "yp_date_of_birth": "14/02/2012",
                "yp_gender": "female",
                "yp_location": "BS35 2AA",
                "yp_education_setting": "The Castle School, year 9",
                "yp_legal_status": "CIN",
                "sa_name": "Donna Reed-Jones, her mum",
                "sa_relationship": "mum",
                "sa_willing": "yes",
                "lives_with": "mum and her two younger brothers, 6 and 9",
                "household": "mum, brothers aged 6 and 9",
                "safe_place": "yes",
                "concern_description": "She has been pressuring younger girls at school "
                "to send nude images over Snapchat and shared one in a group chat.",
                "concern_first_noticed": "last spring",
                "concern_most_recent": "two weeks ago",
                "concern_context": "school and online",
                "hc_details": "girl in year 7, 12, same school, not on a plan",
                "hc_same_home_or_school": "yes, same school",
                "hc_protection_plan": "no",
                "admission": "she minimises it, says it was a joke",
                "social_care_investigated": "yes",
                "police_involved": "yes, she's RUI",
                "police_status": "released under investigation",
                "multi_agency_meetings": "strategy meeting on 5 September",
                "previous_harmful_behaviour": "not that we know of",
                "professionals_involved": "Priya Shah SW, school nurse, PC Ellis",
                "parent_consent": "mum agreed",
                "yp_consent": "yes",
                "service_requested": "assessment",
            },
        ),
        Script(
            "YOT worker, gaps, a question and a correction on the way",
            "I want to refer a lad called Alfie, 15, he lives in Yate. My name is Dan "
            "Wright, YOT worker with South Glos Youth Offending Team, "
            "dan.wright@southglos.gov.uk, 01454 868008, and I'm his allocated worker",
            {
                **FALLBACKS,
                "referrer_name": "Dan Wright",
                "referrer_role": "YOT worker",
                "referrer_organisation": "South Glos Youth Offending Team",
                "referrer_email": "dan.wright@southglos.gov.uk",
                "referrer_phone": "01454 868008",
                "referrer_is_allocated": "yes",
                "yp_first_name": "Alfie",
                "yp_date_of_birth": "don't have it to hand, he's 15",
                "yp_gender": "male",
                "yp_location": "Yate",
                "yp_education_setting": "Brimsham Green, year 10",
                "yp_legal_status": "not sure",
                "sa_name": "his nan, Pat, he's close to her",
                "sa_relationship": "nan",
                "sa_willing": "not sure yet",
                "lives_with": "his dad",
                "household": "dad and dad's partner, no other children",
                "safe_place": "yes",
                "concern_description": "Exposed himself to two younger boys at the park "
                "and filmed it on his phone.",
                "concern_first_noticed": "June",
                "concern_most_recent": "June",
                "concern_context": "community and online",
                "hc_details": "a neighbour's son, 10",
                "hc_same_home_or_school": "no",
                "hc_protection_plan": "don't know",
                "admission": "full admission in interview",
                "social_care_investigated": "yes",
                "police_involved": "yes, community resolution",
                "police_status": "community resolution",
                "multi_agency_meetings": "strategy meeting in July",
                "previous_harmful_behaviour": "don't know",
                "professionals_involved": "don't know",
                "parent_consent": "dad agreed",
                "yp_consent": "yes",
                "service_requested": "assessment and therapy",
            },
            before={
                "yp_education_setting": ["quick question, do you use AIM3?"],
                "sa_relationship": ["sorry, correction: he's 14 not 15"],
            },
        ),
        Script(
            "school nurse, one fact per message (for comparison)",
            "I'd like to make a referral",
            {
                **FALLBACKS,
                "referrer_name": "Ann Lowe",
                "referrer_role": "school nurse",
                "referrer_organisation": "Sirona care & health",
                "referrer_email": "ann.lowe@nhs.net",
                "referrer_phone": "07700 900456",
                "referrer_is_allocated": "yes",
                "yp_first_name": "Sam",
                "yp_date_of_birth": uk(years_ago(13)),
                "yp_gender": "male",
                "yp_location": "BS32 8EA",
                "yp_education_setting": "Bradley Stoke Community School",
                "yp_legal_status": "none",
                "sa_name": "Jo Evans",
                "sa_relationship": "mum",
                "sa_willing": "yes",
                "lives_with": "mum",
                "household": "mum and a sister aged 5",
                "safe_place": "yes",
                "concern_description": "He has been touching his 5 year old sister when "
                "mum is out of the room.",
                "concern_first_noticed": "in August",
                "concern_most_recent": "last month",
                "concern_context": "home",
                "hc_details": "sister, 5",
                "hc_same_home_or_school": "yes",
                "hc_protection_plan": "no",
                "admission": "denies it",
                "social_care_investigated": "yes",
                "police_involved": "no",
                "multi_agency_meetings": "strategy meeting last month",
                "previous_harmful_behaviour": "no",
                "professionals_involved": "GP",
                "parent_consent": "agreed",
                "yp_consent": "agreed",
                "service_requested": "assessment",
            },
        ),
    ]


def collected(value: Any) -> tuple[int, int]:
    """(fields with a value, of which 'unknown') in a record's section."""
    if isinstance(value, dict):
        totals = [collected(v) for v in value.values()]
        return sum(t[0] for t in totals), sum(t[1] for t in totals)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            totals = [collected(v) for v in value]
            return sum(t[0] for t in totals), sum(t[1] for t in totals)
        return (1, 0) if value else (0, 0)
    if value is None or value == "":
        return 0, 0
    return 1, int(value == "unknown")


def fetch_record(stack: Stack, token: str, reference: str) -> dict[str, Any]:
    response = httpx.get(
        f"{stack.backend_url}/api/referrals/{reference}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    record: dict[str, Any] = response.json()
    return record


def run_one(stack: Stack, token: str, script: Script) -> dict[str, Any]:
    chat = Chat(stack.rasa_url, channel=script.channel)
    try:
        run = run_referral(chat, script.opening, script.answers, before=script.before)
    except AssertionError as failure:
        lines = str(failure).splitlines()
        tail = "\n".join(lines[-8:])
        reason = lines[0].removesuffix(":") if lines else "failed"
        return {"name": script.name, "error": tail, "reason": reason, "turns": chat.turns}
    match = re.search(r"HSB-\d{4}-\d{5}", run.bot_text)
    if not match:
        return {"name": script.name, "error": "no reference in the last reply", "turns": chat.turns}
    record = fetch_record(stack, token, match.group(0))
    fields, unknown = collected({k: v for k, v in record.items() if k not in NOT_FIELDS})
    return {
        "name": script.name,
        "turns": chat.turns,
        "questions": len(run.asked),
        "fields": fields,
        "unknown": unknown,
        "outcome": record["screening"]["outcome"],
        "asked": run.asked,
        "transcript": chat.transcript(),
    }


_HELDOUT_MARK = "(held-out)"


_PER_CHILD = ("hc_details", "hc_same_home_or_school", "hc_protection_plan")


def _twice_per_child(answers: dict[str, str]) -> dict[str, str | list[str]]:
    """A note's answers, those about a harmed child given twice: a note may describe
    two children, and the writer answers the same for the second (each question asked
    is still counted)."""
    merged: dict[str, str | list[str]] = {**FALLBACKS, **answers}
    for slot in _PER_CHILD:
        if isinstance(value := merged.get(slot), str):
            merged[slot] = [value, value]
    return merged


def pasted_note_scripts() -> list[Script]:
    """Referrals opened by pasting a complete note (scripts/pasted_note_referrals.py)."""
    return [
        Script(name, pasted_note(file_name), _twice_per_child(answers), channel="webchat")
        for name, file_name, answers in PASTED_NOTES + HELDOUT_NOTES
    ]


def benchmark(stack: Stack, verbose: bool = False) -> int:
    token_output = stack.cli("create-token", "--name", "benchmark", "--role", "admin")
    token_match = re.search(r"[A-Za-z0-9_\-]{32,}", token_output)
    if not token_match:
        print(f"no token in: {token_output!r}")
        return 1
    results = [run_one(stack, token_match.group(0), s) for s in scripts() + pasted_note_scripts()]
    if verbose:
        for r in results:
            if _HELDOUT_MARK not in r["name"]:
                print(f"\n== {r['name']}\n{r.get('transcript', r.get('error', ''))}")
    print()
    print(
        f"{'referral':58} {'turns':>5} {'asked':>5} {'fields':>6} {'unknown':>7} "
        f"{'turns/field':>11}  outcome"
    )
    for r in results:
        if "error" in r:
            # a held-out note's conversation is not shown, so it is never tuned on
            why = (
                f"{r.get('reason', 'failed')} (conversation not shown)"
                if _HELDOUT_MARK in r["name"]
                else r["error"]
            )
            print(f"{r['name']:58} {r['turns']:>5}  FAILED: {why}")
            continue
        print(
            f"{r['name']:58} {r['turns']:>5} {r['questions']:>5} {r['fields']:>6} "
            f"{r['unknown']:>7} {r['turns'] / r['fields']:>11.2f}  {r['outcome']}"
        )
    done = [r for r in results if "error" not in r]
    if done:
        turns = sum(r["turns"] for r in done)
        fields = sum(r["fields"] for r in done)
        print(
            f"{'all ' + str(len(done)) + ' completed':58} {turns:>5} "
            f"{sum(r['questions'] for r in done):>5} {fields:>6} "
            f"{sum(r['unknown'] for r in done):>7} {turns / fields:>11.2f}"
        )
    pasted = [r for r in done if r["name"].startswith("pasted")]
    if pasted:
        print("\nFurther questions after a complete pasted note (target: at most 8; the")
        print("confirmation before submitting is not counted; held-out notes as counts only):")
        for r in pasted:
            further = [slot for slot in r["asked"] if slot != "confirm_submission"]
            listed = "" if _HELDOUT_MARK in r["name"] else ", ".join(further)
            name = r["name"].removeprefix("pasted").lstrip(": ")
            print(f"  {name:40} {len(further):>3}  {listed}")
    return 0 if len(done) == len(results) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", type=Path, help="stack.json of a running stack")
    parser.add_argument("--verbose", action="store_true", help="print each transcript")
    args = parser.parse_args()
    if args.stack:
        stack = Stack.from_description(json.loads(args.stack.read_text()))
        return benchmark(stack, args.verbose)
    train_model()
    with tempfile.TemporaryDirectory(prefix="hsb-benchmark-") as workdir:
        stack = make_stack(Path(workdir))
        try:
            stack.start()
            return benchmark(stack, args.verbose)
        finally:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
