public import Foundation
import Crypto

/// The key that wraps every subject key and from which the lookup keys are derived.
///
/// It lives outside the database (a file or a systemd credential holding the base64 of 32 random
/// bytes), so a copy of the database alone reveals no personal data.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    /// Why a master key was refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notBase64
        case wrongLength(bytes: Int)

        public var description: String {
            switch self {
            case .notBase64:
                "it is not valid base64"
            case .wrongLength(let bytes):
                "it decodes to \(bytes) bytes, but a master key is exactly 32 bytes"
            }
        }
    }

    /// Reads a master key from the base64 text of a key file; surrounding white space is ignored.
    public init(base64 text: String) throws(Problem) {
        let trimmed = text.filter { !$0.isWhitespace }
        guard !trimmed.isEmpty, let bytes = Data(base64Encoded: trimmed) else { throw .notBase64 }
        try self.init(bytes: bytes)
    }

    /// Makes a master key from exactly 32 raw bytes.
    public init(bytes: Data) throws(Problem) {
        guard bytes.count == 32 else { throw .wrongLength(bytes: bytes.count) }
        self.key = SymmetricKey(data: bytes)
    }

    /// A short, non-secret identifier of this key (16 hex digits).
    ///
    /// The database records it when it is created, so that starting ticketd with the wrong key
    /// file fails at once with a clear message instead of failing later on every sealed row.
    public var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("ticketd/master-key-fingerprint/v1".utf8), using: key)
        return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A key for one purpose, derived with HKDF-SHA256 so that no two purposes share key material.
    func derivedKey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key,
            salt: Data("ticketd".utf8),
            info: Data(purpose.utf8),
            outputByteCount: 32
        )
    }
}
