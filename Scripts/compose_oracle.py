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
  root_type     msg.get_content_type() of the message itself (text/plain, or multipart/mixed)
  content_type  the body part's content type, with its charset and transfer encoding (the
                message itself, or msg.get_body(('plain',)) of a multipart)
  body          the body part's get_content() (the text, decoded)
  attachments   for each part of msg.iter_attachments(): {filename: part.get_filename(),
                disposition_filename and content_type_name: the parsed header parameters,
                disposition, content_type, transfer_encoding, data: the decoded bytes in base64}
  defects       every defect Python registered: on the message, on each part, on each header
                (collected last, after decoding every part)

Usage: compose_oracle.py PATH...   (files, or directories searched for *.eml)
"""
import base64
import email
import email.policy
import json
import sys
from email.parser import BytesParser

sys.dont_write_bytecode = True  # importing the sibling script must not leave Scripts/__pycache__ behind
from mail_oracle import paths  # noqa: E402 - the same PATH... walk as the parser's oracle


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
    result = {"file": path, "names": list(msg.keys()), "headers": []}
    for name, value in msg.items():
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
    result["root_type"] = msg.get_content_type()
    body = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
    if body is None:
        result["content_type"] = None
        result["body"] = None
    else:
        result["content_type"] = "%s; charset=%s; %s" % (
            body.get_content_type(), body.get_content_charset(), body.get("content-transfer-encoding"))
        result["body"] = body.get_content()
    result["attachments"] = [describe_attachment(part) for part in msg.iter_attachments()]
    # Last: decoding a part (get_payload(decode=True)) may register defects of its own.
    defects = []
    for part in msg.walk():
        defects += [type(defect).__name__ for defect in part.defects]
        for name, value in part.items():
            defects += ["%s: %s" % (name, type(defect).__name__) for defect in getattr(value, "defects", ())]
    result["defects"] = defects
    return result


def describe_attachment(part):
    disposition = part["content-disposition"]
    content_type = part["content-type"]
    return {
        "filename": part.get_filename(),
        "disposition_filename": disposition.params.get("filename") if disposition is not None else None,
        "content_type_name": content_type.params.get("name") if content_type is not None else None,
        "disposition": part.get_content_disposition(),
        "content_type": part.get_content_type(),
        "transfer_encoding": part.get("content-transfer-encoding"),
        "data": base64.b64encode(part.get_payload(decode=True) or b"").decode("ascii"),
    }


def main(arguments):
    for path in paths(arguments):
        try:
            record = describe(path)
        except Exception as exc:  # noqa: BLE001 - a failure is data for the comparison
            record = {"file": path, "error": "%s: %s" % (type(exc).__name__, exc)}
        print(json.dumps(record, ensure_ascii=True))


if __name__ == "__main__":
    main(sys.argv[1:])
