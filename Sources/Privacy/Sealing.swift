public import Foundation
import Crypto

/// Authenticated encryption of personal data: AES-256-GCM with the place it belongs bound in.
///
/// The stored form is one version byte (`0x01`), the 12-byte nonce, the ciphertext and the
/// 16-byte tag. The version byte leaves room for a later format without guessing.
public enum Sealing {
    static let formatVersion: UInt8 = 1

    /// Seals `plaintext` under a subject's key for the given place.
    public static func seal(
        _ plaintext: some DataProtocol,
        with key: SubjectKey,
        context: SealContext,
        using generator: inout some RandomNumberGenerator
    ) throws -> Data {
        try seal(plaintext, under: key.key, context: context, using: &generator)
    }

    /// Opens a value sealed with ``seal(_:with:context:using:)``.
    public static func open(_ sealed: Data, with key: SubjectKey, context: SealContext) throws(SealingError) -> Data {
        try open(sealed, under: key.key, context: context)
    }

    static func seal(
        _ plaintext: some DataProtocol,
        under key: SymmetricKey,
        context: SealContext,
        using generator: inout some RandomNumberGenerator
    ) throws -> Data {
        let nonce = try AES.GCM.Nonce(data: randomBytes(12, using: &generator))
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: context.authenticatedData)
        // Version, nonce, ciphertext and tag written once into a buffer of their size: `combined`
        // would be one more copy of a mail that may be 25 MB.
        var out = Data(capacity: 1 + 12 + box.ciphertext.count + box.tag.count)
        out.append(formatVersion)
        box.nonce.withUnsafeBytes { out.append(contentsOf: $0) }
        out.append(box.ciphertext)
        out.append(box.tag)
        return out
    }

    static func open(_ sealed: Data, under key: SymmetricKey, context: SealContext) throws(SealingError) -> Data {
        guard sealed.count >= 1 + 12 + 16, sealed.first == formatVersion else { throw .unknownFormat }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: key, authenticating: context.authenticatedData)
        } catch {
            throw .authenticationFailed
        }
    }
}
