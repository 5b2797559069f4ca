"""Reading a pasted note: a referral e-mail, case notes, or another service's form,
pasted into the chat in one piece.

Labelled lines ("DOB: 3/5/2011", "Tel - 01454 868008") go to the field whose
`note_labels` (backend/domain field specification) name that label; a label several
fields share ("Name", "Role") goes to the one the note's last heading is about
("Young person", "Referrer details"), and is left unread without a heading: a fact
put in the wrong field is worse than a question asked. Other lines are read sentence
by sentence for the facts they state (extract_facts). Each fact keeps the words it
came from. Pure: no I/O, no Rasa; the slot validators have the last word on values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from backend.domain.fields import FIELDS

from .answers import parse_yes_no_unknown
from .choices import parse_contexts, parse_police_status, parse_role
from .contacts import find_phone
from .corrections import value_as_corrected
from .dates import MAX_AGE, MIN_AGE
from .education import OUR_PUPIL, school_of
from .facts import extract_facts
from .harmed_in_account import harmed_child_in_account
from .letter_subject import letter_subject, regarding
from .names import same_person, surname_first
from .note_corrections import corrected_values, corrects, named_in_correction
from .note_entities import entity_facts
from .note_facts import NoteFact
from .note_labels import (
    LABELLED,
    field_for_label,
    label_key,
    labelled_lines,
    note_lines,
)
from .note_sections import section_facts
from .note_sentences import account_facts, contacts_by_owner, merged_pieces, sentence_facts
from .note_statements import note_statements
from .note_writer import closing_signature, one_line_signature, opening_rank, signature_facts
from .note_young_person import (
    gender_from_pronouns,
    name_at_head,
    named_with_birth,
    young_person_with_age,
)
from .people import parse_gender
from .record_writer import first_name_sign_off, record_writer, writers_contact
from .significant_adult import (
    SUPPORTS_IN_SESSIONS,
    adult_in_full,
    adult_named_in_passing,
    adult_offering_by_first_name,
    labelled_adult,
    parse_significant_adult,
)
from .status_facts import placed_with_foster_carer
from .text_speak import spelled_out
from .young_person_gender import young_person_gender

# A heading line names whom the lines below are about.
_HEADINGS: dict[str, str] = {
    "referrer": "referrer",
    "referrer details": "referrer",
    "referrer's details": "referrer",
    "about you": "referrer",
    "your details": "referrer",
    "referred by": "referrer",
    "young person": "young_person",
    "young person details": "young_person",
    "young person's details": "young_person",
    "yp details": "young_person",
    "child": "young_person",
    "child's details": "young_person",
    "child details": "young_person",
    "child/young person": "young_person",
    "child / young person": "young_person",
    "about the young person": "young_person",
    "allocated professional": "allocated_professional",
    "allocated social worker": "allocated_professional",
    "allocated worker": "allocated_professional",
    "lead professional": "allocated_professional",
    "social worker": "allocated_professional",
    "significant adult": "significant_adult",
    "parent/carer": "significant_adult",
    "parent / carer": "significant_adult",
    "parent or carer": "significant_adult",
    "family": "living_situation",
    "home": "living_situation",
    "concern": "concern",
    "concerns": "concern",
    "consent": "consent",
}
_HEADING = re.compile(r"^\s*(?:[-*\u2022#]\s*)?(?P<label>[A-Za-z][A-Za-z'/ -]{0,38}?)\s*:?\s*$")
# A numbered heading: "Section 3 - Referrer", "2. Young person", "Part 1: About you".
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:(?:section|part|step)\s*)?\d{1,2}[.):]?\s*(?:[-\u2013:]\s*)?"
    r"(?P<label>[A-Za-z][A-Za-z'/ -]{0,38}?)\s*:?\s*$",
    re.IGNORECASE,
)
# A sentence ends at a stop before a capital or a digit, or, as texts are typed, before a
# lower-case word after a whole word ("he doesn't want to come. mum happy to be the adult"),
# not after an abbreviation ("approx. six", "d.o.b. 07.01.2011").
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z0-9])"
    r"|(?<=[a-z]{3}[.!?])(?<!approx\.)(?<!incl\.)(?<!dept\.)(?<!etc\.)(?<!tel\.)(?<!ref\.)"
    r"\s+(?=[a-z])"
)
# A name given as first and last: "Tom Baker", "Tom O'Neill".
_FULL_NAME = re.compile(r"^(?P<first>[A-Z][\w'-]+)\s+(?P<last>[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?)$")
# What introduces the young person in running text.
_INTRODUCTION = frozenset({"yp_age", "yp_gender", "yp_date_of_birth", "yp_first_name"})
_MIN_LABELLED_LINES = 3
_MIN_NOTE_CHARS = 400


def is_pasted_note(text: str) -> bool:
    """Whether a message is a note pasted in one piece rather than an answer."""
    return labelled_lines(text) >= _MIN_LABELLED_LINES or (
        len(text) >= _MIN_NOTE_CHARS and len(_SENTENCE_END.split(text)) >= 4
    )


# The person each field is about, as a heading names them: a labelled field sets the
# context for the shared labels after it.
_GROUPS: dict[str, str] = {
    field.name: field.group
    for field in FIELDS
    if field.group in {"referrer", "young_person", "allocated_professional", "significant_adult"}
}
# Fields that hold a person's name, which a labelled line may follow with their team.
_PERSON_NAMES = frozenset({"referrer_name", "ap_name", "sa_name"})
# Statuses a labelled value may also state ("Police: yes, under investigation").
_STATUS_SLOTS = frozenset({"police_involved", "police_status", "yp_legal_status"})


# "Referrer: Aaron Fletcher (allocated SW), Locality East, 07700 900460", "Referrer: Rosie
# Fairclough (Early Help Practitioner) - lead professional": they are the allocated worker.
_ALLOCATED_ASIDE = re.compile(
    r"\b(?:allocated|lead\s+professional|named\s+worker)\b", re.IGNORECASE
)
_NOT_ALLOCATED = re.compile(r"\bnot\b|\bisn'?t\b", re.IGNORECASE)


def _referrer_line_extras(value: str, line: str) -> list[NoteFact]:
    """Whether the referrer on a labelled line is the allocated worker, and their phone."""
    extras = []
    if _ALLOCATED_ASIDE.search(value) and not _NOT_ALLOCATED.search(value):
        extras.append(NoteFact("referrer_is_allocated", "yes", line))
    if phone := find_phone(value):
        extras.append(NoteFact("referrer_phone", phone, line))
    return extras


def _labelled_facts(slot: str, label: str, value: str, line: str, today: date) -> list[NoteFact]:
    full = _FULL_NAME.match(value.strip(" ."))
    if slot == "yp_first_name" and (name := surname_first(value) or (full and full.groups())):
        return [NoteFact("yp_first_name", name[0], line), NoteFact("yp_last_name", name[1], line)]
    if slot == "yp_first_name" and (head := name_at_head(value)) is not None:
        # "YP: Oliver Fenwick, male, DOB 05/01/2009. Lives with his dad": the rest is
        # about the young person too
        first, last, rest = head
        said: dict[str, Any] = {}
        for sentence in _SENTENCE_END.split(rest):
            said = {**extract_facts(sentence, today), **said}
        if "yp_gender" not in said:
            # "male, DOB 05/01/2009": a gender as one item of the list
            genders = {parse_gender(item) for item in rest.split(",")} - {None}
            if len(genders) == 1:
                said["yp_gender"] = genders.pop()
        ages = {int(item) for item in rest.split(",") if item.strip().isdigit()}
        if "yp_age" not in said and len(ages) == 1 and MIN_AGE <= min(ages) <= MAX_AGE:
            said["yp_age"] = ages.pop()  # "Isla Morton, 14, Charfield": an age as one item
        said.pop("yp_first_name", None)
        return [
            NoteFact("yp_first_name", first, line),
            NoteFact("yp_last_name", last, line),
            *(NoteFact(other, found, line) for other, found in said.items()),
        ]
    if slot == "sa_name" and (adult := labelled_adult(value)):
        # "Grandad - Michael Brown (willing)": the name and the relationship
        return [NoteFact(other, found, line) for other, found in adult.items()]
    if slot in _PERSON_NAMES and (head := name_at_head(value)) is not None:
        # "Allocated SW: Ben Okafor, Children in Care Team": the name, not the team;
        # "Referrer: Rosie Fairclough (Early Help Practitioner)": and the role in brackets
        named = [NoteFact(slot, f"{head[0]} {head[1]}", line)]
        aside = re.match(r"\(([^()]{2,60})\)", value[value.find("(") :]) if "(" in value else None
        if slot == "referrer_name" and aside and (role := parse_role(aside[1])):
            named.append(NoteFact("referrer_role", role, line))
        if slot == "referrer_name":
            named.extend(_referrer_line_extras(value, line))
        return named
    if slot == "police_involved" and (status := parse_police_status(value)) is not None:
        # "Police: yes, under investigation" answers where the police are as well; "Police:
        # released under investigation" says they are involved without a yes
        answered = parse_yes_no_unknown(value) is not None or status in {"none", "unknown"}
        involved = value.strip() if answered else "yes"
        return [NoteFact(slot, involved, line), NoteFact("police_status", status, line)]
    statuses = [
        NoteFact(other, found, line)
        # with its label: "under investigation" says whose only after "Police:"
        for other, found in extract_facts(f"{label} {value}", today).items()
        # "Lives: with grandparents in Pucklechurch": and where they live
        if (other in _STATUS_SLOTS or (slot, other) == ("lives_with", "yp_location"))
        and other != slot
    ]
    if slot == "previous_harmful_behaviour" and (yes := _YES_THEN_DETAILS.match(value)):
        # "Previous HSB: yes. 2023, previous foster placement - ...": and what it was
        statuses.append(NoteFact("previous_harmful_behaviour_details", yes["details"], line))
    return [NoteFact(slot, value.strip(), line), *statuses]


_YES_THEN_DETAILS = re.compile(r"^\s*yes\b[\s.,:;\-\u2013]+(?P<details>\S.{5,})$", re.IGNORECASE)


def read_note(text: str, today: date) -> list[NoteFact]:
    """Every fact the note states, first mention first, with the words it came from
    (text-speak spelled out: "mum sed yes" reads, and is kept, as "mum said yes")."""
    text = spelled_out(text)
    facts: list[NoteFact] = []
    corrections: list[NoteFact] = []
    sentences: list[str] = []
    supporting: list[str] = []
    heading: str | None = None
    introduced = False
    for line in note_lines(text):
        numbered = _NUMBERED_HEADING.match(line)
        if numbered and label_key(numbered["label"]) in _HEADINGS:
            heading = _HEADINGS[label_key(numbered["label"])]
            continue
        if subject := letter_subject(line, today):
            facts.extend(subject)  # "Re: Oliver Penhaligon, d.o.b. 07.01.2011, Winterbourne"
            introduced = True
            continue
        labelled = LABELLED.match(line)
        if labelled:
            slot = field_for_label(labelled["label"], heading)
            if slot is not None:
                value = value_as_corrected(labelled["value"])
                taken = _labelled_facts(slot, labelled["label"], value, line.strip(), today)
                facts.extend(taken)
                if slot == "concern_description":
                    facts.extend(_harmed_child(labelled["value"], facts))
                facts.extend(_stated_beside(slot, value, facts))
                sentences.extend(_SENTENCE_END.split(value))  # for facts read across them
                # "Referrer: Marcus Bell" then "Role: …": the next shared label is theirs
                heading = _GROUPS.get(slot, heading)
                introduced = introduced or any(f.slot in _INTRODUCTION for f in taken)
                continue
        only_heading = _HEADING.match(line)
        if only_heading and label_key(only_heading["label"]) in _HEADINGS:
            heading = _HEADINGS[label_key(only_heading["label"])]
            continue
        if signed := one_line_signature(line):
            facts.extend(signed)
            continue
        for sentence in _SENTENCE_END.split(line):
            inline = LABELLED.match(sentence.strip())
            # a label of two words or more, which running text does not use in passing
            # ("... has agreed too. Other professionals: Mr Adams, DSL (01454 ...)");
            # not "Contact: ...", which after "LP to complete referral." is the writer's
            wordy = inline is not None and len(inline["label"].split()) > 1
            slot = field_for_label(inline["label"], heading) if inline and wordy else None
            if inline and slot is not None:
                value = value_as_corrected(inline["value"])
                facts.extend(_labelled_facts(slot, inline["label"], value, sentence.strip(), today))
                continue
            extracted = extract_facts(sentence, today)
            # the young person named so far, or in this sentence ("Leon B (15) - mum &
            # leon agree"): whose consent a name states
            named = next((str(f.value) for f in facts if f.slot == "yp_first_name"), None)
            with_age = young_person_with_age(sentence, text)
            named = named or extracted.get("yp_first_name") or (with_age[0] if with_age else None)
            found = sentence_facts(sentence, extracted, named, today)
            if introduced:
                # Ages and genders after the sentence that introduced the young person
                # are mostly other children's ("a 12 year old girl in Year 7 reported").
                found = {k: v for k, v in found.items() if k not in _INTRODUCTION}
            sentences.append(sentence)
            facts.extend(_harmed_child(sentence, facts))
            if corrects(sentence):
                # a sentence that corrects what the note said before: its facts win
                birth = next((str(f.value) for f in facts if f.slot == "yp_date_of_birth"), None)
                corrected = corrected_values(sentence, today, birth)
                corrections.extend(NoteFact(k, v, sentence.strip()) for k, v in corrected.items())
                if (whose := named_in_correction(sentence)) and "yp_first_name" not in found:
                    found["yp_first_name"] = whose  # "Amira's surname is Khan not Kahn"
            if not introduced:
                facts.extend(
                    NoteFact(slot, value, sentence.strip())
                    for slot, value in named_with_birth(sentence).items()
                )
            if not any(f.slot == "yp_first_name" for f in facts):
                facts.extend(_young_person_with_age(sentence, text))
            if not any(f.slot == "yp_first_name" for f in facts):
                said = regarding(sentence).items()  # "re Jaxon - mum sed yes"
                facts.extend(NoteFact(slot, value, sentence.strip()) for slot, value in said)
            if SUPPORTS_IN_SESSIONS.search(sentence):
                supporting.append(sentence)
                found = {
                    **parse_significant_adult(sentence),
                    **adult_named_in_passing(sentence),
                    **found,
                }
            introduced = introduced or bool(_INTRODUCTION & found.keys())
            facts.extend(NoteFact(slot, value, sentence.strip()) for slot, value in found.items())
    facts.extend(account_facts(sentences))
    facts.extend(signature_facts(text.splitlines()))
    facts.extend(closing_signature(text))
    facts.extend(opening_rank(text))
    facts.extend(record_writer(text.splitlines()))
    people = [str(f.value) for f in facts if f.slot in {"yp_first_name", "sa_name", "ap_name"}]
    facts.extend(first_name_sign_off(text, people))
    facts[:0] = section_facts(text.splitlines())  # "SAFETY PLAN" and the lines under it
    first: dict[str, NoteFact] = {}
    for fact in facts:
        first.setdefault(fact.slot, fact)
    for fact in entity_facts(text, first.keys(), supporting):
        first.setdefault(fact.slot, fact)
    first.update(merged_pieces(facts))
    first.update((fact.slot, fact) for fact in corrections)
    first = contacts_by_owner(first, text)
    if (adult := first.get("sa_name")) is not None:
        # "Mrs Penhaligon will come", named in full beside "his adoptive mother" before
        young_person = frozenset(str(f.value) for f in facts if f.slot == "yp_first_name")
        for slot, value in adult_in_full(str(adult.value), text, young_person).items():
            if slot == "sa_name" or slot not in first:
                first[slot] = NoteFact(slot, value, adult.words)
    if (writer := first.get("referrer_name")) is not None:
        for fact in writers_contact(text.splitlines(), str(writer.value)):
            first.setdefault(fact.slot, fact)  # "Contact: 07700 900649 / laura.briggs@..."
    placed = placed_with_foster_carer(text.lower()) if "lives_with" not in first else None
    if placed is not None:
        # "placed with Jo" in one line, "foster carer Jo Whitfield" in another
        first["lives_with"] = NoteFact("lives_with", "foster", placed)
    return [*first.values(), *_worked_out(first, sentences, text)]


def _harmed_child(words: str, facts: list[NoteFact]) -> list[NoteFact]:
    """The child the account describes, while the note has described none."""
    if any(f.slot == "hc_details" for f in facts):
        return []
    child = harmed_child_in_account(words)
    return [] if child is None else [NoteFact("hc_details", child, words.strip())]


def _stated_beside(slot: str, value: str, facts: list[NoteFact]) -> list[NoteFact]:
    """Other facts a labelled line's sentences state ("Safety plan: ... never left
    unsupervised. Mum feels home is safe")."""
    named = next((str(f.value) for f in facts if f.slot == "yp_first_name"), None)
    return [
        NoteFact(field, stated, sentence.strip())
        for sentence in _SENTENCE_END.split(value)
        for field, stated in note_statements(sentence, named).items()
        if field != slot
    ]


def _young_person_with_age(sentence: str, note: str) -> list[NoteFact]:
    found = young_person_with_age(sentence, note)
    if found is None:
        return []
    first, age = found
    words = sentence.strip()
    return [NoteFact("yp_first_name", first, words)] + (
        [NoteFact("yp_age", age, words)] if age is not None else []
    )


def _worked_out(facts: dict[str, NoteFact], sentences: list[str], text: str) -> list[NoteFact]:
    """Facts a note gives without stating them: where it happened, when the account
    names one place only; that the writer is the allocated worker, when the note names
    them as such; the young person's gender, from the pronouns used for them (or the
    noun, initials or short message of young_person_gender); the adult
    who offers to take part by first name, named in full elsewhere; the writer's school,
    when they say the young person is one of its pupils."""
    found: list[NoteFact] = []
    named, surname = facts.get("yp_first_name"), facts.get("yp_last_name")
    if "yp_gender" not in facts:
        gender = gender_from_pronouns(sentences, str(named.value)) if named else None
        gender = gender or young_person_gender(
            sentences,
            text,
            str(named.value) if named else None,
            str(surname.value) if surname else None,
        )
        if gender is not None:
            found.append(NoteFact("yp_gender", gender[0], gender[1]))
    if "sa_name" not in facts and "sa_relationship" not in facts:
        young_person = str(named.value) if named is not None else None
        adult = adult_offering_by_first_name(sentences, young_person)
        found.extend(NoteFact(slot, value, value) for slot, value in adult.items())
    account = facts.get("concern_description")
    if account is not None and "concern_context" not in facts:
        places = parse_contexts(str(account.value))
        if isinstance(places, list) and len(places) == 1:
            found.append(NoteFact("concern_context", places, account.words))
    organisation = facts.get("referrer_organisation")
    school = school_of(str(organisation.value)) if organisation is not None else None
    if (
        school is not None
        and organisation is not None
        and "yp_education_setting" not in facts
        and any(OUR_PUPIL.search(words) for words in (*sentences, named.words if named else ""))
    ):
        # the writer works at a school and says the young person is one of its pupils
        found.append(NoteFact("yp_education_setting", school, organisation.words))
    writer, allocated = facts.get("referrer_name"), facts.get("ap_name")
    if writer is not None and allocated is not None and "referrer_is_allocated" not in facts:
        # the note names the allocated worker: the writer is, or is not, that person
        # ("Social worker: not known" names no one)
        same = same_person(str(writer.value), str(allocated.value))
        if same is not None:
            found.append(
                NoteFact("referrer_is_allocated", "yes" if same else "no", allocated.words)
            )
    return found
