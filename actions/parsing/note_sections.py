"""A note's sections: a heading line that names a field ("SAFETY PLAN", "OTHERS
INVOLVED", "7. NETWORK", "10. REQUEST", "Ask") and the lines under it, which are that
field's value. School nurses', care homes' and YOT workers' notes are written this way,
and the lines under a heading seldom say their field again.

Only fields whose value is words the validators read, not a single choice, are taken
from a section, and the significant adult named opening theirs. A section is as explicit
as a labelled line, so the reader puts it before what sentences state in passing
("safety plan in place (see 3)")."""

from __future__ import annotations

import re

from .harmed_children import parse_harmed_child
from .names import find_full_name
from .note_facts import NoteFact
from .note_labels import field_for_label, label_key

# A heading: a line of a few words alone, perhaps numbered, perhaps with a bracketed
# aside ("3. CURRENT SAFETY PLAN (16/09, reviewed 20/10)").
_HEADING = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*)?(?P<label>[A-Za-z][A-Za-z'/& -]{1,40}?)\s*(?:\([^)]*\))?\s*:?\s*$"
)
# Words a heading adds to the label it stands for.
_HEADING_EXTRA = re.compile(r"^(?:current|the|our|existing|agreed)\s+", re.IGNORECASE)
SECTION_FIELDS = frozenset(
    {"safety_plan", "professionals_involved", "service_requested", "household", "sa_name"}
)
_MAX_CHARS = 600


# "CHILDREN HARMED (x2)", "2. THE HARMED CHILD": the first line under it describes the
# first child ("(1) girl, yr 8, aged 12 - ...", "Resident B: boy, 13, ...").
_HARMED_CHILD_HEADING = re.compile(
    r"^(?:the\s+)?(?:child(?:ren)?\s+harmed|harmed\s+child(?:ren)?|victims?)$", re.IGNORECASE
)


def _field_of(line: str) -> str | None:
    heading = _HEADING.match(line)
    if heading is None:
        return None
    label = _HEADING_EXTRA.sub("", label_key(heading["label"]))
    if _HARMED_CHILD_HEADING.match(label):
        return "hc_details"
    slot = field_for_label(label, None)
    return slot if slot in SECTION_FIELDS else None


def _section_facts(slot: str, under: list[str]) -> list[NoteFact]:
    if slot == "sa_name":
        # "Leah Dunmore (LD), his keyworker here ..., has known him 2 years. She is
        # willing and wants to take part - yes."
        named = _NAME_OPENS.match(under[0])
        full = find_full_name(named[0]) if named else None
        if full is None:
            return []
        facts = [NoteFact("sa_name", " ".join(full), under[0])]
        if _WILLING.search(" ".join(under)):
            facts.append(NoteFact("sa_willing", "yes", under[0]))
        return facts
    fact = _section_fact(slot, under)
    return [fact] if fact else []


_NAME_OPENS = re.compile(r"^\s*(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'-]+\s+[A-Z][\w'-]+")
_WILLING = re.compile(
    r"\b(?:is|are)\s+(?:very\s+)?willing\b(?!\s+to\s+(?:think|consider))|\bwants\s+to\s+take\s+part\b",
    re.IGNORECASE,
)


def _section_fact(slot: str, under: list[str]) -> NoteFact | None:
    if slot == "hc_details":
        child = parse_harmed_child(_ITEM_MARK.sub("", under[0]))
        return NoteFact(slot, child, under[0]) if child else None
    value = "; ".join(under)[:_MAX_CHARS].strip()
    return NoteFact(slot, value, value) if value else None


# "(1) ", "Resident B: ": what marks an item before its description
_ITEM_MARK = re.compile(r"^\s*(?:\(?\d{1,2}[.)]\s*|[A-Z][\w ]{0,20}:\s*)")


def section_facts(lines: list[str]) -> list[NoteFact]:
    """Each section's field, its value the lines under the heading (bullets as they
    are), up to the next heading or the end."""
    facts: list[NoteFact] = []
    slot: str | None = None
    under: list[str] = []
    for line in [*lines, ""]:
        ends = not line.strip() and under
        heading = _HEADING.match(line) if line.strip() else None
        if slot is not None and (heading or ends):
            if under:
                facts.extend(_section_facts(slot, under))
            slot, under = None, []
        if heading:
            slot = _field_of(line)
        elif slot is not None and line.strip():
            under.append(line.strip(" -*\u2022"))
    return facts
