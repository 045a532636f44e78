#!/usr/bin/env python3
"""Write an adversarial corpus of support mails, with ground truth, for measuring ticketd's redactor.

    python3 Benchmarks/redaction_corpus.py OUT_DIR [--count N] [--seed S]

ticketd gives departments and external partners pseudonymized copies of customer mails. This
script writes made-up mails that make that hard, together with the truth about the values in
them, so that a scorer (Benchmarks/redaction_score.py) can ingest them with `ticketd ingest`,
read each ticket's partner view, and count

- personal values that leak into the copy (class "personal"), and
- harmless text that the redactor destroyed although it should have stayed (classes "fact"
  and "lookalike").

Output
------
OUT_DIR/mail/0001.eml, 0002.eml, ...  one RFC 5322 message per file, all To: support@example.com,
                                     each with its own Message-ID and a Date.
OUT_DIR/truth.json                   a JSON list with one object per mail, in the same order.

About half the mails are German, half English. About 40 % are contact forms: From "Website
<noreply@example.com>" or formular@example.com, a Subject starting "Kontaktformular" or
"Contact form", "Label: value" lines (Name / Your name, E-Mail / Email, Telefon / Phone,
Anschrift / Address, Nachricht / Message, an affirmative "Einwilligung Datenverarbeitung" /
"Consent to processing", sometimes "Einwilligung Produktempfehlungen: Nein" and
"Formular-Version: 2.3") as plain text or as HTML paragraphs. The rest are mails written by
customers: text/plain, multipart/alternative or HTML only, many with a signature (with or
without "-- ", with a business disclaimer above or below it), a P.S. after the closing, or a
quoted earlier message ("Am ... schrieb ...:", "On ... wrote:", Outlook's "-----Ursprüngliche
Nachricht-----" / "From: ... Sent: ..."). Bodies are UTF-8, ISO-8859-1 or windows-1252, sent
7bit, 8bit, quoted-printable or base64, with CRLF or LF line ends. The same seed and count give
the same bytes. Every person, company, address and number is invented: domains are
example.com/.org/.net or *.example, phone numbers use random or fictional ranges, IBANs and card
numbers are generated with valid check digits but random account parts and test prefixes.

What the mails contain
----------------------
personal  the sender's own values (name inflected, in the genitive, as "Familie X", with
          initials, particles, hyphens, transliterated, upper case, reversed, with soft hyphens
          or character references in HTML, in a URL slug; e-mail addresses plain and obfuscated;
          phone numbers in German, Austrian, Swiss, British and US spellings, with en dashes,
          no-break spaces or a line break inside; postal addresses and postcodes; birth dates,
          customer/contract/account numbers, IBANs, card numbers with expiry and CVC), in the
          body, the signature, the Subject, form fields and quoted text; and other people's
          names by cue ("meine Frau Anna ...", "our technician ...", directors in a disclaimer,
          a colleague in a quoted answer), sometimes with their phone number or e-mail address.
fact      product names with numbers, model and serial numbers, IMEIs (which pass Luhn),
          error codes, prices, purchase dates, measurements, and the shop's own order, invoice,
          tracking and case numbers. Each mail is about one device: its error code, serial, model,
          IMEI, price, purchase date and order number stay the same wherever they recur.
lookalike words equal to a person's name used as words ("Ich weiß nicht" from a customer named
          Weiß), product names that look like streets ("Smart Ring 2", "Dichtungsring 40"),
          words from the customer's own data used generically ("GmbH", "Service", the town),
          lines that start like reply headers but are not, dates and serials shaped like phone
          numbers, and a P.S. after the closing that carries a fact.

truth.json
----------
Each object:

    {"file": "0001.eml", "language": "de" | "en",
     "shape": "form_plain" | "form_html" | "plain" | "html" | "alternative",
     "sender_email": the address ticketd records for the sender: the form's E-Mail field for a
                     form, the From address otherwise,
     "subject": the decoded Subject,
     "items": [{"class", "owner", "kind", "placement", "value", "match"}, ...]}

class      "personal", "fact" or "lookalike".
owner      "sender" or "other" for personal items, null otherwise.
kind       personal: name, email, phone, address, postcode, birth_date, customer_number, iban,
           card, card_expiry, card_cvc, url; fact: product, model, serial, imei, error_code,
           price, date, measurement, order_reference; lookalike: word_like_name,
           product_like_street, generic_word_from_own_data, reply_header_like, date_like_phone,
           serial_like_phone, ps_after_closing.
placement  form_field: a structured form field (Name, E-Mail, Telefon, Anschrift);
           free_text: prose the sender wrote, in a mail body or in a form's message field,
           including a P.S.; signature: the name under the closing formula and the signature
           block with its disclaimer; title: the Subject; quoted: a quoted earlier message with
           its reply header; html: a value written with an HTML device (soft hyphen, character
           references, &nbsp;) in an HTML-only body, wherever it stands.
value      the text as it reads after MIME decoding; for an HTML body after removing tags and
           decoding character references, so it may hold U+00AD, U+00A0 or a line break.
match      strings for the scorer. Compare case-insensitively after folding ä->ae, ö->oe,
           ü->ue, ß->ss, removing U+00AD and collapsing white space; for the kinds phone, iban,
           card, customer_number and birth_date compare only letters and digits. A personal
           item LEAKED when any of its strings occurs in the redacted copy (title items in the
           subject, all others in the text); a fact or look-alike SURVIVED when any of its
           strings occurs there. A person's name gives
           its distinctive parts (surname parts, and the given name unless it is an ordinary
           word); a name that is also an ordinary word is matched only in the longer form the
           mail writes ("Frau Weiß", "Daniel Black"). Look-alikes give the phrase around the
           word; card CVCs give cue and number ("Prüfziffer 123").

Self-check
----------
Every mail is checked before it is written; the script stops with an error when a check fails
in a way a retry cannot fix. Look-ups are the scorer's: items placed in the title are looked for
in the subject, all others in the text; a match starts at a word boundary and ends at one too
(names may go on: "Grünewalds"); number kinds compare letters and digits.
1. Decoded: the .eml is parsed with Python's email package (the text/plain part if there is
   one, else the HTML part with tags stripped and references decoded; for multipart/alternative
   both parts) and every item's value and every match string must be found. Forms must read back
   with the sender's address and an affirmative consent, and no message line may look like a
   form label; plain mails must read back with sender_email as From and a Subject that no form
   profile or auto-reply rule claims; no text may use words of a data-subject request (those
   mails would not all become tickets).
2. Perfect redactor: with exactly the personal values replaced by a placeholder, no personal
   match string may be found any more, not even as a bare substring or by its digits, and every
   fact and look-alike match string must still be found; a P.S. value must occur only in the
   P.S. So the truth is consistent: a perfect redactor scores no leak and no loss. A mail that
   fails this (a random number happening to contain another) is drawn again.

Standard library only; no network; randomness only from random.Random(seed).
"""

import argparse
import base64
import binascii
import datetime as dt
import email
import email.policy
import email.utils
import html
import json
import random
import re
import sys
import unicodedata
from email.header import Header
from pathlib import Path

DEFAULT_COUNT = 600
DEFAULT_SEED = 20261202
SUPPORT = "support@example.com"
MAX_ATTEMPTS = 40

# ---------------------------------------------------------------------------------------------
# The scorer's view of text
# ---------------------------------------------------------------------------------------------

DIGIT_KINDS = frozenset({"phone", "iban", "card", "customer_number", "birth_date"})
# Benchmarks/redaction_score.py compares these by letters and digits too, when six or more remain.
COMPACT_KINDS = DIGIT_KINDS | {"card_expiry", "card_cvc"}
MIN_COMPACT = 6
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "\u00ad": None})


def fold(text):
    """Lower case, umlauts spelled out, soft hyphens removed, white space collapsed."""
    return " ".join(text.lower().translate(_FOLD).split())


def compact(text):
    """The folded text with everything but letters and digits removed (for number kinds)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


class View:
    """A text as the scorer looks at it."""

    def __init__(self, text):
        self.folded, self.packed = fold(text), compact(text)

    def has(self, needle, kind):
        """The scorer's look-up: from a word boundary; to one too, except for names (inflection)."""
        small = compact(needle)
        if kind in COMPACT_KINDS and len(small) >= MIN_COMPACT:
            return small in self.packed
        folded = fold(needle)
        start = r"(?<![a-z0-9])" if folded[0].isalnum() else ""
        end = "" if kind == "name" or not folded[-1].isalnum() else r"(?![a-z0-9])"
        return re.search(start + re.escape(folded) + end, self.folded) is not None

    def touches(self, needle, kind):
        """Whether any reading finds the needle: anywhere in the folded text, or by its digits."""
        small = compact(needle)
        if fold(needle) in self.folded:
            return True
        by_digits = kind in DIGIT_KINDS or (kind in COMPACT_KINDS and len(small) >= MIN_COMPACT)
        return by_digits and small in self.packed


_HTML_DROP = re.compile(r"(?is)<(head|style|script|title)\b.*?</\1\s*>")
_HTML_BLOCK = re.compile(r"(?i)</?(?:p|div|tr|li|ul|ol|table|blockquote|h[1-6]|hr)\b[^>]*>")


def html_to_text(source):
    """Tags stripped (blocks and <br> become line breaks), references decoded: what a reader sees."""
    text = _HTML_DROP.sub(" ", source)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = _HTML_BLOCK.sub("\n", text)
    text = re.sub(r"(?i)</?t[dh]\b[^>]*>", " ", text)
    text = re.sub(r"<[^>]*>", "", text)
    return html.unescape(text)


# ---------------------------------------------------------------------------------------------
# Marked text: personal values are bracketed while a mail is built, so that the same text can be
# rendered as written and as a perfect redactor would leave it.
# ---------------------------------------------------------------------------------------------

P_OPEN, P_CLOSE = "\x01", "\x02"   # a personal value
H_OPEN, H_CLOSE = "\x03", "\x04"   # HTML source written by hand (entities, soft hyphens)
_PERSONAL_SPAN = re.compile("\x01.*?\x02", re.S)
_RAW_SPAN = re.compile("(\x03.*?\x04)", re.S)
_MARKS = {1: None, 2: None, 3: None, 4: None}


def visible(marked):
    return marked.translate(_MARKS)


def perfectly_redacted(marked):
    return visible(_PERSONAL_SPAN.sub("[x]", marked))


def html_escaped(marked):
    """Escapes the text for HTML, except hand-written HTML segments, which are kept as they are."""
    pieces = _RAW_SPAN.split(marked)
    return "".join(p[1:-1] if p.startswith(H_OPEN) else html.escape(p, quote=False) for p in pieces)


def html_lines(marked):
    return html_escaped(marked).replace("\n", "<br>\n")


# ---------------------------------------------------------------------------------------------
# Numbers with check digits (all random apart from test prefixes)
# ---------------------------------------------------------------------------------------------

def luhn_check_digit(payload):
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:  # doubled once the check digit is appended on the right
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


def luhn_number(rng, prefix, length):
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def digits(rng, count, first_nonzero=False):
    text = "".join(str(rng.randrange(10)) for _ in range(count))
    if first_nonzero and text[0] == "0":
        text = str(rng.randint(1, 9)) + text[1:]
    return text


def iban_with_check(country, bban):
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def make_iban(rng, country):
    if country == "DE":
        bban = digits(rng, 8, True) + digits(rng, 10)
    elif country == "AT":
        bban = digits(rng, 5, True) + digits(rng, 11)
    elif country == "CH":
        bban = digits(rng, 5) + digits(rng, 12)
    elif country == "UK":
        bban = "".join(rng.choice("ABCDEFGHJKLMNPRSTWXYZ") for _ in range(4)) + digits(rng, 14)
        return iban_with_check("GB", bban)
    else:
        return None  # US customers have no IBAN; they pay by card
    return iban_with_check(country, bban)


def format_iban(rng, code, wrap_ok):
    groups = [code[i:i + 4] for i in range(0, len(code), 4)]
    styles = ["spaced", "spaced", "compact", "lower", "lower_compact"] + (["wrapped"] * 2 if wrap_ok else [])
    style = rng.choice(styles)
    if style == "compact":
        return code
    if style == "lower":
        return " ".join(groups).lower()
    if style == "lower_compact":
        return code.lower()
    if style == "wrapped":
        cut = rng.randint(2, 3)
        return " ".join(groups[:cut]) + "\n" + " ".join(groups[cut:])
    return " ".join(groups)


def make_card(rng):
    prefix = rng.choice(["411111", "555555", "401288", "520082", "378282"])
    if prefix == "378282":  # American Express test range: 15 digits
        return luhn_number(rng, prefix, 15)
    return luhn_number(rng, prefix, 16)


def format_card(rng, number):
    if len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i:i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ".join(groups), " ".join(groups), "-".join(groups), number])


def make_imei(rng):
    return luhn_number(rng, rng.choice(["35", "86", "01"]) + digits(rng, 6), 15)


def format_imei(rng, imei):
    return rng.choice([imei, imei, f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}",
                       f"{imei[:2]} {imei[2:8]} {imei[8:14]} {imei[14]}"])


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

GIVEN = {
    ("de", True): ["Anna", "Sabine", "Katrin", "Heike", "Claudia", "Jutta", "Birgit", "Stefanie", "Johanna",
                   "Annika", "Franziska", "Miriam", "Dagmar", "Renate", "Gudrun", "Ingrid", "Carola", "Svenja",
                   "Hannelore", "Karin", "Doris", "Silke", "Bärbel", "Marie-Luise", "Erika", "Petra", "Merle"],
    ("de", False): ["Jens", "Klaus", "Thomas", "Günther", "Jörg", "Matthias", "Dieter", "Holger", "Rüdiger",
                    "Detlef", "Bernd", "Torsten", "Volker", "Hartmut", "Wolfgang", "Henning", "Björn", "Sönke",
                    "Malte", "Reinhard", "Konrad", "Knut", "Hans-Peter", "Kai-Uwe", "Uwe", "Frieder", "Gerd"],
    ("en", True): ["Olivia", "Sarah", "Emily", "Charlotte", "Harriet", "Megan", "Rebecca", "Jessica", "Laura",
                   "Hannah", "Abigail", "Gemma", "Fiona", "Kirsty", "Naomi", "Imogen", "Mary-Beth"],
    ("en", False): ["Dave", "Oliver", "James", "Daniel", "Gareth", "Nigel", "Trevor", "Callum", "Declan",
                    "Rupert", "Stuart", "Graham", "Kevin", "Tyler", "Malcolm", "Owen", "Ethan"],
}
SURNAMES = {
    "de": ["Berger", "Schmidt", "Weber", "Hoffmann", "Wagner", "Lorenz", "Albrecht", "Brandt", "Vogt", "Seidel",
           "Pohl", "Franke", "Dietrich", "Ritter", "Wendt", "Haas", "Kaya", "Yilmaz", "Nowak", "Kowalski",
           "Petrović", "Lindemann", "Baumgart", "Kessler", "Hartwig", "Ostermann", "Reimers", "Thiele",
           "Grabowski", "Brinkmann", "Fuchs"],
    "en": ["Miller", "Collins", "Hart", "Jenkins", "Patel", "Thompson", "Whitaker", "Pemberton", "Holloway",
           "Fitzgerald", "Okafor", "Nakamura", "Lindqvist", "Ashworth", "Crowley", "Donnelly", "Harrington",
           "Kaur", "Abernathy", "Mensah", "Kowalczyk", "Sutherland"],
}
UMLAUT_SURNAMES = ["Müller", "Grünewald", "Köhler", "Meißner", "Schröder", "Krüger", "Hübner", "Böhm", "Kühn",
                   "Großmann", "Jäger", "Löffler", "Förster", "Gößling", "Dörfler"]
PARTICLE_SURNAMES = {
    "de": ["von der Heide", "von Hagenow", "van Dijk", "de Vries", "von Ellerbrock", "zu Rantzow"],
    "en": ["van Dijk", "de Vries", "O'Connor", "McAllister", "di Lorenzo", "Le Roux", "van der Merwe"],
}
HYPHEN_SURNAMES = {
    "de": ["Müller-Osterwald", "Schulze-Wendland", "Berger-Kowalski", "Krüger-Ahlers", "Weber-Stahnke"],
    "en": ["Smith-Pemberton", "Ashby-Rowland", "Hughes-Carter", "Okafor-Reid"],
}
PARTICLES = {"von", "der", "van", "de", "zu", "di", "le", "den", "ten", "del", "da"}

# Surnames and given names that are ordinary words, each with sentences using the word as a word
# and the phrase a scorer looks for. A person with such a name is matched only by a longer form.
WORD_SURNAMES = {
    "de": {
        "Weiß": [("Ich weiß nicht, ob das Gerät noch unter die Garantie fällt.", "Ich weiß nicht, ob"),
                 ("Leider weiß ich nicht mehr genau, wann das Update eingespielt wurde.", "Leider weiß ich nicht mehr"),
                 ("Der Bildschirm bleibt nach dem Einschalten komplett weiß.", "bleibt nach dem Einschalten komplett weiß"),
                 ("Wer weiß, vielleicht liegt es nur an einem losen Kabel.", "Wer weiß, vielleicht")],
        "Klein": [("Die Schrift im Menü ist selbst aus der Nähe viel zu klein.", "viel zu klein"),
                  ("Es ist nur ein kleines Problem, aber es nervt jeden Tag.", "nur ein kleines Problem"),
                  ("Der Ersatzakku ist ein Stück zu klein für das Fach.", "ein Stück zu klein")],
        "Lang": [("Das Netzkabel ist leider nicht lang genug.", "nicht lang genug"),
                 ("Wie lange dauert eine Reparatur normalerweise?", "Wie lange dauert"),
                 ("Das Update lief eine Stunde lang und brach dann ab.", "eine Stunde lang")],
        "Schwarz": [("Nach etwa zehn Minuten wird der Bildschirm einfach schwarz.", "wird der Bildschirm einfach schwarz"),
                    ("Bestellt hatte ich das Gerät in Schwarz, geliefert wurde es in Silber.", "das Gerät in Schwarz")],
        "Braun": [("Aus dem Schlauch kommt braunes Wasser.", "braunes Wasser"),
                  ("Die Dichtung hat sich braun verfärbt.", "braun verfärbt")],
        "Sauer": [("Ehrlich gesagt bin ich inzwischen ziemlich sauer.", "ziemlich sauer"),
                  ("Die Milch wird ständig sauer, weil nichts mehr richtig kühlt.", "wird ständig sauer")],
        "Kurz": [("Ich fasse mich kurz: Das Gerät startet nicht mehr.", "Ich fasse mich kurz"),
                 ("Das Display geht nur ganz kurz an und dann wieder aus.", "nur ganz kurz an")],
        "Schnell": [("Der Akku ist viel zu schnell leer.", "viel zu schnell leer"),
                    ("Ich brauche das Gerät möglichst schnell zurück.", "möglichst schnell zurück")],
        "Fröhlich": [("Das Gerät piept fröhlich vor sich hin, tut aber sonst nichts.", "piept fröhlich vor sich hin")],
        "Sommer": [("Seit dem Sommer läuft alles immer unruhiger.", "Seit dem Sommer läuft"),
                   ("Im Sommer wird das Gerät auffällig warm.", "Im Sommer wird")],
        "Winter": [("Über den Winter stand das Gerät unbenutzt im Keller.", "Über den Winter stand"),
                   ("Im Winter lief es komischerweise ohne Probleme.", "Im Winter lief es")],
    },
    "en": {
        "Black": [("The screen goes black after a few seconds.", "The screen goes black"),
                  ("I ordered it in black, but a silver one arrived.", "ordered it in black"),
                  ("There is a black stripe down the left side of the picture.", "a black stripe down")],
        "White": [("The status light turns white and stays that way.", "status light turns white"),
                  ("A white bar appears at the top of the screen.", "A white bar appears")],
        "Green": [("The LED blinks green, but nothing else happens.", "The LED blinks green"),
                  ("I plugged the green cable into the port marked WAN.", "the green cable into")],
        "Brown": [("There is brown water left in the drum after every wash.", "brown water left"),
                  ("The box arrived brown and soggy from the rain.", "arrived brown and soggy")],
        "Young": [("The device is fairly young, barely four months old.", "fairly young"),
                  ("We have a young dog, but he has not been near the cable.", "a young dog")],
        "Long": [("It takes a long time to start, sometimes over two minutes.", "a long time to start"),
                 ("As long as the door is open, the light stays on.", "As long as the door")],
        "Little": [("There is a little rattle when the drum turns.", "a little rattle"),
                   ("I have very little patience left with this device.", "very little patience")],
        "Bright": [("Even on the lowest setting the screen is far too bright.", "far too bright")],
        "Sharp": [("The picture is not as sharp as it was in the shop.", "not as sharp as"),
                  ("There is a sharp clicking noise when it switches on.", "a sharp clicking noise")],
        "Rich": [("The sound used to be rich and full, now it is thin.", "rich and full")],
    },
}
WORD_GIVEN = {
    "de": {
        "Ernst": (False, [("Bitte nehmen Sie das Problem ernst.", "nehmen Sie das Problem ernst"),
                          ("Ich meine das ganz ernst: So kann ich das Gerät nicht nutzen.", "Ich meine das ganz ernst")]),
        "Frank": (False, [("Ich sage es frank und frei: So habe ich mir das nicht vorgestellt.", "frank und frei")]),
        "Rosa": (True, [("Die Status-LED leuchtet rosa statt blau.", "leuchtet rosa statt blau")]),
    },
    "en": {
        "Will": (False, [("I will send the device back if you tell me where to.", "I will send the device"),
                         ("Will it be repaired or replaced?", "Will it be repaired")]),
        "Frank": (False, [("To be frank, I expected more from a new device.", "To be frank")]),
        "Mark": (False, [("There is a mark on the screen that will not wipe off.", "a mark on the screen"),
                         ("Please mark the parcel as fragile this time.", "Please mark the parcel")]),
        "Hope": (True, [("I hope you can help me quickly.", "I hope you can help"),
                        ("I had hoped the update would fix it.", "I had hoped the update")]),
        "Grace": (True, [("Is there a grace period for returns after the 30 days?", "a grace period for returns")]),
    },
}
# Subject lines that use such a name as a word (the customer named Schwarz writes "Display bleibt schwarz").
WORD_TITLES = {
    "de": {"Weiß": "Weiß jemand weiter?", "Klein": "Kleines Problem mit meiner Bestellung", "Lang": "Lieferung dauert zu lang",
           "Schwarz": "Display bleibt schwarz", "Braun": "Braune Flecken am Gehäuse", "Sauer": "Ich bin ziemlich sauer",
           "Kurz": "Nur kurz eine Frage", "Schnell": "Bitte schnell helfen", "Fröhlich": "Nicht gerade fröhlich",
           "Sommer": "Seit dem Sommer defekt", "Winter": "Nach dem Winter defekt", "Ernst": "Ein ernstes Problem",
           "Frank": "Frank und frei: enttäuscht", "Rosa": "LED leuchtet rosa"},
    "en": {"Black": "Display goes black", "White": "Status light turns white", "Green": "LED blinks green",
           "Brown": "Brown marks on the casing", "Young": "Young device, already broken", "Long": "Delivery takes too long",
           "Little": "A little problem with my order", "Bright": "Status light far too bright",
           "Sharp": "Sharp noise when switching on", "Rich": "Rich sound gone thin", "Will": "Will it be repaired?",
           "Frank": "Frank feedback on my order", "Mark": "Mark on the display", "Hope": "Hope you can help",
           "Grace": "Grace period for returns?"},
}
ORDINARY_NAME_WORDS = {w.lower() for lang in WORD_SURNAMES for w in WORD_SURNAMES[lang]} | \
                      {w.lower() for lang in WORD_GIVEN for w in WORD_GIVEN[lang]}

PERSON_KINDS = {
    "de": [("plain", 40), ("umlaut", 22), ("particle", 7), ("hyphen", 8), ("ordinary_surname", 16), ("ordinary_given", 7)],
    "en": [("plain", 48), ("umlaut", 5), ("particle", 10), ("hyphen", 8), ("ordinary_surname", 17), ("ordinary_given", 12)],
}

STREETS = {
    "DE": ["Lindenweg", "Amselstraße", "Kastanienallee", "Birkenring", "Am Mühlbach", "Rosengasse", "Gartenstraße",
           "Hainbuchenweg", "Im Winkel", "An der Alten Mühle", "Hohe Straße", "Fliederstraße", "Ahornring",
           "Schwalbenweg", "Uferstraße", "Wiesengrund", "Hauptstr.", "Feldstr."],
    "AT": ["Lerchengasse", "Kaiserweg", "Brunnengasse", "Mühlweg", "Sonnenhang", "Rosenhügelstraße", "Praterweg"],
    "CH": ["Seestrasse", "Bahnhofweg", "Rebbergstrasse", "Dorfstrasse", "Kirchgasse", "Lindenhofweg"],
    "UK": ["The Green", "Orchard Close", "Mill Lane", "Kingfisher Way", "Albion Road", "Church Street",
           "Meadow View", "Station Road"],
    "US": ["Main Street", "Elm Avenue", "Lakeview Drive", "Cedar Lane", "Maple Court", "Oak Street", "Ridge Road"],
}
PLACES = {  # postcode (or outward code / ZIP stem), town, dialling area (US: state first)
    "DE": [("10115", "Berlin", "30"), ("10437", "Berlin", "30"), ("20095", "Hamburg", "40"), ("22767", "Hamburg", "40"),
           ("28217", "Bremen", "421"), ("50667", "Köln", "221"), ("60311", "Frankfurt am Main", "69"),
           ("70173", "Stuttgart", "711"), ("80331", "München", "89"), ("81541", "München", "89"),
           ("01067", "Dresden", "351"), ("04109", "Leipzig", "341"), ("30159", "Hannover", "511"),
           ("90402", "Nürnberg", "911"), ("24103", "Kiel", "431"), ("48143", "Münster", "251"), ("18055", "Rostock", "381")],
    "AT": [("1010", "Wien", "1"), ("1070", "Wien", "1"), ("8010", "Graz", "316"), ("4020", "Linz", "732"),
           ("5020", "Salzburg", "662"), ("6020", "Innsbruck", "512")],
    "CH": [("8001", "Zürich", "44"), ("8004", "Zürich", "44"), ("3011", "Bern", "31"), ("4051", "Basel", "61"),
           ("6003", "Luzern", "41"), ("9000", "St. Gallen", "71")],
    "UK": [("SW3", "London", "20"), ("N1", "London", "20"), ("BS8", "Bristol", "117"), ("M20", "Manchester", "161"),
           ("LS6", "Leeds", "113"), ("EH9", "Edinburgh", "131")],
    "US": [("627", "Springfield", "IL", "217"), ("972", "Portland", "OR", "503"), ("787", "Austin", "TX", "512"),
           ("537", "Madison", "WI", "608"), ("122", "Albany", "NY", "518")],
}
COUNTRY_NAMES = {"DE": ("Deutschland", "Germany"), "AT": ("Österreich", "Austria"), "CH": ("Schweiz", "Switzerland"),
                 "UK": ("Großbritannien", "United Kingdom"), "US": ("USA", "USA")}
PRIVATE_DOMAINS = ["example.net", "example.org", "mail.example", "web.example", "post.example", "inbox.example"]
GENERIC_LOCALS = {"info", "service", "kontakt", "contact", "hello", "hallo", "office", "mail", "post", "team"}

COMPANIES = {
    "de": [("Nordlicht Logistik GmbH", "nordlicht-logistik.example"),
           ("Brennwert Haustechnik GmbH", "brennwert-haustechnik.example"),
           ("Elbufer Immobilien GmbH", "elbufer-immobilien.example"),
           ("Hainbuche Gartenbau GmbH", "hainbuche-gartenbau.example"),
           ("Kranich Kältetechnik Service GmbH", "kranich-kaelte.example"),
           ("Lindwurm Software AG", "lindwurm-software.example"),
           ("Silberdistel Hotelbetriebs GmbH", "silberdistel-hotel.example"),
           ("Kupferkessel Gastro Service KG", "kupferkessel-gastro.example"),
           ("Wiesental Backstube GmbH", "wiesental-backstube.example"),
           ("Sternwarte Medienagentur GmbH", "sternwarte-medien.example")],
    "en": [("Harbour & Finch Ltd", "harbourfinch.example"),
           ("Meadowlark Consulting Ltd", "meadowlark-consulting.example"),
           ("Copperfield Estates Ltd", "copperfield-estates.example"),
           ("Riverbend Logistics Inc.", "riverbend-logistics.example"),
           ("Tallgrass Media LLC", "tallgrass-media.example"),
           ("Kestrel Facility Service Ltd", "kestrel-facilities.example"),
           ("Northgate Print Works Ltd", "northgate-print.example"),
           ("Bluebell Catering Service LLC", "bluebell-catering.example")],
}
JOB_TITLES = {
    ("de", True): ["Leiterin Einkauf", "Teamleiterin Buchhaltung", "Office Managerin", "Objektverwalterin",
                   "Assistentin der Geschäftsleitung"],
    ("de", False): ["Leiter Einkauf", "Teamleiter Buchhaltung", "Office Manager", "Haustechniker", "Objektverwalter"],
    ("en", True): ["Office Manager", "Head of Facilities", "Procurement Lead", "Operations Director", "Accounts Assistant"],
    ("en", False): ["Office Manager", "Head of Facilities", "Procurement Lead", "Operations Director", "Facilities Coordinator"],
}

MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def weighted_sample(rng, pairs, count):
    """count different values, each drawn by weight."""
    pool, out = list(pairs), []
    for _ in range(min(count, len(pool))):
        value = weighted(rng, pool)
        out.append(value)
        pool = [pair for pair in pool if pair[0] != value]
    return out


def weighted(rng, pairs):
    total = sum(weight for _, weight in pairs)
    roll = rng.uniform(0, total)
    for value, weight in pairs:
        roll -= weight
        if roll <= 0:
            return value
    return pairs[-1][0]


def ascii_slug(text):
    """Lower-case ASCII letters and digits, umlauts spelled out: how names end up in addresses."""
    text = text.lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", text.replace(" ", ""))


def transliterate(name):
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
    return "".join(table.get(ch, ch) for ch in name)


def distinctive_parts(name):
    """The parts of a name that identify a person: no particles, no short pieces, no ordinary words."""
    parts = [p for p in re.split(r"[\s\-]+", name) if p]
    return [p for p in parts if p.lower() not in PARTICLES and len(p) >= 4 and p.lower() not in ORDINARY_NAME_WORDS]


class Phone:
    def __init__(self, country, area, subscriber, mobile):
        self.country, self.area, self.subscriber, self.mobile = country, area, subscriber, mobile


def pairs_with_tail(number):
    """'2634701' -> '26 34 70-1': the grouping German offices like to print."""
    even = len(number) - len(number) % 2
    text = " ".join(number[i:i + 2] for i in range(0, even, 2))
    return text + (f"-{number[-1]}" if len(number) % 2 else "")


def format_phone(rng, phone):
    c, a, s = phone.country, phone.area, phone.subscriber
    if c == "DE" and phone.mobile:
        styles = [f"0{a} {s}", f"+49 {a} {s}", f"0{a}/{s}", f"0{a}-{s[:3]} {s[3:5]} {s[5:]}",
                  f"+49 (0){a} {s}", f"+49 {a} {s[:2]} {s[2:4]} {s[4:]}"]
    elif c == "DE":
        styles = [f"+49 {a} {s}", f"+49.{a}.{s}", f"0{a}/{pairs_with_tail(s)}", f"(0{a}) {s}", f"0{a} {s}",
                  f"+49 (0){a} {s}", f"0{a}-{s}", f"+49 {a} {s[:-1]}-{s[-1]}", f"0{a} – {s}",
                  f"+49 {a} {s[:-2]}–{s[-2:]}", f"0049 {a} {s}", f"0{a} {s[:3]} {s[3:5]} {s[5:]}"]
    elif c == "AT" and phone.mobile:
        styles = [f"0{a} {s}", f"+43 {a} {s}", f"0{a}/{s[:3]} {s[3:5]} {s[5:]}", f"+43 (0){a} {s}"]
    elif c == "AT":
        styles = [f"+43 {a} {s[:3]} {s[3:]}", f"0{a} {s[:3]} {s[3:]}", f"+43 (0){a} {s}", f"0043 {a} {s}",
                  f"0{a}/{s}", f"+43 {a} {s[:-2]}–{s[-2:]}"]
    elif c == "CH":
        grouped = f"{s[:3]} {s[3:5]} {s[5:]}"
        styles = [f"+41 {a} {grouped}", f"0{a} {grouped}", f"+41 (0){a} {grouped}", f"0041 {a} {grouped}",
                  f"0{a}/{grouped}", f"+41 {a} {s[:3]}–{s[3:5]}–{s[5:]}"]
    elif c == "UK":
        joined = s.replace(" ", "")
        styles = [f"+44 {a} {s}", f"0{a} {s}", f"(0{a}) {s}", f"+44 (0){a} {s}", f"0{a}-{s.replace(' ', '-')}",
                  f"0{a} {joined}", f"+44 {a} {s.replace(' ', '–')}"]
    else:  # US: 555-01xx is the range kept for fiction
        line = s
        styles = [f"{a}-555-{line}", f"({a}) 555-{line}", f"+1 {a} 555 {line}", f"{a}.555.{line}",
                  f"+1 ({a}) 555-{line}", f"{a}–555–{line}", f"1-{a}-555-{line}"]
    return rng.choice(styles)


def make_phone(rng, country, area, mobile=False):
    if country == "DE":
        if mobile:
            return Phone(country, rng.choice(["151", "160", "170", "171", "176", "1520"]), digits(rng, 7, True), True)
        return Phone(country, area, digits(rng, rng.choice([6, 7, 7, 8]), True), False)
    if country == "AT":
        if mobile:
            return Phone(country, rng.choice(["664", "676", "699"]), digits(rng, 7, True), True)
        return Phone(country, area, digits(rng, 7 if area == "1" else 6, True), False)
    if country == "CH":
        if mobile:
            return Phone(country, rng.choice(["79", "78", "76"]), digits(rng, 7, True), True)
        return Phone(country, area, digits(rng, 7, True), False)
    if country == "UK":  # Ofcom's ranges for drama: 020 7946 0xxx, 0117 496 0xxx, 07700 900xxx, ...
        if mobile:
            return Phone(country, "7700", "900" + digits(rng, 3), True)
        if area == "20":
            return Phone(country, area, "7946 0" + digits(rng, 3), False)
        return Phone(country, area, "496 0" + digits(rng, 3), False)
    return Phone(country, area, "01" + digits(rng, 2), mobile)


class Address:
    def __init__(self, street, place, place_match, postcode, town, country):
        self.street, self.place, self.place_match = street, place, place_match
        self.postcode, self.town, self.country = postcode, town, country


def make_address(rng, country):
    street = rng.choice(STREETS[country])
    spot = rng.choice(PLACES[country])
    if country in ("DE", "AT", "CH"):
        number = str(rng.randint(1, 140)) + (rng.choice("abc") if rng.random() < 0.15 else "")
        if country == "AT" and rng.random() < 0.4:
            number += f"/{rng.randint(1, 12)}"
        postcode, town = spot[0], spot[1]
        prefix = {"DE": "", "AT": rng.choice(["", "A-"]), "CH": rng.choice(["", "CH-"])}[country]
        place = f"{prefix}{postcode} {town}"
        return Address(f"{street} {number}", place, place, postcode, town, country), spot[2]
    if country == "UK":
        inward = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        postcode, town = f"{spot[0]} {inward}", spot[1]
        return Address(f"{rng.randint(1, 96)} {street}", f"{town} {postcode}", postcode, postcode, town, country), spot[2]
    zip_code = spot[0] + digits(rng, 2)
    place = f"{spot[1]}, {spot[2]} {zip_code}"
    return Address(f"{rng.randint(12, 4980)} {street}", place, place, zip_code, spot[1], country), spot[3]


def customer_number(rng):
    return rng.choice([f"K-{rng.randint(100000, 999999)}", f"{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}",
                       f"V{rng.randint(2015, 2025)}-{rng.randint(1000, 9999)}", f"C-{rng.randint(10000, 99999)}",
                       f"KD {rng.randint(100000, 999999)}", f"{rng.randint(10, 99)}-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}"])


class Person:
    """A made-up person with everything a mail might reveal about them."""

    def __init__(self, rng, lang, given, surname, female, country):
        self.lang, self.given, self.surname, self.female, self.country = lang, given, surname, female, country
        self.ordinary_surname = surname.lower() in ORDINARY_NAME_WORDS
        self.ordinary_given = given.lower() in ORDINARY_NAME_WORDS
        self.translit = transliterate(surname)
        self.en_title = "Mr" if not female else rng.choice(["Mrs", "Ms"])
        self.address, area = make_address(rng, country)
        self.phone = make_phone(rng, country, area)
        self.mobile = make_phone(rng, country, area, mobile=True)
        self.email = personal_email(rng, given, surname)
        self.birth = dt.date(rng.randint(1944, 2003), rng.randint(1, 12), rng.randint(1, 28))
        self.customer = customer_number(rng)
        self.iban = make_iban(rng, country)
        self.card = make_card(rng)
        self.card_expiry = (rng.randint(1, 12), rng.randint(26, 31))
        self.card_cvc = str(rng.randint(100, 999))
        self.company = None          # (name, domain) for people writing from work
        self.company_address = None

    @property
    def word_sentences(self):
        """Sentences that use this person's name as an ordinary word, if it is one."""
        if self.ordinary_surname:
            return WORD_SURNAMES[self.lang].get(self.surname, [])
        if self.ordinary_given:
            return WORD_GIVEN[self.lang].get(self.given, (None, []))[1]
        return []

    def honorific(self, case="nom"):
        if self.lang == "en":
            return self.en_title
        if self.female:
            return "Frau"
        return "Herr" if case == "nom" else "Herrn"

    def naming(self, style):
        """(style actually used, text before the value, the value, the surname as written or None)."""
        g, s = self.given, self.surname
        if (self.ordinary_given or not distinctive_parts(g)) and style == "given":
            style = "full"  # a given name that is a word, or too short, identifies nobody alone
        if self.ordinary_surname and style == "surname":
            style = "honorific"
        honorific = self.honorific("gen" if style == "genitive" else "dat" if style == "honorific_dat" else "nom")
        forms = {
            "given": ("", g, None),
            "honorific": (honorific + " ", s, s),
            "honorific_dat": (honorific + " ", s, s),
            "honorific_full": (honorific + " ", f"{g} {s}", s),
            "dr": ("Dr. ", f"{g} {s}", s),
            "genitive": (honorific + " ", (s + "'" if s[-1] in "sßxz" else s + "s") if self.lang == "de" else s + "'s", s),
            "familie": ("Familie ", s, s) if self.lang == "de" else ("the ", f"{s} family", s),
            "initial": ("", f"{g[0]}. {s}", s),
            "surname": ("", s, s),
            "translit": ("", f"{g} {self.translit}", self.translit),
            "caps": ("", f"{g} {s.upper()}", s.upper()),
            "reversed": ("", f"{s}, {g}", s),
        }
        before, text, surname_written = forms.get(style, ("", f"{g} {s}", s))
        return style, before, text, surname_written

    def written(self, style):
        """(text before the value, the value as written, match strings) for one way of naming."""
        style, before, text, surname_written = self.naming(style)
        if surname_written is None:
            return before, text, distinctive_parts(text)
        has_given = style not in ("honorific", "honorific_dat", "genitive", "familie", "initial", "surname")
        given_parts = distinctive_parts(self.given) if has_given else []
        if self.ordinary_surname:
            # The surname is an ordinary word: only the longer form identifies the person, so the
            # honorific or "Familie" becomes part of the value, and a genitive ending is left off.
            if not has_given:
                text, before = before + text, ""
            base = text[:-2] if text.endswith("'s") else text.rstrip("'")
            if style == "genitive" and base.endswith(self.surname + "s"):
                base = base[:-1]
            return before, text, [base] + given_parts
        match = distinctive_parts(surname_written) or [surname_written]
        if not self.ordinary_given:
            match += given_parts
        return before, text, match

    def surname_in(self, value):
        for form in (self.surname, self.translit, self.surname.upper()):
            if form in value:
                return form
        return None


def personal_email(rng, given, surname, domain=None):
    g, s = ascii_slug(given), ascii_slug(surname)
    local = rng.choice([f"{g}.{s}", f"{g[0]}.{s}", f"{g}{s}", f"{s}.{g}", f"{g}.{s}{rng.randint(60, 99)}",
                        f"{g}_{s}", f"{g[0]}{s}{rng.randint(1, 9)}"])
    return f"{local}@{domain or rng.choice(PRIVATE_DOMAINS)}"


def email_match(address):
    local = address.split("@")[0]
    distinctive = len(local) >= 5 and local.lower() not in GENERIC_LOCALS
    return [address] + ([local] if distinctive else [])


def make_person(rng, lang, kind=None, female=None):
    kind = kind or weighted(rng, PERSON_KINDS[lang])
    if female is None:
        female = rng.random() < 0.5
    given = rng.choice(GIVEN[(lang, female)])
    surname = rng.choice(SURNAMES[lang])
    if kind == "umlaut":
        surname = rng.choice(UMLAUT_SURNAMES)
    elif kind == "particle":
        surname = rng.choice(PARTICLE_SURNAMES[lang])
    elif kind == "hyphen":
        surname = rng.choice(HYPHEN_SURNAMES[lang])
    elif kind == "ordinary_surname":
        surname = rng.choice(list(WORD_SURNAMES[lang]))
    elif kind == "ordinary_given":
        choices = [name for name, (is_female, _) in WORD_GIVEN[lang].items() if is_female == female]
        if choices:
            given = rng.choice(choices)
    country = weighted(rng, [("DE", 70), ("AT", 15), ("CH", 15)] if lang == "de" else [("UK", 55), ("US", 45)])
    return Person(rng, lang, given, surname, female, country)


# ---------------------------------------------------------------------------------------------
# The draft of one mail: collects items while text is written
# ---------------------------------------------------------------------------------------------

class Draft:
    def __init__(self, rng, lang, shape):
        self.rng, self.lang, self.shape = rng, lang, shape
        self.items, self._seen = [], set()
        self.place = "free_text"
        self.html_only = shape in ("html", "form_html")
        self.html_budget = rng.choice([0, 1, 2, 2, 3]) if self.html_only else 0
        self.topic = None
        self.product = None
        self.used = set()

    def pick(self, pool):
        """A random entry not used yet in this mail (a person rarely says the same thing twice)."""
        fresh = [entry for entry in pool if entry not in self.used] or list(pool)
        entry = self.rng.choice(fresh)
        self.used.add(entry)
        if isinstance(entry, str) and "{imei}" in entry:  # one sentence about the IMEI is enough
            self.used.update(other for other in pool if isinstance(other, str) and "{imei}" in other)
        return entry

    # -- recording ----------------------------------------------------------------------------

    def _add(self, cls, owner, kind, place, value, match):
        assert match and all(isinstance(m, str) and len(m.strip()) >= 2 for m in match), (kind, value, match)
        key = (cls, owner, kind, place, value, tuple(match))
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append({"class": cls, "owner": owner, "kind": kind, "placement": place,
                           "value": value, "match": list(match)})

    def personal(self, owner, kind, value, match=None, place=None):
        self._add("personal", owner, kind, place or self.place, value, match or [value])
        return P_OPEN + value + P_CLOSE

    def personal_html(self, owner, kind, source, value, match):
        self._add("personal", owner, kind, "html", value, match)
        return P_OPEN + H_OPEN + source + H_CLOSE + P_CLOSE

    def keep(self, cls, kind, value, match=None, place=None):
        self._add(cls, None, kind, place or self.place, value, match or [value])
        return value

    def html_device(self, chance=0.5):
        """Whether the next value is written with an HTML device (HTML-only bodies, a few per mail)."""
        if self.html_budget > 0 and self.place != "title" and self.rng.random() < chance:
            self.html_budget -= 1
            return True
        return False

    @property
    def wrap_ok(self):
        # Only in the sender's prose: in quotes the continuation line would get a "> " of its own.
        return self.place == "free_text"

    # -- personal values ----------------------------------------------------------------------

    def name(self, person, owner, style):
        before, value, match = person.written(style)
        if self.html_device():
            core = person.surname_in(value) or value
            source, shown = html_name_device(self.rng, value, core)
            return before + self.personal_html(owner, "name", source, shown, match)
        return before + self.personal(owner, "name", value, match)

    def phone(self, person, owner, mobile=False, number=None):
        value = format_phone(self.rng, number or (person.mobile if mobile else person.phone))
        if " " in value and self.html_device():
            return self.personal_html(owner, "phone", value.replace(" ", "&nbsp;"), value.replace(" ", "\u00a0"), [value])
        roll = self.rng.random()
        if " " in value and roll < 0.07 and self.place != "form_field":
            value = value.replace(" ", "\u00a0")   # copied from a web page or a PDF
        elif " " in value and roll < 0.17 and self.wrap_ok:
            spaces = [i for i, ch in enumerate(value) if ch == " "]
            cut = self.rng.choice(spaces)
            value = value[:cut] + "\n" + value[cut + 1:]  # the mail program wrapped the line
        return self.personal(owner, "phone", value)

    def email(self, person, owner, address=None, obfuscate=False):
        address = address or person.email
        local, domain = address.split("@")
        if obfuscate:
            host, _, tld = domain.rpartition(".")
            value = self.rng.choice([f"{local} (at) {domain}", f"{local}[at]{host}[dot]{tld}",
                                     f"{local} at {host} dot {tld}", f"{local}(at){domain}", f"{local} @ {domain}",
                                     f"{local} [at] {domain}"])
            local_match = [local] if len(local) >= 5 and local not in GENERIC_LOCALS else []
            return self.personal(owner, "email", value, [value] + local_match)
        if self.place != "form_field" and self.html_device():
            source = self.rng.choice([f"{local}&#64;{domain}", f"{local}&#x40;{domain}",
                                      f'<a href="mailto:{address}">{local}&#64;{domain}</a>'])
            return self.personal_html(owner, "email", source, address, email_match(address))
        return self.personal(owner, "email", address, email_match(address))

    def address(self, person, owner, layout="inline", country=False, which=None):
        a = which or person.address
        joiner = {"inline": ", ", "dot": " · ", "pipe": " | ", "lines": "\n"}[layout]
        value = f"{a.street}{joiner}{a.place}"
        if country:
            value += ("\n" if layout == "lines" else ", ") + COUNTRY_NAMES[a.country][0 if self.lang == "de" else 1]
        return self.personal(owner, "address", value, [a.street, a.place_match])

    def street(self, person, owner):
        return self.personal(owner, "address", person.address.street)

    def postcode(self, person, owner):
        return self.personal(owner, "postcode", person.address.postcode)

    def customer_number(self, person, owner):
        return self.personal(owner, "customer_number", person.customer)

    def iban(self, person, owner):
        return self.personal(owner, "iban", format_iban(self.rng, person.iban, self.wrap_ok))

    def url(self, person, owner, photos=False):
        """A link whose slug spells the person's name; the slug is what identifies them."""
        g, s = ascii_slug(person.given), ascii_slug(person.surname)
        tail = self.rng.choice([f"{g}-{s}-{self.rng.getrandbits(24):06x}", f"{g}-{s}", f"{s}-{g}-{self.rng.randint(2, 99)}"])
        if photos:
            value, slug = f"https://cloud.example.net/s/{tail}-{'fotos' if self.lang == 'de' else 'photos'}", tail
        else:
            value, slug = self.rng.choice([(f"https://www.linkedin.example/in/{tail}", tail),
                                           (f"https://www.xing.example/profile/{tail}", tail),
                                           (f"https://{s}-{g}.example/about", f"{s}-{g}.example")])
        return self.personal(owner, "url", value, [slug])

    def birth(self, person, owner):
        """(cue, marked value): the cue word decides the date's spelling, as people write it."""
        b = person.birth
        if self.lang == "de":
            cue, value = self.rng.choice([("geb.", f"{b.day:02d}.{b.month:02d}.{b.year % 100:02d}"),
                                          ("geb. am", f"{b.day:02d}.{b.month:02d}.{b.year}"),
                                          ("geboren am", f"{b.day}. {MONTHS_DE[b.month - 1]} {b.year}"),
                                          ("Geburtsdatum:", f"{b.year}-{b.month:02d}-{b.day:02d}"),
                                          ("Geburtsdatum", f"{b.day:02d}.{b.month:02d}.{b.year}")])
        else:
            cue, value = self.rng.choice([("born", f"{b.day} {MONTHS_EN[b.month - 1]} {b.year}"),
                                          ("DOB:", f"{b.month:02d}/{b.day:02d}/{b.year}"),
                                          ("date of birth", f"{b.year}-{b.month:02d}-{b.day:02d}"),
                                          ("born on", f"{MONTHS_EN[b.month - 1]} {b.day}, {b.year}"),
                                          ("D.O.B.", f"{b.day:02d}/{b.month:02d}/{b.year}")])
        return cue, self.personal(owner, "birth_date", value)


def html_name_device(rng, value, core):
    """HTML source that reads as value, with a soft hyphen or character references inside core."""
    start = value.find(core)
    head, tail = value[:start], value[start + len(core):]
    letters = [i for i, ch in enumerate(core) if ch.isalpha()]
    device = rng.choice(["shy", "shy", "shy_raw", "refs"])
    if device == "refs":
        named = {"ä": "&auml;", "ö": "&ouml;", "ü": "&uuml;", "ß": "&szlig;", "Ä": "&Auml;", "Ö": "&Ouml;",
                 "Ü": "&Uuml;", "é": "&eacute;"}
        if any(ch in named or ord(ch) > 127 for ch in core):
            source = "".join(named.get(ch) or (f"&#{ord(ch)};" if ord(ch) > 127 else ch) for ch in core)
        else:
            i = rng.choice(letters)
            source = core[:i] + rng.choice([f"&#{ord(core[i])};", f"&#x{ord(core[i]):x};"]) + core[i + 1:]
        return head + source + tail, value
    cut = max(2, min(len(core) - 2, len(core) // 2))
    shown = head + core[:cut] + "\u00ad" + core[cut:] + tail
    marker = "&shy;" if device == "shy" else "\u00ad"
    return head + core[:cut] + marker + core[cut:] + tail, shown


# ---------------------------------------------------------------------------------------------
# Topics, products and the facts that must survive
# ---------------------------------------------------------------------------------------------

STREETLIKE_PRODUCTS = {"Smart Ring 2", "Smart Ring 3", "Easy Way 4", "Broadway 55"}

TOPICS = [
    dict(key="tv", de=("der Fernseher", "einen Fernseher", "dem Fernseher", "den Fernseher"), en="TV", a_en="a TV",
         prices=(399, 2199),
         products=["Vistara 55 QX", "Vistara 43 QX", "Lumina 65 OLED 2", "Kontrast 50 UHD"],
         error=lambda rng: f"E-{rng.randint(1000, 4999)}",
         short=("Bild flackert", "picture flickers"),
         lines_de=["Das Bild flackert, sobald ich über HDMI eine Spielkonsole anschließe.",
                   "Das Gerät hat eine Diagonale von {measure:55 Zoll|65 Zoll|139 cm}, und genau in der Mitte ist ein heller Streifen zu sehen.",
                   "Über HDMI-ARC kommt kein Ton mehr an der Soundbar an.",
                   "Beim Start erscheint der Fehlercode {error}, dann startet der Fernseher neu.",
                   "Laut Hersteller hält das Panel {measure:20000 Stunden|30000 Stunden}, unseres hat nicht einmal ein Jahr geschafft.",
                   "Bei {measure:120 Hz|100 Hz} ruckelt das Bild deutlich."],
         lines_en=["The picture flickers as soon as I connect a games console via HDMI.",
                   "The screen measures {measure:55 inches|65 inches|139 cm}, and there is a bright stripe right in the middle.",
                   "There is no sound through HDMI ARC to the soundbar any more.",
                   "On start-up it shows error code {error} and then reboots.",
                   "The panel is rated for {measure:20,000 hours|30,000 hours}, and ours did not even last a year.",
                   "At {measure:120 Hz|100 Hz} the picture stutters badly."]),
    dict(key="washer", de=("die Waschmaschine", "eine Waschmaschine", "der Waschmaschine", "die Waschmaschine"),
         en="washing machine", a_en="a washing machine", prices=(449, 1299),
         products=["Waschwerk 8", "Aquanta WM 714", "Trommelstar 9 Eco"],
         error=lambda rng: f"F{rng.randint(10, 39)}",
         short=("läuft nicht ab", "does not drain"),
         lines_de=["Mitten im Programm bricht die Maschine ab und zeigt {error}.",
                   "Der {streetlike:Dichtungsring 40|Dichtungsring 38} an der Tür ist eingerissen, seitdem läuft Wasser aus.",
                   "Bei {measure:40 Grad|60 Grad|30 Grad} wird die Wäsche nicht mehr richtig warm.",
                   "Der Zulaufschlauch ist nur {measure:1,5 m|2,5 m} lang, das reicht bei uns nicht bis zum Wasserhahn.",
                   "Beim Schleudern mit {measure:1400 Umdrehungen|1200 Umdrehungen} wandert die Maschine durch den halben Raum.",
                   "Der {streetlike:Ring 3|Lagerring 3} der Trommel macht laute Schleifgeräusche.",
                   "Die Trommel fasst {measure:8 kg|9 kg}, aber schon bei halber Beladung bleibt sie stehen."],
         lines_en=["Halfway through a programme the machine stops and shows {error}.",
                   "I chose the {streetlike:Express Way 30|Quick Lane 15} programme and the machine stopped after ten minutes.",
                   "At {measure:40 degrees|60 degrees|30 degrees} the laundry no longer gets warm.",
                   "The inlet hose is only {measure:1.5 m|2.5 m} long, which does not reach our tap.",
                   "During the spin at {measure:1400 rpm|1200 rpm} the machine walks across the room.",
                   "The drum takes {measure:8 kg|9 kg}, but it stops even when half full."]),
    dict(key="router", de=("der Router", "einen Router", "dem Router", "den Router"), en="router", a_en="a router",
         prices=(89, 349),
         products=["Router X200", "Router X200 Pro", "Meshpunkt M3", "Netzknoten 7"],
         error=lambda rng: f"0x8007{rng.randrange(16 ** 4):04X}",
         short=("ständige Verbindungsabbrüche", "keeps dropping the connection"),
         lines_de=["Die Verbindung bricht mehrmals täglich ab, im Protokoll steht dann {error}.",
                   "Gebucht sind {measure:250 Mbit/s|100 Mbit/s}, gemessen werden selten mehr als {measure:40 Mbit/s|20 Mbit/s}.",
                   "Im Band mit {measure:5 GHz|2,4 GHz} sieht der Laptop das Netz gar nicht.",
                   "Beim Firmware-Update ist der Router bei 87 Prozent hängen geblieben.",
                   "Windows meldet beim Verbinden den Fehlercode {error}.",
                   "Schon in {measure:8 Metern|10 Metern} Entfernung bricht das WLAN zusammen."],
         lines_en=["The connection drops several times a day, and the log then shows {error}.",
                   "We pay for {measure:250 Mbit/s|100 Mbit/s} but rarely measure more than {measure:40 Mbit/s|20 Mbit/s}.",
                   "On the {measure:5 GHz|2.4 GHz} band the laptop does not see the network at all.",
                   "The firmware update got stuck at 87 percent.",
                   "Windows reports error code {error} when connecting.",
                   "Only {measure:8 metres|10 metres} away the Wi-Fi falls apart."]),
    dict(key="phone", de=("das Smartphone", "ein Smartphone", "dem Smartphone", "das Smartphone"), en="phone",
         a_en="a phone", prices=(199, 1199),
         products=["Nova 12 Pro", "Nova 11 Lite", "Pulse 9"],
         error=lambda rng: f"E:{rng.randint(10, 99)}-{rng.randint(10, 99)}",
         short=("Akku hält nicht", "battery drains fast"),
         lines_de=["Der Akku hält nur noch {measure:4 Stunden|3 Stunden|5 Stunden}, obwohl ein ganzer Tag versprochen wurde.",
                   "Die IMEI laut Einstellungen: {imei}.",
                   "Laut Rechnung hat das Gerät die IMEI {imei}.",
                   "Im Display ist ab Werk ein Pixelfehler in der oberen Ecke.",
                   "Beim Laden wird das Gerät sehr heiß und zeigt {error}.",
                   "Der Akku mit {measure:5000 mAh|4500 mAh} ist nach zehn Monaten schon aufgebläht.",
                   "Für die Reparatur: IMEI {imei}."],
         lines_en=["The battery only lasts {measure:4 hours|3 hours|5 hours}, although a full day was promised.",
                   "The IMEI shown in the settings is {imei}.",
                   "According to the invoice its IMEI is {imei}.",
                   "There has been a dead pixel in the top corner since day one.",
                   "When charging, the phone gets very hot and shows {error}.",
                   "The {measure:5000 mAh|4500 mAh} battery is already swollen after ten months.",
                   "For the repair: IMEI {imei}."]),
    dict(key="ring", de=("der Ring", "einen Ring", "dem Ring", "den"), en="smart ring", a_en="a smart ring",
         prices=(199, 399),
         products=["Smart Ring 2", "Smart Ring 3"],
         error=lambda rng: f"ERR-{rng.randint(100, 999)}",
         short=("lädt nicht mehr", "no longer charges"),
         lines_de=["Der Ring lädt nur noch, wenn ich ihn schräg in die Schale lege.",
                   "Die Akkulaufzeit liegt bei {measure:18 Stunden|20 Stunden} statt der versprochenen {measure:5 Tage|7 Tage}.",
                   "Ich trage den Ring in {measure:Größe 9|Größe 11}, er sitzt trotzdem zu locker.",
                   "Die App zeigt beim Koppeln den Fehlercode {error}."],
         lines_en=["The ring only charges if I put it into the dock at an angle.",
                   "Battery life is {measure:18 hours|20 hours} instead of the promised {measure:5 days|7 days}.",
                   "I wear the ring in {measure:size 9|size 11}, and it is still too loose.",
                   "The app shows error code {error} when pairing."]),
    dict(key="fridge", de=("der Kühlschrank", "einen Kühlschrank", "dem Kühlschrank", "den Kühlschrank"), en="fridge",
         a_en="a fridge", prices=(499, 1799),
         products=["Kühlwerk 260", "Frostline 180 NoFrost"],
         error=lambda rng: f"E-{rng.randint(10, 49)}",
         short=("kühlt nicht mehr", "not cooling"),
         lines_de=["Der Kühlschrank erreicht nur noch {measure:12 Grad|10 Grad} statt {measure:5 Grad|4 Grad}.",
                   "Das Gefrierfach mit {measure:80 Litern|60 Litern} vereist innerhalb weniger Tage.",
                   "Im Display blinkt {error}, und der Kompressor läuft ununterbrochen.",
                   "Mit {measure:42 dB|45 dB} sollte er flüsterleise sein, tatsächlich brummt er die ganze Nacht."],
         lines_en=["The fridge only gets down to {measure:12 degrees|10 degrees} instead of {measure:5 degrees|4 degrees}.",
                   "The {measure:80 litre|60 litre} freezer ices up within a few days.",
                   "The display flashes {error} and the compressor runs non-stop.",
                   "At {measure:42 dB|45 dB} it should be whisper quiet, but it hums all night."]),
    dict(key="vacuum", de=("der Saugroboter", "einen Saugroboter", "dem Saugroboter", "den Saugroboter"),
         en="robot vacuum", a_en="a robot vacuum", prices=(199, 799), products=["Saugroboter R7", "Easy Way 4"],
         error=lambda rng: f"C{rng.randint(100, 299)}",
         short=("findet die Ladestation nicht", "cannot find its dock"),
         lines_de=["Der Saugroboter findet nach {measure:20 Minuten|30 Minuten} die Ladestation nicht mehr.",
                   "Seit dem Update meldet die App {error}.",
                   "Die Bürste dreht sich nicht, obwohl nichts darin festhängt.",
                   "Die Saugkraft von {measure:2700 Pa|3000 Pa} merkt man auf dem Teppich überhaupt nicht."],
         lines_en=["After {measure:20 minutes|30 minutes} the robot can no longer find its dock.",
                   "Since the update the app reports {error}.",
                   "The brush does not turn even though nothing is caught in it.",
                   "The {measure:2700 Pa|3000 Pa} suction is not noticeable on carpet at all."]),
    dict(key="soundbar", de=("die Soundbar", "eine Soundbar", "der Soundbar", "die Soundbar"), en="soundbar",
         a_en="a soundbar", prices=(149, 899),
         products=["Klangwerk 500", "Broadway 55"],
         error=lambda rng: f"E-{rng.randint(100, 999)}",
         short=("kein Ton", "no sound"),
         lines_de=["Der Subwoofer brummt schon bei geringer Lautstärke.",
                   "Die Soundbar mit {measure:300 W|400 W} schaltet ständig zwischen den Eingängen um.",
                   "Nach etwa einer Stunde erscheint {error} im Display, dann ist der Ton weg.",
                   "Die Fernbedienung funktioniert nur noch aus {measure:50 cm|30 cm} Entfernung."],
         lines_en=["The subwoofer hums even at low volume.",
                   "The {measure:300 W|400 W} soundbar keeps switching between inputs.",
                   "After about an hour {error} appears on the display and the sound cuts out.",
                   "The remote only works from {measure:50 cm|30 cm} away."]),
    dict(key="lamp", de=("das LED-Panel", "ein LED-Panel", "dem LED-Panel", "das LED-Panel"), en="LED panel",
         a_en="an LED panel", prices=(39, 149),
         products=["LED-Panel 60", "Lichtleiste L120"],
         error=lambda rng: f"LED-{rng.randint(10, 99)}",
         short=("flackert", "flickers"),
         lines_de=["Angegeben sind {measure:20000 Stunden|25000 Stunden} Lebensdauer, nach einem halben Jahr flackert es aber.",
                   "Das Licht ist deutlich kälter als die angegebenen {measure:3000 K|4000 K}.",
                   "Mit {measure:36 W|24 W} wird das Panel so heiß, dass man es kaum anfassen kann.",
                   "Zwei der vier Ecken bleiben dunkel."],
         lines_en=["It is rated for {measure:20,000 hours|25,000 hours}, but it started flickering after six months.",
                   "The light is much colder than the stated {measure:3000 K|4000 K}.",
                   "At {measure:36 W|24 W} the panel gets so hot you can hardly touch it.",
                   "Two of the four corners stay dark."]),
    dict(key="tablet", de=("das Tablet", "ein Tablet", "dem Tablet", "das Tablet"), en="tablet", a_en="a tablet",
         prices=(249, 999), products=["Tab 11 Pro LTE", "Tab S8 LTE"],
         error=lambda rng: f"ERR {rng.randint(1000, 1999)}",
         short=("keine mobilen Daten", "no mobile data"),
         lines_de=["Die SIM-Karte wird erkannt, mobile Daten gehen aber nicht; die IMEI laut Einstellungen: {imei}.",
                   "Auf der Verpackung steht die IMEI {imei}, im Menü wird eine andere angezeigt.",
                   "Beim Aufladen mit {measure:20 W|45 W} erscheint {error} und das Laden stoppt.",
                   "Der Bildschirm mit {measure:11 Zoll|12,4 Zoll} reagiert am unteren Rand nicht auf Berührungen."],
         lines_en=["The SIM card is recognised but mobile data does not work; the IMEI in the settings is {imei}.",
                   "The box says IMEI {imei}, but the menu shows a different one.",
                   "When charging at {measure:20 W|45 W} it shows {error} and stops charging.",
                   "The {measure:11 inch|12.4 inch} screen does not respond to touch along the bottom edge."]),
]

PURCHASE = {
    "de": ["Ich habe am {date} bei Ihnen {acc} gekauft, Modell {product}.",
           "Vor ein paar Wochen habe ich in Ihrem Onlineshop {acc} bestellt ({product}, {price}).",
           "Am {date} habe ich in Ihrer Filiale {the_product} gekauft.",
           "Seit dem {date} besitze ich {acc} vom Typ {product}.",
           "Ich habe {the_product} für {price} bei Ihnen gekauft, die Bestellnummer ist {order}.",
           "{Nom} ({product}) wurde am {date} geliefert und ist seitdem im Einsatz.",
           "Es geht um {the_product}, gekauft am {date}."],
    "en": ["I bought {a_en} from you on {date}, model {product}.",
           "A few weeks ago I ordered the {product} from your online shop ({price}).",
           "I purchased the {product} in your store on {date}.",
           "We have owned the {product} since {date}.",
           "My order {order} contained the {product}, which cost {price}.",
           "The {product} was delivered on {date} and has been in use since.",
           "This is about the {product} I bought on {date}."],
}
PROBLEM = {
    "de": ["Seit ein paar Tagen zeigt {nom} immer wieder den Fehlercode {error} an.",
           "Im Display erscheint die Meldung {error}, danach reagiert das Gerät nicht mehr.",
           "Auf dem Typenschild steht Modell {model}, Seriennummer: {serial}.",
           "Die Seriennummer lautet {serial}.",
           "Laut Aufkleber auf der Rückseite: SN {serial}.",
           "Es handelt sich um das Modell {model}."],
    "en": ["For a few days now the {en} has kept showing error code {error}.",
           "The display shows {error} and then stops responding.",
           "The rating plate says model {model}, serial number {serial}.",
           "The serial number is {serial}.",
           "According to the sticker on the back: SN {serial}.",
           "It is model {model}."],
}
FILLER = {
    "de": ["Ich habe das Gerät schon auf Werkseinstellungen zurückgesetzt, leider ohne Erfolg.",
           "Der Fehler tritt jetzt schon zum dritten Mal auf.",
           "Die Anleitung hilft an dieser Stelle leider nicht weiter.",
           "Alle Kabel habe ich bereits getauscht."],
    "en": ["I have already reset it to factory settings, without success.",
           "This is the third time the fault has appeared.",
           "The manual is no help at this point.",
           "I have already swapped all the cables."],
}
BUSINESS = {
    "de": ["Laut Sendungsverfolgung wurde das Paket am {when} zugestellt, angekommen ist aber nichts.",
           "Die Bestellung {order} sollte eigentlich bis zum {when} geliefert werden.",
           "Für den Versand wurden {shipping} berechnet, obwohl im Shop kostenloser Versand stand.",
           "Die Sendungsnummer lautet {tracking}, der Status hängt seit Tagen bei „in Zustellung“.",
           "Auf der Rechnung {invoice} sind {price} ausgewiesen, abgebucht wurde aber mehr.",
           "Die Gutschrift über {price} ist bis heute nicht eingegangen.",
           "Der Betrag wurde doppelt abgebucht, einmal am {when} und noch einmal drei Tage später.",
           "Zur Rechnung {invoice} habe ich eine Frage: Die Position Versand taucht zweimal auf.",
           "Gekauft habe ich das Gerät am {date}, die Garantie müsste also noch laufen.",
           "Im Garantieschein ist als Kaufpreis {price} eingetragen.",
           "Die Vorgangsnummer aus Ihrem letzten Schreiben ist {case}."],
    "en": ["Tracking says the parcel was delivered on {when}, but nothing arrived.",
           "Order {order} should have been delivered by {when}.",
           "I was charged {shipping} for shipping although the shop said delivery was free.",
           "The tracking number is {tracking}, and the status has been stuck on 'out for delivery' for days.",
           "Invoice {invoice} shows {price}, but more was taken from my account.",
           "The credit note for {price} has still not arrived.",
           "The amount was charged twice, once on {when} and again three days later.",
           "I have a question about invoice {invoice}: shipping is listed twice.",
           "I bought it on {date}, so the warranty should still apply.",
           "The warranty card lists the purchase price as {price}.",
           "The case number from your last email is {case}."],
}
ASK = {
    "de": ["Bitte teilen Sie mir mit, wie es jetzt weitergeht.",
           "Können Sie einen Techniker schicken, oder soll ich das Gerät einsenden?",
           "Ich bitte um Reparatur oder Austausch.",
           "Über eine kurze Rückmeldung würde ich mich freuen.",
           "Vielen Dank im Voraus für Ihre Hilfe!",
           "Was schlagen Sie vor?"],
    "en": ["Please let me know how to proceed.",
           "Can you send an engineer, or should I post the device to you?",
           "I would like it repaired or replaced.",
           "A short reply would be much appreciated.",
           "Thank you in advance for your help!",
           "What do you suggest?"],
}
STREETLIKE_LINES = {  # accessories and furniture named like streets
    "de": ["Das Gerät steht auf dem Unterschrank {streetlike:Eichenweg 3|Lindenallee 2} aus Ihrem Sortiment, daran kann es also nicht liegen.",
           "Als Zubehör habe ich den {streetlike:Adapterring 12|Haltering 8} dazugekauft, der hat aber nichts geändert.",
           "Das Ersatzteil {streetlike:Stützring 20|Klemmring 14} aus Ihrem Shop passt leider nicht."],
    "en": ["It stands on the {streetlike:Oak Lane 2|Elm Drive 3} cabinet from your shop, so that is not the problem.",
           "I also bought the {streetlike:Easy Way 4|Fast Lane 2} accessory kit, which did not help.",
           "The {streetlike:Skyline Drive 2|Harbour Drive 500} adapter from your shop did not change anything."],
}
DATELIKE_LINES = {
    "de": ["Laut Protokoll lief das letzte Update am {datelike}.",
           "Der Lieferschein ist auf den {datelike} datiert.",
           "Der Fehler tritt seit dem {datelike} auf."],
    "en": ["According to the log, the last update ran on {datelike}.",
           "The delivery note is dated {datelike}.",
           "The fault has been there since {datelike}."],
}
SERIALLIKE_LINES = {
    "de": ["Die Teilenummer des defekten Moduls ist {seriallike}.",
           "Auf dem Karton steht die Chargennummer {seriallike}.",
           "Auf dem zweiten Aufkleber steht SN {seriallike}."],
    "en": ["The part number of the faulty module is {seriallike}.",
           "The box shows batch number {seriallike}.",
           "The second sticker says SN {seriallike}."],
}
HEADERLIKE = {  # lines that start like reply headers; what follows is the sender's own text
    "de": ["Am {weekday} schrieb ich Ihnen bereits:", "Am {weekday} schrieb mir Ihr Kollege im Chat:",
           "Am {day}. {month} schrieb ich Ihnen schon einmal:", "Von: meiner Seite ist alles korrekt angeschlossen."],
    "en": ["On {weekday} I wrote to you:", "On {weekday} your colleague wrote in the chat:",
           "On {day} {month} I already wrote:", "From: my end, everything is plugged in correctly."],
}
PS_LINES = {  # each with a value that occurs nowhere else in the mail
    "de": [("P.S. Die Seriennummer des Netzteils lautet {v}.", "serial"), ("PS: Eben kam zusätzlich der Fehlercode {v}.", "error"),
           ("P.S.: Das Ersatzkabel habe ich für {v} nachgekauft.", "price"), ("P.S. Der Techniker war am {v} schon einmal da.", "date"),
           ("PS: Auf dem Netzteil steht das Modell {v}.", "model")],
    "en": [("P.S. The serial number of the power supply is {v}.", "serial"), ("PS: just now it also showed error code {v}.", "error"),
           ("P.S. I bought a replacement cable for {v}.", "price"), ("P.S. The engineer already came once on {v}.", "date"),
           ("PS: the power supply says model {v}.", "model")],
}
GREETINGS = {
    "de": ["Sehr geehrte Damen und Herren,", "Guten Tag,", "Hallo,", "Liebes Service-Team,", "Guten Morgen,", "Moin,"],
    "en": ["Dear Sir or Madam,", "Hello,", "Hi,", "Dear support team,", "Good morning,", "Hi there,"],
}
CLOSINGS = {
    "de": ["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße", "Freundliche Grüße", "MfG", "Gruß",
           "Herzliche Grüße", "LG"],
    "en": ["Kind regards", "Best regards", "Best wishes", "Many thanks", "Thanks", "Cheers", "Regards",
           "Yours faithfully"],
}


def serial_number(rng):
    hexish = "0123456789ABCDEF"
    return rng.choice(["-".join("".join(rng.choice(hexish) for _ in range(4)) for _ in range(3)),
                       f"{digits(rng, 4)}{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}{digits(rng, 4)}",
                       "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))])


def model_code(rng):
    up = "ABCDEFGHKLMNPRSTVWX"
    return rng.choice([f"{rng.choice(up)}{rng.choice(up)}-{rng.randint(100, 999)}{rng.choice(up)}",
                       f"{rng.choice(up)}{rng.choice(up)} {rng.randint(100, 999)}-{rng.randint(1, 9)}",
                       f"{rng.choice(up)}{rng.randint(100, 999)}-{rng.choice(['EU', 'DE', 'UK', 'US'])}"])


def price_text(d, low, high):
    """(price as written, the number a scorer looks for)."""
    rng = d.rng
    amount = rng.randint(low, high)
    cents = rng.choice([0, 0, 90, 95, 99, 49])
    country = d.sender.country if getattr(d, "sender", None) else "DE"
    if d.lang == "de" or country in ("DE", "AT"):
        number = f"{amount:,}".replace(",", ".") + f",{cents:02d}"
        return rng.choice([f"{number} €", f"{number} Euro", f"EUR {number}", f"{number} €"]), number
    if country == "CH":
        number = f"{amount:,}".replace(",", "'") + f".{cents:02d}"
        return f"CHF {number}", number
    number = f"{amount:,}.{cents:02d}"
    symbol = "£" if country == "UK" else "$"
    return rng.choice([f"{symbol}{number}", f"{symbol}{number}", f"€{number}"]), number


def purchase_date(d):
    rng = d.rng
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2024, 2025])
    if d.lang == "de":
        return rng.choice([f"{day:02d}.{month:02d}.{year}", f"{day}. {MONTHS_DE[month - 1]} {year}",
                           f"{day}.{month}.{year}", f"{day}. {MONTHS_DE[month - 1]}"])
    return rng.choice([f"{day} {MONTHS_EN[month - 1]} {year}", f"{MONTHS_EN[month - 1]} {day}, {year}",
                       f"{day} {MONTHS_EN[month - 1]}"])


def phone_like_date(rng):
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2024, 2025])
    return rng.choice([f"{day:02d}/{month:02d}/{year}", f"{year}-{month:02d}-{day:02d}", f"{month:02d}/{day:02d}/{year}"])


def phone_like_serial(rng):
    return rng.choice([f"{digits(rng, 4)}-{digits(rng, 4)}-{digits(rng, 2)}", f"0{digits(rng, 2)}/{digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)}",
                       f"0{digits(rng, 3)} {digits(rng, 3)} {digits(rng, 3)}", f"{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 4)}"])


def order_number(rng):
    return rng.choice([f"EB-{rng.randint(2024, 2026)}-{digits(rng, 6)}", f"{rng.randint(2024, 2026)}-ORD-{digits(rng, 4)}",
                       f"#{rng.randint(100000, 999999)}", f"A{digits(rng, 8)}"])


def fact_slot(cls, kind, make):
    def slot(d, options):
        value = make(d)
        if isinstance(value, tuple):
            return d.keep(cls, kind, value[0], [value[1]])
        return d.keep(cls, kind, value)
    return slot


def product_slot(d, options):
    name = d.rng.choice(options) if options else d.product
    if name in STREETLIKE_PRODUCTS:
        return d.keep("lookalike", "product_like_street", name)
    return d.keep("fact", "product", name)


def choice_slot(cls, kind):
    def slot(d, options):
        return d.keep(cls, kind, d.rng.choice(options))
    return slot


def the_product(d):
    """'den Fernseher Vistara 55 QX', but 'den Router X200' where the name starts with the noun."""
    article, _, noun = d.topic["de"][3].partition(" ")
    named = product_slot(d, None)
    if d.lang == "en":
        return f"the {named}"
    if not noun or d.product.startswith(noun):
        return f"{article} {named}"
    return f"{article} {noun} {named}"


def noun_slot(index, capital=False):
    def slot(d, options):
        if d.lang == "en":
            return d.topic["en"]
        word = d.topic["de"][index]
        return word[0].upper() + word[1:] if capital else word
    return slot


SLOTS = {
    "nom": noun_slot(0), "Nom": noun_slot(0, True), "acc": noun_slot(1), "dat": noun_slot(2), "defacc": noun_slot(3),
    "en": noun_slot(0),
    "product": product_slot,
    "measure": choice_slot("fact", "measurement"),
    "streetlike": choice_slot("lookalike", "product_like_street"),
    "a_en": lambda d, options: d.topic["a_en"],
    "the_product": lambda d, options: the_product(d),
    # One device per mail: its error code, serial, model, IMEI, price, purchase date and order stay the same.
    "error": fact_slot("fact", "error_code", lambda d: d.facts["error"]),
    "serial": fact_slot("fact", "serial", lambda d: d.facts["serial"]),
    "model": fact_slot("fact", "model", lambda d: d.facts["model"]),
    "imei": fact_slot("fact", "imei", lambda d: d.facts["imei"]),
    "price": fact_slot("fact", "price", lambda d: d.facts["price"]),
    "date": fact_slot("fact", "date", lambda d: d.facts["date"]),
    "order": fact_slot("fact", "order_reference", lambda d: d.facts["order"]),
    "when": fact_slot("fact", "date", purchase_date),
    "shipping": fact_slot("fact", "price", lambda d: price_text(d, 4, 59)),
    "invoice": fact_slot("fact", "order_reference", lambda d: d.rng.choice(["RE", "INV", "R"]) + f"-{d.rng.randint(2024, 2026)}-{digits(d.rng, 5)}"),
    "tracking": fact_slot("fact", "order_reference", lambda d: d.rng.choice(["JJD", "1Z", "00340"]) + digits(d.rng, 12)),
    "case": fact_slot("fact", "order_reference", lambda d: d.rng.choice(["CS", "RMA", "VG"]) + f"-{digits(d.rng, 5, True)}"),
    "datelike": fact_slot("lookalike", "date_like_phone", lambda d: phone_like_date(d.rng)),
    "seriallike": fact_slot("lookalike", "serial_like_phone", lambda d: phone_like_serial(d.rng)),
}
_SLOT = re.compile(r"\{(\w+)(?::([^{}]*))?\}")


def fill(d, template, **values):
    """Fills {slot} and {slot:one|two} in a template; named values first, then fact and look-alike slots."""
    def replace(m):
        name, options = m.group(1), m.group(2)
        if name in values:
            return values[name]
        return SLOTS[name](d, options.split("|") if options else None)
    return _SLOT.sub(replace, template)


# ---------------------------------------------------------------------------------------------
# Sentences with personal values
# ---------------------------------------------------------------------------------------------

OWN = {
    "phone": {"de": ["Sie erreichen mich tagsüber unter {v}.", "Für Rückfragen bin ich unter {v} erreichbar.",
                     "Bitte rufen Sie mich zurück, am besten unter {v}.", "Meine Handynummer hat sich geändert, neu ist die {v}.",
                     "Der Techniker kann sich gern vorher melden: {v}", "Abends ab 18 Uhr bin ich unter {v} zu erreichen."],
              "en": ["You can reach me during the day on {v}.", "Please call me back on {v}.",
                     "My mobile number is {v}, texts are fine too.", "The engineer is welcome to ring me beforehand on {v}.",
                     "I am usually available after 6 pm at {v}.", "The quickest way to reach me is by phone: {v}"]},
    "email": {"de": ["Bitte antworten Sie an meine private Adresse {v}, die andere lese ich selten.",
                     "Sie können mir auch an {v} schreiben.", "Unterlagen bitte per Mail an {v}."],
              "en": ["Please reply to my private address {v}; I rarely check the other one.",
                     "You can also write to me at {v}.", "Documents are best sent to {v}."]},
    "email_obf": {"de": ["Meine Mailadresse, falls die Antwort nicht ankommt: {v}", "Schreiben Sie mir gern an {v}."],
                  "en": ["My address, in case your reply bounces: {v}", "Feel free to write to {v}."]},
    "address": {"de": ["Bitte schicken Sie das Ersatzteil an {v}.", "Die Lieferadresse lautet {v}.",
                       "Abholen können Sie das Gerät bei mir zu Hause: {v}."],
                "en": ["Please send the replacement part to {v}.", "The delivery address is {v}.",
                       "You can collect the device from my home: {v}."]},
    "postcode": {"de": ["Kommt Ihr Techniker auch in den PLZ-Bereich {v}?", "Liefern Sie Großgeräte auch in die Postleitzahl {v}?"],
                 "en": ["Do your engineers cover the area around {v}?", "Do you deliver large items to {v}?"]},
    "birth": {"de": ["Zur Identifikation: {cue} {v}.", "Der Vertrag läuft auf mich, {cue} {v}.",
                     "Falls es mehrere Kunden mit meinem Namen gibt: {cue} {v}."],
              "en": ["For identification: {cue} {v}.", "The contract is in my name ({cue} {v}).",
                     "In case there is more than one customer with my name: {cue} {v}."]},
    "customer": {"de": ["Meine Kundennummer lautet {v}.", "Kd.-Nr. {v}", "Unter der Kundennummer {v} sollten Sie alles finden.",
                        "Die Vertragsnummer ist {v}.", "Kundennr.: {v}", "Vertragskonto {v}, falls das hilft.",
                        "Meine Mitgliedsnummer ist {v}."],
                 "en": ["My customer no. is {v}.", "Customer number: {v}", "Account number {v}, in case you need it.",
                        "The contract number is {v}.", "You should find everything under customer number {v}.",
                        "Membership no. {v}"]},
    "iban": {"de": ["Bitte überweisen Sie den Betrag auf mein Konto: IBAN {v}.", "Meine Bankverbindung für die Erstattung: {v}",
                    "Die Gutschrift bitte an IBAN {v}, Kontoinhaber bin ich selbst."],
             "en": ["Please refund the amount to my account, IBAN {v}.", "My bank details for the refund: {v}",
                    "Please pay the credit note into IBAN {v}; the account is in my name."]},
    "url": {"de": ["Fotos vom Schaden habe ich hier hochgeladen: {v}", "Mehr über mich und meine Firma finden Sie unter {v}."],
            "en": ["I have uploaded photos of the damage here: {v}", "You can find more about me at {v}."]},
}
CARD_LINES = {
    "de": [("Bezahlt habe ich mit meiner Kreditkarte {card}, gültig bis {exp}, Prüfziffer {cvc}.", "Prüfziffer"),
           ("Die Abbuchung lief über die Karte {card} (Ablauf {exp}, CVC {cvc}).", "CVC"),
           ("Falls Sie die Zahlung zuordnen müssen: Karte {card}, gültig bis {exp}, Sicherheitscode {cvc}.", "Sicherheitscode")],
    "en": [("I paid by credit card {card}, expiry {exp}, CVC {cvc}.", "CVC"),
           ("The charge went to card {card} (exp. {exp}, security code {cvc}).", "security code"),
           ("In case you need to match the payment: card number {card}, valid until {exp}, CVV {cvc}.", "CVV")],
}
NAME_LINES = {  # the sender naming themselves
    "de": [("Mein Name ist {a}.", "full"), ("Die Lieferung war an {a} adressiert.", "familie"),
           ("Am Klingelschild steht nur {a}, falls der Fahrer sucht.", "surname"),
           ("Auf der Rechnung steht mein Name falsch, nämlich {a}.", "initial"),
           ("Bitte vermerken Sie auf dem Paket „für {a}“.", "honorific"),
           ("Das Kundenkonto läuft auf {a}.", "caps")],
    "en": [("My name is {a}.", "full"), ("The parcel was addressed to {a}.", "honorific"),
           ("The doorbell only says {a}, in case the driver is looking.", "surname"),
           ("The invoice has my name wrong, it says {a}.", "initial"),
           ("The account is in the name of {a}.", "caps"),
           ("Please mark the box for {a}.", "familie")],
}
OTHER_LINES = {  # (role group, female?, template, name style); one person per group and mail
    "de": [("family", True, "Meine Frau, {a}, hat das Gerät angeschlossen und kann Ihnen mehr dazu sagen.", "full"),
           ("family", False, "Mein Mann, {a}, ist tagsüber zu Hause und kann den Techniker hereinlassen.", "full"),
           ("family", True, "Ich schreibe im Auftrag meiner Mutter, {a}, die selbst kein E-Mail-Konto hat.", "full"),
           ("family", False, "Ich kümmere mich um {a} Bestellung, weil mein Vater selbst keine E-Mail hat.", "genitive"),
           ("work", False, "Mein Kollege {a} hat die Bestellung damals aufgegeben.", "full"),
           ("work", True, "Meine Kollegin {a} hat das Paket angenommen.", "full"),
           ("work", False, "{a} aus unserem Büro hat das Gerät ausgesucht.", "dr_herr"),
           ("work", False, "Bei Fragen zum Zugang wenden Sie sich bitte an unseren Hausmeister, {a}.", "honorific_dat"),
           ("work", True, "Ansprechpartnerin vor Ort ist {a}.", "full"),
           ("service", False, "Der Monteur, {a}, meinte, das Teil sei ab Werk defekt.", "full"),
           ("service", True, "Ihre Mitarbeiterin, {a}, hat mir am Telefon einen Rückruf versprochen.", "honorific"),
           ("service", False, "Ihr Techniker {a} war am Dienstag da, konnte den Fehler aber nicht finden.", "full"),
           ("neighbour", False, "Unser Nachbar {a} hat das Paket für uns angenommen.", "full"),
           ("neighbour", True, "Unsere Nachbarin, {a}, hat einen Schlüssel und kann öffnen.", "honorific")],
    "en": [("family", True, "My wife {a} set the device up and can tell you more.", "full"),
           ("family", False, "My husband {a} is at home during the day and can let the engineer in.", "full"),
           ("family", False, "I am writing on behalf of my father, {a}, who does not use email.", "full"),
           ("family", False, "I am dealing with {a} order because my father does not use email himself.", "genitive"),
           ("work", False, "Our technician {a} had a look and thinks the board is faulty.", "full"),
           ("work", True, "Please contact our office manager, {a}, about access to the building.", "full"),
           ("work", True, "My colleague {a} placed the order at the time.", "full"),
           ("service", True, "{a} from your hotline promised me a call back.", "honorific_full"),
           ("service", False, "The courier, a {a}, left the parcel with a neighbour.", "honorific"),
           ("service", False, "Your engineer {a} came on Tuesday but could not find the fault.", "full"),
           ("neighbour", True, "My neighbour {a} took the parcel in for me.", "full"),
           ("neighbour", False, "Our neighbour, {a}, has a key and can let you in.", "honorific")],
}
OTHER_CONTACT = {
    "de": {True: ["Sie erreichen sie unter {p}.", "Ihre Mailadresse ist {e}.", "Ihre Handynummer: {p}"],
           False: ["Sie erreichen ihn unter {p}.", "Seine Mailadresse ist {e}.", "Seine Handynummer: {p}"]},
    "en": {True: ["You can reach her on {p}.", "Her email address is {e}.", "Her mobile: {p}"],
           False: ["You can reach him on {p}.", "His email address is {e}.", "His mobile: {p}"]},
}


def own_sentence(d, sender, kind):
    rng, lang = d.rng, d.lang
    if kind == "phone":
        template = d.pick(OWN["phone"][lang])
        mobile = "Handy" in template or "mobile" in template or rng.random() < 0.4
        return fill(d, template, v=d.phone(sender, "sender", mobile=mobile))
    if kind == "email":
        other = personal_email(rng, sender.given, sender.surname)
        return fill(d, d.pick(OWN["email"][lang]), v=d.email(sender, "sender", address=other))
    if kind == "email_obf":
        return fill(d, d.pick(OWN["email_obf"][lang]), v=d.email(sender, "sender", obfuscate=True))
    if kind == "address":
        return fill(d, d.pick(OWN["address"][lang]), v=d.address(sender, "sender"))
    if kind == "postcode":
        return fill(d, d.pick(OWN["postcode"][lang]), v=d.postcode(sender, "sender"))
    if kind == "birth":
        cue, value = d.birth(sender, "sender")
        return fill(d, d.pick(OWN["birth"][lang]), cue=cue, v=value)
    if kind == "customer":
        return fill(d, d.pick(OWN["customer"][lang]), v=d.customer_number(sender, "sender"))
    if kind == "iban" and sender.iban:
        return fill(d, d.pick(OWN["iban"][lang]), v=d.iban(sender, "sender"))
    if kind == "card" or kind == "iban":
        return card_sentence(d, sender)
    if kind == "url":
        template = d.pick(OWN["url"][lang])
        return fill(d, template, v=d.url(sender, "sender", photos="oto" in template))
    template, style = d.pick(NAME_LINES[lang])
    return fill(d, template, a=d.name(sender, "sender", style))


def card_sentence(d, sender):
    template, cue = d.rng.choice(CARD_LINES[d.lang])
    month, year = sender.card_expiry
    expiry = d.rng.choice([f"{month:02d}/{year}", f"{month:02d}/20{year}", f"{month}/{year}"])
    return fill(d, template,
                card=d.personal("sender", "card", format_card(d.rng, sender.card)),
                exp=d.personal("sender", "card_expiry", expiry),
                cvc=d.personal("sender", "card_cvc", sender.card_cvc, [f"{cue} {sender.card_cvc}"]))


def choose_others(rng, lang, sender):
    """Other people the sender mentions, each with the line that introduces them (one per role group)."""
    groups = rng.sample(["family", "work", "service", "neighbour"], weighted(rng, [(0, 25), (1, 45), (2, 30)]))
    others = []
    for group in groups:
        line = rng.choice([entry for entry in OTHER_LINES[lang] if entry[0] == group])
        person = make_person(rng, lang, female=line[1])
        while person.surname == sender.surname or any(person.surname == o.surname for o in others):
            person = make_person(rng, lang, female=line[1])
        person.line = line
        others.append(person)
    return others


def other_sentences(d, other):
    """A line naming someone else by a cue, sometimes with their phone number or e-mail address."""
    rng = d.rng
    _, _, template, style = other.line
    if style == "dr_herr":
        before, value, match = other.written("full")
        named = "Herr Dr. " + d.personal("other", "name", value, match)
    else:
        named = d.name(other, "other", style)
    text = fill(d, template, a=named)
    if rng.random() < 0.45:
        follow = rng.choice(OTHER_CONTACT[d.lang][other.female])
        if "{e}" in follow:
            text += " " + fill(d, follow, e=d.email(other, "other"))
        else:
            mobile = "Handy" in follow or "mobile" in follow or rng.random() < 0.5
            text += " " + fill(d, follow, p=d.phone(other, "other", mobile=mobile))
    return text


# ---------------------------------------------------------------------------------------------
# Look-alikes
# ---------------------------------------------------------------------------------------------

def word_lookalikes(d, person, count):
    sentences = [entry for entry in person.word_sentences if entry not in d.used]
    picked = [d.pick(sentences) for _ in range(min(count, len(sentences)))]
    return [d.keep("lookalike", "word_like_name", sentence, [phrase]) for sentence, phrase in dict.fromkeys(picked)]


def own_data_lookalikes(d, sender, present):
    """Sentences using generic words that also occur in the sender's own data (company, town, address)."""
    rng, de = d.rng, d.lang == "de"
    options = []
    local = sender.from_address.split("@")[0]
    if local in ("service",) or (sender.company and "Service" in sender.company[0]):
        options.append(("Mit Ihrem Service war ich bisher immer zufrieden.", "Mit Ihrem Service war") if de else
                       ("Your service has always been good so far.", "Your service has always"))
    if local == "info":
        options.append(("Nur zur Info: Das Gerät steht in einem trockenen Raum.", "Nur zur Info") if de else
                       ("Just for your info: the device is kept in a dry room.", "Just for your info"))
    if local in ("kontakt", "contact"):
        options.append(("Der Kontakt mit Ihrer Hotline war sehr freundlich.", "Der Kontakt mit Ihrer Hotline") if de else
                       ("The contact with your hotline was very friendly.", "The contact with your hotline"))
    if sender.company:
        form = sender.company[0].split()[-1]
        options.append((f"Wir sind eine kleine {form} mit zwölf Leuten, das Gerät steht bei uns im Büro.", f"eine kleine {form}") if de else
                       (f"We are a small {form.rstrip('.')} with twelve staff, and the device is in our office.", f"a small {form.rstrip('.')}"))
    if "address" in present:
        town = (sender.company_address if "company_address" in present else sender.address).town
        options.append((f"Gibt es in {town} eine Werkstatt, bei der ich das Gerät abgeben kann?", f"in {town} eine Werkstatt") if de else
                       (f"Is there a repair shop in {town} where I can drop it off?", f"repair shop in {town}"))
    if "country" in present:
        country = COUNTRY_NAMES[sender.address.country][0 if de else 1]
        options.append((f"Wird das Gerät in {country} repariert, oder geht es ins Ausland?", f"in {country} repariert") if de else
                       (f"Is the repair done in {country} or abroad?", f"done in {country} or abroad"))
    if not options:
        return []
    sentence, phrase = rng.choice(options)
    return [d.keep("lookalike", "generic_word_from_own_data", sentence, [phrase])]


def headerlike_paragraph(d):
    """A line shaped like a reply header, followed by the sender's own text with a fact in it."""
    rng = d.rng
    template = rng.choice(HEADERLIKE[d.lang])
    day = rng.randint(1, 28)
    month = rng.choice(MONTHS_DE if d.lang == "de" else MONTHS_EN)
    weekday = rng.choice(WEEKDAYS_DE[:5] if d.lang == "de" else WEEKDAYS_EN[:5])
    line = template.replace("{weekday}", weekday).replace("{day}", str(day)).replace("{month}", month)
    d.keep("lookalike", "reply_header_like", line, [line.rstrip(":.")])
    follow = fill(d, d.pick(PROBLEM[d.lang][:3] + d.topic["lines_" + d.lang]))
    return [line, follow]


# ---------------------------------------------------------------------------------------------
# Mail bodies
# ---------------------------------------------------------------------------------------------

def greeting(d, sender):
    local = sender.from_address.split("@")[0]
    if local in ("hello", "hallo") and d.rng.random() < 0.8:
        line, phrase = ("Hallo zusammen,", "Hallo zusammen") if d.lang == "de" else ("Hello there,", "Hello there")
        return d.keep("lookalike", "generic_word_from_own_data", line, [phrase])
    return d.rng.choice(GREETINGS[d.lang])


def fact_sentences(d):
    """Two paragraphs' worth of sentences about the device: purchase, problem, order or invoice."""
    rng, lang = d.rng, d.lang
    first = [fill(d, d.pick(PURCHASE[lang]))]
    first += [fill(d, d.pick(d.topic["lines_" + lang])) for _ in range(rng.choice([1, 2, 2]))]
    second = []
    if rng.random() < 0.7:
        second.append(fill(d, d.pick(PROBLEM[lang])))
    if rng.random() < 0.55:
        second.append(fill(d, d.pick(BUSINESS[lang])))
    if rng.random() < 0.35:
        second.append(d.pick(FILLER[lang]))
    return first, second


def lookalike_sentences(d, sender, others, present):
    rng, lang = d.rng, d.lang
    looks = []
    for person in [sender] + others:
        if person.word_sentences:
            looks += word_lookalikes(d, person, rng.choice([1, 1, 2]))
    for pool, chance in ((STREETLIKE_LINES, 0.3), (DATELIKE_LINES, 0.3), (SERIALLIKE_LINES, 0.25)):
        if rng.random() < chance:
            looks.append(fill(d, d.pick(pool[lang])))
    if rng.random() < 0.5:
        looks += own_data_lookalikes(d, sender, present)
    return looks


OWN_KINDS = [("phone", 20), ("email", 7), ("email_obf", 8), ("address", 9), ("postcode", 8), ("birth", 13),
             ("customer", 18), ("iban", 17), ("card", 7), ("name", 14), ("url", 4)]


def personal_paragraph(d, sender, others):
    """The sender's own values and the other people, as separate lines or run together as prose."""
    rng = d.rng
    lines = [own_sentence(d, sender, kind) for kind in weighted_sample(rng, OWN_KINDS, rng.choice([1, 1, 2, 2, 3]))]
    lines += [other_sentences(d, other) for other in others]
    rng.shuffle(lines)
    if rng.random() < 0.5:
        # Run together as prose, a line that ends in a value gets its full stop.
        return [" ".join(line if visible(line)[-1] in ".!?)" else line + "." for line in lines)]
    return lines


def message_paragraphs(d, sender, others, present):
    """The sender's own text: facts, look-alikes, personal values, other people, a request."""
    rng = d.rng
    d.place = "free_text"
    first, second = fact_sentences(d)
    for sentence in lookalike_sentences(d, sender, others, present):
        (first if rng.random() < 0.5 else second).append(sentence)
    paragraphs = [[" ".join(first)]] + ([[" ".join(second)]] if second else [])
    if rng.random() < 0.22:
        paragraphs.append(headerlike_paragraph(d))
    paragraphs.append(personal_paragraph(d, sender, others))
    paragraphs.append([rng.choice(ASK[d.lang])])
    return paragraphs


def closing_lines(d, sender, with_name=True):
    d.place = "signature"
    lines = [d.rng.choice(CLOSINGS[d.lang])]
    if with_name:
        style = weighted(d.rng, [("full", 40), ("given", 25), ("initial", 10), ("translit", 10), ("caps", 5), ("honorific_full", 3)])
        if style == "translit" and sender.translit == sender.surname:
            style = "full"
        lines.append(d.name(sender, "sender", style))
    return lines


def ps_line(d):
    """A P.S. after the closing that carries a fact: redactors that cut at the closing lose it."""
    template, what = d.rng.choice(PS_LINES[d.lang])
    if what == "serial":
        value = match = serial_number(d.rng)
    elif what == "error":
        value = match = d.topic["error"](d.rng)
    elif what == "price":
        value, match = price_text(d, 5, 39)
    elif what == "date":
        value = match = purchase_date(d)
    else:
        value = match = model_code(d.rng)
    line = template.replace("{v}", value)
    d.place = "free_text"
    return d.keep("lookalike", "ps_after_closing", line, [match])


DISCLAIMERS = {
    "de": ["Diese Nachricht ist nur für die genannten Empfänger bestimmt. Wenn sie Sie irrtümlich erreicht hat, "
           "geben Sie uns bitte kurz Bescheid und vernichten Sie alle Kopien. Eine Weitergabe an Dritte ist nicht gestattet.",
           "Erklärungen per E-Mail sind für uns nur verbindlich, wenn wir sie schriftlich bestätigen. Für Schäden durch "
           "Schadsoftware in Anhängen übernehmen wir keine Haftung, auch wenn wir alle ausgehenden Nachrichten prüfen.",
           "Bitte denken Sie an die Umwelt, bevor Sie diese Nachricht ausdrucken. Unsere Geschäftszeiten: Montag bis "
           "Freitag, 8 bis 17 Uhr."],
    "en": ["This message is meant only for the people it is addressed to. If it reached you by mistake, please tell us "
           "and destroy every copy; passing it on is not permitted.",
           "Statements made by email bind us only once confirmed in writing. We scan outgoing mail, but accept no "
           "liability for harm caused by malicious software in attachments.",
           "Please consider the environment before printing this message. Office hours: Monday to Friday, 8 am to 5 pm."],
}


def disclaimer_block(d, sender):
    """A business disclaimer; with the register line it names two other people (the directors)."""
    rng = d.rng
    d.place = "signature"
    lines = [rng.choice(DISCLAIMERS[d.lang])]
    if sender.company and rng.random() < 0.75:
        first, second = make_person(rng, d.lang), make_person(rng, d.lang)
        names = f"{d.name(first, 'other', 'full')}, {d.name(second, 'other', 'full')}"
        town = sender.company_address.town
        if d.lang == "de":
            lines.append(f"{sender.company[0]} · Sitz: {town} · Registergericht {town} HRB {rng.randint(10000, 99999)} · "
                         f"Geschäftsführer: {names}")
        elif sender.country == "UK":
            lines.append(f"{sender.company[0]} · Registered in England and Wales, company no. {digits(rng, 8)} · "
                         f"Directors: {names}")
        else:
            lines.append(f"{sender.company[0]} · {town} · Managing partners: {names}")
        d.extra_people += [first, second]
    return ("small", lines)


def signature_block(d, sender, present):
    rng, de = d.rng, d.lang == "de"
    d.place = "signature"
    lines = [d.name(sender, "sender", weighted(rng, [("full", 50), ("dr", 10), ("initial", 10), ("caps", 8), ("translit", 7)]))]
    if sender.company:
        lines.append(rng.choice(JOB_TITLES[(d.lang, sender.female)]))
        lines.append(sender.company[0])
    if "address" in present:
        which = sender.company_address if "company_address" in present else sender.address
        layout = rng.choice(["lines", "lines", "dot", "pipe", "inline"])
        lines.append(d.address(sender, "sender", layout=layout, country="country" in present, which=which))
    phone_label = rng.choice(["Tel. ", "Telefon: ", "T ", "Tel.: "] if de else ["Tel: ", "T: ", "Phone: ", "Direct line: "])
    mobile_label = rng.choice(["Mobil: ", "Mobil ", "M "] if de else ["Mobile: ", "M: ", "Mob. "])
    roll = rng.random()
    if roll < 0.4:
        lines.append(phone_label + d.phone(sender, "sender"))
    elif roll < 0.6:
        lines.append(mobile_label + d.phone(sender, "sender", mobile=True))
    elif roll < 0.85:
        lines.append(f"{phone_label}{d.phone(sender, 'sender')} | {mobile_label}{d.phone(sender, 'sender', mobile=True)}")
    if sender.company and rng.random() < 0.3:
        fax = make_phone(rng, sender.country, sender.phone.area)
        lines.append(("Fax: " if de else "Fax: ") + d.phone(sender, "sender", number=fax))
    if rng.random() < 0.4:
        lines.append(rng.choice(["E-Mail: ", "Mail: ", ""] if de else ["Email: ", "E: ", ""]) + d.email(sender, "sender", address=sender.from_address))
    if sender.company and rng.random() < 0.6:
        lines.append("www." + sender.company[1])
    if rng.random() < 0.25:
        lines.append(d.url(sender, "sender"))
    return ("sig", lines, rng.random() < 0.55)


def quote_dates(d):
    when = d.date - dt.timedelta(days=d.rng.randint(1, 20), minutes=d.rng.randint(0, 600))
    return when, when - dt.timedelta(days=d.rng.randint(1, 5), minutes=d.rng.randint(0, 600))


SUPPORT_OPENERS = {
    "de": ["vielen Dank für Ihre Nachricht. Damit wir den Fall prüfen können, schicken Sie uns bitte ein Foto des Typenschilds.",
           "vielen Dank für Ihre Nachricht. Wir haben Ihr Anliegen an die Fachabteilung weitergegeben.",
           "vielen Dank für Ihre Geduld. Bitte beschreiben Sie uns noch etwas genauer, wann der Fehler auftritt."],
    "en": ["thank you for your message. So that we can look into it, please send us a photo of the rating plate.",
           "thank you for your message. We have passed your request on to the specialist team.",
           "thank you for your patience. Please tell us a little more about when the fault occurs."],
}
SUPPORT_REMARKS = {  # what the earlier answer said about the customer: (German, English)
    "customer": ("Ihre Kundennummer {v} haben wir notiert.", "We have noted your customer number {v}."),
    "phone": ("Leider haben wir Sie unter {v} nicht erreicht.", "Unfortunately we could not reach you on {v}."),
    "genitive": ("Die Gutschrift für {v} Bestellung ist veranlasst.", "The refund for {v} order has been issued."),
    "address": ("Das Ersatzteil schicken wir an {v}.", "We will send the spare part to {v}."),
    "iban": ("Die Erstattung überweisen wir auf Ihr Konto {v}.", "We will refund the amount to your account {v}."),
    "email": ("Eine Bestätigung ging außerdem an {v}.", "A confirmation was also sent to {v}."),
    "colleague": ("Unser Techniker, {v}, meldet sich in den nächsten Tagen bei Ihnen.",
                  "Our engineer, {v}, will be in touch in the next few days."),
}


def support_remark(d, sender, what):
    if what == "colleague":
        colleague = make_person(d.rng, d.lang)
        d.extra_people.append(colleague)
        value = d.name(colleague, "other", "full")
    else:
        value = {"customer": lambda: d.customer_number(sender, "sender"),
                 "phone": lambda: d.phone(sender, "sender"),
                 "genitive": lambda: d.name(sender, "sender", "genitive"),
                 "address": lambda: d.address(sender, "sender"),
                 "iban": lambda: d.iban(sender, "sender"),
                 "email": lambda: d.email(sender, "sender", address=sender.from_address)}[what]()
    return SUPPORT_REMARKS[what][d.lang == "en"].replace("{v}", value)


def support_reply(d, sender):
    """The support team's earlier answer as the customer quotes it, with the customer's values in it."""
    rng, de = d.rng, d.lang == "de"
    title = ("Sehr geehrte" if sender.female else "Sehr geehrter") if de else "Dear"
    lines = [f"{title} {d.name(sender, 'sender', 'honorific')},", "", rng.choice(SUPPORT_OPENERS[d.lang])]
    options = [what for what in SUPPORT_REMARKS if what != "iban" or sender.iban]
    lines.append(" ".join(support_remark(d, sender, what) for what in rng.sample(options, rng.choice([1, 2, 2, 3]))))
    lines += ["", "Mit freundlichen Grüßen" if de else "Kind regards", "Ihr Support-Team" if de else "Customer Support"]
    return lines


def customer_original(d, sender, when):
    """The customer's own first mail, quoted inside the support answer."""
    rng, de = d.rng, d.lang == "de"
    name = d.name(sender, "sender", "full")
    address = d.email(sender, "sender", address=sender.from_address)
    if de:
        header = f"Am {when:%d.%m.%Y} um {when:%H:%M} schrieb {name} <{address}>:"
        body = ["Guten Tag,", "das Gerät funktioniert nicht mehr richtig, bitte melden Sie sich bei mir.",
                f"Sie erreichen mich unter {d.phone(sender, 'sender')}.", "Viele Grüße", d.name(sender, "sender", "given")]
    else:
        header = f"On {WEEKDAYS_EN[when.weekday()][:3]}, {when.day} {MONTHS_EN[when.month - 1][:3]} {when.year} at {when:%H:%M}, {name} <{address}> wrote:"
        body = ["Hello,", "the device no longer works properly, please get in touch.",
                f"You can reach me on {d.phone(sender, 'sender')}.", "Thanks", d.name(sender, "sender", "given")]
    return ("quote", header, [("para", body)])


def quote_block(d, sender, others):
    rng, de = d.rng, d.lang == "de"
    d.place = "quoted"
    answered, original = quote_dates(d)
    inner = [("para", support_reply(d, sender))]
    if rng.random() < 0.45:
        inner.append(customer_original(d, sender, original))
    if rng.random() < 0.65:
        if de:
            header = f"Am {answered:%d.%m.%Y} um {answered:%H:%M} schrieb Support <{SUPPORT}>:"
        else:
            header = (f"On {WEEKDAYS_EN[answered.weekday()][:3]}, {answered.day} {MONTHS_EN[answered.month - 1][:3]} "
                      f"{answered.year} at {answered:%H:%M}, Support <{SUPPORT}> wrote:")
        return ("quote", header, inner)
    to_name = d.name(sender, "sender", rng.choice(["reversed", "full"]))
    to_address = d.email(sender, "sender", address=sender.from_address)
    if de:
        sent = f"{WEEKDAYS_DE[answered.weekday()]}, {answered.day}. {MONTHS_DE[answered.month - 1]} {answered.year} {answered:%H:%M}"
        fields = [("Von", f"Support <{SUPPORT}>"), ("Gesendet", sent), ("An", f"{to_name} <{to_address}>"),
                  ("Betreff", "AW: Ihre Nachricht an den Kundenservice")]
        separator = "-----Ursprüngliche Nachricht-----"
    else:
        sent = f"{WEEKDAYS_EN[answered.weekday()]}, {MONTHS_EN[answered.month - 1]} {answered.day}, {answered.year} {answered:%I:%M %p}"
        fields = [("From", f"Support <{SUPPORT}>"), ("Sent", sent), ("To", f"{to_name} <{to_address}>"),
                  ("Subject", "RE: Your message to customer service")]
        separator = rng.choice(["-----Original Message-----", "________________________________"])
    return ("outlook", separator, fields, inner)


# ---------------------------------------------------------------------------------------------
# Rendering blocks as text/plain and text/html
# ---------------------------------------------------------------------------------------------

def wrap_marked(line, width):
    """Wraps at spaces outside personal values, as a mail program would (values stay whole)."""
    words, current, inside = [], "", False
    for ch in line:
        if ch == P_OPEN:
            inside = True
        elif ch == P_CLOSE:
            inside = False
        if ch == " " and not inside:
            words.append(current)
            current = ""
        else:
            current += ch
    words.append(current)
    out, row = [], ""
    for word in words:
        length = len(visible(row)) + 1 + len(visible(word).split("\n")[0])
        if row and length > width:
            out.append(row)
            row = word
        else:
            row = f"{row} {word}" if row else word
    out.append(row)
    return "\n".join(out)


def render_plain(blocks, width=None):
    out = []
    for block in blocks:
        tag = block[0]
        if tag in ("para", "small"):
            lines = block[1]
            if width and tag == "para":
                lines = [wrap_marked(line, width) for line in lines]
            out.append("\n".join(lines))
        elif tag == "sig":
            out.append(("-- \n" if block[2] else "") + "\n".join(block[1]))
        elif tag == "quote":
            inner = render_plain(block[2])
            quoted = "\n".join((">" + line if line.startswith(">") else "> " + line) if line else ">"
                               for line in inner.split("\n"))
            out.append((block[1] + "\n" if block[1] else "") + quoted)
        elif tag == "outlook":
            head = "\n".join(f"{name}: {value}" for name, value in block[2])
            out.append(f"{block[1]}\n{head}\n\n{render_plain(block[3])}")
    return "\n\n".join(out)


def render_html_blocks(blocks):
    out = []
    for block in blocks:
        tag = block[0]
        if tag == "para":
            out.append("<p>" + "<br>\n".join(html_lines(line) for line in block[1]) + "</p>")
        elif tag == "small":
            out.append('<p style="font-size:8pt;color:#777777">' + "<br>\n".join(html_lines(l) for l in block[1]) + "</p>")
        elif tag == "sig":
            out.append('<div class="signature">' + ("-- <br>\n" if block[2] else "")
                       + "<br>\n".join(html_lines(line) for line in block[1]) + "</div>")
        elif tag == "quote":
            head = f"<p>{html_lines(block[1])}</p>\n" if block[1] else ""
            out.append(head + '<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">\n'
                       + render_html_blocks(block[2]) + "\n</blockquote>")
        elif tag == "outlook":
            head = "<br>\n".join(f"<b>{html.escape(name)}:</b> {html_lines(value)}" for name, value in block[2])
            rule = f"<p>{html.escape(block[1])}</p>\n" if block[1].startswith("-") else ""
            out.append(rule + '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n'
                       f"<p>{head}</p>\n</div>\n" + render_html_blocks(block[3]))
    return "\n".join(out)


def html_document(body, charset):
    return ("<html>\n<head>\n"
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
            "<style>p { margin: 0 0 1em 0; } .signature { color: #444444; }</style>\n"
            "</head>\n<body>\n" + body + "\n</body>\n</html>\n")


# ---------------------------------------------------------------------------------------------
# Contact forms
# ---------------------------------------------------------------------------------------------

FORM_LABELS = {
    "de": {"name": ["Name"], "email": ["E-Mail"], "phone": ["Telefon"], "address": ["Anschrift"], "message": ["Nachricht"],
           "consent": "Einwilligung Datenverarbeitung", "marketing": "Einwilligung Produktempfehlungen"},
    "en": {"name": ["Name", "Your name"], "email": ["Email", "E-Mail"], "phone": ["Phone"], "address": ["Address"],
           "message": ["Message"], "consent": "Consent to processing", "marketing": "Product recommendations"},
}
ALL_FORM_LABELS = ["name", "your name", "e-mail", "email", "telefon", "phone", "anschrift", "address", "nachricht",
                   "message", "einwilligung datenverarbeitung", "consent to processing",
                   "einwilligung produktempfehlungen", "product recommendations", "formular-version"]
CONSENT_YES = {"de": ["Ja", "ja", "Ja.", "einverstanden", "ich stimme zu"], "en": ["yes", "Yes", "I agree", "agreed", "accepted"]}
MARKETING_NO = {"de": ["Nein", "nein"], "en": ["no", "No"]}
FORM_INTRO = {"de": ["Neue Nachricht über das Kontaktformular auf www.example.com:",
                     "Folgende Eingaben wurden über das Kontaktformular gesendet:"],
              "en": ["New submission from the contact form on www.example.com:",
                     "The following was submitted via the contact form:"]}


def form_fields(d, sender, present):
    """(label, marked value) pairs; the structured fields are what ticketd learns about the customer."""
    rng, labels = d.rng, FORM_LABELS[d.lang]
    d.place = "form_field"
    style = weighted(rng, [("full", 60), ("translit", 15), ("caps", 10), ("reversed", 10)])
    if style == "translit" and sender.translit == sender.surname:
        style = "full"
    fields = [(rng.choice(labels["name"]), d.name(sender, "sender", style)),
              (rng.choice(labels["email"]), d.personal("sender", "email", sender.form_email, email_match(sender.form_email)))]
    late = []
    if "form_phone" in present:
        late.append((labels["phone"][0], d.phone(sender, "sender", mobile=rng.random() < 0.4)))
    if "form_address" in present:
        late.append((labels["address"][0], d.address(sender, "sender", country="country" in present)))
    return fields, late


def form_message_lines(d, sender, others, present):
    """The message field: the same kind of prose as a mail, sometimes with a sign-off."""
    rng = d.rng
    paragraphs = []
    if rng.random() < 0.6:
        paragraphs.append([greeting(d, sender)])
    paragraphs += message_paragraphs(d, sender, others, present)
    if rng.random() < 0.55:
        paragraphs.append(closing_lines(d, sender))
        if rng.random() < 0.2:
            paragraphs.append([ps_line(d)])
    d.place = "free_text"
    return paragraphs


def form_body(d, sender, others, present, html_form):
    rng, labels = d.rng, FORM_LABELS[d.lang]
    head, late = form_fields(d, sender, present)
    paragraphs = form_message_lines(d, sender, others, present)
    before_message = head + (late if rng.random() < 0.8 else [])
    after_message = [f for f in late if f not in before_message]
    tail = [(labels["consent"], rng.choice(CONSENT_YES[d.lang]))]
    if rng.random() < 0.5:
        tail.append((labels["marketing"], rng.choice(MARKETING_NO[d.lang])))
    if rng.random() < 0.6:
        tail.append(("Formular-Version", "2.3"))
    message_label = labels["message"][0]
    intro = rng.choice(FORM_INTRO[d.lang]) if rng.random() < 0.6 else None
    for paragraph in paragraphs:
        for line in paragraph:
            for piece in visible(line).split("\n"):
                assert not looks_like_label(piece), f"message line reads as a form label: {piece!r}"
    if html_form:
        return form_html(intro, before_message, message_label, paragraphs, after_message + tail, rng)
    return form_plain(intro, before_message, message_label, paragraphs, after_message + tail, rng)


def form_plain(intro, before, message_label, paragraphs, after, rng):
    lines = [intro, ""] if intro else []
    lines += [f"{label}: {value}" for label, value in before]
    text = "\n\n".join("\n".join(p) for p in paragraphs)
    if rng.random() < 0.5:
        lines.append(f"{message_label}:")
        lines.append(text)
    else:
        lines.append(f"{message_label}: {text}")
    lines += [f"{label}: {value}" for label, value in after]
    return "\n".join(lines) + "\n"


def form_html(intro, before, message_label, paragraphs, after, rng):
    message = "<br>\n<br>\n".join("<br>\n".join(html_lines(line) for line in p) for p in paragraphs)
    parts = [f"<p>{html.escape(intro)}</p>"] if intro else []
    if rng.random() < 0.6:
        parts += [f"<p><b>{label}:</b> {html_lines(value)}</p>" for label, value in before]
        parts.append(f"<p><b>{message_label}:</b><br>\n{message}</p>")
        parts += [f"<p><b>{label}:</b> {html_lines(value)}</p>" for label, value in after]
    else:
        rows = [f"<b>{label}:</b> {html_lines(value)}<br>" for label, value in before]
        rows.append(f"<b>{message_label}:</b> {message}<br>")
        rows += [f"<b>{label}:</b> {html_lines(value)}<br>" for label, value in after]
        parts.append("<div>\n" + "\n".join(rows) + "\n</div>")
    return "\n".join(parts)


def looks_like_label(line):
    """What ticketd's form reader takes for a label line: 'Label: x', 'Label' alone, 'Label<TAB>x'."""
    text = line.lstrip(" \u00a0\t*")
    while text.startswith("- "):
        text = text[2:].lstrip(" \u00a0\t*")
    lowered = text.lower()
    for label in ALL_FORM_LABELS:
        if not lowered.startswith(label):
            continue
        rest = text[len(label):]
        if rest and (rest[0].isalnum()):
            continue
        stripped = rest.lstrip(" \t\u00a0")
        if not stripped or stripped.startswith(":") or rest.startswith("\t"):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Subjects
# ---------------------------------------------------------------------------------------------

def form_subject(d, sender):
    rng, de = d.rng, d.lang == "de"
    d.place = "title"
    prefix = "Kontaktformular" if de else "Contact form"
    roll = rng.random()
    if roll < 0.3:
        return prefix
    if roll < 0.55:
        topic = rng.choice(["Rückfrage zu Bestellung", "Reklamation", "Frage zur Garantie", "Lieferung",
                            "Technische Frage", "Rechnung"] if de else
                           ["question about an order", "complaint", "warranty question", "delivery",
                            "technical question", "invoice"])
        return f"{prefix}: {topic}"
    if roll < 0.8:
        return f"{prefix} – {'Nachricht von' if de else 'message from'} {d.name(sender, 'sender', 'full')}"
    return f"{prefix}: {fill(d, '{product}')} {d.topic['short'][0 if de else 1]}"


def person_word(person):
    """The ordinary word a person's name is, if it is one."""
    if person.ordinary_surname:
        return person.surname
    return person.given if person.ordinary_given else None


def mail_subject(d, sender, others):
    rng, de = d.rng, d.lang == "de"
    d.place = "title"
    short = d.topic["short"][0 if de else 1]
    options = [
        lambda: f"{fill(d, '{product}')}: {short}",
        lambda: (f"Fehlercode {fill(d, '{error}')} – {short}" if de else f"Error {fill(d, '{error}')} – {short}"),
        lambda: (f"Bestellung {fill(d, '{order}')} nicht angekommen" if de else f"Order {fill(d, '{order}')} not delivered"),
        lambda: (f"Garantiefall {fill(d, '{product}')}, Seriennummer {fill(d, '{serial}')}" if de else
                 f"Warranty claim {fill(d, '{product}')}, serial {fill(d, '{serial}')}"),
        lambda: (f"Rückrufbitte: {d.phone(sender, 'sender', mobile=rng.random() < 0.5)}" if de else
                 f"Please call me back: {d.phone(sender, 'sender', mobile=rng.random() < 0.5)}"),
        lambda: (f"Kundennummer {d.customer_number(sender, 'sender')}: Frage zur Rechnung" if de else
                 f"Customer no. {d.customer_number(sender, 'sender')} – question about my invoice"),
        lambda: (f"{fill(d, '{product}')} defekt ({d.name(sender, 'sender', 'full')})" if de else
                 f"Faulty {fill(d, '{product}')} ({d.name(sender, 'sender', 'full')})"),
        lambda: (f"{d.name(sender, 'sender', 'familie')}: {short}" if de else
                 f"{short.capitalize()} – {d.name(sender, 'sender', 'honorific')}"),
        lambda: (f"Lieferung an {d.street(sender, 'sender')} fehlt" if de else f"Missing delivery to {d.street(sender, 'sender')}"),
    ]
    weights = [16, 10, 8, 8, 8, 8, 8, 7, 5]
    options += [
        lambda: (f"Lieferung vom {fill(d, '{datelike}')} unvollständig" if de else f"Delivery of {fill(d, '{datelike}')} incomplete"),
        lambda: (f"Ersatzteil {fill(d, '{seriallike}')} passt nicht" if de else f"Spare part {fill(d, '{seriallike}')} does not fit"),
        lambda: (f"Doppelt abgebucht: {fill(d, '{price}')}" if de else f"Charged twice: {fill(d, '{price}')}"),
    ]
    weights += [4, 4, 4]
    words = [WORD_TITLES[d.lang][w] for w in (person_word(p) for p in [sender] + others) if w in WORD_TITLES[d.lang]]
    if words:
        options.append(lambda: d.keep("lookalike", "word_like_name", words[0], [words[0]]))
        weights.append(30)
    if others:
        options.append(lambda: (f"Rückruf bitte an {d.name(others[0], 'other', 'full')}" if de else
                                f"Please call {d.name(others[0], 'other', 'full')} back"))
        weights.append(5)
    subject = weighted(rng, list(zip(options, weights)))()
    if d.has_quote and rng.random() < 0.75:
        subject = ("AW: " if de and rng.random() < 0.7 else "Re: ") + subject
    return subject


# ---------------------------------------------------------------------------------------------
# One mail
# ---------------------------------------------------------------------------------------------

SHAPES = [("form_plain", 22), ("form_html", 18), ("plain", 30), ("alternative", 18), ("html", 12)]


class Mail:
    """A mail as built: marked subject and body parts, headers, and the items found in them."""


def choose_sender(d):
    rng = d.rng
    sender = make_person(rng, d.lang)
    business = not d.shape.startswith("form") and rng.random() < 0.35
    if business:
        sender.company = rng.choice(COMPANIES[d.lang])
        sender.company_address, area = make_address(rng, sender.country)
        sender.phone = make_phone(rng, sender.country, area)  # the office line, in the company's town
        local = rng.choice(["info", "service", "kontakt" if d.lang == "de" else "contact",
                            "hello" if d.lang == "en" else "hallo"]) if rng.random() < 0.3 else \
            personal_email(rng, sender.given, sender.surname).split("@")[0]
        sender.from_address = f"{local}@{sender.company[1]}"
    else:
        sender.from_address = sender.email
    sender.form_email = sender.email
    return sender


def from_header(d, sender):
    rng = d.rng
    if d.shape.startswith("form"):
        return rng.choice([("Website", "noreply@example.com"), ("Website", "formular@example.com"),
                           ("", "formular@example.com")])
    style = weighted(rng, [("full", 45), ("none", 10), ("initial", 12), ("translit", 12), ("reversed", 8), ("company", 13)])
    g, s = sender.given, sender.surname
    if style == "company" and sender.company:
        return f"{g} {s} | {sender.company[0]}", sender.from_address
    if style == "none":
        return "", sender.from_address
    if style == "initial":
        return f"{g[0]}. {s}", sender.from_address
    if style == "translit":
        return f"{transliterate(g)} {sender.translit}", sender.from_address
    if style == "reversed":
        return f"{s}, {g}", sender.from_address
    return f"{g} {s}", sender.from_address


def plan_presence(d, sender, is_form):
    """Which of the sender's data the mail will show, decided first so look-alikes can refer to it."""
    rng = d.rng
    present = set()
    if is_form:
        if rng.random() < 0.75:
            present.add("form_phone")
        if rng.random() < 0.6:
            present |= {"form_address", "address"}
            if rng.random() < 0.35:
                present.add("country")
    else:
        d.has_signature = rng.random() < 0.65
        if d.has_signature and (sender.company or rng.random() < 0.45):
            present.add("address")
            if sender.company and rng.random() < 0.7:
                present.add("company_address")
            if rng.random() < 0.25:
                present.add("country")
    return present


def build_mail(rng, index, seed):
    lang = "de" if rng.random() < 0.5 else "en"
    shape = weighted(rng, SHAPES)
    d = Draft(rng, lang, shape)
    d.topic = rng.choice(TOPICS)
    d.product = rng.choice(d.topic["products"])
    d.extra_people = []
    offset = {"DE": 60, "AT": 60, "CH": 60, "UK": 0, "US": -300}
    sender = choose_sender(d)
    d.sender = sender
    d.facts = {"error": d.topic["error"](rng), "serial": serial_number(rng), "model": model_code(rng),
               "imei": format_imei(rng, make_imei(rng)), "price": price_text(d, *d.topic["prices"]),
               "date": purchase_date(d), "order": order_number(rng)}
    zone = dt.timezone(dt.timedelta(minutes=offset[sender.country]))
    d.date = dt.datetime(2026, 1, 5, 7, 0, tzinfo=zone) + dt.timedelta(minutes=rng.randint(0, 320 * 24 * 60))
    others = choose_others(rng, lang, sender)
    is_form = shape.startswith("form")
    d.has_signature = False
    d.has_quote = not is_form and rng.random() < 0.4
    present = plan_presence(d, sender, is_form)

    mail = Mail()
    mail.lang, mail.shape, mail.index = lang, shape, index
    if is_form:
        mail.subject = form_subject(d, sender)
        body = form_body(d, sender, others, present, html_form=(shape == "form_html"))
        mail.parts = [("html", body)] if shape == "form_html" else [("plain", body)]
        mail.sender_email = sender.form_email
    else:
        blocks = customer_blocks(d, sender, others, present)
        mail.subject = mail_subject(d, sender, others)
        mail.parts = customer_parts(d, blocks)
        mail.sender_email = sender.from_address
    mail.from_name, mail.from_address = from_header(d, sender)
    mail.date, mail.items = d.date, d.items
    domain = mail.from_address.split("@")[1]
    mail.message_id = f"<rc{seed}.{index:04d}.{rng.getrandbits(40):010x}@{domain}>"
    return mail


def customer_blocks(d, sender, others, present):
    rng = d.rng
    blocks = [("para", [greeting(d, sender)])]
    blocks += [("para", p) for p in message_paragraphs(d, sender, others, present)]
    closing = closing_lines(d, sender, with_name=not d.has_signature or rng.random() < 0.5)
    blocks.append(("para", closing))
    ps_where = None
    if rng.random() < 0.22:
        ps_where = "after_signature" if d.has_signature and rng.random() < 0.4 else "after_closing"
    if ps_where == "after_closing":
        blocks.append(("para", [ps_line(d)]))
    if d.has_signature:
        disclaimer = disclaimer_block(d, sender) if sender.company and rng.random() < 0.6 else None
        signature = signature_block(d, sender, present)
        if disclaimer and rng.random() < 0.4:
            blocks += [disclaimer, signature]
        else:
            blocks += [signature] + ([disclaimer] if disclaimer else [])
    if ps_where == "after_signature":
        blocks.append(("para", [ps_line(d)]))
    if d.has_quote:
        blocks.append(quote_block(d, sender, others))
    return blocks


def customer_parts(d, blocks):
    if d.shape == "html":
        return [("html", render_html_blocks(blocks))]
    width = d.rng.choice([None, None, 72, 76]) if d.shape == "plain" else None
    plain = render_plain(blocks, width)
    if d.shape == "alternative":
        return [("plain", plain), ("html", render_html_blocks(blocks))]
    return [("plain", plain)]


# ---------------------------------------------------------------------------------------------
# MIME
# ---------------------------------------------------------------------------------------------

CODECS = {"utf-8": "utf-8", "iso-8859-1": "latin-1", "windows-1252": "cp1252"}


def choose_charset(rng, texts):
    wanted = weighted(rng, [("utf-8", 68), ("iso-8859-1", 16), ("windows-1252", 16)])
    for charset in (wanted, "windows-1252", "utf-8"):
        try:
            for text in texts:
                text.encode(CODECS[charset])
            return charset
        except UnicodeEncodeError:
            continue
    return "utf-8"


def encode_part(rng, subtype, text, charset):
    data = text.encode(CODECS[charset])
    if data.isascii():
        cte = weighted(rng, [("7bit", 50), ("quoted-printable", 30), ("base64", 20)])
    else:
        cte = weighted(rng, [("8bit", 40), ("quoted-printable", 35), ("base64", 25)])
    if cte in ("7bit", "8bit") and any(len(line) > 900 for line in data.split(b"\n")):
        cte = "quoted-printable"
    if cte == "base64":
        body = base64.encodebytes(data)
    elif cte == "quoted-printable":
        body = binascii.b2a_qp(data, istext=True)
    else:
        body = data
    if not body.endswith(b"\n"):
        body += b"\n"
    head = f"Content-Type: text/{subtype}; charset={charset}\nContent-Transfer-Encoding: {cte}\n"
    return head.encode("ascii"), body


def encode_subject(rng, subject):
    if subject.isascii():
        return subject
    charset = "utf-8"
    try:
        subject.encode("latin-1")
        charset = rng.choice(["utf-8", "iso-8859-1"])
    except UnicodeEncodeError:
        pass
    return Header(subject, charset, header_name="Subject").encode()


def mime_bytes(rng, mail):
    """The message: headers, then one text part or a multipart/alternative of two."""
    charset = choose_charset(rng, [visible(marked) for _, marked in mail.parts])
    texts = final_texts(mail.parts, charset)
    subject = visible(mail.subject)
    if mail.from_name:
        from_value = email.utils.formataddr((mail.from_name, mail.from_address), charset="utf-8")
    else:
        from_value = mail.from_address if rng.random() < 0.5 else f"<{mail.from_address}>"
    headers = [f"From: {from_value}", f"To: {SUPPORT}", f"Subject: {encode_subject(rng, subject)}",
               f"Date: {email.utils.format_datetime(mail.date)}", f"Message-ID: {mail.message_id}", "MIME-Version: 1.0"]
    if mail.shape.startswith("form"):
        headers.append("X-Mailer: Website-Kontaktformular 2.3")
    head = ("\n".join(headers) + "\n").encode("ascii")
    if len(texts) == 1:
        part_head, body = encode_part(rng, texts[0][0], texts[0][1], charset)
        raw = head + part_head + b"\n" + body
    else:
        boundary = f"=_rc_{rng.getrandbits(48):012x}"
        raw = head + f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'.encode("ascii")
        raw += b"This is a multi-part message in MIME format.\n"
        for subtype, text in texts:
            part_head, body = encode_part(rng, subtype, text, charset)
            raw += f"\n--{boundary}\n".encode("ascii") + part_head + b"\n" + body
        raw += f"\n--{boundary}--\n".encode("ascii")
    if rng.random() < 0.7:
        raw = raw.replace(b"\n", b"\r\n")
    return raw


def final_texts(marked_parts, charset):
    """The parts as written (HTML parts become full documents)."""
    texts = []
    for subtype, marked in marked_parts:
        if subtype == "html":
            texts.append(("html", html_document(visible(marked), charset)))
        else:
            assert H_OPEN not in marked, "hand-written HTML in a plain-text part"
            texts.append(("plain", visible(marked)))
    return texts


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

RISKY_WORDS = ["lösch", "loesch", "auskunft", "widerruf", "widersprech", "widerspruch", "delete", "erase", "erasure",
               "unsubscribe", "withdraw", "revoke", "objection", "object to", "newsletter", "werbung", "opt out",
               "dsgvo", "gdpr", "datenschutz", "personal data", "my data", "meine daten", "abmeld", "rectif",
               "correct my", "update my", "berichtig", "restrict"]
SUBJECT_TRAPS = ["kontaktformular", "contact form", "automatische antwort", "abwesenheitsnotiz", "abwesend:",
                 "out of office", "automatic reply", "auto-reply", "autoreply", "auto:"]


class CorpusError(Exception):
    pass


def perfect_views(mail):
    """(subject, ticket text) as a perfect redactor would leave them."""
    subtype, marked = mail.parts[0]
    text = perfectly_redacted(marked) if subtype == "plain" else html_to_text(perfectly_redacted(marked))
    return perfectly_redacted(mail.subject), text


def consistent_under_perfect_redaction(mail):
    """No personal match left, every fact and look-alike match kept, with exactly the personal values removed."""
    subject, text = perfect_views(mail)
    title, body, both = View(subject), View(text), View(subject + "\n" + text)
    for item in mail.items:
        if item["class"] == "personal":
            if any(both.touches(m, item["kind"]) for m in item["match"]):
                return False
            continue
        where = title if item["placement"] == "title" else body
        if not all(where.has(m, item["kind"]) for m in item["match"]):
            return False
        # A P.S. is measured by its own value: found anywhere else, it would count as kept when cut.
        if item["kind"] == "ps_after_closing" and body.folded.count(fold(item["match"][0])) != 1:
            return False
    return True


def first_part(message, subtype):
    for part in message.walk():
        if part.get_content_maintype() == "multipart" or part.get_content_disposition() == "attachment":
            continue
        if part.get_content_type() == f"text/{subtype}":
            return part
    return None


def decoded_views(raw):
    """(subject, ticket text, other text part or None) as Python's email package reads the mail."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message.get("Subject", ""))
    plain, rich = first_part(message, "plain"), first_part(message, "html")
    if plain is not None:
        other = html_to_text(rich.get_content()) if rich is not None else None
        return message, subject, plain.get_content(), other
    return message, subject, html_to_text(rich.get_content()), None


def read_form(text):
    """A small version of ticketd's label reader: field values by label, the message running to the next label."""
    fields, current = {}, None
    for line in text.replace("\r\n", "\n").split("\n"):
        if looks_like_label(line):
            label, _, value = line.strip().partition(":")
            current = label.strip().lower()
            fields.setdefault(current, value.strip())
        elif current in ("nachricht", "message"):
            continue
    return fields


def check_decoded(mail, raw):
    message, subject, text, other = decoded_views(raw)
    if fold(subject) != fold(visible(mail.subject)):
        raise CorpusError(f"{mail.index}: subject decodes as {subject!r}")
    title = View(subject)
    for body in [View(text)] + ([View(other)] if other is not None else []):
        for item in mail.items:
            where = title if item["placement"] == "title" else body
            missing = [m for m in item["match"] if not where.has(m, item["kind"])]
            if fold(item["value"]) not in where.folded:
                missing.append(item["value"])
            if missing:
                raise CorpusError(f"mail {mail.index}: {item['class']}/{item['kind']} {missing[0]!r} "
                                  f"not in the decoded {'subject' if where is title else 'text'}")
    lowered = fold(subject + "\n" + text)
    for word in RISKY_WORDS:
        if fold(word) in lowered:
            raise CorpusError(f"mail {mail.index}: {word!r} could read as a data-subject request")
    if mail.shape.startswith("form"):
        fields = read_form(text)
        address = fields.get("e-mail") or fields.get("email")
        consent = fields.get("einwilligung datenverarbeitung") or fields.get("consent to processing")
        if address != mail.sender_email or (consent or "").lower().strip(" .") not in \
                {"ja", "yes", "i agree", "agreed", "accepted", "einverstanden", "ich stimme zu"}:
            raise CorpusError(f"mail {mail.index}: the form reads back as {fields}")
        if not fold(subject).startswith(("kontaktformular", "contact form")):
            raise CorpusError(f"mail {mail.index}: form subject {subject!r}")
    else:
        sender = email.utils.parseaddr(str(message["From"]))[1]
        if sender != mail.sender_email:
            raise CorpusError(f"mail {mail.index}: From reads as {sender!r}")
        if fold(subject).startswith(tuple(SUBJECT_TRAPS)):
            raise CorpusError(f"mail {mail.index}: subject {subject!r} would not make a plain ticket")


def generate(rng, index, seed):
    for _ in range(MAX_ATTEMPTS):
        mail = build_mail(rng, index, seed)
        if not consistent_under_perfect_redaction(mail):
            continue  # a random value happened to contain another one: draw this mail again
        raw = mime_bytes(rng, mail)
        check_decoded(mail, raw)
        return mail, raw
    raise CorpusError(f"mail {index}: no consistent mail in {MAX_ATTEMPTS} attempts")


def truth_record(mail):
    return {"file": f"{mail.index:04d}.eml", "language": mail.lang, "shape": mail.shape,
            "sender_email": mail.sender_email, "subject": visible(mail.subject), "items": mail.items}


def summary_line(records):
    def tally(keys):
        counts = {}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        return ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
    items = [item for record in records for item in record["items"]]
    personal = [i for i in items if i["class"] == "personal"]
    return (f"{len(records)} mails ({tally(r['language'] for r in records)}; {tally(r['shape'] for r in records)}), "
            f"{len(items)} items: personal {len(personal)} (sender {sum(i['owner'] == 'sender' for i in personal)}, "
            f"other {sum(i['owner'] == 'other' for i in personal)}), "
            f"fact {sum(i['class'] == 'fact' for i in items)}, lookalike {sum(i['class'] == 'lookalike' for i in items)} | "
            f"kinds: {tally(i['class'] + '/' + i['kind'] for i in items)} | "
            f"placements: {tally(i['placement'] for i in items)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write an adversarial redaction corpus with ground truth.")
    parser.add_argument("out_dir", help="directory for mail/NNNN.eml and truth.json")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"number of mails (default {DEFAULT_COUNT})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if not 1 <= args.count <= 9999:
        parser.error("--count must be between 1 and 9999 (file names have four digits)")
    out = Path(args.out_dir)
    mail_dir = out / "mail"
    mail_dir.mkdir(parents=True, exist_ok=True)
    for old in mail_dir.glob("[0-9][0-9][0-9][0-9].eml"):
        old.unlink()  # a previous, larger run would otherwise leave mails without truth
    rng = random.Random(args.seed)
    records = []
    try:
        for index in range(1, args.count + 1):
            mail, raw = generate(rng, index, args.seed)
            (mail_dir / f"{index:04d}.eml").write_bytes(raw)
            records.append(truth_record(mail))
    except CorpusError as error:
        print(f"redaction_corpus: self-check failed: {error}", file=sys.stderr)
        return 1
    with open(out / "truth.json", "w", encoding="utf-8") as handle:
        json.dump(records, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    print(summary_line(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
