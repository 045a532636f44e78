#!/usr/bin/env python3
"""Writes a deterministic corpus of varied, made-up e-mails for MailFormat's tests.

Usage: generate_corpus.py DIRECTORY [--count N] [--seed S]

Every message is built byte by byte (not with Python's own generator, so that the corpus holds
what real senders produce rather than what the oracle would write itself): charsets utf-8,
iso-8859-1, iso-8859-15 and windows-1252; quoted-printable, base64 and 8bit bodies; RFC 2047
subjects in B and Q, split over several words (sometimes inside a character); display names with
quotes, commas and encoded words; multipart/alternative, mixed with attachments whose RFC 2231
file names carry umlauts, related, HTML-only, nested message/rfc822, delivery reports; folded
headers; LF or CRLF line ends. Only invented people and example.org/.net/.com domains appear.
"""
import argparse
import base64
import os
import quopri
import random

FIRST = ["Erika", "Jörg", "Max", "Anna", "Zoë", "François", "Ünal", "Björn", "Renée", "Lukas", "Günther", "Maëlle"]
LAST = ["Beispiel", "Testmann", "Mustermann", "Probe", "Übermuth", "Größe", "Dupont-Exemple", "Çelik", "Fiktiv"]
DOMAINS = ["example.org", "example.net", "example.com", "support.example.com"]
WORDS = ["Fernseher", "Netzwerk", "WLAN", "Anmeldung", "geht", "nicht", "Grüße", "schön", "Größe", "Übergabe",
         "Straße", "Köln", "€", "12,50", "Bestellung", "Rückruf", "bitte", "danke", "café", "naïve", "déjà-vu",
         "Smart-TV", "Router", "Passwort", "Händler", "Lösung", "„Zitat“", "–", "—", "…", "Test", "Hallo", "ok",
         "line", "=", "=3D", "?", "_", "\"quoted\"", "a=b", "x" * 30]
CHARSETS = ["utf-8", "utf-8", "iso-8859-1", "iso-8859-15", "windows-1252"]


class Mail:
    """Collects header lines and builds bytes with the chosen line end."""

    def __init__(self, rng, crlf):
        self.rng = rng
        self.eol = b"\r\n" if crlf else b"\n"

    def join(self, lines):
        return self.eol.join(lines)


def sentence(rng, low=3, high=14):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def paragraph_text(rng):
    lines = []
    for _ in range(rng.randint(1, 6)):
        lines.append(sentence(rng, 2, 18))
        if rng.random() < 0.2:
            lines.append("")
    if rng.random() < 0.2:
        lines.append("Name: " + person(rng)[0])
    if rng.random() < 0.1:
        lines.append("trailing spaces   ")
    return "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")


def person(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = (ascii_fold(first) + "." + ascii_fold(last)).lower()
    return f"{first} {last}", f"{local}@{rng.choice(DOMAINS)}"


def ascii_fold(text):
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ë": "e", "é": "e",
             "ç": "c", "Ç": "C", "ç": "c", "è": "e", "ï": "i"}
    return "".join(table.get(ch, ch) for ch in text if ch.isascii() or ch in table).replace(" ", "")


def pick_charset(rng, text):
    """A charset that can encode the text (falling back to utf-8)."""
    charset = rng.choice(CHARSETS)
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    return charset


def encoded_words(rng, text, charset=None):
    """RFC 2047 encoding of `text`, split over several words; utf-8 splits may fall inside a character."""
    charset = charset or pick_charset(rng, text)
    data = text.encode(charset)
    method = rng.choice("BQ")
    pieces = []
    position = 0
    while position < len(data):
        size = rng.randint(4, 30)
        pieces.append(data[position:position + size])
        position += size
    words = []
    for piece in pieces:
        if method == "B":
            payload = base64.b64encode(piece).decode("ascii")
        else:
            payload = "".join(
                chr(b) if (chr(b).isalnum() and b < 128) else ("_" if b == 32 else "=%02X" % b) for b in piece)
        label = charset if rng.random() < 0.8 else charset.upper()
        words.append(f"=?{label}?{method if rng.random() < 0.7 else method.lower()}?{payload}?=")
    return words


def fold(rng, name, words, eol):
    """A header line folded before some of the words."""
    line = name + ": "
    out = []
    words = [word for word in words if word]
    for index, word in enumerate(words):
        if index and rng.random() < 0.5:
            out.append(line.rstrip(" ").encode("utf-8"))
            line = rng.choice([" ", "\t"]) + word
        else:
            line += (" " if index else "") + word
    out.append(line.encode("utf-8"))
    return eol.join(out)


def subject_header(rng, eol):
    text = sentence(rng, 2, 12)
    kind = rng.random()
    if kind < 0.2 and all(ord(c) < 128 for c in text):
        return fold(rng, "Subject", text.split(" "), eol)
    if kind < 0.3:
        plain = "Re: " + "".join(c for c in text if ord(c) < 128)
        return fold(rng, "Subject", plain.split(" "), eol)
    if kind < 0.37:
        # Raw UTF-8 in the header (RFC 6532).
        return ("Subject: " + text).encode("utf-8")
    if kind < 0.4:
        # Raw 8-bit Windows-1252 in the header, as old mailers send it.
        return ("Subject: " + text).encode("windows-1252", errors="replace")
    if kind < 0.5:
        prefix = rng.choice(["AW:", "Fwd:", "[Ticket #123]", "Kontaktformular"])
        return fold(rng, "Subject", [prefix] + encoded_words(rng, text), eol)
    return fold(rng, "Subject", encoded_words(rng, text), eol)


def address_header(rng, name, eol, count=1):
    entries = []
    for _ in range(count):
        display, address = person(rng)
        kind = rng.random()
        if kind < 0.2:
            last, first = display.split(" ")[1], display.split(" ")[0]
            quoted = f"{last}, {first}".replace("\"", "\\\"")
            entries.append(encode_display(rng, f"\"{quoted}\"") + f" <{address}>")
        elif kind < 0.4:
            entries.append(" ".join(encoded_words(rng, display)) + f" <{address}>")
        elif kind < 0.5:
            entries.append(f"\"{display} \\\"Support\\\"\" <{address}>")
        elif kind < 0.6:
            entries.append(f"{address} ({ascii_fold(display)})")
        elif kind < 0.7:
            entries.append(address)
        elif kind < 0.8:
            entries.append(f"\"{display}\" <{address}>")
        else:
            entries.append(f"{ascii_fold(display)} <{address}>")
    if name != "From" and rng.random() < 0.1:
        entries = [f"Team: {', '.join(entries)};"]
    if name != "From" and rng.random() < 0.05:
        entries = ["Undisclosed recipients:;"]
    return fold(rng, name, ", ".join(entries).split(" "), eol)


def encode_display(rng, text):
    """A quoted display name, sent raw as UTF-8 when it is not ASCII."""
    return text


def encode_body(rng, text, charset, eol, allow_8bit=True):
    """(Content-Transfer-Encoding, body bytes) for the text in the charset."""
    data = text.encode(charset)
    choices = ["quoted-printable", "base64"] + (["8bit"] if allow_8bit else [])
    cte = rng.choice(choices)
    if all(b < 128 for b in data) and rng.random() < 0.3:
        cte = "7bit"
    if cte in ("7bit", "8bit"):
        body = data.replace(b"\n", eol)
    elif cte == "quoted-printable":
        body = quopri.encodestring(data).replace(b"\n", eol)
    else:
        encoded = base64.encodebytes(data)
        roll = rng.random()
        if roll < 0.08:
            encoded = encoded.rstrip(b"\n").rstrip(b"=") + b"\n"   # missing padding
        elif roll < 0.12:
            encoded = encoded.replace(b"\n", b"\n!", 1)              # junk character
        body = encoded.replace(b"\n", eol)
    return cte, body


def text_part(rng, eol, subtype="plain", text=None, headers_only=False):
    text = text if text is not None else (paragraph_text(rng) if subtype == "plain" else html_text(rng))
    charset = pick_charset(rng, text)
    if rng.random() < 0.03:
        charset = "x-made-up"       # unknown to Python and iconv
        text = "".join(c for c in text if ord(c) < 128)
    cte, body = encode_body(rng, text, charset if charset != "x-made-up" else "ascii", eol)
    quoted = rng.random() < 0.5
    label = '"%s"' % charset if quoted else charset
    ct = f"Content-Type: text/{subtype}; charset={label}"
    if charset == "utf-8" and rng.random() < 0.05:
        ct = f"Content-Type: text/{subtype}"      # 8-bit text without a charset (read as US-ASCII by the RFC)
    header = [ct.encode(), f"Content-Transfer-Encoding: {cte}".encode()]
    return header, body


def html_text(rng):
    rows = "".join(f"<tr><td><b>{label}</b></td><td>{value}</td></tr>"
                   for label, value in [("Name", person(rng)[0]), ("Nachricht", sentence(rng))])
    pieces = [
        "<html><head><style>p { color: red; }</style><title>Formular</title></head><body>",
        f"<p>{sentence(rng)}</p>",
        f"<div>Gr&uuml;&szlig;e &amp; &#8364; &#x20AC;&nbsp;{sentence(rng, 1, 4)}<br>{sentence(rng, 1, 5)}</div>",
    ]
    if rng.random() < 0.5:
        pieces.append(f"<table>{rows}</table>")
    if rng.random() < 0.3:
        pieces.append("<ul><li>eins</li><li>zwei</li></ul>")
    pieces.append("</body></html>\n")
    return "\n".join(pieces)


def filename(rng):
    stem = rng.choice(["Rechnung", "Übersicht", "Größentabelle", "Foto Wohnzimmer", "report", "Kündigung", "Straße"])
    return f"{stem} {rng.randint(1, 99)}.{rng.choice(['pdf', 'jpg', 'png', 'txt', 'docx'])}"


def disposition_lines(rng, name):
    """Content-Type name and Content-Disposition with the file name in one of several encodings."""
    kind = rng.random()
    ascii_name = ascii_fold(name) or "file.bin"
    if all(ord(c) < 128 for c in name) and kind < 0.3:
        return f"; name=\"{name}\"", f"attachment; filename=\"{name}\""
    if kind < 0.5:
        data = name.encode("utf-8")
        value = "".join(chr(b) if chr(b).isalnum() and b < 128 else "%%%02X" % b for b in data)
        return "", f"attachment; filename*=utf-8''{value}"
    if kind < 0.7:
        data = name.encode("utf-8")
        value = "".join(chr(b) if chr(b).isalnum() and b < 128 else "%%%02X" % b for b in data)
        middle = len(value) // 2
        while "%" in value[max(0, middle - 2):middle]:
            middle += 1
        return "", f"attachment;\n filename*0*=utf-8''{value[:middle]};\n filename*1*={value[middle:]}"
    if kind < 0.8:
        words = encoded_words(rng, name, "utf-8")
        return f"; name=\"{' '.join(words)}\"", "attachment"
    charset = pick_charset(rng, name)
    data = name.encode(charset)
    value = "".join(chr(b) if chr(b).isalnum() and b < 128 else "%%%02X" % b for b in data)
    return f"; name=\"{ascii_name}\"", f"inline; filename*={charset}'de'{value}"


def attachment_part(rng, eol):
    name = filename(rng)
    mime = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "txt": "text/plain",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[name.rsplit(".", 1)[1]]
    ct_param, disposition = disposition_lines(rng, name)
    data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 600)))
    if mime == "text/plain":
        data = paragraph_text(rng).encode("utf-8")
        mime += "; charset=utf-8"
    header = [f"Content-Type: {mime}{ct_param}".encode(),
              f"Content-Disposition: {disposition}".replace("\n", eol.decode()).encode(),
              b"Content-Transfer-Encoding: base64"]
    return header, base64.encodebytes(data).replace(b"\n", eol)


def part_bytes(header, body, eol):
    return eol.join(header) + eol + eol + body


def multipart(rng, subtype, parts, eol, extra=""):
    boundary = "=_" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789'()+_,-./:=?") for _ in range(rng.randint(8, 40)))
    boundary = boundary.rstrip(" ")
    header = [f"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"{extra}".encode()]
    chunks = []
    if rng.random() < 0.3:
        chunks.append(b"This is a multi-part message in MIME format.")
    for header_lines, body in parts:
        chunks.append(b"--" + boundary.encode() + (b"  " if rng.random() < 0.05 else b""))
        chunks.append(part_bytes(header_lines, body, eol))
    chunks.append(b"--" + boundary.encode() + b"--")
    if rng.random() < 0.2:
        chunks.append(b"epilogue text that is ignored")
    return header, eol.join(chunks) + eol


def content(rng, eol, depth=0):
    """The top-level (header lines, body) of a message's content."""
    kind = rng.random()
    if kind < 0.25 or depth > 1:
        return text_part(rng, eol)
    if kind < 0.35:
        return text_part(rng, eol, "html")
    if kind < 0.55:
        return multipart(rng, "alternative", [text_part(rng, eol), text_part(rng, eol, "html")], eol)
    if kind < 0.75:
        first = text_part(rng, eol) if rng.random() < 0.7 else multipart(
            rng, "alternative", [text_part(rng, eol), text_part(rng, eol, "html")], eol)
        parts = [first] + [attachment_part(rng, eol) for _ in range(rng.randint(1, 3))]
        return multipart(rng, "mixed", parts, eol)
    if kind < 0.77:
        # Attachments nested one level down, as some mailers and forwarders produce them.
        inner = multipart(rng, "mixed", [text_part(rng, eol), attachment_part(rng, eol)], eol)
        return multipart(rng, "mixed", [inner, attachment_part(rng, eol)], eol)
    if kind < 0.78:
        # The whole message is one file.
        return attachment_part(rng, eol)
    if kind < 0.785:
        # A multipart whose boundary never appears.
        header, body = text_part(rng, eol)
        return [b"Content-Type: multipart/mixed; boundary=\"never-used\""], body
    if kind < 0.82:
        html_header, html_body = text_part(rng, eol, "html")
        image = ([b"Content-Type: image/png", b"Content-ID: <logo@example.org>", b"Content-Transfer-Encoding: base64"],
                 base64.encodebytes(bytes(range(64))).replace(b"\n", eol))
        related = multipart(rng, "related", [(html_header, html_body), image], eol)
        return multipart(rng, "alternative", [text_part(rng, eol), related], eol)
    if kind < 0.92:
        inner = message_bytes(rng, eol, depth + 1)
        forwarded = ([b"Content-Type: message/rfc822"]
                     + ([b"Content-Disposition: attachment; filename=\"weitergeleitet.eml\""] if rng.random() < 0.5 else []),
                     inner)
        return multipart(rng, "mixed", [text_part(rng, eol), forwarded], eol)
    status = eol.join([b"Reporting-MTA: dns; mail.example.net", b"", b"Final-Recipient: rfc822; nobody@example.com",
                       b"Action: failed", b"Status: 5.1.1"]) + eol
    returned = message_bytes(rng, eol, depth + 1)
    report = [text_part(rng, eol, text="Delivery to the following recipient failed permanently:\n\n  nobody@example.com\n"),
              ([b"Content-Type: message/delivery-status"], status),
              ([b"Content-Type: message/rfc822"], returned)]
    return multipart(rng, "report", report, eol, "; report-type=delivery-status")


def message_bytes(rng, eol, depth=0):
    headers = [
        address_header(rng, "From", eol),
        address_header(rng, "To", eol, rng.randint(1, 3)),
        subject_header(rng, eol),
        f"Date: {rng.choice(['Mon', 'Tue', 'Wed'])}, {rng.randint(1, 28)} {rng.choice(['Jan', 'Feb', 'Mar'])} "
        f"{rng.choice(['2024', '2025', '25'])} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00 "
        f"{rng.choice(['+0100', '+0200', '-0500', 'GMT'])}".encode(),
        f"Message-ID: <{rng.randrange(10**12)}.{depth}@example.org>".encode(),
    ]
    if rng.random() < 0.3:
        headers.append(address_header(rng, "Cc", eol, rng.randint(1, 2)))
    if rng.random() < 0.3:
        headers.append(f"In-Reply-To: <{rng.randrange(10**9)}@example.net>".encode())
    header, body = content(rng, eol, depth)
    mime = [b"MIME-Version: 1.0"] + header
    rng.shuffle(headers)
    return eol.join(headers + mime) + eol + eol + body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=5322)
    arguments = parser.parse_args()
    os.makedirs(arguments.directory, exist_ok=True)
    rng = random.Random(arguments.seed)
    for index in range(arguments.count):
        eol = b"\r\n" if rng.random() < 0.5 else b"\n"
        data = message_bytes(rng, eol)
        with open(os.path.join(arguments.directory, f"msg-{index:04d}.eml"), "wb") as handle:
            handle.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
