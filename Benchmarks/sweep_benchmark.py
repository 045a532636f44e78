#!/usr/bin/env python3
"""The sweep benchmark: what `ticketd sweep` costs when work is due, beside a sweep with nothing due,
on the same database, in the same run.

For each database size (by default N = 1,000,000 tickets, and N/10 as well, each with the same
D = 10,000 due) it generates one database (Benchmarks/generate_tickets.py), copies it, and runs
  A. `ticketd sweep --now T0` on one copy, where T0 is an instant at which nothing is due, and
  B. `ticketd sweep --now T1` on the other, where exactly D tickets are due (and a few more are
     held, which the sweep must skip),
each as a child process timed by the wall clock, with its peak resident memory from wait4()'s
rusage of that child alone. Before each run the copy is read once, so that both start with the
file in the page cache. Copy B is then checked: counts before and after, nothing due left
unswept, the held tickets untouched, and `ticketd audit verify` over the whole chain.

The due work is the difference between B and A; that it follows the due work and not the size of
the database shows when the small and the large database take about the same time for the same D.

Figures are comparable within one run only. The databases live under .bench/ (gitignored) and are
deleted at the end unless --keep is given.
"""
import argparse
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys

from child_process import measure

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# What a generated ticket takes on disk, with its subject, messages, attachments and audit events
# (measured: about 10.2 KB); used only to refuse a run the disk cannot hold.
BYTES_PER_TICKET = 10_500


def warm(path):
    """Reads the file once, so that the run after it meets it in the page cache."""
    with open(path, "rb", buffering=0) as f:
        while f.read(16 << 20):
            pass


def counts(database, due_at_ms):
    """What copy B holds, for the before/after comparison."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        def one(sql, *args):
            return db.execute(sql, args).fetchone()[0]

        return {
            "tickets": one("SELECT count(*) FROM tickets"),
            "tickets linked to a person": one("SELECT count(*) FROM tickets WHERE subject_id IS NOT NULL"),
            "tickets archived (restricted)": one("SELECT count(*) FROM tickets WHERE archived_at IS NOT NULL"),
            "subjects": one("SELECT count(*) FROM subjects"),
            "subject keys": one("SELECT count(*) FROM subject_keys"),
            "consents": one("SELECT count(*) FROM consents"),
            "messages with sealed text": one("SELECT count(*) FROM messages WHERE sealed_text IS NOT NULL"),
            "due and not held": one("SELECT count(*) FROM tickets WHERE retention_due_at <= ? AND archived_at IS NULL "
                                    "AND hold_reason IS NULL", due_at_ms),
            "held and still linked": one("SELECT count(*) FROM tickets WHERE hold_reason IS NOT NULL AND subject_id IS NOT NULL"),
        }
    finally:
        db.close()


def instant_ms(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def flush(path):
    """Puts the file on disk, so that ticketd's first fdatasync does not pay for writing it back."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_work(source, target):
    """A second working directory with the same configuration, key and database (after a checkpoint)."""
    database = os.path.join(source, "state", "ticketd.sqlite3")
    db = sqlite3.connect(database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    flush(database)
    os.makedirs(os.path.join(target, "state"))
    for name in ("ticketd.toml", "master.key"):
        shutil.copy2(os.path.join(source, name), os.path.join(target, name))
    for suffix in ("", "-wal"):
        if os.path.exists(database + suffix):
            shutil.copy2(database + suffix, os.path.join(target, "state", "ticketd.sqlite3" + suffix))
            flush(os.path.join(target, "state", "ticketd.sqlite3" + suffix))


def run_size(args, tickets, base):
    """Generates one database, sweeps its two copies, checks copy B; returns the figures."""
    work_a, work_b = os.path.join(base, f"{tickets}-a"), os.path.join(base, f"{tickets}-b")
    for work in (work_a, work_b):
        shutil.rmtree(work, ignore_errors=True)
    print(f"generating {tickets:,} tickets, {args.due:,} due ...", file=sys.stderr, flush=True)
    generated = subprocess.run([sys.executable, os.path.join(HERE, "generate_tickets.py"), work_a, "--ticketd", args.ticketd,
                                "--tickets", str(tickets), "--due", str(args.due), "--held", str(args.held), "--seed", str(args.seed)],
                               stdout=subprocess.PIPE, text=True)
    if generated.returncode != 0:
        sys.exit("generate_tickets.py failed")
    summary = json.loads(generated.stdout.strip().splitlines()[-1])
    for sql in args.what_if:
        db = sqlite3.connect(summary["database"])
        db.execute(sql)
        db.commit()
        db.close()
    copy_work(work_a, work_b)
    database_a = summary["database"]
    database_b = os.path.join(work_b, "state", "ticketd.sqlite3")
    due_at = instant_ms(summary["due_at"])
    before = counts(database_b, due_at)

    runs = []
    for label, work, database, instant in (("nothing due", work_a, database_a, summary["nothing_due_at"]),
                                           (f"{args.due:,} due", work_b, database_b, summary["due_at"])):
        warm(database)
        seconds, rss, out, err, status = measure([args.ticketd, "sweep", "--now", instant, "--config", os.path.join(work, "ticketd.toml")])
        if status != 0:
            sys.stderr.write(err[-3000:])
            sys.exit(f"ticketd sweep failed on {work}")
        line = out.strip().splitlines()[-1] if out.strip() else ""
        acted = int(line.split()[1]) if line.startswith("sweep: ") else -1
        runs.append({"run": label, "now": instant, "tickets": tickets, "due": 0 if label == "nothing due" else args.due,
                     "acted_on": acted, "seconds": seconds, "peak_rss_kib": rss, "report": line.split(" [tickets")[0]})

    after = counts(database_b, due_at)
    verify_seconds, _, verify_out, verify_err, verify_status = measure([args.ticketd, "audit", "verify", "--config",
                                                                        os.path.join(work_b, "ticketd.toml")])
    result = {"tickets": tickets, "summary": summary, "runs": runs, "before": before, "after": after,
              "audit_verify": {"ok": verify_status == 0, "seconds": round(verify_seconds, 2),
                               "output": (verify_out.strip() or verify_err.strip()).splitlines()[-1:]},
              "size_bytes": os.path.getsize(database_b)}
    if not args.keep:
        for work in (work_a, work_b):
            shutil.rmtree(work, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets in the database (default 1,000,000)")
    parser.add_argument("--due", type=int, default=10_000, help="tickets due at the sweep (default 10,000)")
    parser.add_argument("--held", type=int, default=25, help="due tickets under a legal hold, which the sweep skips (default 25)")
    parser.add_argument("--no-small", action="store_true", help="skip the second database of N/10 tickets with the same D due")
    parser.add_argument("--seed", type=int, default=20260115)
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--dir", default=os.path.join(ROOT, ".bench", "sweep"), help="where the databases go (default .bench/sweep)")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--what-if", action="append", default=[], metavar="SQL",
                        help="run this SQL on each generated database before the sweeps (to try a schema change, e.g. an index); "
                             "the figures then describe that changed schema, not ticketd's")
    args = parser.parse_args()

    sizes = [args.tickets]
    if not args.no_small and args.tickets // 10 >= args.due + args.held:
        sizes.append(args.tickets // 10)
    os.makedirs(args.dir, exist_ok=True)
    needed = 2 * BYTES_PER_TICKET * max(sizes)
    free = shutil.disk_usage(args.dir).free
    if free < needed * 1.2:
        sys.exit(f"{args.dir} has {free / 1e9:.1f} GB free; two copies of {max(sizes):,} tickets need about {needed / 1e9:.1f} GB")

    results = [run_size(args, tickets, args.dir) for tickets in sizes]

    print(f"ticketd sweep: {args.due:,} tickets due (+{args.held} under a legal hold) beside nothing due; seed {args.seed}; "
          f"warm page cache")
    if args.what_if:
        print("WHAT-IF: the databases were changed before the sweeps with: " + "; ".join(args.what_if))
    for result in results:
        s = result["summary"]
        print(f"database of {result['tickets']:,} tickets: {s['subjects']:,} subjects, {s['messages']:,} messages, "
              f"{s['consents']:,} consents, {s['outbox']:,} outbox items, {s['audit_events']:,} audit events; "
              f"{result['size_bytes'] / 2**30:.2f} GiB; generated in {s['seconds']:.0f} s")
    print(f"{'run':32} {'tickets':>10} {'due':>7} {'acted on':>9} {'seconds':>9} {'peak RSS':>12}")
    for result in results:
        for run in result["runs"]:
            print(f"{run['run'] + ' (--now ' + run['now'][:10] + ')':32} {run['tickets']:10,} {run['due']:7,} {run['acted_on']:9,} "
                  f"{run['seconds']:9.2f} {run['peak_rss_kib'] / 1024:8.1f} MiB")
    for result in results:
        nothing, due = result["runs"]
        extra = due["seconds"] - nothing["seconds"]
        print(f"{result['tickets']:,} tickets: the due work adds {extra:.2f} s ({1000 * extra / max(args.due, 1):.2f} ms per due ticket), "
              f"{due['seconds'] / nothing['seconds']:.0f}x the sweep with nothing due; "
              f"peak RSS {due['peak_rss_kib'] / 1024:.1f} MiB vs {nothing['peak_rss_kib'] / 1024:.1f} MiB")
    if len(results) == 2:
        large, small = results[0]["runs"][1], results[1]["runs"][1]
        print(f"same {args.due:,} due, {results[0]['tickets'] // results[1]['tickets']}x the database: "
              f"{large['seconds']:.2f} s vs {small['seconds']:.2f} s ({large['seconds'] / small['seconds']:.2f}x)")
    for result in results:
        print(f"copy B of {result['tickets']:,} tickets, before -> after the due sweep ({result['runs'][1]['report']}):")
        for key, value in result["before"].items():
            print(f"  {key:32} {value:>10,} -> {result['after'][key]:>10,}")
        verify = result["audit_verify"]
        print(f"  audit verify: {'ok' if verify['ok'] else 'FAILED'} in {verify['seconds']} s: {' '.join(verify['output'])}")
    problems = [r["tickets"] for r in results
                if r["after"]["due and not held"] != 0 or r["after"]["held and still linked"] != r["before"]["held and still linked"]
                or not r["audit_verify"]["ok"] or r["runs"][1]["acted_on"] != args.due or r["runs"][0]["acted_on"] != 0]
    print(json.dumps({
        "due": args.due, "held": args.held, "seed": args.seed, "what_if": args.what_if,
        "databases": [{"tickets": r["tickets"], "bytes": r["size_bytes"], "subjects": r["summary"]["subjects"],
                       "audit_events": r["summary"]["audit_events"],
                       "runs": [{k: (round(v, 3) if k == "seconds" else v) for k, v in run.items() if k != "report"} for run in r["runs"]],
                       "audit_verify_ok": r["audit_verify"]["ok"]} for r in results],
    }))
    if problems:
        sys.exit(f"the sweep did not do what was due on the database(s) of {problems} tickets (see above)")


if __name__ == "__main__":
    main()
