#!/usr/bin/env python3
"""The ingest benchmark: ticketd against two Python baselines, on one corpus, in one run.

    ingest_benchmark.py [--count N] [--seed S] [--batch N] [--ticketd PATH]

Generates a corpus of contact-form mails (Benchmarks/generate_forms.py), then measures
  1. `ticketd ingest` (release build) into a fresh sealed database,
  2. Benchmarks/python_baseline.py, Python's `email` package plus SQLite inserts, committing
     every mail in its own transaction: the floor, and
  3. the same baseline committing N mails per transaction (`--batch N`, default 100): the group
     commit ticketd does, so that ticketd is also measured against a baseline that batches as
     it does rather than only against one that waits for the disk once per mail,
each as a child process timed by the wall clock, with its peak resident memory taken from
wait4()'s rusage of that child alone. Both baselines run with synchronous=FULL, as ticketd does.
Prints a table, the two ratios ticketd/python-per-mail and ticketd/python-batched, and one JSON
line.

ticketd reads its batch size from `[limits] ingest_batch`. The generated configuration carries
that key only when `--batch` is given, so that by default ticketd runs with its own default
(the Python batched run then uses 100); give `--batch N` to set both sides to N.

All runs see the same files and the same machine at the same time; the figures are only
comparable within one run, never across machines.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

from bench_config import lay_out
from peak_rss import measure

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_BATCH = 100


def baseline(corpus, database, batch, env):
    """Runs python_baseline.py with synchronous=FULL; returns (seconds, peak RSS KiB)."""
    seconds, rss, _, err, status = measure(
        # synchronous=FULL, as ticketd runs: a committed mail must survive a power cut before it
        # may be moved away on the IMAP server.
        [sys.executable, os.path.join(HERE, "python_baseline.py"), corpus, database,
         "--synchronous", "FULL", "--batch", str(batch)], env)
    if status != 0:
        sys.stderr.write(err[-2000:])
        sys.exit(f"python baseline (--batch {batch}) failed")
    return seconds, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3000, help="mails in the corpus (default 3000)")
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--batch", type=int, default=None, metavar="N",
                        help=f"mails per transaction for the batched Python baseline (default {DEFAULT_BATCH}); "
                             "when given, also written as [limits] ingest_batch into ticketd's configuration")
    args = parser.parse_args()
    if args.batch is not None and args.batch < 1:
        parser.error("--batch must be at least 1")
    batch = args.batch if args.batch is not None else DEFAULT_BATCH

    work = tempfile.mkdtemp(prefix="ticketd-bench.")
    try:
        corpus = os.path.join(work, "corpus")
        os.makedirs(corpus)
        subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), corpus, "--count", str(args.count),
                        "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
        corpus_bytes = sum(os.path.getsize(os.path.join(corpus, name)) for name in os.listdir(corpus))

        # A configuration like the sample one, in the work directory, with fresh secrets.
        config = lay_out(work, base64.b64encode(os.urandom(32)).decode(),
                         limits={"ingest_batch": args.batch} if args.batch is not None else None)

        env = dict(os.environ)
        swift_seconds, swift_rss, swift_out, swift_err, swift_status = measure(
            [args.ticketd, "ingest", "--config", config, corpus], env)
        if swift_status != 0:
            sys.stderr.write(swift_err[-2000:])
            sys.exit("ticketd ingest failed")
        single_seconds, single_rss = baseline(corpus, os.path.join(work, "baseline-per-mail.sqlite3"), 1, env)
        batched_seconds, batched_rss = baseline(corpus, os.path.join(work, "baseline-batched.sqlite3"), batch, env)

        ticketd_batch = f"; ingest_batch {args.batch}" if args.batch is not None else ""
        rows = [
            (f"ticketd ingest (sealed, consents, audit chain{ticketd_batch})", swift_seconds, swift_rss),
            ("python email + sqlite3, one commit per mail (floor)", single_seconds, single_rss),
            (f"python email + sqlite3, {batch} mails per commit", batched_seconds, batched_rss),
        ]
        rates = [args.count / seconds for _, seconds, _ in rows]
        per_mail_ratio, batched_ratio = rates[0] / rates[1], rates[0] / rates[2]
        print(f"corpus: {args.count} contact-form mails, {corpus_bytes / 1e6:.1f} MB, seed {args.seed}; "
              "SQLite synchronous=FULL throughout")
        print(f"{'':68} {'mails/s':>10} {'seconds':>9} {'peak RSS':>12}")
        for (label, seconds, rss), rate in zip(rows, rates):
            print(f"{label:68} {rate:10.0f} {seconds:9.2f} {rss / 1024:9.1f} MiB")
        print(f"ticketd/python-per-mail throughput ratio: {per_mail_ratio:.2f}")
        print(f"ticketd/python-batched throughput ratio ({batch} mails per commit): {batched_ratio:.2f}")
        print("ticketd: " + swift_out.strip().splitlines()[-1])
        print(json.dumps({
            "mails": args.count,
            "batch": batch,
            "ticketd": {"mails_per_second": round(rates[0], 1), "seconds": round(swift_seconds, 3), "peak_rss_kib": swift_rss,
                        "ingest_batch": args.batch},
            "python_baseline": {"mails_per_second": round(rates[1], 1), "seconds": round(single_seconds, 3), "peak_rss_kib": single_rss},
            "python_batched": {"mails_per_second": round(rates[2], 1), "seconds": round(batched_seconds, 3), "peak_rss_kib": batched_rss,
                               "batch": batch},
            "ratio_per_mail": round(per_mail_ratio, 2),
            "ratio_batched": round(batched_ratio, 2),
        }))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
