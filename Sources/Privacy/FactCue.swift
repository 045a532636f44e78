/// Words that announce a fact about a device or an order, not a person: a number after "SN",
/// "IMEI", "Teilenummer" or "batch number" is a serial, however much it looks like a phone
/// number ("SN 0323 221 326") or a card number.
enum FactCue {
    /// Whether such a word stands on the same line, at most 48 bytes before `index` (with at most
    /// a few words between: "Die Teilenummer des defekten Moduls ist 0549 694 602").
    /// A phone cue ("Tel.", "mobile", "call") after the fact cue and before `index` wins: "SN steht
    /// auf dem Gerät, Tel. 030 2634701".
    static func precedes(_ bytes: [UInt8], _ index: Int) -> Bool {
        var start = index
        while start > 0, index - start < 48, bytes[start - 1] != 0x0A { start -= 1 }
        var position = start
        var lastIsFact = false
        while position < index {
            let isWordStart = ASCIIClass.isLetter(bytes[position]) && (position == 0 || !ASCIIClass.isWord(bytes[position - 1]))
            if isWordStart, bytes[position] < 0x80 {
                if cue(in: factTable, bytes, position) { lastIsFact = true } else if cue(in: phoneTable, bytes, position) { lastIsFact = false }
            }
            position += 1
        }
        return lastIsFact
    }

    private static func cue(in table: CuedValueFinder.CueTable, _ bytes: [UInt8], _ position: Int) -> Bool {
        for cue in table.cues(startingWith: bytes[position]) where PatternFinder.startsWith(bytes, position, cue) {
            let end = position + cue.count
            if end >= bytes.count || !ASCIIClass.isLetter(bytes[end]) || cue.last == 0x2E { return true }
        }
        return false
    }

    /// Lower case; a cue matches at a word start and ends at a non-letter ("SN:", "Seriennummer").
    static let cues = [
        "imei", "sn", "s/n", "serial", "seriennummer", "serien-nr.", "seriennr", "teilenummer", "teile-nr.", "artikelnummer",
        "art.-nr.", "artikel-nr.", "batch", "charge", "chargennummer", "lot", "modell", "model", "bestellnummer", "bestell-nr.",
        "order number", "order no", "bestellung", "rechnungsnummer", "rechnungs-nr.", "invoice", "ticket number", "vorgangsnummer",
        "part number", "part no", "sku", "ean", "gtin", "fehlercode", "error code", "firmware", "tracking", "sendungsnummer",
        "paketnummer", "auftragsnummer", "ersatzteil", "teil", "spare part", "part", "artikel", "item", "item no",
    ].map { Array($0.utf8) }
    /// Words that announce a phone number.
    static let phoneCues = ["tel", "tel.", "telefon", "phone", "mobil", "mobile", "handy", "call", "anrufen", "ruf", "fax", "erreichbar",
                            "whatsapp", "rückruf", "cell", "nummer"].map { Array($0.utf8) }

    static let factTable = CuedValueFinder.CueTable(cues)
    static let phoneTable = CuedValueFinder.CueTable(phoneCues)
}
