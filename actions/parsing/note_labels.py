"""The labelled lines of a pasted note: "DOB: 3/5/2011", "Tel - 01454 868008", and a
form's row of several labels, and the field each label names (the `note_labels` of the
backend/domain field specification). Apart from actions/parsing/notes.py, which reads
the note, so that the label table and the way a line is cut into labelled parts can be
changed, and tested, on their own.
"""

from __future__ import annotations

import re

from backend.domain.fields import FIELDS

LABELLED = re.compile(
    r"^\s*(?:[-*\u2022]\s*)?(?P<label>[A-Za-z][A-Za-z'/().& -]{0,38}?)\s*(?::|\s[-\u2013]\s)\s*"
    r"(?P<value>\S.*)$"
)


def label_key(label: str) -> str:
    return " ".join(label.lower().replace(":", " ").split()).strip(" .-")


_LABEL_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")


FIELDS_BY_LABEL: dict[str, tuple[tuple[str, str], ...]] = {}
for _field in FIELDS:
    for _label in _field.note_labels:
        key = label_key(_label)
        FIELDS_BY_LABEL[key] = (*FIELDS_BY_LABEL.get(key, ()), (_field.name, _field.group))


def field_for_label(label: str, heading: str | None) -> str | None:
    """The field a label names, given the group of the note's last heading."""
    # "Practice tel (bypass)": the label without its aside, when only that is known
    key = label_key(label)
    owners = FIELDS_BY_LABEL.get(key) or FIELDS_BY_LABEL.get(_LABEL_ASIDE.sub("", key), ())
    aside = _LABEL_ASIDE.search(key)
    named = FIELDS_BY_LABEL.get(aside[0].strip(" ()"), ()) if aside else ()
    if not owners:
        owners = named  # "Subject (CYP)": a label unknown but for its aside
    elif len(owners) > 1 and named and heading is None:
        # "Name (CYP)": a label several fields share, the aside saying whose
        heading = named[0][1]
    in_heading = [name for name, group in owners if group == heading]
    if in_heading:
        return in_heading[0]
    return owners[0][0] if len(owners) == 1 else None


def labelled_lines(text: str) -> int:
    return sum(
        1
        for line in text.splitlines()
        if (m := LABELLED.match(line)) and label_key(m["label"]) in FIELDS_BY_LABEL
    )


def note_lines(text: str) -> list[str]:
    """The note's lines, a form's row of several labels ("Student: Ethan Pollard   Year: 11
    DOB: 28/02/2010") as one line per label, a part without a colon among them ("DOB
    19/01/2012 (14 yrs)") a line of its own; a line that is a label then a number with
    no colon ("DOB 11/11/2009 (17)") as a labelled line."""
    lines: list[str] = []
    for line in text.splitlines():
        parts = re.split(r"\s{3,}|\t+", line.strip())
        labelled = [bool(LABELLED.match(part)) for part in parts]
        if len(parts) > 1 and labelled[0] and sum(labelled) >= 2:
            parts = [
                part if is_labelled else _with_colon(part)
                for part, is_labelled in zip(parts, labelled, strict=True)
            ]
            lines.extend(parts)
        elif not labelled[0] and len(parts) == 1:
            # "DOB 11/11/2009 (17)" on a line of its own: a label, then a number
            with_colon = _with_colon(line.strip())
            lines.append(with_colon if re.search(r":\s\d", with_colon) else line)
        else:
            lines.append(line)
    return lines


def _with_colon(part: str) -> str:
    """A form row's part that opens with a known label but has no colon ("DOB 19/01/2012
    (14 yrs)"), with one ("DOB: 19/01/2012 (14 yrs)"); any other part as it is."""
    words = part.split()
    for n in (3, 2, 1):
        if len(words) > n and label_key(" ".join(words[:n])) in FIELDS_BY_LABEL:
            return " ".join(words[:n]) + ": " + " ".join(words[n:])
    return part
