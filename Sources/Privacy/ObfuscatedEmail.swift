/// E-mail addresses written so that harvesters miss them: `name(at)example.de`,
/// `name [at] example.de`, `name @ example.de`, `name at example dot de`. People write their own
/// address so in a mail as often as on a web page; a reader sees an address, and so must we.
///
/// A byte scan for the "at" marker; the local part is the run of address bytes before it, the
/// domain two or more labels after it, joined by "." or a written-out dot ("(dot)", "[dot]",
/// " dot "). A bare " at " ("look at example.com") counts only with a written-out dot.
enum ObfuscatedEmail {
    static func ranges(in text: String) -> [Range<String.Index>] {
        let bytes = Array(text.utf8)
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            // Every marker starts with "@", "a" (after its space) or a bracket: other bytes are
            // passed over at once.
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let mayStart = byte == 0x40
                || ((byte == 0x28 || byte == 0x5B || byte == 0x7B) && (next | 0x20 == 0x61 || next == 0x40))
                || (byte | 0x20 == 0x61 && next | 0x20 == 0x74 && index > 0 && bytes[index - 1] == 0x20)
            guard mayStart else { index += 1; continue }
            guard let (markerStart, markerEnd, bare) = marker(bytes, at: index),
                  let start = localStart(bytes, before: markerStart),
                  let end = domainEnd(bytes, from: markerEnd, writtenDotRequired: bare) else {
                index += 1
                continue
            }
            // (A plain "a@b.c" is the ordinary finder's: the "@" marker counts only after a space.)
            found.append(start..<end)
            index = end
        }
        return ASCIIClass.stringRanges(found, in: text)
    }

    /// The markers, lower case, with the spaces they may carry; a leading space is optional.
    static let markers: [(text: [UInt8], bare: Bool)] = [
        ("(at)", false), ("[at]", false), ("{at}", false), ("(@)", false), ("[@]", false), ("@", false), (" at ", true),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The marker at `index` (its start and end, the spaces around it included) and whether it is
    /// the bare word "at".
    private static func marker(_ bytes: [UInt8], at index: Int) -> (Int, Int, Bool)? {
        for (text, bare) in markers {
            // " at " is matched from its "a": the space before it is at index - 1.
            let start = bare ? index - 1 : index
            guard start >= 0, PatternFinder.startsWith(bytes, start, text) else { continue }
            if !bare, text == [0x40], !(index > 0 && bytes[index - 1] == 0x20) { continue }
            var markerStart = start
            var markerEnd = start + text.count
            if !bare {
                if markerStart > 0, bytes[markerStart - 1] == 0x20 { markerStart -= 1 }
                if markerEnd < bytes.count, bytes[markerEnd] == 0x20 { markerEnd += 1 }
            }
            return (markerStart, markerEnd, bare)
        }
        return nil
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        ASCIIClass.isDigit(byte) || (byte < 0x80 && ASCIIClass.isLetter(byte)) || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x2B
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        ASCIIClass.isDigit(byte) || (byte < 0x80 && ASCIIClass.isLetter(byte)) || byte == 0x2D
    }

    /// The start of the local part ending at `end`, or nil.
    private static func localStart(_ bytes: [UInt8], before end: Int) -> Int? {
        var start = end
        while start > 0, isLocalByte(bytes[start - 1]), end - start < 64 { start -= 1 }
        guard start < end, start == 0 || !ASCIIClass.isWord(bytes[start - 1]) else { return nil }
        return start
    }

    static let writtenDots = ["(dot)", "[dot]", "{dot}", " (dot) ", " [dot] ", " dot ", " punkt "].map { Array($0.utf8) }

    /// The end of a domain of two or more labels starting at `start`, or nil.
    private static func domainEnd(_ bytes: [UInt8], from start: Int, writtenDotRequired: Bool) -> Int? {
        var index = start
        var labels = 0
        var sawWrittenDot = false
        var lastLabel = 0..<0
        while index < bytes.count {
            let labelStart = index
            while index < bytes.count, isLabelByte(bytes[index]), index - labelStart < 63 { index += 1 }
            guard index > labelStart else { break }
            labels += 1
            lastLabel = labelStart..<index
            if index + 1 < bytes.count, bytes[index] == 0x2E, isLabelByte(bytes[index + 1]) {
                index += 1
                continue
            }
            if let dot = writtenDots.first(where: { PatternFinder.startsWith(bytes, index, $0) }),
               index + dot.count < bytes.count, isLabelByte(bytes[index + dot.count]) {
                index += dot.count
                sawWrittenDot = true
                continue
            }
            break
        }
        let topLevel = bytes[lastLabel]
        guard labels >= 2, topLevel.count >= 2, topLevel.allSatisfy({ $0 < 0x80 && ASCIIClass.isLetter($0) }),
              !writtenDotRequired || sawWrittenDot, index >= bytes.count || !ASCIIClass.isWord(bytes[index]) else { return nil }
        return index
    }
}
