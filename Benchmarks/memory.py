#!/usr/bin/env python3
"""The memory benchmark: ticketd's resident memory for one 25 MB mail and for an idle `serve`,
each beside a baseline measured in the same run.

    memory.py [--ticketd PATH] [--idle-seconds S] [--poll-interval PTnS] [--part all|mail|idle]

1. One large mail. A made-up contact-form mail (the "website-contact" form of Samples/ticketd.toml,
   a made-up person as Benchmarks/generate_forms.py makes them, processing consent given) with a
   made-up PDF of random bytes as a base64 attachment, just under the 25 MB limit
   (`max_message_size = "25 MB"` = 25,000,000 bytes), is taken in with `ticketd ingest` into a
   fresh database. Its peak RSS comes from wait4()'s rusage of that child alone, the child forked
   by a small helper (Benchmarks/peak_rss.py: Benchmarks/child_process.py's vfork() would count
   this script's own peak, which holds the 25 MB mail, into every child's); whether the mail became a ticket or went to the quarantine
   (and why) comes from the `ingest.finished` line and `ticketd quarantine --json`. Beside it, in
   the same run:
     - Python's `email.message_from_bytes` (policy=default) reading every part of the same file
       (get_content(), which decodes the attachment): the baseline;
     - `ticketd ingest` of one small form mail: ticketd's fixed cost (binary, libraries, SQLite);
     - the python3 interpreter doing nothing: the baseline's fixed cost;
     - `ticketd ingest` of the same mail grown just over the limit, which must be quarantined as
       too large without being read into memory whole;
     - the file size itself;
     - the floor of the measurement (/bin/true started the same way), and, to show why
       peak_rss.py is used, /bin/true started with child_process.measure from this script.
   (The peak RSS of the 10,000-mail drain is printed by Benchmarks/serve.sh, beside curl's.)

2. Idle serve. The local mail servers are started as Benchmarks/serve_benchmark.py starts them,
   the test user's INBOX is emptied, and `ticketd serve` (no --once) polls it every
   --poll-interval (default PT5S). After its first `poll.finished` line, /proc/PID/status (VmRSS,
   RssAnon, RssFile) and the run time of every thread (/proc/PID/task/*/schedstat, nanoseconds;
   utime+stime from /proc/PID/stat as a cross-check) are sampled once a second for
   --idle-seconds (default 60); then SIGTERM, and the exit is waited for. Printed: RSS at start,
   maximum and end, CPU seconds over the window, the poll cycles logged in it, CPU per poll, and
   the CPU and wake-ups in the one-second intervals that overlap no poll cycle (a cycle spans
   the `seconds` of its `poll.finished` line, padded by 0.25 s on each side): "between polls".
   The issue's target ("between polls the daemon uses no CPU and at most 30 MB resident
   memory") is judged on those: at most 30,000,000 bytes VmRSS at every sample, and no CPU
   time at all in the intervals between polls.
   There is no like-for-like baseline for an idle daemon (an idle `sleep` uses no CPU and a few
   hundred KiB, which says nothing); for reference the RSS of Dovecot's own `imap` processes
   (children of the local Dovecot's master: the server side of ticketd's session, if it keeps
   one) is printed beside it, sampled at the same moments.
   The largest mappings of ticketd's resident memory at the end of the window (from
   /proc/PID/smaps) show where it lies: the binary's own pages, shared libraries, the heap.

Prints a table per part and one JSON line at the end. Standard library only; Linux only (/proc).
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
POLL_PAD = 0.25  # seconds either side of a poll cycle that still count as the cycle

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
    message = generate_forms.make_message(rng, lang, name) + ["", "Die Rechnung hänge ich als PDF an."]
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
    print(f"{'':64} {'peak RSS':>12} {'seconds':>8}  outcome")
    rows = [
        ("ticketd ingest, the 25 MB mail, fresh database", large),
        ("ticketd ingest, one small form mail (its fixed cost)", fixed),
        (f"ticketd ingest, the mail grown to {len(over):,} bytes (over the limit)", too_large),
    ]
    for label, row in rows:
        print(f"{label:64} {row['peak_rss_kib'] / 1024:8.1f} MiB {row['seconds']:8.2f}  {row['outcome']}")
    print(f"{'python email.message_from_bytes + get_content of every part':64} {py_rss / 1024:8.1f} MiB {py_seconds:8.2f}  "
          f"{py_out.strip()} characters/bytes of content")
    print(f"{'python3 doing nothing (its fixed cost)':64} {bare_rss / 1024:8.1f} MiB {bare_seconds:8.2f}")
    print(f"{'the file itself':64} {len(data) / MIB:8.1f} MiB")
    print(f"{'measuring floor: /bin/true forked by the peak_rss helper':64} {floor_kib / 1024:8.1f} MiB")
    print(f"{'(/bin/true by child_process.measure from this script: vfork)':64} {vfork_kib / 1024:8.1f} MiB")
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
    """(nanoseconds on a CPU, timeslices) summed over the process's threads alive now."""
    ns = slices = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                run, _, count = f.read().split()
            ns += int(run)
            slices += int(count)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return ns, slices


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def dovecot_imap_rss():
    """KiB of VmRSS of each `imap` child of the local Dovecot's main master, by pid."""
    try:
        with open(os.path.join(ROOT, ".mailserver", "run", "main", "master.pid")) as f:
            master = f.read().strip()
    except OSError:
        return {}
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            ppid = stat.rsplit(")", 1)[1].split()[1]
            if comm == "imap" and ppid == master:
                found[entry] = read_status(entry).get("VmRSS", 0)
        except (OSError, ValueError):
            pass
    return found


def largest_mappings(pid, count=6):
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


def idle_part(args, work):
    env = mailserver_env()
    password = open(env["TICKETD_TEST_PASSWORD_FILE_" + key(USER)]).read().strip()
    ca = env["TICKETD_TEST_CA_FILE"]
    # An empty mailbox: nothing to take in, so every cycle is a bare poll.
    doveadm(env, "expunge", "-u", USER, "mailbox", "*", "all")
    doveadm(env, "mailbox", "delete", "-u", USER, "-s", "Processed")
    left = doveadm(env, "-f", "flow", "mailbox", "status", "-u", USER, "messages", "INBOX").stdout.strip()

    directory = os.path.join(work, "serve")
    os.makedirs(directory)
    config_path = lay_out(directory, base64.b64encode(os.urandom(32)).decode())
    with open(config_path) as f:
        config = f.read()
    # As Benchmarks/serve_benchmark.py lays it out: the benchmark user, its password, the local CA.
    config = (config.replace('username = "support@example.com"\npassword_file', f'username = "{USER}"\npassword_file')
              .replace('ca_file = ""', f'ca_file = "{ca}"', 1))
    config, replaced = re.subn(r'^poll_interval = ".*"$', f'poll_interval = "{args.poll_interval}"', config, count=1, flags=re.M)
    if replaced != 1:
        sys.exit("no poll_interval key in the configuration")
    with open(config_path, "w") as f:
        f.write(config)
    with open(os.path.join(directory, "imap.password"), "w") as f:
        f.write(password + "\n")

    process = subprocess.Popen([args.ticketd, "serve", "--config", config_path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events = []  # (monotonic time of arrival, event dict)
    first_poll = threading.Event()
    err_chunks = []

    def read_stdout():
        for raw in process.stdout:
            line = raw.decode("utf-8", "replace")
            if "{" not in line:
                continue
            try:
                event = json.loads(line[line.index("{"):])
            except ValueError:
                continue
            events.append((time.monotonic(), event))
            if event.get("event") in ("poll.finished", "poll.failed"):
                first_poll.set()

    def read_stderr():
        for chunk in iter(lambda: process.stderr.read(65536), b""):
            err_chunks.append(chunk)

    readers = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
    for reader in readers:
        reader.start()
    launched = time.monotonic()
    try:
        if not first_poll.wait(60):
            sys.exit("ticketd serve logged no poll.finished within 60 s:\n" + b"".join(err_chunks).decode()[-2000:])
        first_event = [e for _, e in events if e.get("event") in ("poll.finished", "poll.failed")][0]
        if first_event.get("event") == "poll.failed" or process.poll() is not None:
            sys.exit("the first poll failed: " + json.dumps(first_event))
        first_poll_seconds = time.monotonic() - launched
        pid = process.pid
        samples = []  # (monotonic, status, ticks, sched ns, timeslices, dovecot imap rss by pid)
        start = time.monotonic()
        fds_start = open_fds(pid)
        for i in range(args.idle_seconds + 1):
            delay = start + i - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if process.poll() is not None:
                sys.exit(f"ticketd serve exited during the idle window with status {process.returncode}")
            ns, slices = schedstat(pid)
            samples.append((time.monotonic(), read_status(pid), cpu_ticks(pid), ns, slices, dovecot_imap_rss()))
        fds_end = open_fds(pid)
        mappings = largest_mappings(pid)
        end = samples[-1][0]
        stop_began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
            print("ticketd serve did not stop within 30 s of SIGTERM: killed")
        stop_seconds = time.monotonic() - stop_began
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    for reader in readers:
        reader.join(5)

    # Poll cycles in the window, each as the span [finish - seconds - pad, finish + pad].
    polls = [(t, e) for t, e in events if e.get("event") == "poll.finished" and start < t <= end]
    failed = [e for t, e in events if e.get("event") == "poll.failed" and start < t <= end]
    spans = [(t - float(e.get("seconds", 0)) - POLL_PAD, t + POLL_PAD) for t, e in polls]
    quiet_ns = quiet_slices = quiet_intervals = 0
    quiet_ticks = 0
    busy_ns = 0
    for before, after in zip(samples, samples[1:]):
        overlaps = any(a < after[0] and before[0] < b for a, b in spans)
        ns = after[3] - before[3]
        if overlaps:
            busy_ns += ns
        else:
            quiet_intervals += 1
            quiet_ns += ns
            quiet_slices += after[4] - before[4]
            quiet_ticks += after[2] - before[2]
    rss = [s[1]["VmRSS"] for s in samples]
    window = end - start
    cpu_seconds = (samples[-1][3] - samples[0][3]) / 1e9
    tick_seconds = (samples[-1][2] - samples[0][2]) / CLK_TCK
    per_poll = busy_ns / 1e9 / len(polls) if polls else None
    dovecot = [kib for s in samples for kib in s[5].values()]
    dovecot_pids = {pid for s in samples for pid in s[5]}
    last = samples[-1][1]
    rss_holds = max(rss) * 1024 <= TARGET_MB
    cpu_holds = quiet_ns == 0
    stopped = [e for _, e in events if e.get("event") == "serve.stopped"]

    print(f"idle serve: empty INBOX of {USER} ({left or '?'} messages), poll_interval {args.poll_interval}; "
          f"first poll done {first_poll_seconds:.2f} s after start; window {window:.1f} s, sampled every second")
    print(f"{'':44} {'start':>9} {'max':>9} {'end':>9}")
    print(f"{'ticketd serve VmRSS (MiB)':44} {rss[0] / 1024:9.1f} {max(rss) / 1024:9.1f} {rss[-1] / 1024:9.1f}")
    print(f"{'  of it anonymous (heap, stacks) (MiB)':44} {samples[0][1]['RssAnon'] / 1024:9.1f} "
          f"{max(s[1]['RssAnon'] for s in samples) / 1024:9.1f} {last['RssAnon'] / 1024:9.1f}")
    print(f"{'  of it file-backed (binary, libraries) (MiB)':44} {samples[0][1]['RssFile'] / 1024:9.1f} "
          f"{max(s[1]['RssFile'] for s in samples) / 1024:9.1f} {last['RssFile'] / 1024:9.1f}")
    if dovecot:
        print(f"{'Dovecot imap process(es) VmRSS (MiB), reference':44} {'':9} {max(dovecot) / 1024:9.1f} {'':9}  "
              f"({len(dovecot_pids)} process(es) seen)")
    else:
        print("Dovecot imap process: none alive at the samples (ticketd keeps no session open between polls)")
    print(f"ticketd peak RSS over its life (VmHWM): {last['VmHWM'] / 1024:.1f} MiB; threads {last['Threads']}; "
          f"open descriptors {fds_start} -> {fds_end}")
    print(f"CPU over the window: {cpu_seconds:.3f} s ({tick_seconds:.2f} s by utime+stime), "
          f"{100 * cpu_seconds / window:.2f}% of one core")
    print(f"poll cycles in the window: {len(polls)} finished, {len(failed)} failed; CPU per poll "
          + (f"{per_poll * 1000:.1f} ms" if per_poll is not None else "n/a")
          + (f"; each poll took {sum(float(e.get('seconds', 0)) for _, e in polls) / len(polls) * 1000:.1f} ms wall" if polls else ""))
    print(f"between polls ({quiet_intervals} one-second intervals touching no poll): CPU {quiet_ns / 1e6:.2f} ms, "
          f"{quiet_slices} timeslices (wake-ups), {quiet_ticks} clock ticks")
    print("resident memory by mapping at the end (KiB): " + ", ".join(f"{name} {kib}" for name, kib in mappings))
    print(f"target 'at most 30 MB resident': max {max(rss) * 1024 / 1e6:.1f} MB -> {'holds' if rss_holds else 'MISSED'}; "
          f"'no CPU between polls': {quiet_ns / 1e6:.2f} ms -> {'holds' if cpu_holds else 'MISSED'}")
    print(f"SIGTERM: exited with status {status} after {stop_seconds:.2f} s"
          + (f", logged serve.stopped ({stopped[-1].get('reason')})" if stopped else ", no serve.stopped line"))
    return {"poll_interval": args.poll_interval, "window_seconds": round(window, 2),
            "first_poll_seconds": round(first_poll_seconds, 2),
            "rss_kib": {"start": rss[0], "max": max(rss), "end": rss[-1]},
            "rss_anon_kib_end": last["RssAnon"], "rss_file_kib_end": last["RssFile"], "vmhwm_kib": last["VmHWM"],
            "threads": last["Threads"], "fds": [fds_start, fds_end],
            "cpu_seconds": round(cpu_seconds, 4), "cpu_ticks_seconds": round(tick_seconds, 2),
            "polls": len(polls), "polls_failed": len(failed),
            "cpu_per_poll_seconds": round(per_poll, 4) if per_poll is not None else None,
            "between_polls": {"intervals": quiet_intervals, "cpu_seconds": round(quiet_ns / 1e9, 6),
                              "timeslices": quiet_slices, "ticks": quiet_ticks},
            "dovecot_imap_rss_kib_max": max(dovecot) if dovecot else None,
            "largest_mappings_kib": dict(mappings),
            "target_rss_holds": rss_holds, "target_no_cpu_holds": cpu_holds,
            "exit_status": status, "stop_seconds": round(stop_seconds, 2)}


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
