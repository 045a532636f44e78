#!/usr/bin/env python3
"""Reference reading of .eml files with Python's standard `email` package.

Prints one JSON object per message (one per line) so that MailFormat's differential test can
compare its own reading against an independent, widely used implementation:

  file         the path as given
  subject      str(msg['subject']) with policy=email.policy.default, or null
  from         addr_spec of the first From address, or null
  text         msg.get_body(preferencelist=('plain',)).get_content(); for html-only messages
               the content of get_body(('html',)) with "html": true; null if neither exists
  html         true when "text" holds HTML
  attachments  get_filename() of each part msg.iter_attachments() yields
  errors       {field: exception name} for fields Python could not read
  replaced     fields in which undecodable bytes were turned into U+FFFD

Usage: mail_oracle.py PATH...   (files, or directories searched recursively for *.eml)
Exceptions are reported per message and field; the script itself does not stop on bad mail.
"""
import email
import email.policy
import json
import os
import sys
from email.parser import BytesParser


def clean(value, field, replaced):
    """Lone surrogates (Python's way of carrying undecodable bytes) become U+FFFD so the JSON is valid UTF-8."""
    if value is None:
        return None
    value = str(value)
    out = []
    for ch in value:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    result = "".join(out)
    if "\ufffd" in result and field not in replaced:
        replaced.append(field)
    return result


def describe(path):
    result = {"file": path, "subject": None, "from": None, "text": None, "html": False,
              "attachments": [], "errors": {}, "replaced": []}
    replaced = result["replaced"]
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        msg = BytesParser(policy=email.policy.default).parsebytes(data)
    except Exception as exc:  # noqa: BLE001 - every failure is data for the comparison
        result["errors"]["message"] = type(exc).__name__
        return result

    try:
        subject = msg["subject"]
        result["subject"] = clean(subject, "subject", replaced) if subject is not None else None
    except Exception as exc:  # noqa: BLE001
        result["errors"]["subject"] = type(exc).__name__

    try:
        header = msg["from"]
        if header is not None and getattr(header, "addresses", None):
            result["from"] = clean(header.addresses[0].addr_spec, "from", replaced)
    except Exception as exc:  # noqa: BLE001
        result["errors"]["from"] = type(exc).__name__

    try:
        body = msg.get_body(preferencelist=("plain",))
        if body is not None:
            result["text"] = clean(body.get_content(), "text", replaced)
        else:
            body = msg.get_body(preferencelist=("html",))
            if body is not None:
                result["text"] = clean(body.get_content(), "text", replaced)
                result["html"] = True
    except Exception as exc:  # noqa: BLE001
        result["errors"]["text"] = type(exc).__name__

    try:
        result["attachments"] = [clean(part.get_filename(), "attachments", replaced)
                                 for part in msg.iter_attachments()]
    except Exception as exc:  # noqa: BLE001
        result["errors"]["attachments"] = type(exc).__name__
    return result


def paths(arguments):
    for argument in arguments:
        if os.path.isdir(argument):
            for directory, _, names in sorted(os.walk(argument)):
                for name in sorted(names):
                    if name.endswith(".eml"):
                        yield os.path.join(directory, name)
        else:
            yield argument


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.stdout
    for path in paths(sys.argv[1:]):
        out.write(json.dumps(describe(path), ensure_ascii=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
