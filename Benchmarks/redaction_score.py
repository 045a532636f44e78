#!/usr/bin/env python3
"""Scores the pseudonymized copies ticketd makes against the ground truth of a generated corpus.

    redaction_score.py CORPUS_DIR [--ticketd PATH] [--views partner,department] [--json FILE]
                       [--examples N]

CORPUS_DIR is what Benchmarks/redaction_corpus.py writes: mail/0001.eml ... and truth.json, one
object per mail with the personal values in it (the sender's and other people's), the plain
facts a copy must keep (products, models, serials, error codes, prices, dates, measurements) and
deliberate look-alikes (ordinary words equal to a name, product names that look like streets,
sentences that start like a reply header, dates that look like phone numbers).

It takes the mails in with `ticketd ingest` (the sample configuration, a fresh key, in a
temporary directory; the files are passed in order, so ticket N is mail N, which is checked
against each ticket's recorded sender), reads every ticket with `ticket show --json` as the agent
(the text as ticketd decoded it) and as each view named (the copies that leave), and counts:

  - personal values leaked, the sender's and other people's: a value leaks when one of its
    `match` strings is found in the copy (case, umlaut transliteration, soft hyphens and white
    space folded; for phone, IBAN, card, customer-number and birth-date values, letters and
    digits only, so that "+49 30 263470" leaks as "030/263470" too; a name leaks inflected as
    well, "Grünewalds" for "Grünewald");
  - placeholders on no personal data: the copy is aligned with the agent's text word by word,
    and a placeholder whose replaced words hold none of the mail's personal values counts;
  - plain facts lost and look-alikes destroyed: the item's `match` strings are all gone.

Items in the title are looked for in the title, all others in the message texts. Each figure is
printed per kind and per placement (form field, free text, signature, title, quoted text, HTML),
with the issue's targets beside the totals. `--json` writes every figure; `--examples N` prints
up to N leaks, losses and needless placeholders per class, for the developer (made-up data only).

The scorer is independent of how the copies are made: `score_copy` takes the agent's text and a
copy's text, so another tool's output (see Benchmarks/redaction_benchmark.py) is scored alike.
Standard library only.
"""
import argparse
import base64
import collections
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from bench_config import lay_out

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Personal kinds whose values are compared by their letters and digits only.
COMPACT_KINDS = {"phone", "iban", "card", "customer_number", "birth_date", "card_expiry", "card_cvc"}
# Kinds whose values are names: a match may be followed by inflection ("Grünewalds").
NAME_KINDS = {"name"}
# Compact values shorter than this are too likely to occur by chance in other digits: they are
# looked for as whole words instead.
MIN_COMPACT = 6

# The targets (fractions).
TARGETS = {
    "sender_leaked": 0.01,
    "other_leaked": 0.05,
    "needless_placeholders": 0.02,
    "facts_lost": 0.005,
    "lookalikes_destroyed": 0.10,
}

PLACEHOLDER = re.compile(r"\[(?:name|email|phone|address|iban|card|link-parameters|birth-date|customer-number|[a-z][a-z-]{1,30})\]")
TOKEN = re.compile(r"\[[a-z][a-z-]{1,30}\]|\w+|[^\w\s]")
FOLD_TABLE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "\u00ad": None, "\u00a0": " ",
                            "\u202f": " ", "\u2009": " ", "\u2007": " "})


def fold(text):
    """Lower case, umlauts as digraphs, no soft hyphens, white space collapsed."""
    return re.sub(r"\s+", " ", text.lower().translate(FOLD_TABLE)).strip()


def compact(text):
    """Letters and digits only, folded."""
    return re.sub(r"[\W_]+", "", fold(text))


class Haystack:
    """One text prepared for the three kinds of look-up."""

    def __init__(self, text):
        self.folded = fold(text)
        self.compacted = compact(text)

    def contains(self, needle, kind):
        if kind in COMPACT_KINDS:
            small = compact(needle)
            if len(small) >= MIN_COMPACT:
                return small in self.compacted
        folded = fold(needle)
        if not folded:
            return False
        start = r"(?<![a-z0-9])" if folded[0].isalnum() else ""
        # A name counts inflected ("gruenewalds", "weber-schmidt"); other values must end where they end.
        end = "" if kind in NAME_KINDS or not folded[-1].isalnum() else r"(?![a-z0-9])"
        return re.search(start + re.escape(folded) + end, self.folded) is not None


def item_found(item, title, texts):
    haystack = title if item["placement"] == "title" else texts
    return any(haystack.contains(m, item["kind"]) for m in item["match"])


def needless_placeholders(original, copy, personal_items):
    """(placeholders, needless ones with the words they replaced): the copy aligned word by word
    with the original; a placeholder is needless when the words it replaced hold no personal value
    of the mail and are not part of one."""
    a = TOKEN.findall(original)
    b = TOKEN.findall(copy)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    total = 0
    needless = []
    values = []
    for item in personal_items:
        for text in [item["value"]] + item["match"]:
            values.append((fold(text), compact(text)))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        placeholders = [token for token in b[j1:j2] if PLACEHOLDER.fullmatch(token)]
        if not placeholders:
            continue
        total += len(placeholders)
        replaced = " ".join(a[i1:i2])
        folded, compacted = fold(replaced), compact(replaced)
        justified = bool(compacted) and any(
            (value_folded and (value_folded in folded or folded in value_folded))
            or (len(value_compact) >= 3 and (value_compact in compacted or (len(compacted) >= 3 and compacted in value_compact)))
            for value_folded, value_compact in values
        )
        if not justified:
            needless.extend((placeholder, replaced) for placeholder in placeholders)
    return total, needless


def score_copy(truth, agent_title, agent_texts, copy_title, copy_texts, tally, examples):
    """Adds one mail's figures for one copy to `tally` (a Tally)."""
    title = Haystack(copy_title)
    texts = Haystack("\n\n".join(copy_texts))
    personal = [item for item in truth["items"] if item["class"] == "personal"]
    for item in truth["items"]:
        found = item_found(item, title, texts)
        if item["class"] == "personal":
            metric = "sender_leaked" if item["owner"] == "sender" else "other_leaked"
            bad = found
        else:
            metric = "facts_lost" if item["class"] == "fact" else "lookalikes_destroyed"
            bad = not found
        tally.count(metric, item, bad)
        if bad:
            examples[metric].append((truth["file"], item["kind"], item["placement"], item["value"]))
    # The title as the mail had it (the truth's subject, which the agent's title now equals).
    for original, copy, placement in [(truth["subject"], copy_title, "title")] + [
            (o, c, "text") for o, c in zip(agent_texts, copy_texts)]:
        total, needless = needless_placeholders(original, copy, personal)
        tally.placeholders(placement, total, len(needless))
        for placeholder, replaced in needless:
            examples["needless_placeholders"].append((truth["file"], placeholder, placement, replaced))


class Tally:
    """Counts per metric, overall, per kind and per placement."""

    def __init__(self):
        self.items = collections.defaultdict(lambda: [0, 0])  # (metric, axis, key) -> [bad, total]
        self.placeholder_counts = collections.defaultdict(lambda: [0, 0])  # placement -> [needless, total]

    def count(self, metric, item, bad):
        for axis, key in [("all", "all"), ("kind", item["kind"]), ("placement", item["placement"])]:
            cell = self.items[(metric, axis, key)]
            cell[0] += int(bad)
            cell[1] += 1

    def placeholders(self, placement, total, needless):
        for key in ("all", placement):
            self.placeholder_counts[key][0] += needless
            self.placeholder_counts[key][1] += total

    def rate(self, metric):
        if metric == "needless_placeholders":
            bad, total = self.placeholder_counts["all"]
        else:
            bad, total = self.items[(metric, "all", "all")]
        return bad, total

    def as_json(self):
        out = {}
        for (metric, axis, key), (bad, total) in sorted(self.items.items()):
            out.setdefault(metric, {}).setdefault(axis, {})[key] = {"bad": bad, "total": total}
        out["needless_placeholders"] = {key: {"bad": bad, "total": total} for key, (bad, total) in sorted(self.placeholder_counts.items())}
        return out


def percent(bad, total):
    return f"{100.0 * bad / total:5.1f}%" if total else "   - "


def report(name, tally, out=sys.stdout):
    labels = {
        "sender_leaked": "sender's values leaked",
        "other_leaked": "other people's values leaked",
        "needless_placeholders": "placeholders on no personal data",
        "facts_lost": "plain facts lost",
        "lookalikes_destroyed": "look-alikes destroyed",
    }
    out.write(f"\n== {name}\n")
    out.write(f"{'':36} {'count':>13} {'rate':>7} {'target':>8}\n")
    for metric, label in labels.items():
        bad, total = tally.rate(metric)
        status = "ok" if total and bad / total <= TARGETS[metric] else "MISSED"
        out.write(f"{label:36} {bad:>6} / {total:<6}{percent(bad, total):>7} {'<= ' + format(100 * TARGETS[metric], 'g') + '%':>8}  {status}\n")
    for axis in ("kind", "placement"):
        out.write(f"  by {axis}:\n")
        for metric in ("sender_leaked", "other_leaked", "facts_lost", "lookalikes_destroyed"):
            cells = [(key, cell) for (m, a, key), cell in sorted(tally.items.items()) if m == metric and a == axis]
            if cells:
                out.write(f"    {labels[metric]}: " + ", ".join(f"{key} {bad}/{total}" for key, (bad, total) in cells) + "\n")
    cells = [(key, cell) for key, cell in sorted(tally.placeholder_counts.items()) if key != "all"]
    out.write("    needless placeholders: " + ", ".join(f"{key} {bad}/{total}" for key, (bad, total) in cells) + "\n")


def score_all(copies, name, examples_wanted=0, out=sys.stdout):
    """Scores (truth, agent document, copy title, copy texts) tuples, prints the report, returns the tally."""
    tally = Tally()
    examples = collections.defaultdict(list)
    for truth, agent, title, texts in copies:
        score_copy(truth, agent["title"], inbound_texts(agent), title, texts, tally, examples)
    report(name, tally, out)
    for metric, rows in examples.items():
        for row in rows[:examples_wanted]:
            out.write(f"  {metric}: {row}\n")
    return tally


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} ... failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def ticket(ticketd, config, number, view):
    return json.loads(run([ticketd, "ticket", "show", str(number), "--as", view, "--json", "--config", config]))


def inbound_texts(document):
    return [message["text"] for message in document["messages"] if message["direction"] == "inbound"]


def residual_risk(ticketd, config, number):
    """The residual-risk score `ticket forward --preview` reports for the partner's copy."""
    out = run([ticketd, "ticket", "forward", str(number), "--partner", "acme", "--allow-sensitive", "benchmark",
               "--preview", "--config", config])
    match = re.search(r"residual risk (\d+)", out.splitlines()[-1])
    if not match:
        sys.exit(f"ticket {number}: the preview reports no residual risk")
    return int(match.group(1))


def risk_report(documents, view, out=sys.stdout):
    """How the residual-risk hold would catch the copies that leak, per threshold."""
    leaking = []
    for truth, agent, shown in documents:
        copy = shown[view]
        tally = Tally()
        score_copy(truth, agent["title"], inbound_texts(agent), copy["title"], inbound_texts(copy), tally,
                   collections.defaultdict(list))
        leaks = tally.items[("sender_leaked", "all", "all")][0] + tally.items[("other_leaked", "all", "all")][0]
        leaking.append((leaks > 0, shown["risk"]))
    total, leaky = len(leaking), sum(1 for leak, _ in leaking if leak)
    out.write(f"\n== residual-risk hold ({view} copies through `ticket forward --preview`): {leaky} of {total} copies leak a value\n")
    for threshold in (1, 2, 3):
        held = [leak for leak, score in leaking if score >= threshold]
        caught = sum(1 for leak in held if leak)
        out.write(f"  hold_risk_at = {threshold}: {len(held)} copies held ({percent(len(held), total)}), "
                  f"{caught} of {leaky} leaking copies among them, {len(held) - caught} held needlessly\n")


def load_tickets(ticketd, corpus, views, risk=False):
    """Ingests the corpus and returns, per mail, the agent's document and one per view."""
    with open(os.path.join(corpus, "truth.json")) as f:
        truths = json.load(f)
    work = tempfile.mkdtemp(prefix="ticketd-redaction.")
    try:
        config = lay_out(work, base64.b64encode(os.urandom(32)).decode())
        files = [os.path.join(corpus, "mail", truth["file"]) for truth in truths]
        print(run([ticketd, "ingest", "--config", config] + files).strip().splitlines()[-1])
        documents = []
        for number, truth in enumerate(truths, start=1):
            agent = ticket(ticketd, config, number, "agent")
            recorded = (agent.get("customer") or {}).get("email", "")
            if recorded.lower() != truth["sender_email"].lower():
                sys.exit(f"ticket {number} is not {truth['file']}: its sender differs from the truth's "
                         "(was a mail quarantined or threaded? every corpus mail must become a ticket of its own)")
            views_shown = {view: ticket(ticketd, config, number, view) for view in views}
            if risk:
                views_shown["risk"] = residual_risk(ticketd, config, number)
            documents.append((truth, agent, views_shown))
        return documents
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--ticketd", default=os.path.join(ROOT, ".build", "release", "ticketd"))
    parser.add_argument("--views", default="partner,department")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--examples", type=int, default=0, metavar="N")
    parser.add_argument("--risk", action="store_true", help="also report how the residual-risk hold would catch the leaking copies")
    args = parser.parse_args()
    views = [view for view in args.views.split(",") if view]
    documents = load_tickets(args.ticketd, args.corpus, views, risk=args.risk)
    results = {}
    for view in views:
        copies = [(truth, agent, documents_copy["title"], inbound_texts(documents_copy)) for truth, agent, all_copies in documents
                  for documents_copy in [all_copies[view]]]
        tally = score_all(copies, f"ticketd, {view} view ({len(documents)} mails)", args.examples)
        results[view] = tally.as_json()
    if args.risk:
        risk_report(documents, views[0])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
