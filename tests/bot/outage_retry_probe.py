"""Run in the Rasa server's environment by tests/bot/test_outage_disclosures.py:

    .venv-rasa/bin/python -m tests.bot.outage_retry_probe

The retry loop over the outage outbox (bot/outage_disclosures.py), with a real SQLite
outbox in memory and the recording itself replaced by a list (it needs a running
action server; tests/e2e/test_fault_injection.py covers it whole). A disclosure kept
just as a pass finds the outbox empty must still be recorded: the pass read the outbox
before the keep. Prints one JSON line: what was recorded, in order."""

from __future__ import annotations

import asyncio
import json
from typing import Any


def main() -> None:
    import bot.outage_disclosures as module
    from bot.outage_outbox import SQLiteOutbox, Waiting

    module.RETRY_SECONDS = 0.05
    recorded: list[str] = []
    disclosures = module.OutageDisclosures(lambda: box)

    class KeepsDuringTheLastLook(SQLiteOutbox):
        """An outbox that, the first time a pass finds it empty, has a disclosure kept
        while that answer is on its way back."""

        sprung = False

        async def waiting(self) -> list[Waiting]:
            found = await super().waiting()
            if not found and not self.sprung:
                self.sprung = True
                await disclosures.keep(None, "second", "kept during the last look")
            return found

    async def record(agent: Any, waiting: Waiting, holds: Any, remove: Any) -> bool:
        if not await holds(waiting.entry_id):
            return False
        recorded.append(waiting.text)
        await remove(waiting.entry_id)
        return True

    module._record = record
    box = KeepsDuringTheLastLook(":memory:", bytes(range(32)))

    async def scenario() -> None:
        await disclosures.keep(None, "first", "kept first")
        for _ in range(100):
            if len(recorded) == 2:
                break
            await asyncio.sleep(0.02)

    asyncio.run(scenario())
    print(json.dumps(recorded))


if __name__ == "__main__":
    main()
