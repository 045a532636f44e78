import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a secret is read from: a systemd credential or a file named by a `*_file` key.
///
/// A bare name (no `/`) is first looked up in `$CREDENTIALS_DIRECTORY` (systemd's
/// `LoadCredential=`); otherwise a relative path resolves against the configuration file's
/// directory.
package struct SecretReference: Sendable, Hashable {
    /// The key that named it, e.g. `secrets.master_key_file`.
    package var keyPath: String
    /// The file that holds the secret.
    package var path: String
    /// Whether it came from systemd's credentials directory.
    package var isCredential: Bool

    /// Resolves a configured name.
    package static func resolve(
        _ configured: String, keyPath: String, configDirectory: String, credentialsDirectory: String?
    ) -> SecretReference {
        if let credentialsDirectory, !credentialsDirectory.isEmpty, !configured.contains("/") {
            let candidate = (credentialsDirectory as NSString).appendingPathComponent(configured)
            if FileManager.default.fileExists(atPath: candidate) {
                return SecretReference(keyPath: keyPath, path: candidate, isCredential: true)
            }
        }
        return SecretReference(keyPath: keyPath, path: resolvePath(configured, against: configDirectory), isCredential: false)
    }

    /// Why a secret file cannot be used.
    package struct Problem: Error, Sendable, Equatable {
        package var message: String
        package var fix: String
    }

    /// Reads the secret after checking that it is a regular file that only its owner can read or write.
    ///
    /// The trailing line break most editors add is removed.
    package func read() throws(Problem) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let reason = errno == ENOENT ? "does not exist" : "cannot be examined (\(String(cString: strerror(errno))))"
            throw Problem(
                message: "the file \(path) \(reason)",
                fix: isCredential ? "check LoadCredential= in the unit" : "create it (mode 600, owned by the ticketd user) or correct the path; relative paths count from the configuration file's directory"
            )
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw Problem(message: "\(path) is a directory, not a file", fix: "name the file inside it that holds the secret")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw Problem(message: "\(path) is not a regular file", fix: "name a regular file that holds the secret")
        }
        let mode = status.st_mode & 0o777
        // A systemd credential is systemd's to protect: its directory is private to the service,
        // and on tmpfs the file shows 0440 because its access is granted by an ACL for the
        // service's user, not by the group bits (systemd.exec(5), "Credentials").
        if mode & 0o066 != 0, !isCredential {
            throw Problem(
                message: "the file \(path) can be read or written by group or others (mode \(String(mode, radix: 8)))",
                fix: "chmod 600 \(path)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(message: "the file \(path) cannot be read by this user", fix: "chown it to the user ticketd runs as")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(message: "the file \(path) is not UTF-8 text", fix: "write the secret as text")
        }
        var secret = Substring(text)
        while secret.last == "\n" || secret.last == "\r" { secret = secret.dropLast() }
        if secret.isEmpty {
            throw Problem(message: "the file \(path) is empty", fix: "write the secret into it")
        }
        return String(secret)
    }
}

/// An absolute path: `path` itself when absolute, else resolved against `directory`.
func resolvePath(_ path: String, against directory: String) -> String {
    if path.hasPrefix("/") { return (path as NSString).standardizingPath }
    return ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
}
