public import Foundation
import Crypto

/// The hash chain that makes the audit trail tamper-evident.
///
/// Each event's hash covers its own content and the previous event's hash, so changing,
/// removing or reordering any stored event breaks the chain at that event.
public enum AuditChain {
    /// The "previous hash" of the first event.
    public static let genesisHash = Data(repeating: 0, count: 32)

    /// Places a draft in the chain after the event whose hash is `previousHash`.
    public static func seal(
        _ draft: AuditDraft, sequence: Int64, atMilliseconds: Int64, previousHash: Data
    ) -> AuditEvent {
        var event = AuditEvent(
            sequence: sequence, atMilliseconds: atMilliseconds, actor: draft.actor.description,
            action: draft.action, ticketID: draft.ticketID, subject: draft.subject,
            fields: draft.fields, details: draft.details, previousHash: previousHash, hash: Data()
        )
        event.hash = hash(of: event)
        return event
    }

    /// SHA-256 over the canonical form of every field but the hash itself.
    ///
    /// The canonical form is length-prefixed, so no two different events share it
    /// (`"ab","c"` and `"a","bc"` differ).
    public static func hash(of event: AuditEvent) -> Data {
        var canonical = CanonicalWriter()
        canonical.put("ticketd/audit/v1")
        canonical.put(event.sequence)
        canonical.put(event.atMilliseconds)
        canonical.put(event.actor)
        canonical.put(event.action)
        canonical.put(optional: event.ticketID)
        canonical.put(optional: event.subject)
        canonical.put(Int64(event.fields.count))
        for field in event.fields { canonical.put(field) }
        canonical.put(Int64(event.details.count))
        for key in event.details.keys.sorted() {
            canonical.put(key)
            canonical.put(event.details[key]!)
        }
        canonical.put(event.previousHash)
        var hasher = SHA256()
        canonical.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        // Through the bytes: `Data(_: some Sequence)` and `hash(data:)` cast their arguments at run time.
        return hasher.finalize().withUnsafeBytes { Data($0) }
    }
}

/// Walks a chain one event at a time in constant memory and reports the first broken link.
public struct AuditChainVerifier: Sendable {
    private var expectedSequence: Int64 = 1
    private var previousHash = AuditChain.genesisHash
    /// How many events verified so far.
    public private(set) var verifiedCount: Int64 = 0
    /// The hash of the last verified event (the chain's head).
    public var headHash: Data { previousHash }

    /// Starts at the beginning of a chain.
    public init() {}

    /// Checks the next event; returns why it breaks the chain, or nil when it holds.
    public mutating func check(_ event: AuditEvent) -> AuditChainBreak? {
        if event.sequence != expectedSequence {
            return AuditChainBreak(sequence: event.sequence, reason: .sequenceGap(expected: expectedSequence))
        }
        if AuditChain.hash(of: event) != event.hash {
            return AuditChainBreak(sequence: event.sequence, reason: .contentChanged)
        }
        if event.previousHash != previousHash {
            return AuditChainBreak(sequence: event.sequence, reason: .linkBroken)
        }
        previousHash = event.hash
        expectedSequence += 1
        verifiedCount += 1
        return nil
    }
}

/// The first place where an audit chain does not hold.
public struct AuditChainBreak: Sendable, Hashable, Error, CustomStringConvertible {
    /// Why the chain breaks there.
    public enum Reason: Sendable, Hashable {
        /// The event's content does not match its stored hash: it was changed after it was written.
        case contentChanged
        /// The event does not point at the event before it: an event before it was changed, removed or inserted.
        case linkBroken
        /// The sequence numbers are not contiguous: events were removed or renumbered.
        case sequenceGap(expected: Int64)
        /// A stored row could not be read as an event at all.
        case unreadable(String)
    }

    /// The sequence number of the event where the chain breaks.
    public let sequence: Int64
    public let reason: Reason

    /// Names the event and what is wrong with it.
    public init(sequence: Int64, reason: Reason) {
        self.sequence = sequence
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .contentChanged:
            "audit event #\(sequence) was changed after it was written: its content does not match its hash"
        case .linkBroken:
            "audit event #\(sequence) does not follow the event before it: an earlier event was changed, removed or inserted"
        case .sequenceGap(let expected):
            "audit event #\(sequence) stands where #\(expected) was expected: events were removed or renumbered"
        case .unreadable(let why):
            "audit event #\(sequence) cannot be read: \(why)"
        }
    }
}

/// Length-prefixed big-endian encoding, so that concatenated fields stay unambiguous.
struct CanonicalWriter {
    /// Bytes, not `Data`: appending to `Data` goes through its inline/slice representations, which
    /// made the writer half the cost of sealing an event.
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    mutating func put(_ value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ value: Data) {
        put(Int64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func put(_ value: String) {
        put(Int64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func put(optional value: Int64?) {
        if let value { bytes.append(1); put(value) } else { bytes.append(0) }
    }

    mutating func put(optional value: String?) {
        if let value { bytes.append(1); put(value) } else { bytes.append(0) }
    }
}
