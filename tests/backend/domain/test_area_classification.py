"""Which places count as South Gloucestershire."""

from __future__ import annotations

import pytest

from backend.domain.area import (
    INSIDE_DISTRICTS,
    SOUTH_GLOS_TOWNS,
    STRADDLING_DISTRICTS,
    AreaResult,
    classify_location,
    find_postcode,
    find_town,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full postcodes inside, messy forms included
        ("BS37 5AB", AreaResult("in", "BS37 5AB", "BS37")),
        ("bs37 5ab", AreaResult("in", "BS37 5AB", "BS37")),
        ("BS375AB", AreaResult("in", "BS37 5AB", "BS37")),
        ("  bs30-8eh. ", AreaResult("in", "BS30 8EH", "BS30")),
        ("BS32 4AA", AreaResult("in", "BS32 4AA", "BS32")),
        ("BS35 1AA", AreaResult("in", "BS35 1AA", "BS35")),
        ("BS36 2AA", AreaResult("in", "BS36 2AA", "BS36")),
        # districts across the boundary
        ("BS16 1AA", AreaResult("uncertain", "BS16 1AA", "BS16")),
        ("bs5 6xx", AreaResult("uncertain", "BS5 6XX", "BS5")),
        ("GL12 8AA", AreaResult("uncertain", "GL12 8AA", "GL12")),
        ("SN14 8AA", AreaResult("uncertain", "SN14 8AA", "SN14")),
        ("BA1 9AA", AreaResult("uncertain", "BA1 9AA", "BA1")),
        # other valid UK postcodes
        ("BS1 4DJ", AreaResult("out", "BS1 4DJ", "BS1")),
        ("SW1A 1AA", AreaResult("out", "SW1A 1AA", "SW1A")),
        ("CF10 1AA", AreaResult("out", "CF10 1AA", "CF10")),
        ("BS35AB", AreaResult("out", "BS3 5AB", "BS3")),  # read as BS3 5AB, in Bristol
        # a bare district
        ("BS37", AreaResult("in", None, "BS37")),
        ("bs15", AreaResult("uncertain", None, "BS15")),
        ("M1", AreaResult("out", None, "M1")),
        # a postcode beats a town, and keeps the town it found
        ("Kingswood, BS15 1AA", AreaResult("uncertain", "BS15 1AA", "BS15", "Kingswood")),
        ("Yate BS37 4AA", AreaResult("in", "BS37 4AA", "BS37", "Yate")),
    ],
)
def test_postcodes(text: str, expected: AreaResult) -> None:
    assert classify_location(text) == expected


@pytest.mark.parametrize(
    ("text", "status", "town"),
    [
        ("Yate", "in", "Yate"),
        ("in Yate", "in", "Yate"),
        ("yate, south glos", "in", "Yate"),
        ("CHIPPING SODBURY", "in", "Chipping Sodbury"),
        ("Bradley Stoke, Bristol", "in", "Bradley Stoke"),
        ("he lives in Emerson's Green", "in", "Emersons Green"),
        ("Downend, Bristol", "in", "Downend"),
        ("Oldbury on Severn", "in", "Oldbury-on-Severn"),
        ("thornbury!!", "in", "Thornbury"),
        ("South Gloucestershire", "in", None),
        ("south glos", "in", None),
        ("Bristol", "out", "Bristol"),
        ("Fishponds, Bristol", "out", "Fishponds"),
        ("bath", "out", "Bath"),
        ("Weston super Mare", "out", "Weston-super-Mare"),
        ("St. George", "out", "St George"),
        ("London", "out", "London"),
        ("North Nibley", "out", "North Nibley"),  # not Nibley near Yate
        ("Nibley", "in", "Nibley"),
        ("the moon", "unknown", None),
        ("unknown", "unknown", None),
        ("", "unknown", None),
    ],
)
def test_towns_and_messy_text(text: str, status: str, town: str | None) -> None:
    result = classify_location(text)
    assert (result.status, result.town) == (status, town)


def test_nothing_given_is_unknown() -> None:
    assert classify_location(None) == AreaResult("unknown")


def test_invalid_postcode_area_is_not_a_postcode() -> None:
    assert find_postcode("QQ1 1AA") is None
    assert classify_location("QQ1 1AA").status == "unknown"


def test_every_district_in_the_tables_classifies_as_listed() -> None:
    for district in INSIDE_DISTRICTS:
        assert classify_location(f"{district} 1AA").status == "in"
    for district in STRADDLING_DISTRICTS:
        assert classify_location(f"{district} 1AA").status == "uncertain"


def test_every_listed_town_is_inside() -> None:
    for town in SOUTH_GLOS_TOWNS:
        assert classify_location(town) == AreaResult("in", town=town), town


@pytest.mark.parametrize(
    ("sentence", "town"),
    [
        ("14 year old boy from Yate, I'm his social worker", "Yate"),
        ("she lives with her nan in little stoke", "Little Stoke"),
        ("a boy from Bath", "Bath"),
        ("it happened when he was in the bath", None),  # an everyday word, not the city
        ("we're in Kingswood, Bristol", "Kingswood"),
        ("no place named here", None),
    ],
)
def test_find_town_in_a_sentence(sentence: str, town: str | None) -> None:
    assert find_town(sentence) == town


@pytest.mark.parametrize(
    ("sentence", "postcode"),
    [
        ("his postcode is bs37 5ab thanks", "BS37 5AB"),
        ("BS161AA", "BS16 1AA"),
        ("no postcode here, he is 14", None),
        ("near the M5", None),
    ],
)
def test_find_postcode_in_a_sentence(sentence: str, postcode: str | None) -> None:
    assert find_postcode(sentence) == postcode


def test_motorway_in_a_sentence_is_not_a_district() -> None:
    assert classify_location("Yate, near the M5").status == "in"
    assert classify_location("somewhere near the M4").status == "unknown"
