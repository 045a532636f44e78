#!/usr/bin/env python3
"""The privacy portal under load (issue 18): C people (default 100), each signed in through the
real sign-in with a session of their own, browse the portal for S seconds (default 60) at once,
beside three baselines measured in the same run with the same number of clients for the same time.

The daemon is the real `ticketd serve` with `[portal]` on a TLS listener on 127.0.0.1 (a
certificate made with openssl for the run) and the real local mail servers: the poller takes the
contact forms in from the support mailbox portal-bench@example.com over IMAP, and the outbox sends
the sign-in mails over SMTPS to the four made-up people portal-bench-1..4@example.org, whose
Maildirs on the local Dovecot the benchmark reads. `[portal] mails_per_address` allows at most 50
mails an hour, so the sessions are spread over the four people (25 each by default).

  1. setup: F generated contact forms of other people (default 1,000) and T forms of each of the
     four people (default 3) are put into the support mailbox and taken in by the poller; each
     person gets one answer by mail (`ticket reply`);
  2. sign-in, as a browser does it: GET / (the pending cookie and the form token), POST /sign-in,
     the sign-in mail read from the person's Maildir, GET on its link, POST /sign-in/link; each
     browser keeps its session cookie, and GET /me must show the person's data;
  3. baseline "static": every client GETs /style.css, a fixed answer (TLS, HTTP, the router and
     the headers middleware: the server's floor);
  4. baseline "sign-in page": every client GETs / without a session (its own pending cookie): a
     rendered page with a form token, and no database;
  5. baseline "session lookup": every client GETs / with its session: the session looked up
     and its last request noted (a write transaction), answered with 303 to /me; no dossier,
     no page;
  6. signed in: every client browses with its own session, each request drawn from
     SIGNED_IN_PAGES by weight: GET /me (the session looked up and touched, the person's
     dossier read, the page rendered), GET / (303 to /me), GET /style.css, and the pages that
     the overview links to once they exist (/me/tickets/{id}).

Each client is one keep-alive TLS connection, one request after the other. Printed per phase and
per page: requests, requests per second, p50/p90/p99/max latency and errors; an error is an
answer with a status the page does not expect (or without its marker: a /me that is not the
signed-in overview), or a connection that failed or timed out; and a line in the daemon's log
saying a request failed, a connection was refused or cut off, or a session lapsed. The benchmark
exits non-zero on any error. Also printed: the CPU the daemon and this client used in each phase
(both run on the same machine, so a client near a full core limits what is measured; it does in
the static baseline).

Mail servers: with --mail-state DIR (or $TICKETD_TEST_MAIL_STATE_DIR) the servers already running
from DIR are used and never started or stopped; without, `Scripts/mailserver.sh start` starts the
repository's own. Needs root (the Maildirs are the mail user's). Standard library only; the
people and their values are made up.
"""
import argparse
import asyncio
import base64
import email
import email.policy
import json
import math
import os
import random
import re
import resource
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from serve_benchmark import doveadm, key, mailserver_env  # noqa: E402

SUPPORT = "portal-bench@example.com"
PEOPLE = [f"portal-bench-{n}@example.org" for n in range(1, 5)]
# Mail leaves as the sample configuration's sender, the support account (as in PortalTests).
SENDER_ACCOUNT = "support@example.com"
NAMES = ["Paula Lastprobe", "Bernd Dauerlauf", "Clara Messreihe", "Dirk Stichprobe"]
MAILS_PER_ADDRESS = 50  # [portal] mails_per_address at most
SIGN_IN_SUBJECT = "Ihre Anmeldung / Signing in"
SESSION, PENDING = "__Host-ticketd-session", "__Host-ticketd-pending"
REQUEST_TIMEOUT = 30.0


# --- The pages a signed-in person browses --------------------------------------------------------

class Page:
    """One kind of request: a name for the table, a weight in the mix, the path (a function of
    the browser, None when this browser has no such page), the statuses that are right, and a
    text the body must hold (so that a sign-in form in place of the overview is an error)."""

    def __init__(self, name, weight, path, expect=(200,), marker=None, location=None):
        self.name, self.weight, self.path, self.expect, self.marker, self.location = name, weight, path, set(expect), marker, location


SIGNED_IN_PAGES = [
    Page("GET /me", 6, lambda browser, rng: "/me", marker=b'action="/sign-out"'),
    Page("GET / (signed in: 303 to /me)", 2, lambda browser, rng: "/", expect=(303,), location="/me"),
    Page("GET /style.css", 1, lambda browser, rng: "/style.css", marker=b":focus-visible"),
    # The ticket pages, once the overview links to them (issue 18, "their tickets").
    Page("GET /me/tickets/{id}", 6, lambda browser, rng: rng.choice(browser.ticket_links) if browser.ticket_links else None,
         marker=b'action="/sign-out"'),
]
STATIC_PAGES = [Page("GET /style.css", 1, lambda browser, rng: "/style.css", marker=b":focus-visible")]
SIGN_IN_PAGES = [Page("GET / (no session: the sign-in form)", 1, lambda browser, rng: "/", marker=b'action="/sign-in"')]
LOOKUP_PAGES = [Page("GET / (signed in: 303 to /me)", 1, lambda browser, rng: "/", expect=(303,), location="/me")]
TICKET_LINK = re.compile(rb'href="(/me/tickets/[^"?#]+)"')


# --- HTTP/1.1 over TLS, keep-alive, one request at a time -------------------------------------------

class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return [value for key_, value in self.headers if key_ == name]


class Browser:
    """One client: a keep-alive connection (opened again when the server closes it) and a cookie jar."""

    def __init__(self, port, context):
        self.port, self.context = port, context
        self.reader = self.writer = None
        self.cookies = {}
        self.connects = 0
        self.person = None
        self.ticket_links = []

    async def connect(self):
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", self.port, ssl=self.context, server_hostname="127.0.0.1"), REQUEST_TIMEOUT)
        self.connects += 1

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (OSError, ssl.SSLError):
                pass
        self.reader = self.writer = None

    async def request(self, method, path, form=None):
        if self.writer is None:
            await self.connect()
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        try:
            answer = await asyncio.wait_for(self.read_answer(), REQUEST_TIMEOUT)
        except BaseException:
            await self.close()
            raise
        for cookie in answer.header("set-cookie"):
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value == "" or "max-age=0" in cookie.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if any(value.lower() == "close" for value in answer.header("connection")):
            await self.close()
        return answer

    async def read_answer(self):
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection without an answer")
        parts = status_line.split()
        status = int(parts[1])
        headers = []
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise ConnectionError("the connection ended within the headers")
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        lengths = [value for name, value in headers if name == "content-length"]
        if lengths:
            body = await self.reader.readexactly(int(lengths[0]))
        elif any(name == "transfer-encoding" and "chunked" in value.lower() for name, value in headers):
            chunks = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                chunks.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(chunk[:-2] for chunk in chunks)
        else:
            body = b""
        return Answer(status, headers, body)


def csrf_of(body):
    found = re.search(rb'name="csrf" value="([^"]+)"', body)
    return found.group(1).decode() if found else None


# --- A phase: every client browses for the same time ----------------------------------------------

def percentile(sorted_values, p):
    """Nearest rank, in milliseconds."""
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p * len(sorted_values)) - 1))] * 1000


def summary(latencies, errors, seconds):
    values = sorted(latencies)
    return {"requests": len(values), "rps": round(len(values) / seconds, 1), "p50_ms": round(percentile(values, 0.50), 2),
            "p90_ms": round(percentile(values, 0.90), 2), "p99_ms": round(percentile(values, 0.99), 2),
            "max_ms": round(values[-1] * 1000, 2) if values else float("nan"), "errors": errors}


def cpu_seconds(pid):
    """The user and system CPU time of a process so far (from /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def phase(browsers, pages, seconds, daemon_pid, seed):
    """Every browser sends requests drawn from `pages` until the time is up; figures per page and whole."""
    samples = {page.name: [] for page in pages}
    errors = {page.name: 0 for page in pages}
    examples = []
    served = {page.name for page in pages if any(page.path(browser, random.Random(0)) is not None for browser in browsers)}
    live = [page for page in pages if page.name in served]

    def fail(page, what):
        errors[page.name] += 1
        if len(examples) < 10:
            examples.append(f"{page.name}: {what}")

    connected = await asyncio.gather(*(browser.connect() for browser in browsers), return_exceptions=True)
    for outcome in connected:
        if isinstance(outcome, BaseException):
            fail(live[0], f"connect: {outcome!r}")
    connects_before = sum(browser.connects for browser in browsers)
    started = time.monotonic()
    deadline = started + seconds
    cpu_daemon, cpu_client = cpu_seconds(daemon_pid), client_cpu()

    async def one(index, browser):
        rng = random.Random(seed * 1000 + index)
        while time.monotonic() < deadline:
            page = rng.choices(live, weights=[p.weight for p in live])[0]
            path = page.path(browser, rng)
            if path is None:
                continue
            begun = time.perf_counter()
            try:
                answer = await browser.request("GET", path)
            except (OSError, ssl.SSLError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, IndexError) as error:
                fail(page, f"connection: {error!r}")
                continue
            samples[page.name].append(time.perf_counter() - begun)
            if answer.status not in page.expect:
                fail(page, f"status {answer.status}")
            elif page.marker is not None and page.marker not in answer.body:
                fail(page, f"status {answer.status} without {page.marker.decode()!r}")
            elif page.location is not None and answer.header("location") != [page.location]:
                fail(page, f"status {answer.status} to {answer.header('location')}")

    await asyncio.gather(*(one(index, browser) for index, browser in enumerate(browsers)))
    elapsed = time.monotonic() - started
    cpu_daemon, cpu_client = cpu_seconds(daemon_pid) - cpu_daemon, client_cpu() - cpu_client
    reconnects = sum(browser.connects for browser in browsers) - connects_before
    await asyncio.gather(*(browser.close() for browser in browsers))
    everything = [latency for name in samples for latency in samples[name]]
    return {"seconds": round(elapsed, 2), "whole": summary(everything, sum(errors.values()), elapsed),
            "pages": {name: summary(samples[name], errors[name], elapsed) for name in samples if name in served},
            "not_served": [page.name for page in pages if page.name not in served],
            "reconnects": reconnects, "daemon_cpu_s": round(cpu_daemon, 1), "client_cpu_s": round(cpu_client, 1),
            "error_examples": examples}


# --- Setup: mail servers, the daemon, the people's data ----------------------------------------------

def form_mail(person, name, number, index, marketing):
    """A made-up contact form of `person`, as the website sends it (the website-contact profile)."""
    return (f"Date: Sun, 29 Nov 2026 09:{index:02d}:00 +0100\r\n"
            f"From: Elektro Beispiel Website <no-reply@example.com>\r\n"
            f"Reply-To: {name} <{person}>\r\n"
            f"To: Support <support@example.com>\r\n"
            f"Subject: Kontaktformular: Frage {index + 1} zum Vistara 55 QX\r\n"
            f"Message-ID: <portal-bench-{number}-{index}@web.example.org>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Name: {name}\r\nE-Mail: {person}\r\nTelefon: +49 30 5550 19{number}{index}\r\n"
            f"Anschrift: Lastweg {number}, 12345 Musterstadt\r\n"
            f"Nachricht: Frage {index + 1}: Mein Vistara 55 QX findet das WLAN nicht mehr.\r\n"
            f"Einwilligung Datenverarbeitung: ja\r\n"
            f"Einwilligung Produktempfehlungen: {'ja' if marketing else 'nein'}\r\n"
            f"Formular-Version: 2.3\r\n").encode()


def maildir(env, user):
    return env["TICKETD_TEST_MAILDIR_" + key(user)]


def reset_mailbox(env, user):
    doveadm(env, "expunge", "-u", user, "mailbox", "*", "all")
    doveadm(env, "mailbox", "delete", "-u", user, "-s", "Processed")


def inbox_count(env, user):
    out = doveadm(env, "-f", "flow", "mailbox", "status", "-u", user, "messages", "INBOX").stdout
    return int(out.strip().split("=")[-1]) if "=" in out else -1


def load_support_mailbox(env, files):
    """Puts mail files into the support mailbox's INBOX (Maildir, then resync), as api_benchmark does."""
    box = maildir(env, SUPPORT)
    cur = os.path.join(box, "cur")
    os.makedirs(cur, exist_ok=True)
    for index, data in enumerate(files):
        with open(os.path.join(cur, f"{1700000000 + index}.portalbench{index}.ticketd:2,"), "wb") as f:
            f.write(data)
    subprocess.run(["chown", "-R", f"{env['TICKETD_TEST_MAIL_UID']}:{env['TICKETD_TEST_MAIL_GID']}", os.path.dirname(box)], check=True)
    if doveadm(env, "force-resync", "-u", SUPPORT, "INBOX").returncode != 0:
        sys.exit("doveadm force-resync failed")


def wait_for(condition, timeout, what, log_path):
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            sys.exit(f"{what} did not happen within {timeout} s; the daemon's log ends:\n" + open(log_path).read()[-3000:])
        time.sleep(0.2)
    return time.monotonic() - started


def sign_in_mails(env, user):
    """The sign-in mails in a person's Maildir: the token of each link."""
    tokens = []
    base = maildir(env, user)
    for sub in ("new", "cur"):
        directory = os.path.join(base, sub)
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            with open(os.path.join(directory, name), "rb") as f:
                message = email.message_from_bytes(f.read(), policy=email.policy.default)
            if message["subject"] != SIGN_IN_SUBJECT:
                continue  # the answer to the person's ticket
            text = message.get_body(("plain",)).get_content()
            link = next((line.strip() for line in text.splitlines() if "/sign-in/" in line), None)
            if link:
                tokens.append(link.rsplit("/", 1)[1])
    return tokens


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(work, env, port, certificate, key_file):
    with open(os.path.join(ROOT, "Samples", "ticketd.toml")) as f:
        config = f.read()
    config = (config.replace('username = "support@example.com"\npassword_file = "imap.password"',
                             f'username = "{SUPPORT}"\npassword_file = "imap.password"')
              .replace('ca_file = ""', f'ca_file = "{env["TICKETD_TEST_CA_FILE"]}"')
              .replace('poll_interval = "PT5S"', 'poll_interval = "PT1S"'))
    config += (f'\n[portal]\nlisten = "127.0.0.1:{port}"\ncertificate_file = "{certificate}"\nkey_file = "{key_file}"\n'
               f'public_url = "https://127.0.0.1:{port}"\nmails_per_address = {MAILS_PER_ADDRESS}\n'
               # Every browser signs in from 127.0.0.1: two attempts each (the address, the link).
               f'attempts_per_client = 100000\n')
    path = os.path.join(work, "ticketd.toml")
    with open(path, "w") as f:
        f.write(config)
    secrets = [("master.key", base64.b64encode(os.urandom(32)).decode() + "\n"),
               ("imap.password", open(env["TICKETD_TEST_PASSWORD_FILE_" + key(SUPPORT)]).read()),
               ("smtp.password", open(env["TICKETD_TEST_PASSWORD_FILE_" + key(SENDER_ACCOUNT)]).read())]
    for name, content in secrets:
        with open(os.path.join(work, name), "w") as f:
            f.write(content)
        os.chmod(os.path.join(work, name), 0o600)
    return path


def make_certificate(work):
    certificate, key_file = os.path.join(work, "portal.crt"), os.path.join(work, "portal.key")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                           "-subj", "/CN=ticketd portal benchmark", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", key_file, "-out", certificate], capture_output=True, text=True)
    if made.returncode != 0:
        sys.exit("openssl: " + made.stderr)
    os.chmod(key_file, 0o600)
    return certificate, key_file


def ticketd(args, config_path, *arguments):
    return subprocess.run([args.ticketd, *arguments, "--config", config_path], capture_output=True, text=True)


# --- Signing in ------------------------------------------------------------------------------------

async def ask_for_mail(browser, person):
    home = await browser.request("GET", "/")
    csrf = csrf_of(home.body)
    if home.status != 200 or PENDING not in browser.cookies or csrf is None:
        raise RuntimeError(f"GET / answered {home.status} without the pending cookie or the form token")
    asked = await browser.request("POST", "/sign-in", [("csrf", csrf), ("email", person)])
    if asked.status != 200 or b'action="/sign-in/code"' not in asked.body:
        raise RuntimeError(f"POST /sign-in answered {asked.status}")
    await browser.close()  # the mail takes a while; the listener's request_timeout would close an idle connection


async def follow_link(browser, token):
    page = await browser.request("GET", f"/sign-in/{token}")
    csrf = csrf_of(page.body)
    if page.status != 200 or csrf is None:
        raise RuntimeError(f"GET on the link answered {page.status}")
    signed_in = await browser.request("POST", "/sign-in/link", [("csrf", csrf), ("token", token)])
    if signed_in.status != 303 or signed_in.header("location") != ["/me"] or SESSION not in browser.cookies:
        raise RuntimeError(f"POST /sign-in/link answered {signed_in.status} {signed_in.header('location')}")
    overview = await browser.request("GET", "/me")
    if overview.status != 200 or b'action="/sign-out"' not in overview.body or b"<dl>" not in overview.body:
        raise RuntimeError(f"GET /me after signing in answered {overview.status} without the person's data")
    browser.ticket_links = sorted({link.decode() for link in TICKET_LINK.findall(overview.body)})
    await browser.close()


async def limited(tasks, at_once=10):
    gate = asyncio.Semaphore(at_once)

    async def one(task):
        async with gate:
            return await task

    return await asyncio.gather(*(one(task) for task in tasks))


# --- Main ------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100, help="concurrent sessions (default 100)")
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase (default 60)")
    parser.add_argument("--forms", type=int, default=1000, help="contact forms of other people taken in first (default 1000)")
    parser.add_argument("--tickets-per-person", type=int, default=3, help="contact forms of each signed-in person (default 3)")
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--mail-state", default=os.environ.get("TICKETD_TEST_MAIL_STATE_DIR"),
                        help="the state directory of mail servers already running (default $TICKETD_TEST_MAIL_STATE_DIR; "
                             "without either, Scripts/mailserver.sh start runs the repository's own)")
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("portal_benchmark.py reads and writes the mail user's Maildirs and needs root")
    per_person = math.ceil(args.clients / len(PEOPLE))
    if per_person > MAILS_PER_ADDRESS:
        sys.exit(f"{args.clients} sessions need {per_person} sign-in mails per person; [portal] mails_per_address allows {MAILS_PER_ADDRESS} an hour")

    env = mailserver_env(args.mail_state)
    for user in [SUPPORT, *PEOPLE]:
        if doveadm(env, "user", user).returncode != 0:
            sys.exit(f"the running mail servers do not know {user}: they were started before Scripts/mailserver.sh listed it; "
                     f"restart them (Scripts/mailserver.sh stop, then start)")
    work = tempfile.mkdtemp(prefix="ticketd-portal-bench.")
    os.chmod(work, 0o755)
    daemon = None
    try:
        for user in [SUPPORT, *PEOPLE]:
            reset_mailbox(env, user)
        os.makedirs(os.path.join(work, "state"))
        port = free_port()
        certificate, key_file = make_certificate(work)
        config_path = write_config(work, env, port, certificate, key_file)
        log_path = os.path.join(work, "serve.log")
        log = open(log_path, "w")
        daemon = subprocess.Popen([args.ticketd, "serve", "--config", config_path], stdout=log, stderr=subprocess.STDOUT)
        wait_for(lambda: '"portal.listening"' in open(log_path).read() or daemon.poll() is not None, 60, "the portal's start", log_path)
        if daemon.poll() is not None:
            sys.exit("the daemon stopped:\n" + open(log_path).read()[-3000:])

        # 1. The people's data: their forms first (so their tickets come first), then everyone else's.
        setup_started = time.monotonic()
        forms = [form_mail(person, NAMES[number], number + 1, index, marketing=number == 0)
                 for index in range(args.tickets_per_person) for number, person in enumerate(PEOPLE)]
        corpus = os.path.join(work, "corpus")
        if args.forms:
            subprocess.run([sys.executable, os.path.join(HERE, "generate_forms.py"), corpus, "--count", str(args.forms), "--seed", str(args.seed)],
                           check=True, stdout=subprocess.DEVNULL)
            for name in sorted(os.listdir(corpus)):
                with open(os.path.join(corpus, name), "rb") as f:
                    forms.append(f.read())
        load_support_mailbox(env, forms)
        wait_for(lambda: inbox_count(env, SUPPORT) == 0, 600, "taking in the forms", log_path)
        listed = ticketd(args, config_path, "tickets", "--json", "--offline")
        tickets = json.loads(listed.stdout) if listed.returncode == 0 else []
        if len(tickets) < len(PEOPLE) * args.tickets_per_person:
            sys.exit(f"only {len(tickets)} tickets after taking in the forms: {listed.stderr}")
        # One answer to each person (their first ticket), sent by the outbox like any other.
        answer = os.path.join(work, "answer.txt")
        with open(answer, "w") as f:
            f.write("Guten Tag,\n\nbitte setzen Sie das WLAN-Modul in den Einstellungen zurück.\n\nMit freundlichen Grüßen\n")
        first_ids = sorted(ticket["id"] for ticket in tickets)[:len(PEOPLE)]
        for ticket_id in first_ids:
            replied = ticketd(args, config_path, "ticket", "reply", "--offline", str(ticket_id), "--file", answer)
            if replied.returncode != 0:
                sys.exit(f"ticket reply {ticket_id}: {replied.stderr}")
        setup_seconds = time.monotonic() - setup_started

        # 2. Signing in: every browser asks for its mail, then follows the link in it.
        context = ssl.create_default_context(cafile=certificate)
        browsers = [Browser(port, context) for _ in range(args.clients)]
        for index, browser in enumerate(browsers):
            browser.person = PEOPLE[index % len(PEOPLE)]

        async def sign_in():
            started = time.monotonic()
            await limited([ask_for_mail(browser, browser.person) for browser in browsers])
            asked = time.monotonic() - started
            wanted = {person: sum(1 for browser in browsers if browser.person == person) for person in PEOPLE}
            mailed = await asyncio.to_thread(wait_for, lambda: all(len(sign_in_mails(env, person)) >= wanted[person] for person in PEOPLE),
                                             300, "the sign-in mails' arrival", log_path)
            tokens = {person: sign_in_mails(env, person) for person in PEOPLE}
            started_links = time.monotonic()
            await limited([follow_link(browser, tokens[browser.person].pop()) for browser in browsers])
            return asked, mailed, time.monotonic() - started_links

        asked_seconds, mail_seconds, link_seconds = asyncio.run(sign_in())
        sessions = {browser.cookies[SESSION] for browser in browsers}
        if len(sessions) != args.clients:
            sys.exit(f"{args.clients} browsers, but {len(sessions)} distinct sessions")

        # 3-6. The baselines and the signed-in browsing, one after the other, the same clients and time.
        statics = [Browser(port, context) for _ in range(args.clients)]

        async def pending_browsers():
            fresh = [Browser(port, context) for _ in range(args.clients)]
            for browser in fresh:
                await browser.request("GET", "/")
                await browser.close()
            return fresh

        results = {}
        results["static"] = asyncio.run(phase(statics, STATIC_PAGES, args.seconds, daemon.pid, args.seed + 1))
        pending = asyncio.run(pending_browsers())
        results["sign_in_page"] = asyncio.run(phase(pending, SIGN_IN_PAGES, args.seconds, daemon.pid, args.seed + 2))
        results["lookup"] = asyncio.run(phase(browsers, LOOKUP_PAGES, args.seconds, daemon.pid, args.seed + 3))
        results["signed_in"] = asyncio.run(phase(browsers, SIGNED_IN_PAGES, args.seconds, daemon.pid, args.seed + 4))

        daemon_log = open(log_path).read()
        log_counts = {event: daemon_log.count(f'"{event}"') for event in
                      ["portal.request_failed", "portal.connection_refused", "portal.request_timeout", "portal.signed_in",
                       "portal.session_lapsed"]}
        api_limit = 256  # [api] max_connections, whose default the portal's listener shares (not set here)
        if args.clients > api_limit:
            print(f"note: {args.clients} clients are more than the {api_limit} connections the listener admits", file=sys.stderr)

        # The report.
        print(f"ticketd portal: {args.clients} clients, {args.seconds:.0f} s each phase, TLS on 127.0.0.1:{port}; "
              f"{len(tickets)} tickets ({args.tickets_per_person} of each of the {len(PEOPLE)} people signing in); "
              f"the listener admits {api_limit} connections ([api] max_connections)")
        print(f"setup: forms taken in and answers queued in {setup_seconds:.1f} s; sign-in: {args.clients} mails asked for in "
              f"{asked_seconds:.1f} s, all arrived {mail_seconds:.1f} s later, {args.clients} links followed in {link_seconds:.1f} s "
              f"({len(sessions)} sessions)")
        header = f"{'':46} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}"
        print(header)

        def row(name, figures):
            print(f"{name:46} {figures['requests']:9} {figures['rps']:8.1f} {figures['p50_ms']:8.2f} {figures['p90_ms']:8.2f} "
                  f"{figures['p99_ms']:8.2f} {figures['max_ms']:8.2f} {figures['errors']:7}")

        titles = {"static": "baseline: static GET /style.css", "sign_in_page": "baseline: sign-in page, no session",
                  "lookup": "baseline: session lookup, GET / signed in",
                  "signed_in": "signed in: the browsing mix"}
        for name, result in results.items():
            row(titles[name], result["whole"])
            if name == "signed_in":
                for page, figures in result["pages"].items():
                    row("  " + page, figures)
        for name, result in results.items():
            print(f"{titles[name]}: CPU of the daemon {result['daemon_cpu_s'] / result['seconds']:.2f} cores, "
                  f"of this client {result['client_cpu_s'] / result['seconds']:.2f}; {result['reconnects']} reconnects"
                  + (f"; not served by this build: {', '.join(result['not_served'])}" if result["not_served"] else ""))
        me = results["signed_in"]["pages"].get("GET /me")
        if me:
            print(f"GET /me under the mix, p50 and p99 beside each baseline's: " + "; ".join(
                f"{me['p50_ms'] / results[name]['whole']['p50_ms']:.1f}x and {me['p99_ms'] / results[name]['whole']['p99_ms']:.1f}x "
                f"the {label}" for name, label in [("static", "static file"), ("sign_in_page", "sign-in page"), ("lookup", "session lookup")]))
        print(f"daemon log: {json.dumps(log_counts)}")
        print(json.dumps({"clients": args.clients, "seconds": args.seconds, "tickets": len(tickets),
                          "sign_in": {"ask_s": round(asked_seconds, 2), "mails_s": round(mail_seconds, 2), "links_s": round(link_seconds, 2)},
                          "phases": results, "daemon_log": log_counts}))
        errors = sum(result["whole"]["errors"] for result in results.values()) + log_counts["portal.request_failed"] \
            + log_counts["portal.connection_refused"] + log_counts["portal.request_timeout"] + log_counts["portal.session_lapsed"]
        if errors:
            sys.exit("errors: " + json.dumps([example for result in results.values() for example in result["error_examples"]]))
    finally:
        if daemon is not None:
            daemon.terminate()
            daemon.wait(timeout=60)
        for user in [SUPPORT, *PEOPLE]:  # leave the shared servers' mailboxes as they were found
            reset_mailbox(env, user)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
