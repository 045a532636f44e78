#!/usr/bin/env python3
"""Write N made-up contact-form mails of the "website-contact" kind for ingest benchmarks.

    generate_forms.py DIR --count N [--seed S]

The mails look like the ones in Samples/mail/ and are read by the "website-contact" profile of
Samples/ticketd.toml: sent to support@example.com, Subject starting with "Kontaktformular" or
"Contact form", "Label: value" lines with German or English labels. They vary in

- language (German or English labels and text),
- encoding: quoted-printable ISO-8859-1, base64 UTF-8, 8bit UTF-8, and HTML-only bodies
  (a table, or "<b>Label</b><br>value" blocks; UTF-8 or windows-1252),
- consent values (ja/nein, yes/no, true/false, 1/0, on/off, x, [x]/[ ], ☑/☐, checked);
  a few mails lack the processing consent or carry an unreadable value,
- message length (about 200 to 2000 characters).

Every person, address and phone number is made up (example.org / example.net addresses,
+49 30 5550xxxx numbers). The output is the same for the same seed and count. Files are named
000001.eml, 000002.eml, ... with CRLF line endings. Standard library only.
"""

import argparse
import base64
import binascii
import os
import random
import sys
import time

FIRST_DE = ["Jörg", "Erika", "Hannelore", "Kai-Uwe", "Sabine", "Lukas", "Renate", "Günter", "Magdalena",
            "Ralf", "Jürgen", "Aylin", "Tobias", "Nina", "Dieter", "Björn", "Käthe", "Sören", "Fatma", "Ute",
            "Mehmet", "Greta", "Horst", "Leonie", "Matthias", "Zoë", "Ömer", "Anneliese"]
FIRST_EN = ["Brian", "Emily", "Oliver", "Grace", "Daniel", "Chloe", "Owen", "Harriet", "Liam", "Megan",
            "Noah", "Isla", "Ethan", "Poppy"]
LAST_DE = ["Beispiel", "Testmann", "Musterfrau", "Mustermann", "Probe", "Platzhalter", "Exempel", "Testerin",
           "Vorlage", "Überall", "Prüfer", "Nullmann", "Ohnesorg", "Unklar", "Beispielmann", "Schablone",
           "Müller-Beispiel", "Großtest"]
LAST_EN = ["Example", "Sample", "Placeholder", "Dummy", "Testwell", "Specimen", "Mockford", "Templeton-Test"]
STREET_DE = ["Beispiel", "Muster", "Test", "Probe", "Platzhalter", "Vorlagen", "Übungs", "Schablonen"]
STREET_SUFFIX_DE = ["straße", "weg", "allee", "gasse", "ring", "platz"]
CITY_DE = [("12345", "Musterstadt"), ("54321", "Beispielstadt"), ("01234", "Probedorf"),
           ("98765", "Testhausen"), ("45678", "Übungsheim")]
STREET_EN = ["Sample Road", "Example Street", "Placeholder Lane", "Specimen Close", "Mock Avenue"]
CITY_EN = ["Exampleton XX1 2AB", "Sampletown XX4 5YY", "Demoville XX9 8ZZ"]

PRODUCTS = ["Vistara 43 QX", "Vistara 55 QX", "Vistara 65 QX", "Klangwerk 300", "Klangwerk 500",
            "Klangwerk Buds 2", "Rechenwerk 14", "FlexMount 400", "Kühlwerk 260", "Waschwerk 8"]

SENT_DE = [
    "ich habe vor zwei Wochen bei Ihnen den {p} gekauft.",
    "Seit dem letzten Update verbindet sich der {p} nicht mehr mit unserem WLAN.",
    "Das Gerät findet das Netzwerk, bricht aber nach der Eingabe des Passworts ab.",
    "Handy und Laptop sind problemlos verbunden, der Router steht im selben Raum.",
    "Ich habe das Gerät bereits auf Werkseinstellungen zurückgesetzt.",
    "Die Software ist laut Menü auf dem neuesten Stand.",
    "Bei höherer Lautstärke knistert es hörbar aus dem linken Lautsprecher.",
    "Die Fernbedienung reagiert nur noch, wenn man direkt vor dem Gerät steht.",
    "Laut Sendungsverfolgung wurde das Paket zugestellt, angekommen ist aber nichts.",
    "Können Sie mir sagen, wann der {p} wieder lieferbar ist?",
    "Passt die Wandhalterung zu meinem Gerät, oder brauche ich einen Adapter?",
    "In der Anleitung steht dazu leider nichts, und die Hotline war besetzt.",
    "Bitte teilen Sie mir mit, ob ich das Gerät einschicken soll oder ob jemand vorbeikommt.",
    "Die Bestellnummer ist EB-2025-{n:06d}.",
    "Über eine kurze Rückmeldung würde ich mich sehr freuen.",
    "Das Bild flackert, sobald ich über HDMI eine Spielkonsole anschließe.",
    "Mit dem optischen Kabel funktioniert der Ton, über HDMI-ARC aber nicht.",
    "Ich bin tagsüber berufstätig, ein Liefertermin am Samstag wäre ideal.",
]
SENT_EN = [
    "I bought the {p} from your online shop two weeks ago.",
    "Since the last update the {p} no longer connects to our Wi-Fi.",
    "The device sees the network but fails after I enter the password.",
    "My phone and laptop connect fine, and the router is in the same room.",
    "I have already reset the device to factory settings.",
    "According to the menu the software is up to date.",
    "At higher volume there is an audible crackle from the left speaker.",
    "The remote only works when I stand right in front of the TV.",
    "Tracking says the parcel was delivered, but nothing arrived.",
    "Could you tell me when the {p} will be back in stock?",
    "Does the wall mount fit my model, or do I need an adapter?",
    "The manual doesn't mention this and the hotline was busy.",
    "Please let me know whether I should send the device in or someone will come by.",
    "The order number is EB-2025-{n:06d}.",
    "A short reply would be much appreciated.",
    "The picture flickers as soon as I connect a games console via HDMI.",
    "Sound works over the optical cable but not over HDMI-ARC.",
    "I work during the day, so a Saturday delivery would be ideal.",
]
SUBJECT_DE = ["Gerät findet kein WLAN", "Frage zur Lieferung", "Reklamation", "Frage zur Wandhalterung",
              "Ton über HDMI", "Fernbedienung defekt", "Liefertermin", "Rückruf erbeten"]
SUBJECT_EN = ["TV won't connect to Wi-Fi", "Question about delivery", "Return request", "Wall mount question",
              "No sound over HDMI", "Remote not working", "Delivery date", "Please call me back"]

YES = ["ja", "yes", "true", "1", "on", "x", "[x]", "☑", "checked", "Ja", "Yes"]
NO = ["nein", "no", "false", "0", "off", "[ ]", "☐"]
UNREADABLE = ["vielleicht", "maybe", "?"]

LABELS = {
    "de": {"name": "Name", "email": "E-Mail", "phone": "Telefon", "address": "Anschrift",
           "message": "Nachricht", "processing": "Einwilligung Datenverarbeitung",
           "marketing": "Einwilligung Produktempfehlungen"},
    "en": {"name": "Your name", "email": "Email", "phone": "Phone", "address": "Address",
           "message": "Message", "processing": "Consent to processing",
           "marketing": "Product recommendations"},
}
ASCII_MAP = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ë": "e", "é": "e", " ": "-"})


def ascii_local(text):
    return text.translate(ASCII_MAP).lower()


def html_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def pick_consent(rng, purpose):
    r = rng.random()
    if purpose == "processing":
        if r < 0.03:
            return None  # line missing
        if r < 0.05:
            return rng.choice(UNREADABLE)
        if r < 0.08:
            return rng.choice(NO)
        return rng.choice(YES)
    return rng.choice(YES) if r < 0.35 else rng.choice(NO)


def make_person(rng, lang):
    if lang == "de":
        first, last = rng.choice(FIRST_DE), rng.choice(LAST_DE)
        zip_code, city = rng.choice(CITY_DE)
        street = f"{rng.choice(STREET_DE)}{rng.choice(STREET_SUFFIX_DE)} {rng.randint(1, 180)}"
        if rng.random() < 0.2:
            street += rng.choice("abc")
        address = f"{street}, {zip_code} {city}"
        phone = rng.choice(["+49 30 5550{:04d}", "030 5550 {:04d}", "+49 (0)30 5550-{:04d}"]).format(
            rng.randint(0, 9999))
    else:
        first, last = rng.choice(FIRST_EN), rng.choice(LAST_EN)
        address = f"{rng.randint(1, 250)} {rng.choice(STREET_EN)}, {rng.choice(CITY_EN)}, United Kingdom"
        phone = "+44 20 7946 0{:03d}".format(rng.randint(0, 999))
    name = f"{first} {last}"
    sep = rng.choice([".", "_", "-"])
    email = f"{ascii_local(first)}{sep}{ascii_local(last)}{rng.randint(1, 99) if rng.random() < 0.3 else ''}" \
            f"@{rng.choice(['example.org', 'example.net'])}"
    return name, email, phone, address


def make_message(rng, lang, name):
    bank = SENT_DE if lang == "de" else SENT_EN
    target = rng.randint(200, 2000)
    greeting = rng.choice(["Guten Tag,", "Hallo,", "Sehr geehrte Damen und Herren,"] if lang == "de"
                          else ["Hello,", "Hi,", "Dear support team,"])
    closing = rng.choice(["Mit freundlichen Grüßen", "Viele Grüße", "Danke und Gruß"] if lang == "de"
                         else ["Kind regards,", "Thanks,", "Best wishes,"])
    product = rng.choice(PRODUCTS)
    lines = [greeting, ""]
    length = len(greeting) + len(closing) + len(name) + 4
    paragraph = []
    order = rng.sample(bank, len(bank))  # no sentence twice until the bank is used up
    k = 0
    while length < target:
        s = order[k % len(order)].format(p=product, n=rng.randint(0, 999999))
        k += 1
        paragraph.append(s)
        length += len(s) + 1
        if len(paragraph) >= rng.randint(3, 6):
            lines.extend(wrap(" ".join(paragraph), 76))
            lines.append("")
            paragraph = []
    if paragraph:
        lines.extend(wrap(" ".join(paragraph), 76))
        lines.append("")
    lines.extend([closing, name])
    return lines


def wrap(text, width):
    out, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        out.append(cur)
    return out


def form_fields(rng, lang, person, message_lines, version):
    name, email, phone, address = person
    lab = LABELS[lang]
    fields = [(lab["name"], [name]), (lab["email"], [email])]
    if rng.random() < 0.8:
        fields.append((lab["phone"], [phone]))
    if rng.random() < 0.7:
        fields.append((lab["address"], [address]))
    fields.append((lab["message"], message_lines))
    for purpose in ("processing", "marketing"):
        value = pick_consent(rng, purpose)
        if value is not None:
            fields.append((lab[purpose], [value]))
    if rng.random() < 0.5:
        fields.insert(len(fields) - (rng.random() < 0.5), ("Formular-Version", [version]))
    else:
        fields.append(("Formular-Version", [version]))
    return fields


def text_body(lang, fields):
    intro = ("Neue Anfrage über das Kontaktformular auf www.example.com" if lang == "de"
             else "You have received a new message via the contact form at https://www.example.com/en/contact")
    out = [intro, ""]
    for label, value in fields:
        out.append(f"{label}: {value[0]}")
        out.extend(value[1:])
    out.extend(["", "-- ", "Diese Nachricht wurde automatisch vom Kontaktformular erzeugt." if lang == "de"
                else "This message was generated by the contact form on www.example.com."])
    return "\r\n".join(out) + "\r\n"


def html_body(rng, lang, fields, charset):
    head = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>\r\n<body>\r\n'
    if rng.random() < 0.5:
        rows = []
        for label, value in fields:
            cell = "<br>\r\n".join(html_escape(v) for v in value)
            rows.append(f"<tr><td>{label}</td><td>{cell}</td></tr>")
        inner = "<table>\r\n" + "\r\n".join(rows) + "\r\n</table>\r\n"
    else:
        blocks = []
        for label, value in fields:
            blocks.append(f"<b>{label}</b><br>" + "<br>".join(html_escape(v) for v in value) + "<br><br>")
        inner = "\r\n".join(blocks) + "\r\n"
    return head + inner + "</body></html>\r\n"


def encode_body(rng, lang, fields):
    """Returns (content-type, transfer-encoding, body bytes)."""
    kind = rng.random()
    if kind < 0.15:
        charset = "utf-8" if rng.random() < 0.6 else "windows-1252"
        html = html_body(rng, lang, fields, charset)
        try:
            raw = html.encode(charset)
        except UnicodeEncodeError:
            charset, raw = "utf-8", html.replace("windows-1252", "utf-8").encode("utf-8")
        return f"text/html; charset={charset}", "quoted-printable", binascii.b2a_qp(raw, istext=True)
    text = text_body(lang, fields)
    if kind < 0.45:
        try:
            raw = text.encode("iso-8859-1")
            return "text/plain; charset=ISO-8859-1", "quoted-printable", binascii.b2a_qp(raw, istext=True)
        except UnicodeEncodeError:
            pass
    if kind < 0.75:
        enc = base64.encodebytes(text.encode("utf-8")).replace(b"\n", b"\r\n")
        return 'text/plain; charset="utf-8"', "base64", enc
    return "text/plain; charset=utf-8", "8bit", text.encode("utf-8")


def encoded_subject(text):
    if text.isascii():
        return text
    return "=?UTF-8?B?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def make_mail(rng, index, base_time):
    lang = "de" if rng.random() < 0.65 else "en"
    person = make_person(rng, lang)
    message_lines = make_message(rng, lang, person[0])
    version = rng.choice(["2.3", "2.3", "2.3", "2.2", "1.8"])
    fields = form_fields(rng, lang, person, message_lines, version)
    ctype, cte, body = encode_body(rng, lang, fields)
    when = time.gmtime(base_time + index * 37 + rng.randint(0, 30))
    date = f"{DAYS[when.tm_wday]}, {when.tm_mday:02d} {MONTHS[when.tm_mon - 1]} {when.tm_year} " \
           f"{when.tm_hour:02d}:{when.tm_min:02d}:{when.tm_sec:02d} +0000"
    queue_id = f"{rng.getrandbits(40):010X}"
    web = rng.choice(["web01", "web02", "web03"])
    subject = ("Kontaktformular: " + rng.choice(SUBJECT_DE)) if lang == "de" \
        else ("Contact form: " + rng.choice(SUBJECT_EN))
    header_lines = [
        "Return-Path: <kontaktformular@example.com>",
        "Delivered-To: support@example.com",
        f"Received: from {web}.example.com ({web}.example.com [192.0.2.{20 + int(web[-1])}])",
        f"\tby mx1.example.com (Postfix) with ESMTPS id {queue_id}",
        f"\tfor <support@example.com>; {date}",
        f"Date: {date}",
        "From: Elektro Beispiel Kontaktformular <kontaktformular@example.com>",
        "To: support@example.com",
        f"Subject: {encoded_subject(subject)}",
        f"Message-ID: <bench.{index:06d}.{queue_id}@{web}.example.com>",
        "MIME-Version: 1.0",
        f"Content-Type: {ctype}",
        f"Content-Transfer-Encoding: {cte}",
        f"X-Mailer: Beispiel-Kontaktformular {version} (PHP 8.2)",
    ]
    return ("\r\n".join(header_lines) + "\r\n\r\n").encode("ascii") + body


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", help="directory to write the .eml files into (created if missing)")
    parser.add_argument("--count", type=int, required=True, help="number of mails to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must not be negative")
    os.makedirs(args.dir, exist_ok=True)
    rng = random.Random(args.seed)
    base_time = 1741680000  # 2025-03-11, fixed so that output depends on the seed only
    started = time.perf_counter()
    total = 0
    for i in range(1, args.count + 1):
        data = make_mail(rng, i, base_time)
        with open(os.path.join(args.dir, f"{i:06d}.eml"), "wb") as fh:
            fh.write(data)
        total += len(data)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.count} mails ({total} bytes) to {args.dir} in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
