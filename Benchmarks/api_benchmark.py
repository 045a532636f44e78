#!/usr/bin/env python3
"""The staff API under load (issue 17): C concurrent clients (default 50) on the daemon's Unix
socket for S seconds (default 60), twice in one run against the same `ticketd serve`:

  1. baseline: the mailbox is empty, the poller idles;
  2. with ingest: the clients start, and five seconds later N contact-form mails (default 1,000)
     are put into the support mailbox, which the poller takes in while they run; the requests
     that ended in that window are reported on their own line.

Each client is one keep-alive connection sending GET /v1/tickets/{id} (four in five) and
GET /v1/tickets?queue=tv (one in five) as a member of staff with the agent role, one request
after the other. Printed per phase: requests, requests per second, p50 and p99 latency, and
every answer that was not 200 or a connection that failed (the benchmark fails on any); for
phase 2 also how long the poller took for the N mails, beside how long it takes for the same
number with no clients (phase 0, measured first). Figures compare within a run only.

The clients run as a Unix user made for the benchmark (the kernel names it to the daemon), so
this needs root, like the test suite. Standard library only.
"""
import argparse
import asyncio
import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from serve_benchmark import doveadm, key, mailserver_env  # noqa: E402

USER = "bench@example.com"
AGENT = "ticketd-bench-agent"
GROUP = "ticketd-bench-staff"
# One corpus per phase, each with its own Message-IDs (the same ones would be duplicates).
SEEDS = {"alone": 20261203, "loaded": 20261204}


# --- The client side (runs as the agent, started by the main process) ---------------------

async def one_client(socket_path, deadline, ids, latencies, failures):
    try:
        reader, writer = await asyncio.open_unix_connection(socket_path)
    except OSError as error:
        failures.append(f"connect: {error}")
        return
    rng = random.Random()
    while time.monotonic() < deadline:
        path = f"/v1/tickets/{rng.choice(ids)}" if rng.random() < 0.8 else "/v1/tickets?queue=tv"
        started = time.perf_counter()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: ticketd\r\n\r\n".encode())
        try:
            await writer.drain()
            status_line = await reader.readline()
            length = None
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                failures.append(f"no Content-Length after {status_line!r}")
                break
            await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError) as error:
            failures.append(f"connection: {error}")
            break
        latencies.append((time.monotonic(), time.perf_counter() - started))
        parts = status_line.split()
        if len(parts) < 2 or parts[1] != b"200":
            failures.append(status_line.decode("latin-1").strip())
    writer.close()


async def client_main(socket_path, clients, seconds, ids):
    latencies, failures = [], []
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(one_client(socket_path, deadline, ids, latencies, failures) for _ in range(clients)))
    elapsed = time.monotonic() - started
    # CLOCK_MONOTONIC is the machine's, so the main process can cut out the ingest window.
    print(json.dumps({"started": started, "seconds": round(elapsed, 2), "samples": latencies, "failures": len(failures),
                      "failure_examples": failures[:5]}))


def figures(run, since=None, until=None):
    """Requests, rate and latency percentiles of a client run, or of the requests that ended within [since, until]."""
    since = run["started"] if since is None else since
    until = run["started"] + run["seconds"] if until is None else until
    latencies = sorted(latency for ended, latency in run["samples"] if since <= ended <= until)
    span = max(until - since, 1e-9)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"requests": len(latencies), "seconds": round(span, 2), "rps": round(len(latencies) / span, 1),
            "p50_ms": round(pct(0.50), 2), "p99_ms": round(pct(0.99), 2), "failures": run["failures"]}


# --- The main process (root) -------------------------------------------------------------------

def ensure_agent():
    if os.geteuid() != 0:
        sys.exit("api_benchmark.py makes a Unix user for its clients and needs root")
    if subprocess.run(["getent", "group", GROUP], capture_output=True).returncode != 0:
        subprocess.run(["groupadd", "--system", GROUP], check=True)
    if subprocess.run(["getent", "passwd", AGENT], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", AGENT], check=True)
    subprocess.run(["usermod", "--append", "--groups", GROUP, AGENT], check=True)


def load_mailbox(env, work, count, tag):
    """Puts `count` generated contact-form mails into the bench user's INBOX (Maildir, then resync)."""
    maildir = env["TICKETD_TEST_MAILDIR_" + key(USER)]
    corpus = os.path.join(work, f"corpus-{tag}")
    subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), corpus, "--count", str(count), "--seed", str(SEEDS[tag])],
                   check=True, stdout=subprocess.DEVNULL)
    cur = os.path.join(maildir, "cur")
    os.makedirs(cur, exist_ok=True)
    for index, name in enumerate(sorted(os.listdir(corpus))):
        shutil.copyfile(os.path.join(corpus, name), os.path.join(cur, f"{1700000000 + index}.{tag}{index}.ticketd:2,"))
    subprocess.run(["chown", "-R", f"{env['TICKETD_TEST_MAIL_UID']}:{env['TICKETD_TEST_MAIL_GID']}", maildir], check=True)
    if doveadm(env, "force-resync", "-u", USER, "INBOX").returncode != 0:
        sys.exit("doveadm force-resync failed")


def inbox_count(env):
    out = doveadm(env, "-f", "flow", "mailbox", "status", "-u", USER, "messages", "INBOX").stdout
    return int(out.strip().split("=")[-1]) if "=" in out else -1


def wait_drained(env, timeout=600):
    started = time.monotonic()
    while inbox_count(env) != 0:
        if time.monotonic() - started > timeout:
            sys.exit("the poller did not drain the mailbox in time")
        time.sleep(0.2)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--client", nargs=2, metavar=("SOCKET", "IDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        asyncio.run(client_main(args.client[0], args.clients, args.seconds, [int(i) for i in args.client[1].split(",")]))
        return

    ensure_agent()
    env = mailserver_env()
    password = open(env["TICKETD_TEST_PASSWORD_FILE_" + key(USER)]).read().strip()
    work = tempfile.mkdtemp(prefix="ticketd-api-bench.")
    os.chmod(work, 0o755)
    daemon = None
    try:
        doveadm(env, "expunge", "-u", USER, "mailbox", "*", "all")
        doveadm(env, "mailbox", "delete", "-u", USER, "-s", "Processed")
        os.makedirs(os.path.join(work, "state"))
        socket_path = os.path.join(work, "ticketd.sock")
        with open(os.path.join(ROOT, "Samples", "ticketd.toml")) as f:
            config = f.read()
        config = (config.replace('username = "support@example.com"\npassword_file', f'username = "{USER}"\npassword_file')
                  .replace('ca_file = ""', f'ca_file = "{env["TICKETD_TEST_CA_FILE"]}"', 1)
                  .replace('max_message_size = "256 KiB"', 'max_message_size = "25 MB"')
                  .replace('poll_interval = "PT5S"', 'poll_interval = "PT1S"'))
        # One account for all clients: the rate limit is set above what they can send, so that
        # the figures are the daemon's, not the limiter's.
        config += (f'\n[[staff]]\nname = "bench"\nunix_user = "{AGENT}"\nrole = "agent"\n\n'
                   f'[api]\nsocket = "{socket_path}"\nsocket_group = "{GROUP}"\nrequests_per_second = 100000\n')
        config_path = os.path.join(work, "ticketd.toml")
        with open(config_path, "w") as f:
            f.write(config)
        for name, content in [("master.key", base64.b64encode(os.urandom(32)).decode() + "\n"),
                              ("imap.password", password + "\n"), ("smtp.password", "bench\n")]:
            with open(os.path.join(work, name), "w") as f:
                f.write(content)
            os.chmod(os.path.join(work, name), 0o600)

        log = open(os.path.join(work, "serve.log"), "w")
        daemon = subprocess.Popen([args.ticketd, "serve", "--config", config_path], stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            if os.path.exists(socket_path):
                break
            time.sleep(0.1)
        else:
            sys.exit("the daemon did not open its socket:\n" + open(os.path.join(work, "serve.log")).read()[-3000:])

        # Phase 0: the poller alone takes in the mails (these tickets are what the clients read).
        load_mailbox(env, work, args.mails, "alone")
        alone_seconds = wait_drained(env)
        listed = subprocess.run([args.ticketd, "tickets", "--json", "--offline", "--config", config_path], capture_output=True, text=True)
        ids = [ticket["id"] for ticket in json.loads(listed.stdout)] if listed.returncode == 0 else []
        if not ids:
            sys.exit("no tickets to read: " + listed.stderr)
        id_list = ",".join(str(i) for i in ids)
        agent_uid = subprocess.run(["id", "-u", AGENT], capture_output=True, text=True, check=True).stdout.strip()
        agent_gid = subprocess.run(["id", "-g", AGENT], capture_output=True, text=True, check=True).stdout.strip()

        def run_clients():
            return subprocess.Popen(["setpriv", f"--reuid={agent_uid}", f"--regid={agent_gid}", "--init-groups", sys.executable,
                                     os.path.abspath(__file__), "--clients", str(args.clients), "--seconds", str(args.seconds),
                                     "--client", socket_path, id_list], stdout=subprocess.PIPE, text=True)

        # Phase 1: clients alone.
        baseline_run = json.loads(run_clients().communicate()[0])
        baseline = figures(baseline_run)
        # Phase 2: clients while the poller takes in another batch, dropped in once they run.
        clients = run_clients()
        time.sleep(5)
        drain_started = time.monotonic()
        load_mailbox(env, work, args.mails, "loaded")
        loaded_seconds = wait_drained(env)
        drain_ended = time.monotonic()
        loaded_run = json.loads(clients.communicate()[0])
        loaded = figures(loaded_run)
        during = figures(loaded_run, drain_started, drain_ended)

        print(f"{args.clients} clients for {args.seconds:.0f} s each phase on {socket_path}, {len(ids)} tickets to read")
        print(f"{'':44} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failures':>9}")
        for name, row in [("baseline: API only, poller idle", baseline), ("second phase, whole", loaded),
                          (f"  while the poller takes in {args.mails} mails", during)]:
            print(f"{name:44} {row['requests']:9} {row['rps']:8.1f} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f} {row['failures']:9}")
        print(f"poller: {args.mails} mails in {alone_seconds:.1f} s alone, {loaded_seconds:.1f} s under the clients' load "
              f"({loaded_seconds / alone_seconds:.2f}x)")
        print(json.dumps({"clients": args.clients, "seconds": args.seconds, "mails": args.mails, "baseline": baseline, "second_phase": loaded,
                          "during_ingest": during,
                          "ingest_alone_seconds": round(alone_seconds, 2), "ingest_loaded_seconds": round(loaded_seconds, 2)}))
        if baseline_run["failures"] or loaded_run["failures"]:
            sys.exit("failures: " + json.dumps(baseline_run["failure_examples"] + loaded_run["failure_examples"]))
    finally:
        if daemon is not None:
            daemon.terminate()
            daemon.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
