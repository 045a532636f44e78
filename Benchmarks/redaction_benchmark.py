#!/usr/bin/env python3
"""The redaction benchmark: ticketd's pseudonymized copies beside Microsoft Presidio's, scored
on the same generated corpus with ground truth.

    redaction_benchmark.py [--ticketd PATH] [--count N] [--seed S] [--presidio-python PATH]
                           [--examples N] [--json FILE]

1. Benchmarks/redaction_corpus.py writes N adversarial mails with their ground truth into a
   temporary directory (German and English, forms and plain mail, plain text and HTML,
   signatures, quotes, other people, look-alikes).
2. Benchmarks/redaction_score.py takes them in with `ticketd ingest` and scores the partner and
   department copies.
3. With --presidio-python (a Python with presidio-analyzer, which Benchmarks/redaction.sh makes
   in .bench/), Benchmarks/presidio_redact.py redacts the texts the agent sees, titles included,
   and they are scored alike. Presidio runs without its NER pipeline (see that script): the
   figures show what its recognizers for patterns and check sums achieve.

Not part of the test suite; the figures go into the README. Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import redaction_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def presidio_copies(python, documents):
    requests = "".join(json.dumps({"title": agent["title"], "texts": redaction_score.inbound_texts(agent)},
                                  ensure_ascii=False) + "\n" for _, agent, _ in documents)
    result = subprocess.run([python, os.path.join(HERE, "presidio_redact.py")], input=requests,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"presidio_redact.py failed: {result.stderr[-2000:]}")
    lines = result.stdout.splitlines()
    if len(lines) != len(documents):
        sys.exit(f"presidio_redact.py answered {len(lines)} of {len(documents)} mails")
    return [json.loads(line) for line in lines]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--presidio-python", metavar="PATH")
    parser.add_argument("--examples", type=int, default=0, metavar="N")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ticketd-redaction-corpus.") as corpus:
        subprocess.run([sys.executable, os.path.join(HERE, "redaction_corpus.py"), corpus, "--count", str(args.count),
                        "--seed", str(args.seed)], check=True)
        views = ["partner", "department"]
        documents = redaction_score.load_tickets(args.ticketd, corpus, views)
    results = {}
    for view in views:
        copies = [(truth, agent, copies[view]["title"], redaction_score.inbound_texts(copies[view]))
                  for truth, agent, copies in documents]
        tally = redaction_score.score_all(copies, f"ticketd, {view} view ({len(documents)} mails)", args.examples)
        results[f"ticketd_{view}"] = tally.as_json()
    if args.presidio_python:
        redacted = presidio_copies(args.presidio_python, documents)
        copies = [(truth, agent, copy["title"], copy["texts"]) for (truth, agent, _), copy in zip(documents, redacted)]
        tally = redaction_score.score_all(
            copies, f"Presidio (presidio-analyzer, pattern and check-sum recognizers, no NER) on the agent's text ({len(documents)} mails)",
            args.examples)
        results["presidio"] = tally.as_json()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
