/// Decides which parts are the readable body and which are attachments.
///
/// The body is found as Python's `email` package and most mail clients do: depth first, skipping
/// parts marked as attachments, not looking into embedded messages, and following only the root
/// part of a `multipart/related`. A part is an attachment when it is marked so, is an embedded
/// message, carries a file name (and is not the chosen body), or is a non-text leaf that is not an
/// inline resource of an HTML body or the machine-readable half of a report. Embedded messages
/// count as one attachment each (the agent opens them whole); their own parts are marked for
/// whoever walks into them, but not listed again.
struct BodySelection {
    /// The node chosen as the text/plain body.
    var textPart: Int?
    /// The node chosen as the text/html body.
    var htmlPart: Int?
    /// The top-level message's attachments, in document order.
    var attachments: [Attachment] = []

    init(tree: inout MIMETree) {
        var roots = [0]
        var first = true
        while let root = roots.popLast() {
            let text = Self.findBody(in: tree, from: root, subtype: "plain")
            let html = Self.findBody(in: tree, from: root, subtype: "html")
            let found = Self.markAttachments(in: &tree, from: root, body: [text, html].compactMap { $0 })
            if first {
                textPart = text
                htmlPart = html
                attachments = found.map { index in
                    let node = tree.nodes[index]
                    let data: [UInt8]
                    if let embedded = node.embedded {
                        data = Array(tree.sources[embedded.source][embedded.range])
                    } else {
                        data = node.body
                    }
                    return Attachment(filename: node.filename, mimeType: node.contentType.mimeType, data: data)
                }
                first = false
            }
            for index in found where tree.nodes[index].embedded != nil {
                roots.append(contentsOf: tree.nodes[index].children)
            }
        }
    }

    /// The first text part of `subtype` in the main body below `root`.
    private static func findBody(in tree: MIMETree, from root: Int, subtype: String) -> Int? {
        var stack = [root]
        while let index = stack.popLast() {
            let node = tree.nodes[index]
            if node.disposition == "attachment" { continue }
            if node.contentType.type == "text" {
                if node.contentType.subtype == subtype { return index }
                continue
            }
            guard node.contentType.type == "multipart" else { continue }
            if node.contentType.subtype == "related" {
                if let start = relatedRoot(in: tree, index) { stack.append(start) }
            } else {
                stack.append(contentsOf: node.children.reversed())
            }
        }
        return nil
    }

    /// The root part of a multipart/related: the one its `start` parameter names, else the first.
    private static func relatedRoot(in tree: MIMETree, _ index: Int) -> Int? {
        let node = tree.nodes[index]
        if let start = node.contentType.parameters["start"].map(contentID) {
            for child in node.children where tree.nodes[child].header.first("content-id").map({ contentID($0.value) }) == start {
                return child
            }
        }
        return node.children.first
    }

    private static func contentID(_ value: String) -> String {
        value.trimming { $0 == "<" || $0 == ">" || $0.isWhitespace }
    }

    /// Marks the attachments below `root` (not entering embedded messages) and returns them in order.
    private static func markAttachments(in tree: inout MIMETree, from root: Int, body: [Int]) -> [Int] {
        var found: [Int] = []
        var stack: [(index: Int, relatedResource: Bool)] = [(root, false)]
        while let (index, relatedResource) = stack.popLast() {
            let node = tree.nodes[index]
            if node.contentType.type == "multipart" {
                let relatedStart = node.contentType.subtype == "related" ? relatedRoot(in: tree, index) : nil
                for child in node.children.reversed() {
                    stack.append((child, relatedStart != nil && child != relatedStart))
                }
                continue
            }
            if body.contains(index) { continue }
            if isAttachment(node, relatedResource: relatedResource) {
                tree.nodes[index].isAttachment = true
                found.append(index)
            }
        }
        return found
    }

    private static func isAttachment(_ node: MIMETree.Node, relatedResource: Bool) -> Bool {
        if node.disposition == "attachment" || node.embedded != nil || node.filename != nil { return true }
        let type = node.contentType
        if type.type == "text" { return false }
        // The machine-readable halves of bounce and receipt reports belong to the report's body.
        if type.type == "message", ["delivery-status", "disposition-notification", "feedback-report",
                                    "global-delivery-status", "global-disposition-notification", "global-headers"].contains(type.subtype) {
            return false
        }
        // An unnamed image inside multipart/related is part of the HTML body (a logo, a signature).
        if relatedResource { return false }
        return true
    }
}
