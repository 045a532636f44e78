#!/usr/bin/env python3
"""The serve benchmark: how long `ticketd serve --once` takes to drain a mailbox of N
contact-form mails from the local Dovecot, beside the libcurl ceiling measured in the same run:
the same messages fetched by URL over one connection with the curl command line, with no
processing at all. The peak resident memory of each, from wait4() (Benchmarks/peak_rss.py), is
printed beside its time.

The mails are written straight into the test user's Maildir (cur/) and made visible with
`doveadm force-resync`, which loads 10,000 in about a second. Both measurements read the same
mailbox on the same server, one after the other; the figures are comparable within a run only.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from peak_rss import measure

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
USER = "bench@example.com"


def mailserver_env(state=None):
    """The mail servers' ports, CA file, password files and Maildirs, from `Scripts/mailserver.sh env`.
    Without `state` the repository's own servers are started first (a no-op when they run); with
    it, the servers already running from that state directory are used, never started or stopped."""
    script = os.path.join(ROOT, "Scripts", "mailserver.sh")
    if state is None:
        subprocess.run([script, "start"], check=True, stdout=subprocess.DEVNULL)
    else:
        status = subprocess.run([script, "status", state], capture_output=True, text=True)
        if status.returncode != 0:
            sys.exit(f"the mail servers of {state} do not all run:\n{status.stdout}{status.stderr}")
    printed = subprocess.run([script, "env", *([state] if state else [])], check=True, capture_output=True, text=True).stdout
    env = {}
    for line in printed.splitlines():
        if line.startswith("export ") and "=" in line:
            key, value = line[len("export "):].split("=", 1)
            env[key] = value.strip("'")
    return env


def key(user):
    return "".join(c if c.isalnum() else "_" for c in user.upper())


def doveadm(env, *args):
    return subprocess.run(["doveadm", "-c", env["TICKETD_TEST_DOVECOT_CONFIG"], *args], capture_output=True, text=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    args = parser.parse_args()

    env = mailserver_env()
    maildir = env["TICKETD_TEST_MAILDIR_" + key(USER)]
    password_file = env["TICKETD_TEST_PASSWORD_FILE_" + key(USER)]
    password = open(password_file).read().strip()
    ca = env["TICKETD_TEST_CA_FILE"]
    port = env["TICKETD_TEST_IMAPS_PORT"]

    work = tempfile.mkdtemp(prefix="ticketd-serve-bench.")
    try:
        # A fresh mailbox holding the corpus.
        doveadm(env, "expunge", "-u", USER, "mailbox", "*", "all")
        doveadm(env, "mailbox", "delete", "-u", USER, "-s", "Processed")
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), corpus, "--count", str(args.count)],
                       check=True, stdout=subprocess.DEVNULL)
        cur = os.path.join(maildir, "cur")
        os.makedirs(cur, exist_ok=True)
        started = time.perf_counter()
        for index, name in enumerate(sorted(os.listdir(corpus))):
            shutil.copyfile(os.path.join(corpus, name), os.path.join(cur, f"{1700000000 + index}.bench{index}.ticketd:2,"))
        subprocess.run(["chown", "-R", f"{env['TICKETD_TEST_MAIL_UID']}:{env['TICKETD_TEST_MAIL_GID']}", maildir], check=True)
        resync = doveadm(env, "force-resync", "-u", USER, "INBOX")
        if resync.returncode != 0:
            sys.exit("doveadm force-resync failed: " + resync.stderr)
        load_seconds = time.perf_counter() - started
        uids = [line.split()[1] for line in doveadm(env, "search", "-u", USER, "mailbox", "INBOX", "all").stdout.splitlines() if line.strip()]
        if len(uids) != args.count:
            sys.exit(f"expected {args.count} messages in the mailbox, found {len(uids)}")

        # Warm Dovecot's index and the page cache first, so that neither measurement below pays
        # for what the other then gets for free.
        doveadm(env, "index", "-u", USER, "INBOX")
        subprocess.run(["doveadm", "-c", env["TICKETD_TEST_DOVECOT_CONFIG"], "fetch", "-u", USER, "text", "mailbox", "INBOX", "all"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def curl_fetch_all(mailbox, uid_list):
            """Every message fetched by URL over one reused connection, output discarded; (seconds, peak RSS KiB)."""
            config_path = os.path.join(work, f"curl-{mailbox}.config")
            with open(config_path, "w") as f:
                f.write(f'user = "{USER}:{password}"\ncacert = "{ca}"\nsilent\nshow-error\n')
                for uid in uid_list:
                    f.write(f'url = "imaps://127.0.0.1:{port}/{mailbox};UID={uid}"\noutput = "/dev/null"\n')
            os.chmod(config_path, 0o600)
            seconds, rss, _, err, status = measure(["curl", "--config", config_path])
            if status != 0:
                sys.exit("curl failed:\n" + err[-3000:])
            return seconds, rss

        # The ceiling, as ticketd meets the mailbox: unseen messages in INBOX (each fetch sets \Seen).
        curl_seconds, curl_rss = curl_fetch_all("INBOX", uids)
        # Put them back to unseen, so that ticketd meets the mailbox in the same state.
        doveadm(env, "flags", "remove", "-u", USER, "\\Seen", "mailbox", "INBOX", "all")

        # ticketd: one cycle drains the mailbox into tickets (parse, forms, consent, seal, commit, move).
        state = os.path.join(work, "state")
        os.makedirs(state)
        with open(os.path.join(ROOT, "Samples", "ticketd.toml")) as f:
            config = f.read()
        config = (config.replace('username = "support@example.com"\npassword_file', f'username = "{USER}"\npassword_file')
                  .replace('ca_file = ""', f'ca_file = "{ca}"', 1)
                  .replace('max_message_size = "256 KiB"', 'max_message_size = "25 MB"'))
        with open(os.path.join(work, "ticketd.toml"), "w") as f:
            f.write(config)
        for name, content in [("master.key", base64.b64encode(os.urandom(32)).decode() + "\n"),
                              ("imap.password", password + "\n"), ("smtp.password", "bench\n")]:
            with open(os.path.join(work, name), "w") as f:
                f.write(content)
            os.chmod(os.path.join(work, name), 0o600)
        serve_seconds, serve_rss, serve_out, serve_err, serve_status = measure(
            [args.ticketd, "serve", "--once", "--config", os.path.join(work, "ticketd.toml")])
        if serve_status != 0:
            sys.exit("ticketd serve failed:\n" + serve_out[-3000:] + serve_err[-3000:])
        finished = [json.loads(line[line.index("{"):]) for line in serve_out.splitlines() if '"poll.finished"' in line]
        left = doveadm(env, "-f", "flow", "mailbox", "status", "-u", USER, "messages", "INBOX").stdout.strip()
        # The bare transport: the same messages again, now seen and in Processed (no flag updates).
        moved = [line.split()[1] for line in doveadm(env, "search", "-u", USER, "mailbox", "Processed", "all").stdout.splitlines() if line.strip()]
        transport_seconds, transport_rss = curl_fetch_all("Processed", moved)

        print(f"mailbox: {args.count} contact-form mails loaded into Maildir in {load_seconds:.2f} s")
        print(f"{'':58} {'seconds':>9} {'mails/s':>9} {'peak RSS':>12}")
        print(f"{'curl: fetch each unseen message by URL, one connection':58} {curl_seconds:9.2f} {args.count / curl_seconds:9.0f} {curl_rss / 1024:8.1f} MiB")
        print(f"{'curl: the same, already seen (bare transport ceiling)':58} {transport_seconds:9.2f} {args.count / transport_seconds:9.0f} {transport_rss / 1024:8.1f} MiB")
        print(f"{'ticketd serve --once: fetch, parse, seal, commit, move':58} {serve_seconds:9.2f} {args.count / serve_seconds:9.0f} {serve_rss / 1024:8.1f} MiB")
        print(f"ticketd/curl time ratio: {serve_seconds / curl_seconds:.2f} (unseen), {serve_seconds / transport_seconds:.2f} (bare transport)")
        print(f"cycle: {finished[-1] if finished else 'no poll.finished line'}; inbox afterwards: {left}")
        print(json.dumps({"mails": args.count, "curl_unseen_seconds": round(curl_seconds, 3),
                          "curl_transport_seconds": round(transport_seconds, 3), "serve_seconds": round(serve_seconds, 3),
                          "curl_peak_rss_kib": curl_rss, "serve_peak_rss_kib": serve_rss,
                          "ratio_unseen": round(serve_seconds / curl_seconds, 2), "ratio_transport": round(serve_seconds / transport_seconds, 2)}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
