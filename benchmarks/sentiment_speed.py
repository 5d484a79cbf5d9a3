"""Library vs fast sentiment scorers on the same statements, in one process.

    .venv/bin/python benchmarks/sentiment_speed.py [--words 200000] [--repeats 2]

Statements are the sentences (nupunkt) of a synthetic corpus (benchmarks/synthetic.py; seed paragraphs
recombined, so many sentences repeat: nothing is cached per text, only per token). Each repeat times
the library and then the fast scorer over all statements; the fast scorer's per-token caches are
emptied before every repeat, so each figure includes filling them. The results are also checked equal.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nupunkt  # noqa: E402
from textblob.en import sentiment as library_pattern  # noqa: E402
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from benchmarks.synthetic import make_corpus  # noqa: E402
from helpers.sentiment import fast_lexicons as fast  # noqa: E402


def statements(words: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_corpus(folder, words=words)
        out = []
        for path in sorted(folder.glob("*.txt")):
            for para in path.read_text(encoding="utf-8").split("\n\n"):
                out.extend(s for s in nupunkt.sent_tokenize(para) if s.strip())
        return out


def clear_caches() -> None:
    fast._piece_cache.clear()
    fast._word_info.clear()
    fast._vader_cache.clear()


def timed(fn, texts):
    start = time.perf_counter()
    result = [fn(t) for t in texts]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    texts = statements(args.words)
    print(f"{len(texts):,} statements, {sum(len(t.split()) for t in texts):,} words")
    vader = SentimentIntensityAnalyzer()
    library_pattern("warm up")

    def library_vader(t):
        return vader.polarity_scores(t)["compound"]

    for rep in range(1, args.repeats + 1):
        clear_caches()
        for name, lib, ours in (("TextBlob", library_pattern, fast.pattern_sentiment),
                                ("VADER", library_vader, fast.vader_compound)):
            t_lib, r_lib = timed(lib, texts)
            t_fast, r_fast = timed(ours, texts)
            same = [repr(tuple(a)) if isinstance(a, tuple) else repr(a) for a in r_lib] == \
                   [repr(tuple(b)) if isinstance(b, tuple) else repr(b) for b in r_fast]
            print(f"run {rep} {name:8s} library {t_lib:6.3f} s   fast {t_fast:6.3f} s   "
                  f"speed-up {t_lib / t_fast:5.1f}x   identical: {same}")


if __name__ == "__main__":
    main()
