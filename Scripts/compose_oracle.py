#!/usr/bin/env python3
"""Reads messages composed by MailFormat's MailComposer with Python's `email` package
(policy=email.policy.default), for the composer's differential test.

Prints one JSON object per message (one per line):

  file          the path
  names         the header field names in order
  subject       str(msg['subject'])
  from          [display_name, addr_spec] of the From address
  to            [[display_name, addr_spec], ...]
  reply_to      [display_name, addr_spec] or null
  message_id    the Message-ID without angle brackets
  in_reply_to   the In-Reply-To without angle brackets, or null
  references    the References IDs without angle brackets
  date          the Date as seconds since 1970 (integer), or null
  headers       [[name, str(value)], ...] for every X-* and Auto-Submitted field
  content_type  msg.get_content_type(), with its charset and transfer encoding
  body          msg.get_content() (the text, decoded)
  defects       every defect Python registered: on the message, on each part, on each header

Usage: compose_oracle.py PATH...   (files, or directories searched for *.eml)
"""
import email
import email.policy
import json
import os
import sys
from email.parser import BytesParser


def strip_brackets(value):
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    return value


def mailbox(address):
    return [address.display_name, address.addr_spec]


def describe(path):
    with open(path, "rb") as handle:
        data = handle.read()
    msg = BytesParser(policy=email.policy.default).parsebytes(data)
    defects = []
    for part in msg.walk():
        defects += [type(defect).__name__ for defect in part.defects]
    result = {"file": path, "names": list(msg.keys()), "headers": []}
    for name, value in msg.items():
        defects += ["%s: %s" % (name, type(defect).__name__) for defect in getattr(value, "defects", ())]
        if name.lower().startswith("x-") or name.lower() == "auto-submitted":
            result["headers"].append([name, str(value)])
    result["subject"] = str(msg["subject"]) if msg["subject"] is not None else None
    result["from"] = mailbox(msg["from"].addresses[0]) if msg["from"] is not None and msg["from"].addresses else None
    result["to"] = [mailbox(a) for a in msg["to"].addresses] if msg["to"] is not None else []
    reply_to = msg["reply-to"]
    result["reply_to"] = mailbox(reply_to.addresses[0]) if reply_to is not None and reply_to.addresses else None
    result["message_id"] = strip_brackets(str(msg["message-id"])) if msg["message-id"] is not None else None
    in_reply_to = msg["in-reply-to"]
    result["in_reply_to"] = strip_brackets(str(in_reply_to)) if in_reply_to is not None else None
    references = msg["references"]
    result["references"] = [strip_brackets(r) for r in str(references).split()] if references is not None else []
    date = msg["date"]
    result["date"] = int(date.datetime.timestamp()) if date is not None and date.datetime is not None else None
    result["content_type"] = "%s; charset=%s; %s" % (
        msg.get_content_type(), msg.get_content_charset(), msg.get("content-transfer-encoding"))
    result["body"] = msg.get_content()
    result["defects"] = defects
    return result


def main(arguments):
    paths = []
    for argument in arguments:
        if os.path.isdir(argument):
            for root, _, files in os.walk(argument):
                paths += [os.path.join(root, name) for name in files if name.endswith(".eml")]
        else:
            paths.append(argument)
    for path in sorted(paths):
        try:
            record = describe(path)
        except Exception as exc:  # noqa: BLE001 - a failure is data for the comparison
            record = {"file": path, "error": "%s: %s" % (type(exc).__name__, exc)}
        print(json.dumps(record, ensure_ascii=True))


if __name__ == "__main__":
    main(sys.argv[1:])
