"""Reading the shape of a transcript ART hands over (backend/domain/transcripts.py):
speakers and turns from text or JSON, which speaker is the referrer, and clear
messages for what can't be read."""

from __future__ import annotations

import json

import pytest

from backend.domain.transcripts import MAX_CHARS, TranscriptError, parse_transcript


def test_speaker_lines_with_continuations_and_times() -> None:
    transcript = parse_transcript(
        "[09:12] Jo (ART): Access and Response, Jo speaking.\n"
        "[09:12] Mrs Khan: Hello, it's about one of our students.\n"
        "She said: leave me alone.\n"
        "\n"
        "[09:13] Jo (ART): Okay, thank you.\n"
        "[09:13] Mrs Khan: Thanks.\n"
    )
    assert [(t.speaker, t.role, t.text) for t in transcript.turns] == [
        ("Jo (ART)", "art", "Access and Response, Jo speaking."),
        (
            "Mrs Khan",
            "referrer",
            "Hello, it's about one of our students. She said: leave me alone.",
        ),
        ("Jo (ART)", "art", "Okay, thank you."),
        ("Mrs Khan", "referrer", "Thanks."),
    ]
    assert transcript.referrer == "Mrs Khan"


def test_a_json_list_of_turns() -> None:
    raw = json.dumps(
        [
            {"speaker": "Call handler", "text": "How can I help?"},
            {"speaker": "Dan", "text": "  I need to   refer a lad. "},
            {"speaker": "Dan", "text": ""},
        ]
    )
    transcript = parse_transcript(raw)
    assert [(t.role, t.text) for t in transcript.turns] == [
        ("art", "How can I help?"),
        ("referrer", "I need to refer a lad."),
    ]


def test_with_no_label_saying_art_the_first_speaker_is_the_call_handler() -> None:
    transcript = parse_transcript("Mel: Hello?\nKaren: Hi Mel.\nMel: Go on.\nKaren: It's urgent.")
    assert transcript.speakers == {"Mel": "art", "Karen": "referrer"}


def test_questions_and_answers_from_case_notes() -> None:
    transcript = parse_transcript("Q: Who is calling?\nA: Sam, DSL.\nQ: About?\nA: A year 9 boy.")
    assert transcript.referrer == "A"


def test_the_referrer_can_be_named_when_three_people_were_on_the_call() -> None:
    raw = "ART: Hello.\nSam: Hi.\nMum: Hello.\nSam: It's about her son.\nMum: Yes.\nART: Okay."
    with pytest.raises(TranscriptError, match="Say which speaker is the referrer"):
        parse_transcript(raw)
    transcript = parse_transcript(raw, referrer_speaker="sam")
    assert transcript.speakers == {"ART": "art", "Sam": "referrer", "Mum": "art"}
    with pytest.raises(TranscriptError, match="not found among the speakers: ART, Sam, Mum"):
        parse_transcript(raw, referrer_speaker="Dad")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("just some notes about a call with no speakers", "should start with a speaker"),
        ("ART: Hello.\nART: Anyone there?", "Only one speaker"),
        ("[{broken", "JSON could not be read"),
        ('[{"speaker": "ART"}]', 'Turn 1 needs a "speaker" and a "text"'),
        ('{"speaker": "ART", "text": "hi"}', "should start with a speaker"),
        ("x" * (MAX_CHARS + 1), "longer than 100,000 characters"),
    ],
)
def test_what_cannot_be_read_gets_a_message_saying_what_to_fix(raw: str, message: str) -> None:
    with pytest.raises(TranscriptError, match=message):
        parse_transcript(raw)


def test_messages_never_quote_the_transcript() -> None:
    secret = "Jake Thompson 14/03/2012"
    for raw in (f"ART: {secret}\nART: {secret}", f'[{{"speaker": "{secret}"}}]'):
        with pytest.raises(TranscriptError) as raised:
            parse_transcript(raw)
        assert "Jake" not in str(raised.value)


@pytest.mark.parametrize(
    "raw",
    [
        # The call handler answered and then only listened.
        "Handler: Go ahead.\nPC Hughes: It's about a boy of 13.\nPC Hughes: He lives in Yate.",
        "Duty worker: Go ahead.\nPC Hughes: It's about a boy of 13.\nPC Hughes: Thanks.",
        "PC Hughes: It's about a boy of 13.\nPC Hughes: Thanks.\nAccess and Response: Noted.",
        "Jo (ART): Go ahead.\nPC Hughes: It's about a boy of 13.\nPC Hughes: Thanks.",
        # No label says which side is which, but the call opens with the handler's line.
        "Gemma: Go ahead.\nRob: It's about a girl of 14.\nRob: She lives in Yate.",
        # Two voices taking turns, each heard once.
        "Gemma: Go ahead.\nRob: It's about a girl of 14.",
    ],
)
def test_a_call_handler_who_spoke_once_is_still_a_speaker(raw: str) -> None:
    transcript = parse_transcript(raw)
    assert len(set(transcript.speakers)) == 2
    assert transcript.referrer in ("PC Hughes", "Rob")
    assert all(t.role == "referrer" for t in transcript.turns if t.speaker == transcript.referrer)


def test_a_one_line_label_inside_a_turn_is_still_words() -> None:
    transcript = parse_transcript(
        "ART: Hello.\nCaller: He came home upset.\nHe said: leave me alone.\n"
        "The duty social worker told him: go to bed.\nCaller: That was Monday.\nART: Okay."
    )
    assert transcript.speakers == {"ART": "art", "Caller": "referrer"}
    assert transcript.turns[1].text == (
        "He came home upset. He said: leave me alone. The duty social worker told him: go to bed."
    )
    with pytest.raises(TranscriptError, match="Only one speaker"):
        parse_transcript("Karen: He came home.\nHe said: leave me alone.\nKaren: That was it.")
