import MailTransport

extension Configuration.IMAP {
    /// What an IMAP session needs, with the password read from its file or credential now, so
    /// that a rotated secret counts from the next session on without a restart.
    func sessionSettings() throws(SecretReference.Problem) -> IMAPSettings {
        IMAPSettings(url: url.description, username: username, password: try passwordFile.read(), caFile: caFile)
    }
}
