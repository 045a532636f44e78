#!/usr/bin/env python3
"""The instruction-count guard: instructions per mail of `ticketd ingest`, against a budget.

    instructions.py [--ticketd PATH] [--budget-file PATH] [--budget N] [--count N]
                    [--keep DIR] [--write-budget]

Wall-clock figures on a shared CI machine vary by tens of percent from run to run, so a timed
test either lets a hot path become much slower unnoticed or fails at random. The number of
instructions a program executes on the same input does not depend on the machine's load: this
script counts them with valgrind's callgrind and compares the count with a budget committed in
the repository (Benchmarks/instruction-budget.json), so that CI notices when ingest becomes
slower, and nothing else makes it fail.

It
  1. generates a fixed corpus of contact-form mails with Benchmarks/generate_forms.py (the seed
     and count in the budget file: 300 mails), in a temporary directory,
  2. lays out the sample configuration there (Benchmarks/bench_config.py) with a FIXED master
     key, so that the keyed hashes ticketd stores, and with them the database's B-trees, are the
     same in every run, and with `[limits] ingest_batch_wait_ms` at its maximum: a batch is
     otherwise committed early when its first mail has waited that long, and under valgrind,
     some 50 times slower, where batches end would depend on the machine's load; this way every
     batch holds `ingest_batch` mails (ticketd's default), as at full speed,
  3. runs `valgrind --tool=callgrind ticketd ingest --config ... CORPUS` with
     SWIFT_DETERMINISTIC_HASHING=1 (Swift seeds its Dictionary and Set hashing randomly in every
     process otherwise, which changes the work a run does) and TZ=UTC, on a copy of the binary
     without its debug sections (`objcopy --strip-debug`): the valgrind of Debian 12 (3.19)
     cannot read the DWARF 5 that the toolchain's clang writes for the C parts (BoringSSL)
     ("unhandled dwarf2 abbrev form code 0x25 ... Possibly corrupted debuginfo file ... Giving
     up"). The code run is the same; callgrind_annotate names functions (from the symbol table)
     but not source lines,
  4. checks that ticketd took in every mail (none failed, none a duplicate): a run that fails
     fast would otherwise pass as an improvement,
  5. divides the instructions callgrind counted (start-up included) by the number of mails and
     prints, e.g.

         instructions per mail: 1,234,567 (budget 1,200,000, limit +10%: 1,320,000): ok

Exit status: 0 within the budget (or after --write-budget); 1 when the figure exceeds the budget
by more than the tolerance (10%), with a message naming what to do; 2 when it cannot measure
(valgrind missing, no ticketd binary, no budget, ticketd ingest failing).

Lowering the budget after an optimisation is a commit of its own (`--write-budget` writes the
measured figure into the budget file); raising it needs the reason in the commit message.
The figure depends on the compiler, the libraries, valgrind's version and the CPU (glibc and
BoringSSL choose their code by the CPU's features) as well as on the code, so the budget is only
meaningful for the machine CI runs on.
Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from bench_config import lay_out

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_BUDGET_FILE = os.path.join(HERE, "instruction-budget.json")
DEFAULT_SEED = 20261129
DEFAULT_COUNT = 300
DEFAULT_TOLERANCE = 0.10
# Far more than a 300-mail run takes under callgrind (about a minute): only a hang ends here.
TIMEOUT_SECONDS = 1800

# NOT A SECRET: a constant master key, so that keyed hashes (and with them the layout of the
# database's indexes) repeat from run to run. It protects nothing but made-up benchmark mails;
# it is base64 of the 32 bytes of sha256("ticketd instruction-count guard key (not a secret)").
NOT_A_SECRET_MASTER_KEY = "Ir33Du9uOpRFb4Qlq48uob2mIcHEAArmyB25fdnS3vs="

# Batches end by count, never by the clock (60000 ms is the most ticketd accepts).
GUARD_LIMITS = {"ingest_batch_wait_ms": 60000}

NOTE = ("Instructions per mail of `ticketd ingest` (release build, start-up included) over the corpus "
        "named here, counted by Benchmarks/instructions.py under callgrind; CI fails when a run exceeds it "
        "by more than the tolerance. Lower it in a commit of its own (Benchmarks/instructions.sh "
        "--write-budget); raising it needs the reason in the commit message. The figure also depends on the "
        "Swift toolchain, the system libraries (SQLite, glibc), valgrind and the CPU (glibc and BoringSSL "
        "choose their code by CPU features), so measure it where CI runs.")

SUMMARY = re.compile(r"ingest: (\d+) mails?: (\d+) tickets?, (\d+) quarantined.*?, (\d+) duplicates?, (\d+) failed")


class SetupError(Exception):
    """The guard cannot measure: exit status 2."""


def read_budget(path):
    try:
        with open(path) as f:
            budget = json.load(f)
    except (OSError, ValueError) as error:
        raise SetupError(f"cannot read the budget {path}: {error}")
    if not isinstance(budget, dict) or not isinstance(budget.get("instructions_per_mail"), int) \
            or budget["instructions_per_mail"] <= 0:
        raise SetupError(f"{path}: instructions_per_mail must be a positive integer")
    return budget


def valgrind_version():
    """E.g. "valgrind-3.19.0"."""
    return subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()


def callgrind_total(path):
    """The total instruction count (event Ir) from a callgrind out file's summary or totals line."""
    events, totals = None, {}
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("events:"):
                events = line.split()[1:]
            elif line.startswith(("summary:", "totals:")):
                key, _, values = line.partition(":")
                totals[key] = [int(v) for v in values.split()]
    if events is None or "Ir" not in events:
        raise SetupError(f"{path}: no 'events:' line with Ir: not a callgrind file?")
    figures = totals.get("summary") or totals.get("totals")
    if not figures:
        raise SetupError(f"{path}: no 'summary:' or 'totals:' line: did callgrind finish?")
    return figures[events.index("Ir")]


def objcopy():
    """binutils' objcopy, or the Swift toolchain's llvm-objcopy."""
    for name in ("objcopy", "llvm-objcopy"):
        if shutil.which(name):
            return shutil.which(name)
    if os.access("/opt/swift/usr/bin/llvm-objcopy", os.X_OK):
        return "/opt/swift/usr/bin/llvm-objcopy"
    raise SetupError("neither objcopy (Debian package binutils) nor the toolchain's llvm-objcopy is installed")


def without_debug_info(ticketd, work):
    """A copy of the binary in `work` without its debug sections, which valgrind 3.19 cannot read."""
    copy = os.path.join(work, "ticketd")
    stripped = subprocess.run([objcopy(), "--strip-debug", ticketd, copy], capture_output=True, text=True)
    if stripped.returncode != 0:
        raise SetupError(f"objcopy --strip-debug {ticketd} failed:\n{stripped.stderr[-2000:]}")
    return copy


def measure(ticketd, count, seed, work):
    """Runs the ingest under callgrind; returns (instructions, summary line, callgrind file, seconds)."""
    corpus = os.path.join(work, "corpus")
    generated = subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), corpus,
                                "--count", str(count), "--seed", str(seed)], capture_output=True, text=True)
    if generated.returncode != 0:
        raise SetupError("generate_forms.py failed:\n" + generated.stderr[-2000:])
    config = lay_out(work, NOT_A_SECRET_MASTER_KEY, limits=GUARD_LIMITS)
    out_file = os.path.join(work, "callgrind.out.ticketd-ingest")
    log_file = os.path.join(work, "valgrind.log")

    env = dict(os.environ)
    for name in ("TICKETD_CONFIG", "CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        env.pop(name, None)
    env["SWIFT_DETERMINISTIC_HASHING"] = "1"
    env["TZ"] = "UTC"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", f"--log-file={log_file}",
               without_debug_info(ticketd, work), "ingest", "--config", config, corpus]
    started = time.monotonic()
    try:
        run = subprocess.run(command, env=env, capture_output=True, text=True, errors="replace",
                             timeout=TIMEOUT_SECONDS, cwd=work)
    except subprocess.TimeoutExpired:
        raise SetupError(f"ticketd ingest under callgrind did not finish in {TIMEOUT_SECONDS} s")
    seconds = time.monotonic() - started
    if run.returncode != 0:
        valgrind_log = open(log_file, errors="replace").read() if os.path.exists(log_file) else ""
        raise SetupError(f"ticketd ingest under callgrind exited with status {run.returncode}:\n"
                         + (run.stderr[-2000:] + run.stdout[-1000:] + valgrind_log[-1000:]).strip())
    lines = [line for line in run.stdout.splitlines() if SUMMARY.search(line)]
    if not lines:
        raise SetupError("ticketd ingest printed no summary line ('ingest: N mails: ...'):\n" + run.stdout[-2000:])
    read, tickets, quarantined, duplicates, failed = (int(v) for v in SUMMARY.search(lines[-1]).groups())
    if read != count or failed or duplicates or tickets + quarantined != count:
        raise SetupError(f"ticketd did not take in the corpus whole, so its count says nothing: {lines[-1].strip()}")
    return callgrind_total(out_file), lines[-1].strip(), out_file, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"),
                        help="the ticketd binary to measure (default .build/release/ticketd)")
    parser.add_argument("--budget-file", default=DEFAULT_BUDGET_FILE,
                        help="the committed budget (default Benchmarks/instruction-budget.json)")
    parser.add_argument("--budget", type=int, metavar="N",
                        help="instructions per mail to compare with instead of the file's (for the guard's own test)")
    parser.add_argument("--count", type=int, metavar="N",
                        help=f"mails in the corpus (default: the budget file's, {DEFAULT_COUNT})")
    parser.add_argument("--keep", metavar="DIR", help="copy the callgrind out file into DIR (created if missing)")
    parser.add_argument("--write-budget", action="store_true",
                        help="write the measured figure into the budget file as the new budget")
    args = parser.parse_args(argv)
    if args.budget is not None and args.budget <= 0:
        parser.error("--budget must be positive")
    if args.budget is not None and args.write_budget:
        parser.error("--budget and --write-budget exclude each other")
    if args.count is not None and args.count < 1:
        parser.error("--count must be at least 1")

    try:
        if shutil.which("valgrind") is None:
            raise SetupError("valgrind is not installed: apt-get install valgrind (Scripts/setup.sh installs it)")
        if not os.access(args.ticketd, os.X_OK):
            raise SetupError(f"no ticketd binary at {args.ticketd}: build it with "
                             "`swift build -c release --product ticketd`, or name one with --ticketd")
        budget_data = None
        if os.path.exists(args.budget_file):
            budget_data = read_budget(args.budget_file)
        elif args.budget is None and not args.write_budget:
            raise SetupError(f"no budget: {args.budget_file} is missing; measure one with --write-budget")
        corpus = (budget_data or {}).get("corpus", {})
        seed = int(corpus.get("seed", DEFAULT_SEED))
        count = args.count if args.count is not None else int(corpus.get("count", DEFAULT_COUNT))
        tolerance = float((budget_data or {}).get("tolerance", DEFAULT_TOLERANCE))

        print(f"corpus: {count} contact-form mails (generate_forms.py --seed {seed}); fixed master key; "
              "SWIFT_DETERMINISTIC_HASHING=1", flush=True)
        work = tempfile.mkdtemp(prefix="ticketd-instructions.")
        try:
            total, summary, out_file, seconds = measure(os.path.abspath(args.ticketd), count, seed, work)
            kept = None
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                kept = shutil.copy(out_file, os.path.join(args.keep, os.path.basename(out_file)))
            per_mail = round(total / count)
            print(f"ticketd: {summary}")
            print(f"callgrind: {total:,} instructions in all, {seconds:.0f} s under valgrind"
                  + (f"; kept in {kept}" if kept else ""))

            if args.write_budget:
                previous = budget_data["instructions_per_mail"] if budget_data else None
                written = {
                    "instructions_per_mail": per_mail,
                    "tolerance": tolerance,
                    "corpus": {"generator": "Benchmarks/generate_forms.py", "seed": seed, "count": count},
                    "valgrind": valgrind_version(),
                    "note": (budget_data or {}).get("note") or NOTE,
                }
                with open(args.budget_file, "w") as f:
                    f.write(json.dumps(written, indent=2, ensure_ascii=False) + "\n")
                print(f"instructions per mail: {per_mail:,}: written to {args.budget_file} as the budget"
                      + (f" (was {previous:,})" if previous else "")
                      + "; commit it on its own, with the reason when it goes up")
                return 0

            if args.budget is not None:
                budget = args.budget
            else:
                budget = budget_data["instructions_per_mail"]
                measured_with = budget_data.get("valgrind")
                if measured_with and measured_with != valgrind_version():
                    print(f"note: the budget was counted by {measured_with}, this run by {valgrind_version()}; "
                          "the figures may not compare")
                if count != int(corpus.get("count", DEFAULT_COUNT)):
                    print(f"note: the budget was measured on {corpus.get('count')} mails, this run has {count}; "
                          "start-up is shared by fewer or more mails, so the comparison is not like for like")
            limit = round(budget * (1 + tolerance))
            over = per_mail > limit
            print(f"instructions per mail: {per_mail:,} (budget {budget:,}, limit +{tolerance:.0%}: {limit:,}): "
                  + ("OVER BUDGET" if over else "ok"), flush=True)
            if over:
                if not kept:
                    keep = tempfile.mkdtemp(prefix="ticketd-instructions-over.")
                    kept = shutil.copy(out_file, os.path.join(keep, os.path.basename(out_file)))
                sys.stderr.write(
                    f"instructions.py: ticketd ingest takes {per_mail:,} instructions per mail, which exceeds the "
                    f"budget of {budget:,} by {per_mail / budget - 1:,.0%} (at most {tolerance:.0%} is allowed): "
                    f"find the regression with `callgrind_annotate {kept}`, or raise the budget in "
                    f"{os.path.relpath(args.budget_file, ROOT)} in its own commit with the reason "
                    "(Benchmarks/instructions.sh --write-budget)\n")
                return 1
            if per_mail < budget * (1 - tolerance):
                print(f"note: {1 - per_mail / budget:.0%} under the budget: lower it with "
                      "`Benchmarks/instructions.sh --write-budget`, in a commit of its own")
            return 0
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except SetupError as error:
        sys.stderr.write(f"instructions.py: {error}\n")
        return 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # exit status 1 means over budget and nothing else
        import traceback
        traceback.print_exc()
        sys.exit(2)
