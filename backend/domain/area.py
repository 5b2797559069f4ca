"""Is a place in South Gloucestershire? A pure check on a postcode or a town name.

A full postcode wins over a town name: it is the more precise answer. Districts that
straddle the boundary with Bristol or the neighbouring counties come back "uncertain":
only the full address can settle those, so a person has to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

AreaStatus = Literal["in", "out", "uncertain", "unknown"]

INSIDE_DISTRICTS = frozenset({"BS30", "BS32", "BS35", "BS36", "BS37"})
STRADDLING_DISTRICTS = frozenset(
    {"BS5", "BS10", "BS15", "BS16", "BS34", "GL9", "GL12", "BA1", "SN14"}
)
# Areas near South Gloucestershire: a bare district such as "BS37" counts in a
# sentence only for these ("near the M5" names a motorway, not Manchester).
LOCAL_AREAS = frozenset({"BS", "GL", "BA", "SN"})

# Every UK postcode area (plus the Crown dependencies), to tell a postcode from noise.
POSTCODE_AREAS = frozenset(
    """
    AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL
    DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA
    KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO
    PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W
    WA WC WD WF WN WR WS WV YO ZE
    """.split()
)


def _names(text: str) -> tuple[str, ...]:
    """Comma-separated names; lines starting with "#" are comments."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("#")]
    return tuple(name.strip() for name in ",".join(lines).split(",") if name.strip())


SOUTH_GLOS_TOWNS: tuple[str, ...] = _names(
    """
    Yate, Chipping Sodbury, Old Sodbury, Little Sodbury, Sodbury, Thornbury, Bradley Stoke,
    Patchway, Filton, Stoke Gifford, Harry Stoke, Little Stoke, Charlton Hayes,
    Cheswick Village, Cribbs Causeway, Kingswood, Hanham, Longwell Green, Warmley,
    Bridgeyate, Downend, Staple Hill, Soundwell, Emersons Green, Lyde Green, Mangotsfield,
    Bromley Heath, Frampton Cotterell, Winterbourne, Winterbourne Down, Coalpit Heath,
    Almondsbury, Easter Compton, Pilning, Severn Beach, Redwick, Northwick, Aust, Alveston,
    Rudgeway, Olveston, Tockington, Oldbury-on-Severn, Littleton-upon-Severn, Falfield,
    Wickwar, Charfield, Cromhall, Leyhill, Hawkesbury Upton, Hillesley, Tormarton,
    Acton Turville, Badminton, Dodington, Codrington, Marshfield, Cold Ashton, Doynton,
    Dyrham, Wick, Abson, Pucklechurch, Shortwood, Oldland Common, Oldland, North Common,
    Willsbridge, Bitton, Upton Cheyney, Cadbury Heath, Barrs Court, Frenchay, Hambrook,
    Siston, Westerleigh, Iron Acton, Latteridge, Rangeworthy, Tytherington, Engine Common,
    Nibley, Hallen, Compton Greenfield
    """
)

OUTSIDE_TOWNS: tuple[str, ...] = _names(
    """
    # Bristol and its neighbourhoods
    Bristol, Bristol City Centre, Broadmead, Fishponds, Horfield, Southmead, Bedminster,
    St George, Easton, Eastville, Stapleton, Lockleaze, Henleaze, Westbury-on-Trym, Redland,
    Clifton, Cotham, Bishopston, Montpelier, St Pauls, St Werburghs, Lawrence Hill,
    Barton Hill, Brislington, Knowle, Totterdown, Southville, Hartcliffe, Withywood,
    Bishopsworth, Hengrove, Stockwood, Whitchurch, Avonmouth, Shirehampton, Lawrence Weston,
    Sea Mills, Stoke Bishop, Speedwell, Whitehall, Hillfields, St Annes, Kingsweston,
    Brentry, Henbury, Bedminster Down,
    # neighbouring authorities and further afield
    Bath, Keynsham, Saltford, Midsomer Norton, Radstock, Paulton, Weston-super-Mare,
    Clevedon, Portishead, Nailsea, Long Ashton, Backwell, Yatton, Congresbury, Gloucester,
    Cheltenham, Stroud, Dursley, Wotton-under-Edge, North Nibley, Berkeley, Tetbury,
    Cirencester, Tewkesbury, Lydney, Chepstow, Newport, Cardiff, Swansea, Swindon,
    Chippenham, Malmesbury, Corsham, Calne, Trowbridge, Bradford on Avon, Frome, Taunton,
    Bridgwater, Exeter, Plymouth, Salisbury, Worcester, Hereford, Oxford, London,
    Birmingham, Manchester, Leeds, Liverpool, Sheffield, Nottingham, Leicester, Coventry,
    Southampton, Portsmouth, Brighton, Newcastle, Cambridge
    """
)

# Names that are also everyday words: inside a sentence they count only when written
# with a capital letter ("in the bath" is not Bath).
COMMON_WORD_NAMES = frozenset({"bath", "wick", "aust", "easton", "knowle", "newport"})

_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)[\s-]*(\d[A-Z]{2})\b")
_DISTRICT = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\b")
_SOUTH_GLOS = re.compile(r"\bsouth\s+(glos|gloucestershire|gloucs)\b")


@dataclass(frozen=True)
class AreaResult:
    status: AreaStatus
    postcode: str | None = None
    district: str | None = None
    town: str | None = None


def _fold(text: str) -> str:
    """Lower case, punctuation to spaces: the form names are matched in."""
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower()).replace("'", "").split())


def _area_of(district: str) -> str:
    return district[:2] if district[1].isalpha() else district[:1]


def _status_of_district(district: str) -> AreaStatus:
    if district in INSIDE_DISTRICTS:
        return "in"
    if district in STRADDLING_DISTRICTS:
        return "uncertain"
    return "out"


def find_postcode(text: str) -> str | None:
    """The first full UK postcode in the text, normalised ("bs375ab" -> "BS37 5AB")."""
    for match in _POSTCODE.finditer(text.upper()):
        outward, inward = match.groups()
        if _area_of(outward) in POSTCODE_AREAS:
            return f"{outward} {inward}"
    return None


def _find_district(text: str) -> str | None:
    """A bare postcode district: the whole text ("M1"), or a local one in a sentence."""
    folded = text.upper().strip(" .,;")
    if _DISTRICT.fullmatch(folded) and _area_of(folded) in POSTCODE_AREAS:
        return folded
    for match in _DISTRICT.finditer(text.upper()):
        district = match.group(1)
        if _area_of(district) in LOCAL_AREAS:
            return district
    return None


# (canonical name, folded name, status), longest first so "North Nibley" beats "Nibley".
_ALL_NAMES: list[tuple[str, str, AreaStatus]] = sorted(
    [(name, _fold(name), "in") for name in SOUTH_GLOS_TOWNS]
    + [(name, _fold(name), "out") for name in OUTSIDE_TOWNS],
    key=lambda item: -len(item[1]),
)


def _find_towns(text: str, *, case_sensitive_common: bool) -> list[tuple[str, AreaStatus]]:
    """Known places named in the text; a longer name beats a shorter one inside it."""
    folded = f" {_fold(text)} "
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, AreaStatus]] = []
    for name, folded_name, status in _ALL_NAMES:
        needle = f" {folded_name} "
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(start < t_end and t_start < end for t_start, t_end in taken):
                if not (case_sensitive_common and _is_lowercase_word(name, text)):
                    taken.append((start, end))
                    found.append((start, name, status))
            start = folded.find(needle, start + 1)
    return [(name, status) for _, name, status in sorted(found)]


def _is_lowercase_word(name: str, text: str) -> bool:
    """True when a name that is also a common word appears only in lower case."""
    if _fold(name) not in COMMON_WORD_NAMES:
        return False
    return re.search(rf"\b{re.escape(name)}\b", text) is None


def find_town(text: str) -> str | None:
    """The place named in a sentence, South Gloucestershire places first.

    Finds places outside the area too ("a boy from Bath" -> "Bath"), so the bot can
    record where the young person lives; classify_location then says whether it counts.
    """
    towns = _find_towns(text, case_sensitive_common=True)
    inside = [name for name, status in towns if status == "in"]
    if inside:
        return inside[0]
    return towns[0][0] if towns else None


def classify_location(text: str | None) -> AreaResult:
    """Classify a postcode or town as in, out of, or on the edge of South Gloucestershire."""
    if not text or not text.strip():
        return AreaResult("unknown")
    towns = _find_towns(text, case_sensitive_common=False)
    inside = [name for name, status in towns if status == "in"]
    town = inside[0] if inside else (towns[0][0] if towns else None)

    postcode = find_postcode(text)
    district = postcode.split()[0] if postcode else _find_district(text)
    if district:
        return AreaResult(_status_of_district(district), postcode, district, town)
    if inside:
        return AreaResult("in", town=town)
    if _SOUTH_GLOS.search(_fold(text)):
        return AreaResult("in")
    if town:
        return AreaResult("out", town=town)
    return AreaResult("unknown")
