/// Builds the MIME tree of a message as a flat list of nodes, without recursion.
///
/// Parts are found with an explicit work stack, so neither deep nesting nor many parts can
/// exhaust the call stack; depth and part count are checked as each part is created. Content
/// stays in the original buffer as ranges until a leaf is decoded; only an embedded message
/// that was itself transfer-encoded gets a buffer of its own (smaller than its encoded form).
struct MIMETree {
    /// One part before it becomes a ``MIMEPart``.
    struct Node {
        var header: HeaderBlock
        var contentType: ContentType
        var disposition: String?
        var filename: String?
        var transferEncoding: String
        var depth: Int
        var source: Int
        var content: Range<Int>
        var children: [Int] = []
        var body: [UInt8] = []
        var isAttachment = false
        /// For `message/rfc822`: the buffer and range holding the embedded message.
        var embedded: (source: Int, range: Range<Int>)?
    }

    let limits: MessageLimits
    var sources: [[UInt8]] = []
    var nodes: [Node] = []
    var notes: [ParseNote] = []

    init(limits: MessageLimits) {
        self.limits = limits
    }

    mutating func build(_ bytes: [UInt8]) throws(MessageRejection) {
        sources = [bytes]
        let root = try makeNode(source: 0, range: 0..<bytes.count, depth: 0, defaultType: .textPlain)
        var stack = [root]
        while let index = stack.popLast() {
            let node = nodes[index]
            if node.contentType.type == "multipart" {
                let children = try splitMultipart(index)
                nodes[index].children = children
                stack.append(contentsOf: children.reversed())
            } else if node.contentType.type == "message", ["rfc822", "global"].contains(node.contentType.subtype) {
                var source = node.source
                var range = node.content
                if node.transferEncoding == "base64" || node.transferEncoding == "quoted-printable" {
                    let (decoded, note) = TransferEncoding.decode(sources[source][range], encoding: node.transferEncoding)
                    if let note { addNote(note) }
                    addNote(ParseNote(code: "encoded-message", detail: "an embedded message was \(node.transferEncoding)-encoded"))
                    sources.append(decoded)
                    source = sources.count - 1
                    range = 0..<decoded.count
                }
                nodes[index].embedded = (source, range)
                let child = try makeNode(source: source, range: range, depth: node.depth + 1, defaultType: .textPlain)
                nodes[index].children = [child]
                stack.append(child)
            } else {
                let (decoded, note) = TransferEncoding.decode(sources[node.source][node.content], encoding: node.transferEncoding)
                if let note { addNote(note) }
                nodes[index].body = decoded
            }
        }
    }

    private mutating func addNote(_ note: ParseNote) {
        if !notes.contains(note) { notes.append(note) }
    }

    private mutating func makeNode(source: Int, range: Range<Int>, depth: Int, defaultType: ContentType) throws(MessageRejection) -> Int {
        guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        guard nodes.count < limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
        let parsed = HeaderSectionParser.parse(sources[source], range: range)
        for note in parsed.notes { addNote(note) }
        var fieldNotes: [ParseNote] = []
        let contentType = parsed.header.first("content-type").map {
            ContentType(parsing: $0.undecodedValue, fallback: defaultType, notes: &fieldNotes)
        } ?? defaultType
        let disposition = parsed.header.first("content-disposition").map {
            MIMEParameters(parsing: $0.undecodedValue, notes: &fieldNotes)
        }
        for note in fieldNotes { addNote(note) }
        let filename = (disposition?.parameters["filename"] ?? contentType.parameters["name"])
            .map { $0.trimmingSpace() }
            .flatMap { $0.isEmpty ? nil : $0 }
        let dispositionValue = disposition.flatMap { $0.value.isEmpty ? nil : $0.value }
        let node = Node(
            header: parsed.header,
            contentType: contentType,
            disposition: dispositionValue,
            filename: filename,
            transferEncoding: TransferEncoding.name(from: parsed.header.first("content-transfer-encoding")?.undecodedValue),
            depth: depth,
            source: source,
            content: parsed.bodyStart..<range.upperBound
        )
        nodes.append(node)
        return nodes.count - 1
    }

    /// Creates the children of a multipart node.
    private mutating func splitMultipart(_ index: Int) throws(MessageRejection) -> [Int] {
        let node = nodes[index]
        let childDefault: ContentType = node.contentType.subtype == "digest" ? .messageRFC822 : .textPlain
        let boundary = node.contentType.parameters["boundary"].map { Array($0.utf8) } ?? []
        var result = MultipartSplitter.Result()
        if !boundary.isEmpty {
            result = try MultipartSplitter.split(sources[node.source], range: node.content, boundary: boundary,
                                                 partBudget: limits.maxParts - nodes.count, limit: limits.maxParts)
        }
        guard result.foundDelimiter else {
            // Without a usable boundary the content is still worth reading: keep it as one text part.
            addNote(ParseNote(code: boundary.isEmpty ? "missing-boundary" : "boundary-not-found",
                              detail: "a multipart body without delimiters was read as one text/plain part"))
            guard node.depth + 1 <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
            guard nodes.count < limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
            nodes.append(Node(header: HeaderBlock(), contentType: .textPlain, disposition: nil, filename: nil,
                              transferEncoding: "7bit", depth: node.depth + 1, source: node.source, content: node.content))
            return [nodes.count - 1]
        }
        if !result.closed {
            addNote(ParseNote(code: "missing-closing-boundary", detail: "the last part of a multipart runs to the end of its body"))
        }
        var children: [Int] = []
        children.reserveCapacity(result.parts.count)
        for range in result.parts {
            children.append(try makeNode(source: node.source, range: range, depth: node.depth + 1, defaultType: childDefault))
        }
        return children
    }

    /// Turns the flat nodes into the ``MIMEPart`` tree. Children always come after their parent in
    /// `nodes`, so one pass from the back builds every subtree before it is needed.
    func assemble() -> MIMEPart {
        var built = [MIMEPart?](repeating: nil, count: nodes.count)
        for index in nodes.indices.reversed() {
            let node = nodes[index]
            var children: [MIMEPart] = []
            children.reserveCapacity(node.children.count)
            for child in node.children {
                if let part = built[child] { children.append(part) }
                built[child] = nil
            }
            built[index] = MIMEPart(header: node.header, contentType: node.contentType, disposition: node.disposition,
                                    filename: node.filename, transferEncoding: node.transferEncoding, children: children,
                                    body: node.body, isAttachment: node.isAttachment)
        }
        return built.first.flatMap { $0 } ?? MIMEPart(header: HeaderBlock(), contentType: .textPlain, disposition: nil,
                                                     filename: nil, transferEncoding: "7bit", children: [], body: [],
                                                     isAttachment: false)
    }
}
