/// Reads the header section at the start of a message or MIME part.
///
/// Tolerant by design: LF and CR LF line ends, white space before the colon (RFC 5322 obsolete
/// syntax), 8-bit bytes, a leading mbox `From ` line, and garbage lines are accepted. A line that
/// is neither a field nor a continuation is skipped when a field follows it; otherwise it is taken
/// as the start of a body that lacks the blank separator line.
enum HeaderSectionParser {
    /// The fields, where the body starts, and what was repaired.
    struct Result {
        var header: HeaderBlock
        var bodyStart: Int
        var notes: [ParseNote]
    }

    static func parse(_ bytes: [UInt8], range: Range<Int>) -> Result {
        var fields: [HeaderField] = []
        var notes: [ParseNote] = []
        var name: String?
        var value: [UInt8] = []
        let end = range.upperBound
        var i = range.lowerBound
        var bodyStart = end
        var garbage = 0

        func finishField() {
            guard let current = name else { return }
            while let last = value.last, ASCII.isWhitespace(last) { value.removeLast() }
            fields.append(HeaderField(name: current, rawValue: value))
            name = nil
            value = []
        }

        while i < end {
            let line = Line.read(bytes, from: i, end: end)
            if line.isEmpty {
                bodyStart = line.next
                finishField()
                appendGarbageNote(garbage, to: &notes)
                return Result(header: HeaderBlock(fields: fields), bodyStart: bodyStart, notes: notes)
            }
            if ASCII.isWSP(bytes[line.start]) {
                if name != nil {
                    value.append(contentsOf: bytes[line.start..<line.contentEnd])
                } else {
                    garbage += 1
                }
                i = line.next
                continue
            }
            if let colon = fieldNameEnd(bytes, line: line) {
                finishField()
                var nameEnd = colon
                while nameEnd > line.start, ASCII.isWSP(bytes[nameEnd - 1]) { nameEnd -= 1 }
                name = ASCII.string(bytes[line.start..<nameEnd])
                var valueStart = colon + 1
                while valueStart < line.contentEnd, ASCII.isWSP(bytes[valueStart]) { valueStart += 1 }
                value = Array(bytes[valueStart..<line.contentEnd])
                i = line.next
                continue
            }
            if fields.isEmpty, name == nil, ASCII.hasPrefix(bytes, at: line.start, end: line.contentEnd, lowercased: Array("from ".utf8)) {
                notes.append(ParseNote(code: "mbox-from-line", detail: "a leading mbox separator line was skipped"))
                i = line.next
                continue
            }
            // A line that is no field: garbage inside the header if a field follows, else the body.
            if line.next < end {
                let following = Line.read(bytes, from: line.next, end: end)
                if !following.isEmpty, fieldNameEnd(bytes, line: following) != nil || ASCII.isWSP(bytes[following.start]) {
                    finishField()
                    garbage += 1
                    i = line.next
                    continue
                }
            }
            finishField()
            notes.append(ParseNote(code: "missing-header-separator", detail: "the body starts without a blank line after the header"))
            bodyStart = line.start
            appendGarbageNote(garbage, to: &notes)
            return Result(header: HeaderBlock(fields: fields), bodyStart: bodyStart, notes: notes)
        }
        finishField()
        appendGarbageNote(garbage, to: &notes)
        return Result(header: HeaderBlock(fields: fields), bodyStart: end, notes: notes)
    }

    private static func appendGarbageNote(_ count: Int, to notes: inout [ParseNote]) {
        if count > 0 {
            notes.append(ParseNote(code: "garbage-header-line", detail: "\(count) header line(s) that are no field were skipped"))
        }
    }

    /// The index of the colon that ends a field name, or nil if the line does not start a field.
    ///
    /// A name is printable ASCII other than the colon (RFC 5322 ftext); blanks may stand between the
    /// name and the colon (obs-optional), but not inside the name.
    static func fieldNameEnd(_ bytes: [UInt8], line: Line) -> Int? {
        var i = line.start
        while i < line.contentEnd, bytes[i] > 0x20, bytes[i] < 0x7F, bytes[i] != ASCII.colon { i += 1 }
        guard i > line.start else { return nil }
        while i < line.contentEnd, ASCII.isWSP(bytes[i]) { i += 1 }
        guard i < line.contentEnd, bytes[i] == ASCII.colon else {
            return nil
        }
        return i
    }
}
