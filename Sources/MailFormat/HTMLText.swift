// Longer than 300 lines on purpose: one tokenizer whose parts (output, markup, tables) share
// private state; split across files, that state would have to be opened to the whole module.

/// Turns the HTML of a mail body into readable plain text.
///
/// A single forward pass over the bytes, like a browser's tokenizer but without a DOM: block
/// elements start lines, `<br>` breaks them, list items get `- ` bullets, quoted blocks get `> `,
/// table rows with two cells become `label: value` lines (so HTML contact forms read as
/// `Name: Erika`), other rows join their cells with ` | `. Script, style, title and the head are
/// dropped, character references decoded, white space collapsed as a browser does. Broken HTML is
/// read as far as it goes; the time is linear in the input, and the output is at most a small
/// multiple of it (nesting that would multiply prefixes or copies is capped).
public enum HTMLText {
    /// The readable text of `html`, lines separated by `\n`, without trailing blanks.
    public static func text(from html: String) -> String {
        var converter = HTMLTextConverter(bytes: Array(html.utf8))
        return converter.run()
    }
}

/// One output buffer: the document, or a table cell being collected.
private struct TextSink {
    var out: [UInt8] = []
    var pendingBreaks = 0
    var pendingSpace = false
    var atLineStart = true
    var bullet: [UInt8] = []

    /// Asks for `count` line breaks before the next visible text (blocks do not add up).
    mutating func requestBreak(_ count: Int) {
        pendingSpace = false
        guard !out.isEmpty else { return }
        pendingBreaks = max(pendingBreaks, count)
    }

    /// A `<br>`: each one counts, up to two blank lines.
    mutating func lineBreak() {
        pendingSpace = false
        pendingBreaks = min(pendingBreaks + 1, 3)
    }

    mutating func space() {
        if !atLineStart || pendingBreaks == 0, !out.isEmpty { pendingSpace = true }
    }

    /// Writes visible bytes, first emitting pending breaks, the line prefix and any bullet.
    mutating func visible(_ bytes: some Collection<UInt8>, prefix: [UInt8]) {
        if pendingBreaks > 0, !out.isEmpty {
            out.append(contentsOf: repeatElement(ASCII.lf, count: pendingBreaks))
            atLineStart = true
            pendingSpace = false
        }
        pendingBreaks = 0
        if atLineStart {
            out.append(contentsOf: prefix)
            out.append(contentsOf: bullet)
            bullet = []
        } else if pendingSpace {
            out.append(ASCII.space)
        }
        pendingSpace = false
        atLineStart = false
        out.append(contentsOf: bytes)
    }

    /// The collected text with trailing blanks and surrounding empty lines removed.
    func finished() -> [UInt8] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in out {
            if byte == ASCII.lf {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(current)
        for index in lines.indices {
            while let last = lines[index].last, last == ASCII.space || last == ASCII.tab { lines[index].removeLast() }
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return Array(lines.joined(separator: [ASCII.lf]))
    }
}

/// The state of one open table.
private struct TableState {
    /// Index of the sink the table's rows are written to.
    var sink: Int
    var cells: [[UInt8]] = []
    var rowOpen = false
    var inCell = false
}

private struct HTMLTextConverter {
    let bytes: [UInt8]
    var i = 0
    var sinks = [TextSink()]
    var tables: [TableState] = []
    var listDepth = 0
    var quoteDepth = 0
    var preDepth = 0
    var headSkipped = false

    /// Tables nested deeper than this are read as plain blocks, so copies of cell text stay bounded.
    static let maxTableDepth = 8
    /// Quote and list nesting beyond this is not shown, so prefixes cannot multiply the output.
    static let maxVisibleNesting = 5

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func run() -> String {
        while i < bytes.count {
            let byte = bytes[i]
            if byte == ASCII.lessThan {
                readMarkup()
            } else if byte == UInt8(ascii: "&") {
                if let (scalar, next) = HTMLEntities.decode(bytes, at: i, end: bytes.count) {
                    if scalar == "\u{A0}" {
                        visible([ASCII.space])
                    } else if scalar.value < 0x80, ASCII.isWhitespace(UInt8(scalar.value)) {
                        whitespace(UInt8(scalar.value))
                    } else {
                        visible(Array(String(scalar).utf8))
                    }
                    i = next
                } else {
                    visible([byte])
                    i += 1
                }
            } else if ASCII.isWhitespace(byte) {
                whitespace(byte)
                i += 1
            } else {
                // Copy a run of ordinary text at once.
                let start = i
                while i < bytes.count, bytes[i] != ASCII.lessThan, bytes[i] != UInt8(ascii: "&"), !ASCII.isWhitespace(bytes[i]) {
                    i += 1
                }
                visible(bytes[start..<i])
            }
        }
        while !tables.isEmpty { closeTable() }
        while sinks.count > 1 { _ = sinks.popLast() }
        return String(decoding: sinks[0].finished(), as: UTF8.self)
    }

    // MARK: Output

    private var prefix: [UInt8] {
        guard sinks.count == 1, quoteDepth > 0 else { return [] }
        return Array(repeating: ASCII.greaterThan, count: min(quoteDepth, Self.maxVisibleNesting)) + [ASCII.space]
    }

    private mutating func visible(_ text: some Collection<UInt8>) {
        let prefix = self.prefix
        sinks[sinks.count - 1].visible(text, prefix: prefix)
    }

    private mutating func whitespace(_ byte: UInt8) {
        if preDepth > 0 {
            if byte == ASCII.lf {
                sinks[sinks.count - 1].lineBreak()
            } else if byte != ASCII.cr {
                visible([ASCII.space])
            }
        } else {
            sinks[sinks.count - 1].space()
        }
    }

    private mutating func requestBreak(_ count: Int) {
        sinks[sinks.count - 1].requestBreak(count)
    }

    // MARK: Markup

    private mutating func readMarkup() {
        let start = i
        guard start + 1 < bytes.count else {
            visible([ASCII.lessThan])
            i += 1
            return
        }
        let next = bytes[start + 1]
        if next == UInt8(ascii: "!") {
            if start + 3 < bytes.count, bytes[start + 2] == ASCII.hyphen, bytes[start + 3] == ASCII.hyphen {
                i = find([ASCII.hyphen, ASCII.hyphen, ASCII.greaterThan], from: start + 4).map { $0 + 3 } ?? bytes.count
            } else {
                i = skipTag(from: start + 2)
            }
            return
        }
        if next == ASCII.question {
            i = skipTag(from: start + 2)
            return
        }
        let isEnd = next == ASCII.slash
        let nameStart = isEnd ? start + 2 : start + 1
        guard nameStart < bytes.count, isLetter(bytes[nameStart]) else {
            visible([ASCII.lessThan])
            i += 1
            return
        }
        var nameEnd = nameStart
        while nameEnd < bytes.count, isNameByte(bytes[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: bytes[nameStart..<nameEnd].map(ASCII.lower), as: UTF8.self)
        i = skipTag(from: nameEnd)
        if isEnd { endTag(name) } else { startTag(name) }
    }

    /// The index after the `>` that ends a tag, honouring quoted attribute values.
    private func skipTag(from start: Int) -> Int {
        var j = start
        var quote: UInt8?
        while j < bytes.count {
            let byte = bytes[j]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == ASCII.quote || byte == ASCII.apostrophe {
                // Only a quote that starts an attribute value opens a quoted section.
                if j > start, bytes[j - 1] == ASCII.equals || ASCII.isWhitespace(bytes[j - 1]) { quote = byte }
            } else if byte == ASCII.greaterThan {
                return j + 1
            }
            j += 1
        }
        return bytes.count
    }

    /// The first index of `needle` (ASCII, compared case-insensitively) at or after `from`.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var j = from
        while j + needle.count <= bytes.count {
            if ASCII.lower(bytes[j]) == first, ASCII.hasPrefix(bytes, at: j, end: bytes.count, lowercased: needle) { return j }
            j += 1
        }
        return nil
    }

    private func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (0x30...0x39).contains(byte) || byte == ASCII.hyphen || byte == ASCII.colon
    }

    private mutating func startTag(_ name: String) {
        switch name {
        case "script", "style", "title", "xml", "template", "svg":
            // Raw content up to the matching end tag; unclosed, it runs to the end like in a browser.
            if let close = find(Array("</\(name)".utf8), from: i) {
                i = skipTag(from: close + 2 + name.utf8.count)
            } else {
                i = bytes.count
            }
        case "head":
            guard !headSkipped else { return }
            headSkipped = true
            var j = i
            while j < bytes.count {
                if bytes[j] == ASCII.lessThan,
                   ASCII.hasPrefix(bytes, at: j, end: bytes.count, lowercased: Array("</head".utf8))
                    || ASCII.hasPrefix(bytes, at: j, end: bytes.count, lowercased: Array("<body".utf8)) {
                    i = j
                    return
                }
                j += 1
            }
        case "br":
            sinks[sinks.count - 1].lineBreak()
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dl":
            requestBreak(2)
            if name == "pre" { preDepth += 1 }
        case "blockquote":
            requestBreak(2)
            quoteDepth += 1
        case "ul", "ol":
            requestBreak(listDepth == 0 ? 2 : 1)
            listDepth += 1
        case "li":
            requestBreak(1)
            let indent = max(0, min(listDepth, Self.maxVisibleNesting) - 1) * 2
            sinks[sinks.count - 1].bullet = Array(repeating: ASCII.space, count: indent) + [ASCII.hyphen, ASCII.space]
        case "table":
            if tables.count < Self.maxTableDepth {
                requestBreak(1)
                tables.append(TableState(sink: sinks.count - 1))
            } else {
                requestBreak(1)
            }
        case "tr":
            if !tables.isEmpty, tables.count <= Self.maxTableDepth {
                finishCell()
                finishRow()
                tables[tables.count - 1].rowOpen = true
            } else {
                requestBreak(1)
            }
        case "td", "th":
            if !tables.isEmpty {
                finishCell()
                tables[tables.count - 1].rowOpen = true
                tables[tables.count - 1].inCell = true
                sinks.append(TextSink())
            } else {
                sinks[sinks.count - 1].space()
            }
        case "div", "section", "article", "header", "footer", "nav", "aside", "main", "form", "fieldset", "address",
             "center", "figure", "figcaption", "hr", "caption", "details", "summary", "menu", "dt", "dd", "legend",
             "option", "body", "html", "tbody", "thead", "tfoot":
            requestBreak(1)
        default:
            break
        }
    }

    private mutating func endTag(_ name: String) {
        switch name {
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dl":
            requestBreak(2)
            if name == "pre" { preDepth = max(0, preDepth - 1) }
        case "blockquote":
            requestBreak(2)
            quoteDepth = max(0, quoteDepth - 1)
        case "ul", "ol":
            listDepth = max(0, listDepth - 1)
            requestBreak(listDepth == 0 ? 2 : 1)
        case "td", "th":
            finishCell()
        case "tr":
            finishCell()
            finishRow()
        case "table":
            if !tables.isEmpty { closeTable() } else { requestBreak(1) }
        case "br":
            // Browsers read a stray </br> as <br>.
            sinks[sinks.count - 1].lineBreak()
        case "li", "div", "section", "article", "header", "footer", "nav", "aside", "main", "form", "fieldset",
             "address", "center", "figure", "figcaption", "caption", "details", "summary", "menu", "dt", "dd", "legend":
            requestBreak(1)
        default:
            break
        }
    }

    // MARK: Tables

    private mutating func finishCell() {
        guard let table = tables.last, table.inCell, sinks.count - 1 > table.sink else { return }
        // Close any sinks a broken inner structure left open, down to this table's cell.
        var cell = TextSink()
        while sinks.count - 1 > table.sink, let sink = sinks.popLast() { cell = sink }
        tables[tables.count - 1].cells.append(cell.finished())
        tables[tables.count - 1].inCell = false
    }

    private mutating func finishRow() {
        guard let table = tables.last, table.rowOpen else { return }
        tables[tables.count - 1].rowOpen = false
        tables[tables.count - 1].cells = []
        let cells = table.cells.filter { !$0.isEmpty }
        guard !cells.isEmpty else { return }
        var line: [UInt8]
        if table.cells.count == 2, cells.count == 2 {
            line = cells[0]
            if line.last != ASCII.colon { line.append(ASCII.colon) }
            line.append(ASCII.space)
            line.append(contentsOf: cells[1])
        } else {
            line = Array(cells.joined(separator: Array(" | ".utf8)))
        }
        requestBreak(1)
        // Multi-line cells keep their lines; each gets the quote prefix when written to the document.
        var first = true
        for piece in line.split(separator: ASCII.lf, omittingEmptySubsequences: false) {
            if !first { sinks[sinks.count - 1].lineBreak() }
            first = false
            if !piece.isEmpty { visible(piece) }
        }
        requestBreak(1)
    }

    private mutating func closeTable() {
        finishCell()
        finishRow()
        _ = tables.popLast()
        requestBreak(1)
    }
}
