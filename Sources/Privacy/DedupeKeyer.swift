public import Foundation
import Crypto

/// Makes the key that recognises a mail taken in before, so that no mail becomes two tickets.
///
/// The key covers the Message-ID and a hash of the body (the bytes after the header section), so
/// a second delivery of the same mail (with other `Received:` lines) is recognised, while a
/// different mail that reuses a Message-ID is not taken for it. A mail without a Message-ID is
/// keyed by its From, Date and Subject headers instead. The whole is an HMAC under a key derived
/// from the master key: the table of keys reveals nothing about the mails.
public struct DedupeKeyer: Sendable {
    private let key: SymmetricKey

    /// Derives the keying material from the master key.
    public init(master: MasterKey) {
        self.key = master.derivedKey(for: "ticketd/dedupe/v1")
    }

    /// The 32-byte key of a raw mail.
    public func key(raw: [UInt8], messageID: String?, fallbackIdentity: String) -> Data {
        var hmac = HMAC<SHA256>(key: key)
        if let messageID, !messageID.isEmpty {
            hmac.update(data: Data("id\u{0}".utf8))
            hmac.update(data: Data(messageID.utf8))
        } else {
            hmac.update(data: Data("synthetic\u{0}".utf8))
            hmac.update(data: Data(fallbackIdentity.utf8))
        }
        hmac.update(data: Data("\u{0}".utf8))
        hmac.update(data: Self.bodyDigest(Self.body(of: raw)))
        // Through the digest's bytes: `Data(_: some Sequence)` casts the digest dynamically first.
        return hmac.finalize().withUnsafeBytes { Data($0) }
    }

    /// SHA-256 of the body with line ends as LF and no trailing line ends: an IMAP fetch (CRLF)
    /// and the server's own Maildir file (often LF) of one mail hash the same.
    static func bodyDigest(_ body: ArraySlice<UInt8>) -> Data {
        var hasher = SHA256()
        var end = body.endIndex
        while end > body.startIndex, body[end - 1] == 10 || body[end - 1] == 13 { end -= 1 }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(65536)
        var index = body.startIndex
        while index < end {
            let byte = body[index]
            if !(byte == 13 && index + 1 < end && body[index + 1] == 10) { chunk.append(byte) }
            if chunk.count == 65536 {
                // By pointer: the generic `update(data:)` casts its argument at run time on every call.
                chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                chunk.removeAll(keepingCapacity: true)
            }
            index += 1
        }
        chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Data($0) }
    }

    /// The bytes after the first empty line (CRLF CRLF or LF LF); the whole when there is none.
    static func body(of raw: [UInt8]) -> ArraySlice<UInt8> {
        var index = 0
        while index < raw.count {
            if raw[index] == 10 {
                if index + 1 < raw.count, raw[index + 1] == 10 { return raw[(index + 2)...] }
                if index + 2 < raw.count, raw[index + 1] == 13, raw[index + 2] == 10 { return raw[(index + 3)...] }
            }
            index += 1
        }
        return raw[...]
    }
}
