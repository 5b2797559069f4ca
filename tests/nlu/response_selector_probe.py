"""Run by tests/nlu/test_retrieval_response_selector.py in the Rasa server's environment:
parses every message of the NLU files given with the trained model twice, with
bot/nlu/retrieval_response_selector.py as it is and with Rasa's own ResponseSelector
predicting for every message, and prints, as JSON, where the two differ. Arguments: the
model's path and the NLU files. Run from the repository root as
`python -m tests.nlu.response_selector_probe MODEL FILE...`."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from rasa.core.agent import Agent
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.training_data.loading import load_data

from bot.nlu.retrieval_response_selector import RetrievalResponseSelector

RETRIEVAL_INTENT = "faq"


async def parse_all(agent: Agent, texts: list[str]) -> list[dict[str, Any]]:
    return [await agent.parse_message(text) for text in texts]


def compare(model: str, files: list[str]) -> dict[str, Any]:
    examples = [example for path in files for example in load_data(path).nlu_examples]
    texts = sorted({example.get("text") for example in examples})
    ours = asyncio.run(parse_all(Agent.load(model), texts))
    # Rasa's graph keeps each component's bound method when the model loads: the model is
    # loaded again with Rasa's own ResponseSelector.process in place
    selective = RetrievalResponseSelector.process
    RetrievalResponseSelector.process = ResponseSelector.process  # type: ignore[method-assign]
    try:
        rasas = asyncio.run(parse_all(Agent.load(model), texts))
    finally:
        RetrievalResponseSelector.process = selective  # type: ignore[method-assign]
    differences = []
    answered = skipped = 0
    changed_later: list[str] = []
    for text, mine, theirs in zip(texts, ours, rasas, strict=True):
        if mine["intent"] != theirs["intent"] or mine["intent_ranking"] != theirs["intent_ranking"]:
            differences.append(f"intent: {text}")
        if mine["intent"]["name"] == RETRIEVAL_INTENT:
            answered += 1
            if mine.get("response_selector") != theirs.get("response_selector"):
                differences.append(f"answer: {text}")
        elif "response_selector" not in mine and "response_selector" in theirs:
            skipped += 1
        elif "response_selector" in mine:
            # read as faq by DIET, then turned into another intent by a later step
            changed_later.append(mine["intent"]["name"])
    return {
        "messages": len(texts),
        "answered": answered,
        "skipped": skipped,
        "changed_later": changed_later,
        "differences": differences,
    }


if __name__ == "__main__":
    print(json.dumps(compare(sys.argv[1], sys.argv[2:])))
