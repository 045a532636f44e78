#!/usr/bin/env python3
"""The memory benchmark: ticketd's resident memory for one 25 MB mail and for an idle `serve`,
each beside a baseline measured in the same run.

    memory.py [--ticketd PATH] [--idle-seconds S] [--poll-interval PTnS] [--part all|mail|idle]

1. One large mail. A made-up contact-form mail (the "website-contact" form of Samples/ticketd.toml,
   a made-up person as Benchmarks/generate_forms.py makes them, processing consent given) with a
   made-up PDF of random bytes as a base64 attachment, just under the 25 MB limit
   (`max_message_size = "25 MB"` = 25,000,000 bytes), is taken in with `ticketd ingest` into a
   fresh database. Its peak RSS comes from wait4()'s rusage of that child alone, the child
   forked by a small helper (Benchmarks/peak_rss.py; Benchmarks/child_process.py starts children
   with vfork(), which counts this script's own peak, the 25 MB mail included, into every
   child's). Whether the mail became a ticket or went to the quarantine, and why, comes from the
   `ingest.finished` line and `ticketd quarantine --json`. Beside it, in the same run:
     - Python's `email.message_from_bytes` (policy=default) reading every part of the same file
       (get_content(), which decodes the attachment): the baseline;
     - `ticketd ingest` of one small form mail: ticketd's fixed cost (binary, libraries, SQLite);
     - the python3 interpreter doing nothing: the baseline's fixed cost;
     - `ticketd ingest` of the same mail grown just over the limit: quarantined as too large;
     - the file size itself;
     - the floor of the measurement (/bin/true started the same way), and, to show why
       peak_rss.py is used, /bin/true started with child_process.measure from this script.
   The peak RSS of the 10,000-mail drain is printed by Benchmarks/serve.sh, beside curl's.

2. Idle serve. The local mail servers are started as Benchmarks/serve_benchmark.py starts them
   and the benchmark user's mailbox is emptied. Three processes then idle side by side:
     - `ticketd serve` (no --once) polling the empty INBOX every --poll-interval (default PT5S);
     - a second `ticketd serve` with a poll interval far longer than the window: after its
       first poll it has nothing to do, so everything it uses in the window is used between
       polls (its outbox pass runs on the same interval; the daily-sweep check once a minute);
     - the baseline: a Swift program that links and touches Foundation and then waits in
       Task.sleep, as ticketd waits between polls (compiled here with swiftc; left out when
       there is none). An idle `sleep` process would say nothing; this shows the floor that
       any Swift daemon on Linux has: the runtime's libraries and libdispatch's thread-pool
       monitor, a timer that fires once a second in every process that uses Dispatch
       (swift-corelibs-libdispatch, src/event/workqueue.c).
   Each ticketd is watched from its first `poll.finished` line on. Once a second for
   --idle-seconds (default 60) each process's /proc/PID/status (VmRSS, RssAnon, RssFile) and the
   run time and timeslices of every thread (/proc/PID/task/*/schedstat, nanoseconds; summed per
   thread, so that worker threads that come and go are counted) are read. Then SIGTERM, and the
   exit is waited for. Printed: RSS at start, maximum and end, its anonymous part, PSS, CPU
   seconds and wake-ups (timeslices) in the window, the poll cycles logged, CPU per poll cycle
   (beyond what the quiet daemon used), connections and descriptors held between polls, and the
   mappings that hold ticketd's resident memory (/proc/PID/smaps).
   The issue's target ("between polls the daemon uses no CPU and at most 30 MB resident
   memory") is judged on: VmRSS at most 30,000,000 bytes at every sample (and, separately, its
   anonymous part); and the quiet daemon's CPU, literally (none at all) and beyond the Swift
   baseline's floor (at most one wake-up per 30 s more than the baseline).

Prints a table per part and one JSON line at the end. Standard library only (swiftc for the idle
baseline); Linux only (/proc).
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from bench_config import lay_out
import child_process
import generate_forms
from peak_rss import floor, measure
from serve_benchmark import USER, doveadm, key, mailserver_env

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIMIT = 25_000_000  # max_message_size = "25 MB" in bench_config's configuration
TARGET_MB = 30_000_000  # the idle target: at most 30 MB resident
MIB = 1024 * 1024
CLK_TCK = os.sysconf("SC_CLK_TCK")

PYTHON_READER = r"""
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    raw = f.read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
total = 0
for part in msg.walk():
    if part.is_multipart():
        continue
    total += len(part.get_content())
print(total)
"""


# ---------------------------------------------------------------------------------------------
# Part 1: one large mail

def large_form_mail(size, seed):
    """A made-up contact-form mail with a made-up PDF attachment, `size` bytes or a few less."""
    rng = random.Random(seed)
    lang = "de"
    name, address, phone, postal = generate_forms.make_person(rng, lang)
    labels = generate_forms.LABELS[lang]
    message = generate_forms.make_message(rng, lang, name)
    message[-2:-2] = ["Die Rechnung hänge ich als PDF an.", ""]  # before the closing and the name
    fields = [(labels["name"], [name]), (labels["email"], [address]), (labels["phone"], [phone]),
              (labels["address"], [postal]), (labels["message"], message),
              (labels["processing"], ["ja"]), (labels["marketing"], ["nein"]), ("Formular-Version", ["2.3"])]
    text = generate_forms.text_body(lang, fields).encode("utf-8")
    boundary = f"----=_Part_{rng.getrandbits(48):012x}"
    order = rng.randint(0, 999999)
    head = "\r\n".join([
        "Return-Path: <kontaktformular@example.com>",
        "Delivered-To: support@example.com",
        "Received: from web01.example.com (web01.example.com [192.0.2.21])",
        "\tby mx1.example.com (Postfix) with ESMTPS id 4B1D2C3E4F",
        "\tfor <support@example.com>; Tue, 11 Mar 2025 09:14:07 +0000",
        "Date: Tue, 11 Mar 2025 09:14:07 +0000",
        "From: Elektro Beispiel Kontaktformular <kontaktformular@example.com>",
        "To: support@example.com",
        "Subject: Kontaktformular: Reklamation",
        f"Message-ID: <memory-bench.{seed}.{size}@web01.example.com>",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "X-Mailer: Beispiel-Kontaktformular 2.3 (PHP 8.2)",
        "",
        "This is a multi-part message in MIME format.",
        f"--{boundary}",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "", ""]).encode("ascii") + text
    attachment_head = "\r\n".join([
        "", f"--{boundary}",
        f'Content-Type: application/pdf; name="Rechnung-EB-2025-{order:06d}.pdf"',
        f'Content-Disposition: attachment; filename="Rechnung-EB-2025-{order:06d}.pdf"',
        "Content-Transfer-Encoding: base64",
        "", ""]).encode("ascii")
    tail = f"\r\n--{boundary}--\r\n".encode("ascii")

    def encoded_length(n):  # base64 in lines of 76 characters, each ended by CRLF
        chars = 4 * ((n + 2) // 3)
        return chars + 2 * ((chars + 75) // 76)

    fixed = len(head) + len(attachment_head) + len(tail)
    pdf_head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    pdf_tail = b"\n%%EOF\n"
    n = (size - fixed) * 57 // 78  # 57 bytes make one 78-byte line
    while fixed + encoded_length(n) > size:
        n -= 1
    while fixed + encoded_length(n + 1) <= size:
        n += 1
    pdf = pdf_head + rng.randbytes(n - len(pdf_head) - len(pdf_tail)) + pdf_tail
    encoded = base64.encodebytes(pdf).replace(b"\n", b"\r\n")
    data = head + attachment_head + encoded.rstrip(b"\r\n") + tail
    return data, len(pdf)


def ingest_once(ticketd, work, name, mail_path):
    """`ticketd ingest` of one file into a fresh database; returns a dict of what happened."""
    directory = os.path.join(work, name)
    os.makedirs(directory)
    config = lay_out(directory, base64.b64encode(os.urandom(32)).decode())
    seconds, rss, out, err, status = measure([ticketd, "ingest", "--config", config, mail_path])
    if status != 0:
        sys.stderr.write(out[-2000:] + err[-2000:])
        sys.exit(f"ticketd ingest ({name}) failed with status {status}")
    finished = [json.loads(line[line.index("{"):]) for line in (out + err).splitlines() if '"ingest.finished"' in line]
    summary = finished[-1] if finished else {}
    quarantine = subprocess.run([ticketd, "quarantine", "--json", "--config", config], capture_output=True, text=True)
    reasons = []
    if quarantine.returncode == 0 and quarantine.stdout.strip():
        entries = json.loads(quarantine.stdout)
        reasons = [entry.get("reason") for entry in entries] if isinstance(entries, list) else []
    if summary.get("tickets"):
        outcome = "taken in as a ticket"
    elif summary.get("quarantined"):
        outcome = "quarantined: " + (", ".join(str(r) for r in reasons) or "reason not listed")
    else:
        outcome = "neither ticket nor quarantine: " + json.dumps(summary)
    return {"seconds": round(seconds, 3), "peak_rss_kib": rss, "outcome": outcome, "tickets": summary.get("tickets"),
            "quarantined": summary.get("quarantined"), "quarantine_reasons": reasons}


def mail_part(args, work):
    size = args.size
    data, pdf_bytes = large_form_mail(size, args.seed)
    big = os.path.join(work, "large.eml")
    with open(big, "wb") as f:
        f.write(data)
    over, _ = large_form_mail(LIMIT + 10_000, args.seed)
    over_path = os.path.join(work, "over-limit.eml")
    with open(over_path, "wb") as f:
        f.write(over)
    small_dir = os.path.join(work, "small")
    subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), small_dir, "--count", "1", "--seed", "7"],
                   check=True, stderr=subprocess.DEVNULL)
    small = os.path.join(small_dir, "000001.eml")

    large = ingest_once(args.ticketd, work, "ingest-large", big)
    fixed = ingest_once(args.ticketd, work, "ingest-small", small)
    too_large = ingest_once(args.ticketd, work, "ingest-over", over_path)
    py_seconds, py_rss, py_out, py_err, py_status = measure([sys.executable, "-c", PYTHON_READER, big])
    if py_status != 0:
        sys.exit("python baseline failed:\n" + py_err[-2000:])
    bare_seconds, bare_rss, _, _, _ = measure([sys.executable, "-c", "pass"])
    floor_kib = floor()
    vfork_kib = child_process.measure(["true"])[1]

    print(f"one contact-form mail with a made-up {pdf_bytes / 1e6:.2f} MB PDF attachment (base64): "
          f"{len(data):,} bytes = {len(data) / MIB:.2f} MiB (limit {LIMIT:,} bytes)")
    print(f"{'':72} {'peak RSS':>12} {'seconds':>8}  outcome")
    rows = [
        ("ticketd ingest, the 25 MB mail, fresh database", large),
        ("ticketd ingest, one small form mail (its fixed cost)", fixed),
        (f"ticketd ingest, the mail grown to {len(over):,} bytes (over the limit)", too_large),
    ]
    for label, row in rows:
        print(f"{label:72} {row['peak_rss_kib'] / 1024:8.1f} MiB {row['seconds']:8.2f}  {row['outcome']}")
    print(f"{'python email.message_from_bytes + get_content of every part':72} {py_rss / 1024:8.1f} MiB {py_seconds:8.2f}  "
          f"{py_out.strip()} characters/bytes of content")
    print(f"{'python3 doing nothing (its fixed cost)':72} {bare_rss / 1024:8.1f} MiB {bare_seconds:8.2f}")
    print(f"{'the file itself':72} {len(data) / MIB:8.1f} MiB")
    print(f"{'measuring floor: /bin/true forked by the peak_rss helper':72} {floor_kib / 1024:8.1f} MiB")
    print(f"{'(/bin/true by child_process.measure from this script: vfork)':72} {vfork_kib / 1024:8.1f} MiB")
    large_over_fixed = (large["peak_rss_kib"] - fixed["peak_rss_kib"]) * 1024
    py_over_fixed = (py_rss - bare_rss) * 1024
    print(f"above the fixed cost, per byte of mail: ticketd {large_over_fixed / len(data):.2f}, "
          f"python {py_over_fixed / len(data):.2f}; ticketd/python peak RSS ratio {large['peak_rss_kib'] / py_rss:.2f}")
    return {"mail_bytes": len(data), "limit_bytes": LIMIT, "ticketd_large": large, "ticketd_small": fixed,
            "ticketd_over_limit": dict(too_large, mail_bytes=len(over)),
            "python": {"seconds": round(py_seconds, 3), "peak_rss_kib": py_rss},
            "python_bare": {"seconds": round(bare_seconds, 3), "peak_rss_kib": bare_rss},
            "floor_kib": floor_kib, "true_via_child_process_measure_kib": vfork_kib,
            "ticketd_bytes_per_mail_byte": round(large_over_fixed / len(data), 2),
            "python_bytes_per_mail_byte": round(py_over_fixed / len(data), 2)}


# ---------------------------------------------------------------------------------------------
# Part 2: idle serve

SWIFT_BASELINE = r"""
import Foundation

// The idle floor of a Swift daemon on Linux: Foundation linked and touched, then nothing but
// waiting in Task.sleep, as ticketd waits between polls.
@main struct IdleBaseline {
    static func main() async throws {
        let line = "ready \(ProcessInfo.processInfo.processIdentifier) \(Date().timeIntervalSince1970)\n"
        FileHandle.standardOutput.write(line.data(using: .utf8)!)
        try await Task.sleep(for: .seconds(3600))
    }
}
"""


def read_status(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "Threads"):
                values[name] = int(rest.split()[0])
    return values


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def schedstat(pid):
    """{thread id: (nanoseconds on a CPU, timeslices)} of the process's threads alive now."""
    threads = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                run, _, count = f.read().split()
            threads[task] = (int(run), int(count))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return threads


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return None


def descriptors(pid):
    """(open descriptors, established TCP connections) of the process."""
    inodes = set()
    names = os.listdir(f"/proc/{pid}/fd")
    for name in names:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{name}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    established = 0
    for table in ("tcp", "tcp6"):
        try:
            with open(f"/proc/{pid}/net/{table}") as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "01" and fields[9] in inodes:
                        established += 1
        except OSError:
            pass
    return len(names), established


def largest_mappings(pid, count=8):
    """The mappings holding most of the resident memory, grouped by what they map: [(name, KiB)]."""
    totals = {}
    current = None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                parts = line.split()
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    path = parts[5] if len(parts) > 5 else "[anonymous]"
                    current = os.path.basename(path) if path.startswith("/") else path
                elif parts and parts[0] == "Rss:" and current is not None:
                    totals[current] = totals.get(current, 0) + int(parts[1])
    except OSError:
        return []
    return sorted(totals.items(), key=lambda item: -item[1])[:count]


class Watched:
    """A child process started with its stdout read line by line in a thread."""

    def __init__(self, name, argv, ready):
        self.name = name
        self.ready_test = ready
        self.lines = []  # (monotonic time of arrival, text)
        self.ready = threading.Event()
        self.samples = []
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.started = time.monotonic()
        self.err = []
        self.readers = [threading.Thread(target=self._out, daemon=True), threading.Thread(target=self._err, daemon=True)]
        for reader in self.readers:
            reader.start()

    def _out(self):
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace")
            self.lines.append((time.monotonic(), line))
            if self.ready_test(line):
                self.ready.set()
        self.ready.set()  # end of output: whoever waits must look at the exit

    def _err(self):
        for chunk in iter(lambda: self.process.stderr.read(65536), b""):
            self.err.append(chunk)

    def wait_ready(self, seconds):
        if not self.ready.wait(seconds) or self.process.poll() is not None:
            self.stop()
            sys.exit(f"{self.name} did not get ready within {seconds} s:\n"
                     + "".join(line for _, line in self.lines)[-2000:] + b"".join(self.err).decode()[-2000:])
        return time.monotonic() - self.started

    def events(self, name):
        found = []
        for at, line in self.lines:
            if f'"{name}"' in line and "{" in line:
                try:
                    found.append((at, json.loads(line[line.index("{"):])))
                except ValueError:
                    pass
        return found

    def sample(self):
        pid = self.process.pid
        if self.process.poll() is not None:
            sys.exit(f"{self.name} exited during the idle window with status {self.process.returncode}")
        threads = schedstat(pid)
        ns = slices = 0
        if self.samples:
            # Per thread, so that a worker thread that ends takes nothing away; a thread that began
            # since the last sample counts from its start. (A thread that ends between two
            # samples loses what it ran after the earlier one.)
            before = self.samples[-1]
            ns, slices = before["ns"], before["slices"]
            for tid, (run, count) in threads.items():
                was_run, was_count = before["threads"].get(tid, (0, 0))
                ns += run - was_run
                slices += count - was_count
        self.samples.append({"at": time.monotonic(), "status": read_status(pid), "ticks": cpu_ticks(pid),
                             "threads": threads, "ns": ns, "slices": slices})

    def summary(self):
        first, last = self.samples[0], self.samples[-1]
        pid = self.process.pid
        fds, tcp = descriptors(pid)
        rss = [s["status"]["VmRSS"] for s in self.samples]
        return {"window_seconds": round(last["at"] - first["at"], 2),
                "rss_kib": {"start": rss[0], "max": max(rss), "end": rss[-1]},
                "rss_anon_kib": {"start": first["status"]["RssAnon"], "end": last["status"]["RssAnon"]},
                "rss_file_kib_end": last["status"]["RssFile"], "pss_kib_end": pss_kib(pid),
                "vmhwm_kib": last["status"]["VmHWM"], "threads": last["status"]["Threads"],
                "cpu_seconds": round((last["ns"] - first["ns"]) / 1e9, 4),
                "cpu_ticks_seconds": round((last["ticks"] - first["ticks"]) / CLK_TCK, 2),
                "wakeups": last["slices"] - first["slices"],
                "open_descriptors_end": fds, "tcp_connections_end": tcp}

    def stop(self):
        """SIGTERM, then the exit: (status, seconds it took)."""
        began = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
            print(f"{self.name} did not stop within 30 s of SIGTERM: killed")
        for reader in self.readers:
            reader.join(5)
        return status, time.monotonic() - began


def serve_config(directory, env, password, poll_interval):
    """Samples/ticketd.toml laid out as Benchmarks/serve_benchmark.py does: the benchmark user."""
    config_path = lay_out(directory, base64.b64encode(os.urandom(32)).decode())
    with open(config_path) as f:
        config = f.read()
    config = (config.replace('username = "support@example.com"\npassword_file', f'username = "{USER}"\npassword_file')
              .replace('ca_file = ""', f'ca_file = "{env["TICKETD_TEST_CA_FILE"]}"', 1))
    config, replaced = re.subn(r'^poll_interval = ".*"$', f'poll_interval = "{poll_interval}"', config, count=1, flags=re.M)
    if replaced != 1:
        sys.exit("no poll_interval key in the configuration")
    with open(config_path, "w") as f:
        f.write(config)
    with open(os.path.join(directory, "imap.password"), "w") as f:
        f.write(password + "\n")
    return config_path


def build_swift_baseline(work):
    """Compiles the Swift idle baseline; returns its path, or None with the reason printed."""
    swiftc = shutil.which("swiftc")
    if swiftc is None:
        print("(no swiftc on PATH: the Swift idle baseline is left out)")
        return None
    source = os.path.join(work, "main.swift")
    with open(source, "w") as f:
        f.write(SWIFT_BASELINE)
    binary = os.path.join(work, "idle-baseline")
    built = subprocess.run([swiftc, "-O", "-parse-as-library", source, "-o", binary], capture_output=True, text=True)
    if built.returncode != 0:
        print("(the Swift idle baseline did not compile: left out)\n" + built.stderr[-1000:])
        return None
    return binary


def idle_part(args, work):
    baseline_binary = build_swift_baseline(work)
    env = mailserver_env()
    password = open(env["TICKETD_TEST_PASSWORD_FILE_" + key(USER)]).read().strip()
    # An empty mailbox: nothing to take in, so every cycle is a bare poll.
    doveadm(env, "expunge", "-u", USER, "mailbox", "*", "all")
    doveadm(env, "mailbox", "delete", "-u", USER, "-s", "Processed")
    left = doveadm(env, "-f", "flow", "mailbox", "status", "-u", USER, "messages", "INBOX").stdout.strip()

    polled = lambda line: '"poll.finished"' in line or '"poll.failed"' in line  # noqa: E731
    quiet_interval = f"PT{args.idle_seconds * 60}S"
    watched = []
    try:
        # The quiet one first: after its first poll it has nothing to do for longer than the window.
        quiet = Watched("ticketd serve (poll_interval longer than the window)",
                        [args.ticketd, "serve", "--config",
                         serve_config(os.path.join(work, "quiet"), env, password, quiet_interval)], polled)
        watched.append(quiet)
        quiet.wait_ready(60)
        busy = Watched(f"ticketd serve (poll_interval {args.poll_interval})",
                       [args.ticketd, "serve", "--config",
                        serve_config(os.path.join(work, "busy"), env, password, args.poll_interval)], polled)
        watched.append(busy)
        first_poll_seconds = busy.wait_ready(60)
        baseline = None
        if baseline_binary:
            baseline = Watched("Swift baseline (Foundation, Task.sleep)", [baseline_binary], lambda line: line.startswith("ready"))
            watched.append(baseline)
            baseline.wait_ready(30)
        for process in watched:
            failed = process.events("poll.failed")
            if failed:
                sys.exit(f"{process.name}: the first poll failed: {json.dumps(failed[0][1])}")

        start = time.monotonic()
        for i in range(args.idle_seconds + 1):
            delay = start + i - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            for process in watched:
                process.sample()
        end = busy.samples[-1]["at"]
        summaries = {process.name: process.summary() for process in watched}
        mappings = largest_mappings(busy.process.pid)
        stops = {process.name: process.stop() for process in watched}
    finally:
        for process in watched:
            if process.process.poll() is None:
                process.process.kill()
                process.process.wait()

    polls = [(t, e) for t, e in busy.events("poll.finished") if start < t <= end]
    failed = [e for t, e in busy.events("poll.failed") if start < t <= end]
    quiet_polls = [e for t, e in quiet.events("poll.finished") if start < t <= end]
    b, q = summaries[busy.name], summaries[quiet.name]
    base = summaries.get(baseline.name) if baseline else None
    window = b["window_seconds"]
    # A poll cycle's cost: what the polling daemon used beyond the quiet one, per poll (the outbox
    # pass, run every poll_interval on a loop of its own, is in it).
    per_poll = (b["cpu_seconds"] - q["cpu_seconds"] * window / q["window_seconds"]) / len(polls) if polls else None
    rss_holds = b["rss_kib"]["max"] * 1024 <= TARGET_MB and q["rss_kib"]["max"] * 1024 <= TARGET_MB
    cpu_holds = q["cpu_seconds"] == 0
    stopped = busy.events("serve.stopped")

    print(f"idle serve: empty INBOX of {USER} ({left or '?'}); ticketd's first poll done {first_poll_seconds:.2f} s "
          f"after start; then {window:.0f} s sampled once a second (VmRSS; CPU from schedstat of every thread)")
    print(f"{'':52} {'RSS start':>10} {'max':>7} {'end':>7} {'anon':>6} {'PSS':>6} {'CPU s':>8} {'wake-ups':>9} {'polls':>6}")
    rows = [(busy.name, b, len(polls)), (quiet.name, q, len(quiet_polls))]
    if base:
        rows.append((baseline.name, base, None))
    for label, row, count in rows:
        print(f"{label:52} {row['rss_kib']['start'] / 1024:10.1f} {row['rss_kib']['max'] / 1024:7.1f} "
              f"{row['rss_kib']['end'] / 1024:7.1f} {row['rss_anon_kib']['end'] / 1024:6.1f} "
              f"{(row['pss_kib_end'] or 0) / 1024:6.1f} {row['cpu_seconds']:8.3f} {row['wakeups']:9d} "
              f"{'' if count is None else count:>6}")
    print("(MiB; anon = RssAnon, the heap and stacks; the rest of RSS is file-backed: the binary's and the "
          "shared libraries' pages. PSS shares those out among the processes mapping them.)")
    print(f"CPU with polling: {100 * b['cpu_seconds'] / window:.2f}% of one core; {len(polls)} poll cycles, {len(failed)} failed; "
          f"CPU per poll cycle (beyond the quiet daemon) "
          + (f"{per_poll * 1000:.1f} ms, each cycle {sum(float(e.get('seconds', 0)) for _, e in polls) / len(polls) * 1000:.0f} ms wall"
             if polls else "n/a"))
    print(f"between polls (the quiet daemon): {q['cpu_seconds'] * 1000:.1f} ms CPU in {q['window_seconds']:.0f} s, "
          f"{q['wakeups']} wake-ups ({q['wakeups'] / q['window_seconds']:.1f}/s)"
          + (f"; the Swift baseline: {base['cpu_seconds'] * 1000:.1f} ms, {base['wakeups']} wake-ups" if base else ""))
    print(f"held between polls: {b['tcp_connections_end']} TCP connections, {b['open_descriptors_end']} descriptors, "
          f"{b['threads']} threads; peak RSS over its life (VmHWM) {b['vmhwm_kib'] / 1024:.1f} MiB")
    print("resident memory by mapping (KiB): " + ", ".join(f"{name} {kib}" for name, kib in mappings))
    anon_max = max(s["status"]["RssAnon"] for process in (busy, quiet) for s in process.samples)
    print(f"target 'at most 30 MB resident': VmRSS max {max(b['rss_kib']['max'], q['rss_kib']['max']) * 1024 / 1e6:.1f} MB "
          f"-> {'holds' if rss_holds else 'MISSED'}; its anonymous part (heap, stacks) max {anon_max * 1024 / 1e6:.1f} MB "
          f"-> {'holds' if anon_max * 1024 <= TARGET_MB else 'MISSED'}")
    literal = "holds" if cpu_holds else "MISSED"
    if base:
        scale = q["window_seconds"] / base["window_seconds"]
        extra_wakeups = q["wakeups"] - base["wakeups"] * scale
        extra_ms = (q["cpu_seconds"] - base["cpu_seconds"] * scale) * 1000
        floor_holds = extra_wakeups <= q["window_seconds"] / 30
        print(f"target 'no CPU between polls': literally {literal} ({q['cpu_seconds'] * 1000:.1f} ms, {q['wakeups']} wake-ups); "
              f"beyond the Swift baseline's floor {extra_ms:+.1f} ms, {extra_wakeups:+.0f} wake-ups -> {'holds' if floor_holds else 'MISSED'}")
    else:
        floor_holds = None
        print(f"target 'no CPU between polls': literally {literal} ({q['cpu_seconds'] * 1000:.1f} ms, {q['wakeups']} wake-ups)")
    status, seconds = stops[busy.name]
    print(f"SIGTERM: exited with status {status} after {seconds:.2f} s"
          + (f", logged serve.stopped ({stopped[-1][1].get('reason')})" if stopped else ", no serve.stopped line"))
    return {"poll_interval": args.poll_interval, "quiet_poll_interval": quiet_interval,
            "first_poll_seconds": round(first_poll_seconds, 2), "polls": len(polls), "polls_failed": len(failed),
            "cpu_per_poll_seconds": round(per_poll, 4) if per_poll is not None else None,
            "polling": b, "quiet": q, "swift_baseline": base, "largest_mappings_kib": dict(mappings),
            "target_rss_holds": rss_holds, "target_anon_rss_holds": anon_max * 1024 <= TARGET_MB,
            "target_no_cpu_holds": cpu_holds, "target_no_cpu_beyond_runtime_holds": floor_holds,
            "exit_status": {name: status for name, (status, _) in stops.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--idle-seconds", type=int, default=60, help="length of the idle window (default 60)")
    parser.add_argument("--poll-interval", default="PT5S", help="poll_interval for the idle serve (default PT5S)")
    parser.add_argument("--size", type=int, default=LIMIT - 10_000,
                        help=f"bytes of the large mail (default {LIMIT - 10_000:,}, just under the limit)")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--part", choices=["all", "mail", "idle"], default="all")
    args = parser.parse_args()
    if args.idle_seconds < 2:
        parser.error("--idle-seconds must be at least 2")

    began = time.perf_counter()
    work = tempfile.mkdtemp(prefix="ticketd-memory-bench.")
    result = {}
    try:
        if args.part in ("all", "mail"):
            result["mail"] = mail_part(args, work)
        if args.part == "all":
            print()
        if args.part in ("all", "idle"):
            result["idle"] = idle_part(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = round(time.perf_counter() - began, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
