"""Run in the Rasa server's environment by tests/bot/test_outage_disclosures.py:

    .venv-rasa/bin/python -m tests.bot.outage_disclosures_probe TEXT...

With no model to ask (the words alone), whether each text reads as a disclosure to
keep while the action server is down. Prints one JSON line: text -> bool."""

from __future__ import annotations

import asyncio
import json
import sys


def main() -> None:
    from bot.outage_disclosures import reads_as_disclosure

    async def read_all() -> dict[str, bool]:
        return {text: await reads_as_disclosure(None, text) for text in sys.argv[1:]}

    print(json.dumps(asyncio.run(read_all())))


if __name__ == "__main__":
    main()
