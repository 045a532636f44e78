#!/usr/bin/env python3
"""The ingest benchmark: ticketd against a Python baseline, on one corpus, in one run.

Generates a corpus of contact-form mails (Benchmarks/generate_forms.py), then measures
  1. `ticketd ingest` (release build) into a fresh sealed database, and
  2. Benchmarks/python_baseline.py: Python's `email` package plus SQLite inserts,
each as a child process timed by the wall clock, with its peak resident memory taken from
wait4()'s rusage of that child alone. Prints a table and one JSON line.

Both runs see the same files and the same machine at the same time; the figures are only
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

from child_process import measure

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=3000, help="mails in the corpus (default 3000)")
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ticketd-bench.")
    try:
        corpus = os.path.join(work, "corpus")
        os.makedirs(corpus)
        subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), corpus, "--count", str(args.count),
                        "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
        corpus_bytes = sum(os.path.getsize(os.path.join(corpus, name)) for name in os.listdir(corpus))

        # A configuration like the sample one, in the work directory, with fresh secrets.
        state = os.path.join(work, "state")
        os.makedirs(state)
        shutil.copy(os.path.join(ROOT, "Samples", "ticketd.toml"), os.path.join(work, "ticketd.toml"))
        with open(os.path.join(work, "ticketd.toml")) as f:
            config = f.read().replace('max_message_size = "256 KiB"', 'max_message_size = "25 MB"')
        with open(os.path.join(work, "ticketd.toml"), "w") as f:
            f.write(config)
        for name, content in [("master.key", base64.b64encode(os.urandom(32)).decode() + "\n"),
                              ("imap.password", "bench\n"), ("smtp.password", "bench\n")]:
            path = os.path.join(work, name)
            with open(path, "w") as f:
                f.write(content)
            os.chmod(path, 0o600)

        env = dict(os.environ)
        swift_seconds, swift_rss, swift_out, swift_err, swift_status = measure(
            [args.ticketd, "ingest", "--config", os.path.join(work, "ticketd.toml"), corpus], env)
        if swift_status != 0:
            sys.stderr.write(swift_err[-2000:])
            sys.exit("ticketd ingest failed")
        python_seconds, python_rss, python_out, python_err, python_status = measure(
            # synchronous=FULL, as ticketd runs: a committed mail must survive a power cut before it
            # may be moved away on the IMAP server.
            [sys.executable, os.path.join(HERE, "python_baseline.py"), corpus, os.path.join(work, "baseline.sqlite3"),
             "--synchronous", "FULL"], env)
        if python_status != 0:
            sys.stderr.write(python_err[-2000:])
            sys.exit("python baseline failed")

        rows = [
            ("ticketd ingest (sealed, consents, audit chain)", args.count / swift_seconds, swift_seconds, swift_rss),
            ("python email + sqlite3, synchronous=FULL (baseline)", args.count / python_seconds, python_seconds, python_rss),
        ]
        print(f"corpus: {args.count} contact-form mails, {corpus_bytes / 1e6:.1f} MB, seed {args.seed}")
        print(f"{'':50} {'mails/s':>10} {'seconds':>9} {'peak RSS':>12}")
        for label, rate, seconds, rss in rows:
            print(f"{label:50} {rate:10.0f} {seconds:9.2f} {rss / 1024:9.1f} MiB")
        print(f"ticketd/python throughput ratio: {rows[0][1] / rows[1][1]:.2f}")
        print("ticketd: " + swift_out.strip().splitlines()[-1])
        print(json.dumps({
            "mails": args.count,
            "ticketd": {"mails_per_second": round(rows[0][1], 1), "seconds": round(swift_seconds, 3), "peak_rss_kib": swift_rss},
            "python_baseline": {"mails_per_second": round(rows[1][1], 1), "seconds": round(python_seconds, 3), "peak_rss_kib": python_rss},
        }))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
