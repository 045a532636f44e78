/// The part of a mail its sender wrote for this mail, and what was cut from it.
struct OwnPart {
    /// The sender's own lines: without quoted lines, quoted history and the signature.
    var kept: String
    /// Whether anything was cut.
    var cut: Bool
    /// What was cut (quoted lines, the history after a reply header, the signature): never shown,
    /// but read for values that the own part may repeat without their cue.
    var removed: String
    /// The words of the name signed below the closing formula or the signature delimiter.
    var signatureName: [Substring]
}

extension Redactor {
    /// Cuts quoted lines, everything after a reply header ("Am ... schrieb ...:", "On ... wrote:",
    /// "-----Original Message-----") and after a signature delimiter or a closing formula.
    static func cutQuotedHistoryAndSignature(_ text: String) -> OwnPart {
        var kept: [Substring] = []
        var removed: [Substring] = []
        var signature: [Substring] = []
        var cut = false
        // The text has LF line ends only (see `redact`), so this is its split at "\n", scalar by scalar.
        let lines = TextLines.split(text)
        var index = 0
        lineLoop: while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmedSpaces()
            if trimmed.hasPrefix(">") { cut = true; removed.append(line); index += 1; continue }
            // Every reply header and closing formula starts with an ASCII letter or "-": a line that
            // starts otherwise is kept without lower-casing it.
            if let head = trimmed.utf8.first, head < 0x80, line != "--", line != "-- " {
                // Their first two characters are ASCII, so two ASCII bytes outside their pairs rule a
                // line out too ("Meine Bestellung" starts like "mit freundlichen Grüßen" by one letter only).
                let second = trimmed.utf8.dropFirst().first ?? 0
                let lowered = (head | (ASCIIClass.isUpper(head) ? 0x20 : 0), second | (ASCIIClass.isUpper(second) ? 0x20 : 0))
                if !lineHeads.contains(lowered.0) || second < 0x80 && !lineHeadPairs.contains(Int(lowered.0) << 8 | Int(lowered.1)) {
                    kept.append(line)
                    index += 1
                    continue
                }
            }
            let lowered = trimmed.lowercasedFast()
            if line == "-- " || line == "--" || isReplyHeader(lowered, following: lines[(index + 1)...]) {
                cut = true
                removed += lines[index...]
                if line.hasPrefix("--") { signature = signatureName(after: index, in: lines) }
                break lineLoop
            }
            if let head = lowered.utf8.first, closingFormulaHeads.contains(head), closingFormulas.contains(where: { lowered.hasPrefix($0) }) {
                // The closing stays; the short block after it is the signature (name, phone, address).
                kept.append(line)
                // A closing on a line of its own ("Mit freundlichen Grüßen", "Best regards,") ends the
                // sender's text however long the signature and disclaimer below it are; a closing
                // inside a longer line ("Viele Grüße an Ihr Team, ...") only when little follows.
                if trimmed.count <= closingLineLength || lines.count - index - 1 <= 10 {
                    cut = index + 1 < lines.count && lines[(index + 1)...].contains { !$0.trimmedSpaces().isEmpty }
                    removed += lines[(index + 1)...]
                    signature = signatureName(after: index, in: lines)
                    // A postscript after the signature is the sender's text again ("P.S. Die
                    // Seriennummer ist ..."): its paragraph is kept, and the next one if that is a
                    // postscript too ("P.P.S."), up to a delimiter or a quote; a signature below it
                    // is not.
                    if let postscript = lines[(index + 1)...].firstIndex(where: isPostscript) {
                        kept.append("")
                        var paragraphEnded = false
                        for (offset, later) in lines[postscript...].enumerated() {
                            let trimmedLater = later.trimmedSpaces()
                            if later == "-- " || later == "--" || trimmedLater.hasPrefix(">")
                                || isReplyHeader(trimmedLater.lowercasedFast(), following: lines[(postscript + offset + 1)...]) { break }
                            if trimmedLater.isEmpty { paragraphEnded = true; continue }
                            if paragraphEnded {
                                guard isPostscript(later) else { break }
                                kept.append("")
                                paragraphEnded = false
                            }
                            kept.append(later)
                        }
                    }
                    break lineLoop
                }
                index += 1
                continue
            }
            kept.append(line)
            index += 1
        }
        while kept.last?.trimmedSpaces().isEmpty == true { kept.removeLast() }
        return OwnPart(kept: kept.joined(separator: "\n"), cut: cut, removed: removed.joined(separator: "\n"), signatureName: signature)
    }

    /// The words of the name on the first line after `index` that is not empty, when that line is
    /// a name (see ``PersonNameFinder/signatureNameWords(in:)``).
    private static func signatureName(after index: Int, in lines: [Substring]) -> [Substring] {
        guard let line = lines[(index + 1)...].first(where: { !$0.trimmedSpaces().isEmpty }) else { return [] }
        return PersonNameFinder.signatureNameWords(in: line.drop { $0 == " " || $0 == "\t" })
    }

    /// "P.S.", "PS:", "P.P.S." at the start of a line.
    static func isPostscript(_ line: Substring) -> Bool {
        let head = line.drop { $0 == " " || $0 == "\t" }.prefix(6).uppercased()
        return head.hasPrefix("P.S") || head.hasPrefix("PS:") || head.hasPrefix("PS ") || head.hasPrefix("P.P.S") || head.hasPrefix("PPS")
    }

    /// Whether a line (lower-cased) opens a quoted or forwarded mail; `following` are the lines
    /// after it.
    static func isReplyHeader(_ lowered: String, following: ArraySlice<Substring> = []) -> Bool {
        if lowered.hasPrefix("-----original message") || lowered.hasPrefix("-----ursprüngliche nachricht")
            || lowered.hasPrefix("-------- weitergeleitete nachricht") || lowered.hasPrefix("---------- forwarded message") {
            return true
        }
        // A client's header names a date, a time or an address ("Am 12.03.2026 um 10:15 schrieb
        // Support <support@example.com>:"); "Am Montag schrieb ich Ihnen bereits:" is a sentence.
        func namesWhenOrWho() -> Bool { lowered.utf8.contains(where: { ASCIIClass.isDigit($0) || $0 == 0x40 || $0 == 0x3C }) }
        // "On 24 November I already wrote:", "Am 3. März schrieb ich Ihnen:": the sender quoting
        // themselves in a sentence; a client's header names someone else.
        func firstPerson(_ pronoun: String) -> Bool { lowered.split(separator: " ").contains { $0 == pronoun } }
        if lowered.hasPrefix("am "), lowered.contains(" schrieb"), lowered.hasSuffix(":"), namesWhenOrWho(), !firstPerson("ich") { return true }
        if lowered.hasPrefix("on "), lowered.contains(" wrote"), lowered.hasSuffix(":"), namesWhenOrWho(), !firstPerson("i") { return true }
        // "From: my end, everything is plugged in" is a sentence; a client's header names an
        // address or is followed by the header's other fields ("Sent:", "Gesendet:", "Betreff:").
        if lowered.hasPrefix("von:") || lowered.hasPrefix("from:"), lowered.count < 200 {
            if lowered.utf8.contains(where: { $0 == 0x40 || $0 == 0x3C }) { return true }
            return following.prefix(3).contains { line in
                let field = line.trimmedSpaces().lowercasedFast()
                return headerFields.contains { field.hasPrefix($0) }
            }
        }
        return false
    }

    /// The fields below "From:" in the header a mail client writes above a quoted mail.
    static let headerFields = ["sent:", "date:", "to:", "subject:", "cc:", "gesendet:", "datum:", "an:", "betreff:"]

    /// The first bytes of ``closingFormulas``: a line starting otherwise closes nothing.
    static let closingFormulaHeads = Set(closingFormulas.compactMap(\.utf8.first))
    /// The first bytes of every line ``cutQuotedHistoryAndSignature(_:)`` looks at more closely:
    /// closing formulas and reply headers (see ``isReplyHeader(_:following:)``).
    static let lineHeads = closingFormulaHeads.union("-aovf".utf8)
    /// The first two bytes of the closing formulas and reply headers ("--", "am", "on", "von:",
    /// "from:"), all ASCII.
    static let lineHeadPairs = {
        var pairs = BytePairSet()
        for start in closingFormulas + ["--", "am", "on", "vo", "fr"] { pairs.insert(word: start.utf8) }
        return pairs
    }()

    /// The longest line still read as a closing of its own: the formula, a comma and a few words
    /// ("Viele Grüße aus Hamburg", "Kind regards from the team,").
    static let closingLineLength = 40

    static let closingFormulas = [
        "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "freundliche grüsse", "viele grüße",
        "viele grüsse", "beste grüße", "liebe grüße", "herzliche grüße", "gruß", "gruss", "mfg",
        "best regards", "kind regards", "regards", "best wishes", "sincerely", "yours sincerely", "cheers", "thanks and regards",
    ]
}
