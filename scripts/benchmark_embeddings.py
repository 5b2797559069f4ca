"""What the sentence encoder (bot/nlu/minilm.py) costs inside the Rasa server: load time,
memory, and the time to encode one message as the bot does when a message arrives, for
short, typical and long messages. Prints figures; asserts nothing.

    .venv-rasa/bin/python -m scripts.benchmark_embeddings

Runs in the Rasa server's environment, where the encoder runs."""

from __future__ import annotations

import resource
import statistics
import time

from bot.nlu.minilm import MiniLM

MESSAGES = {
    "short (2 words)": "don't know",
    "typical (20 words)": (
        "Hi, I'm a social worker in Kingswood and I'd like to refer a 14 year old boy "
        "who is on a CP plan"
    ),
    "long (120 words, pasted notes)": " ".join(
        [
            "Strategy meeting held 03/07 following disclosure by 8yo half-sister to school.",
            "S47 completed, ICPC on 20/07 agreed CP plan under category sexual abuse.",
            "YP (14) admits some of the behaviour, denies the rest; police RUI, interviewed",
            "under caution, awaiting CPS decision. Safety plan: no unsupervised contact with",
            "younger children at home or at school, mum's partner supervising bedtimes.",
            "School DSL aware, additional needs ADHD with an EHCP. Previous ERASOR in 2024",
            "by the YOT, report requested. Mum willing to take part in assessment and",
            "therapy, YP agrees to referral. No other harmed children known at present.",
            "Family live in Yate BS37. Allocated SW Priya Shah, duty team manager aware.",
        ]
    ),
}
RUNS = 50


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    before = rss_mb()
    started = time.perf_counter()
    model = MiniLM.load()
    loaded = time.perf_counter() - started
    print(f"load (hash check + weights): {loaded:.2f} s, peak RSS +{rss_mb() - before:.0f} MB")
    for label, text in MESSAGES.items():
        model.encode([text])  # warm
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            model.encode([text])
            times.append((time.perf_counter() - started) * 1000)
        pieces = len(model.tokenizer.encode(text)[0])
        times.sort()
        print(
            f"{label:<32} {pieces:>4} pieces  median {statistics.median(times):6.1f} ms"
            f"  p95 {times[int(RUNS * 0.95) - 1]:6.1f} ms"
        )
    batch = [text for text in MESSAGES.values()] * 100
    started = time.perf_counter()
    model.encode(batch)
    per_message = (time.perf_counter() - started) / len(batch) * 1000
    print(f"training-time batches: {per_message:.1f} ms per message ({len(batch)} messages)")
    # the weights are memory-mapped: they count once every page has been read
    print(f"peak RSS after encoding: +{rss_mb() - before:.0f} MB over the interpreter")


if __name__ == "__main__":
    main()
