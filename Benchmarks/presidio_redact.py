#!/usr/bin/env python3
"""Redacts texts with Microsoft Presidio, for the redaction benchmark's side-by-side figures.

    presidio_redact.py < requests.jsonl > copies.jsonl

Each input line is {"title": ..., "texts": [...]}; each output line the same with every span
Presidio's analyzer reports (score 0.4 or more, its own default threshold being 0) replaced by a
placeholder in ticketd's style, `[person]`, `[phone-number]`, ...

Runs in the benchmark's own virtual environment (Benchmarks/redaction.sh makes it, with
presidio-analyzer from PyPI). Presidio finds names, places and dates with a spaCy NER pipeline;
no such pipeline is installable here (spaCy's trained pipelines are published on GitHub, not on
PyPI, and this machine reaches PyPI only), so it runs with a blank English spaCy pipeline:
what is measured is Presidio's pattern and check-sum recognizers (e-mail, phone via
`phonenumbers`, IBAN, credit card, URL, IP, and the like), not its NER. The benchmark says so
beside the figures.
"""
import json
import os
import sys
import tempfile

import spacy
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

THRESHOLD = 0.4


def engine():
    path = os.path.join(tempfile.gettempdir(), "ticketd-bench-blank-en")
    if not os.path.exists(path):
        spacy.blank("en").to_disk(path)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": path}]})
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def redact(analyzer, text):
    results = [r for r in analyzer.analyze(text=text, language="en") if r.score >= THRESHOLD]
    # Longest first among overlapping spans, then left to right.
    results.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out, cursor = [], 0
    for r in results:
        if r.start < cursor:
            continue
        out.append(text[cursor:r.start])
        out.append("[" + r.entity_type.lower().replace("_", "-") + "]")
        cursor = r.end
    out.append(text[cursor:])
    return "".join(out)


def main():
    analyzer = engine()
    for line in sys.stdin:
        request = json.loads(line)
        copy = {"title": redact(analyzer, request["title"]), "texts": [redact(analyzer, t) for t in request["texts"]]}
        sys.stdout.write(json.dumps(copy, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
