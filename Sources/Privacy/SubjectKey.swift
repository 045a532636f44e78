public import Foundation
import Crypto

/// The key that seals one data subject's personal data, and only theirs.
///
/// Destroying the stored (wrapped) form of this key is what erasure means for every copy
/// sealed under it, wherever that copy ended up (crypto-shredding).
public struct SubjectKey: Sendable {
    let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// A fresh random key.
    public static func generate(using generator: inout some RandomNumberGenerator) -> SubjectKey {
        SubjectKey(key: SymmetricKey(data: randomBytes(32, using: &generator)))
    }

    /// The key sealed under the master key, bound to its owner, for storage.
    public func wrapped(
        by master: MasterKey,
        owner: String,
        using generator: inout some RandomNumberGenerator
    ) throws -> Data {
        let raw = key.withUnsafeBytes { Data($0) }
        return try Sealing.seal(raw, under: master.key, context: Self.wrapContext(owner), using: &generator)
    }

    /// Recovers a key from its stored, wrapped form.
    public init(unwrapping wrapped: Data, with master: MasterKey, owner: String) throws(SealingError) {
        let raw = try Sealing.open(wrapped, under: master.key, context: Self.wrapContext(owner))
        guard raw.count == 32 else { throw .malformedKey }
        self.key = SymmetricKey(data: raw)
    }

    private static func wrapContext(_ owner: String) -> SealContext {
        SealContext(record: "key", field: "wrapped", owner: owner)
    }
}

/// Random bytes from the generator the caller passes in (the pure modules read no randomness themselves).
func randomBytes(_ count: Int, using generator: inout some RandomNumberGenerator) -> Data {
    var bytes = Data(capacity: count)
    while bytes.count < count {
        var word = generator.next()
        withUnsafeBytes(of: &word) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
    }
    return bytes
}
