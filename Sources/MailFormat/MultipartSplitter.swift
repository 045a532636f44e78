/// Finds the body parts of a multipart entity by its boundary (RFC 2046 §5.1.1).
///
/// A delimiter is a line that starts with `--` and the exact boundary, followed by nothing but
/// blanks (or by `--` and blanks for the closing delimiter). The line break before a delimiter
/// belongs to the delimiter. The preamble before the first delimiter and the epilogue after the
/// closing one are ignored.
enum MultipartSplitter {
    /// The ranges of the body parts and whether the closing delimiter was seen.
    struct Result {
        var parts: [Range<Int>] = []
        var foundDelimiter = false
        var closed = false
    }

    /// Splits `bytes[range]`; throws `tooManyParts` as soon as more than `partBudget` parts appear.
    static func split(_ bytes: [UInt8], range: Range<Int>, boundary: [UInt8], partBudget: Int, limit: Int) throws(MessageRejection) -> Result {
        var result = Result()
        var current: Int?
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let line = Line.read(bytes, from: i, end: end)
            if let isClose = delimiter(bytes, line: line, boundary: boundary) {
                result.foundDelimiter = true
                if let start = current {
                    var partEnd = line.start
                    if partEnd > start, bytes[partEnd - 1] == ASCII.lf {
                        partEnd -= 1
                        if partEnd > start, bytes[partEnd - 1] == ASCII.cr { partEnd -= 1 }
                    }
                    result.parts.append(start..<partEnd)
                    if result.parts.count > partBudget { throw .tooManyParts(limit: limit) }
                }
                if isClose {
                    result.closed = true
                    return result
                }
                current = line.next
            }
            i = line.next
        }
        if let start = current {
            result.parts.append(start..<end)
            if result.parts.count > partBudget { throw .tooManyParts(limit: limit) }
        }
        return result
    }

    /// nil if the line is no delimiter; otherwise whether it is the closing one.
    private static func delimiter(_ bytes: [UInt8], line: Line, boundary: [UInt8]) -> Bool? {
        let length = line.contentEnd - line.start
        guard length >= 2 + boundary.count, bytes[line.start] == ASCII.hyphen, bytes[line.start + 1] == ASCII.hyphen else {
            return nil
        }
        var k = 0
        while k < boundary.count {
            if bytes[line.start + 2 + k] != boundary[k] { return nil }
            k += 1
        }
        var i = line.start + 2 + boundary.count
        var isClose = false
        if i + 1 < line.contentEnd, bytes[i] == ASCII.hyphen, bytes[i + 1] == ASCII.hyphen {
            isClose = true
            i += 2
        }
        while i < line.contentEnd {
            if !ASCII.isWSP(bytes[i]) { return nil }
            i += 1
        }
        return isClose
    }
}
