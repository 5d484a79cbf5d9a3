"""A synthetic corpus for benchmarks: seed paragraphs recombined, with varied names, dates and
outlets. Generated on demand (never committed); the same seed gives the same corpus."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, timedelta
from pathlib import Path

from helpers import paths
from helpers.ingest.corpus import ingest

FIRST = ["Anna", "Ben", "Carla", "David", "Emma", "Frank", "Grace", "Hassan", "Irene", "James", "Karen", "Liam",
         "Maria", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Samir", "Tara", "Usman", "Vera", "William", "Yasmin"]
LAST = ["Abbott", "Baker", "Chowdhury", "Dawson", "Evans", "Fletcher", "Grant", "Hughes", "Iqbal", "Jenkins", "Khan",
        "Lloyd", "Morgan", "Nolan", "Owen", "Patel", "Quinn", "Reid", "Shah", "Turner", "Walsh", "Young"]
OUTLETS = ["The Guardian", "The Telegraph", "BBC News", "New Statesman", "LabourList", "Evening Standard",
           "The Independent", "Daily Mirror", "The Spectator", "IBTimes UK"]
# Speakers of the seeds who are not targets: their names are varied article by article.
VARIED = ["Salma Yaqoob", "Chris Williamson", "Ivan Lewis", "Rishi Sunak", "David Davis", "Ken Livingstone",
          "Jason Cowley", "Serena Kutchinsky", "Jim Fitzpatrick", "Lutfur Rahman"]


def seed_paragraphs() -> list[str]:
    corpus = ingest([paths.SEEDS_DIR])
    out = []
    for article in corpus.articles.itertuples():
        body = article.text[:article.body_end]
        for para in body.split("\n"):
            if len(para.split()) >= 8:
                out.append(para.strip())
    return out


def make_corpus(folder: Path, words: int | None = None, articles: int | None = None, seed: int = 7,
                paragraphs_per_article: tuple[int, int] = (7, 12)) -> dict:
    """Write synthetic articles (and a manifest) into ``folder`` until ``words`` or ``articles``."""
    rng = random.Random(seed)
    pool = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    rows, total, n = [], 0, 0
    start = date(2010, 1, 1)
    while (words is None or total < words) and (articles is None or n < articles):
        names = {old: f"{rng.choice(FIRST)} {rng.choice(LAST)}" for old in VARIED}
        chosen = [rng.choice(pool) for _ in range(rng.randint(*paragraphs_per_article))]
        text_paras = []
        for para in chosen:
            for old, new in names.items():
                para = para.replace(old, new).replace(old.split()[-1], new.split()[-1])
            text_paras.append(para)
        title = re.split(r"(?<=[.!?])\s", text_paras[0])[0][:120]
        body = f"{title}\n\n" + "\n\n".join(text_paras) + "\n"
        name = f"synthetic_{n:05d}.txt"
        (folder / name).write_text(body, encoding="utf-8")
        published = start + timedelta(days=rng.randint(0, 5000))
        rows.append([name, rng.choice(OUTLETS), published.isoformat(), "", title, ""])
        total += len(body.split())
        n += 1
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")  # (titles hold commas and quotation marks)
    writer.writerows([["file", "outlet", "published", "author", "title", "url"], *rows])
    (folder / "manifest.csv").write_text(manifest.getvalue(), encoding="utf-8")
    return {"articles": n, "words": total}


if __name__ == "__main__":
    import sys

    print(make_corpus(Path(sys.argv[1]), words=int(sys.argv[2]) if len(sys.argv) > 2 else 200_000))
