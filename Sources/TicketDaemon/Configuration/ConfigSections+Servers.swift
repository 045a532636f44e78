import Foundation
import MailFormat
import Privacy
import Tickets
#if canImport(Glibc)
import Glibc
#endif

/// `[imap]` and `[smtp]`: server URLs, CA files, mailbox names.
extension ConfigSections {
    // MARK: [imap] and [smtp]

    func imap(_ root: TableReader) -> Configuration.IMAP? {
        guard let table = root.table("imap") else {
            root.warn("imap", "there is no [imap] section, so `ticketd serve` has no mailbox to poll",
                      fix: "add an [imap] section unless this installation only ingests files")
            return nil
        }
        defer { table.finish() }
        let url = serverURL(table, for: .imap)
        let username = table.string("username", required: true, example: "\"support@example.com\"")
        let password = checkedSecret(table, "password_file", example: "\"imap.password\"")
        let caFile = caFile(table)
        let mailbox = mailboxName(table, "mailbox", default: "INBOX")
        let processed = mailboxName(table, "processed_mailbox", default: "Processed")
        if let mailbox, let processed, mailbox == processed {
            table.invalid("processed_mailbox", "is the same mailbox as imap.mailbox",
                          fix: "name a separate mailbox, e.g. processed_mailbox = \"Processed\"; ticketd moves mail there after it is committed")
        }
        let purge = duration(table, "purge_processed_after", default: "P7D", mustBeFixed: false, allowZero: true)
        let poll = duration(table, "poll_interval", default: "PT30S", mustBeFixed: true, allowZero: false)
        if let seconds = poll?.fixedSeconds, seconds > 86_400 {
            table.invalid("poll_interval", "is longer than a day", fix: "poll at least daily, e.g. poll_interval = \"PT5M\"")
        }
        guard let url, let username, let password, let caFile, let mailbox, let processed, let purge, let poll else { return nil }
        return Configuration.IMAP(
            url: url, username: username, passwordFile: password, caFile: caFile.path, mailbox: mailbox,
            processedMailbox: processed, purgeProcessedAfter: purge, pollInterval: poll
        )
    }

    func smtp(_ root: TableReader) -> Configuration.SMTP? {
        guard let table = root.table("smtp") else {
            root.warn("smtp", "there is no [smtp] section, so no mail can be sent (assignments, forwards, replies)",
                      fix: "add an [smtp] section unless this installation only reads mail")
            return nil
        }
        defer { table.finish() }
        let url = serverURL(table, for: .smtp)
        let username = table.string("username", required: true, example: "\"support@example.com\"")
        let password = checkedSecret(table, "password_file", example: "\"smtp.password\"")
        let caFile = caFile(table)
        var from: Mailbox?
        if let text = table.string("from", required: true, example: "\"Support <support@example.com>\"") {
            do { from = try Mailbox(parsing: text) } catch {
                table.invalid("from", "is not a usable sender: \(error)", fix: "write it as from = \"Support <support@example.com>\"")
            }
        }
        let replyDomain = domain(table, "reply_domain", required: true, example: "\"example.com\"")
        guard let url, let username, let password, let caFile, let from, let replyDomain else { return nil }
        return Configuration.SMTP(url: url, username: username, passwordFile: password, caFile: caFile.path, from: from, replyDomain: replyDomain)
    }

    func serverURL(_ table: TableReader, for service: ServerURL.Service) -> ServerURL? {
        let example = service == .imap ? "\"imaps://mail.example.com:993\"" : "\"smtps://mail.example.com:465\""
        guard let text = table.string("url", required: true, example: example) else { return nil }
        do {
            return try ServerURL(parsing: text, for: service)
        } catch {
            table.invalid("url", error.message, fix: error.fix)
            return nil
        }
    }

    /// An optional CA bundle: empty means the system trust store. The outer optional is nil on error.
    func caFile(_ table: TableReader) -> (path: String?, Void)? {
        guard let configured = table.string("ca_file", example: "\"/etc/ssl/certs/ca-certificates.crt\"") else { return (nil, ()) }
        if configured.isEmpty { return (nil, ()) }
        let path = resolvePath(configured, against: directory)
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            table.invalid("ca_file", "\(path) is not an existing file",
                          fix: "name the PEM file of the CA that signed the server's certificate, or set ca_file = \"\" for the system trust store")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path),
              String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            table.invalid("ca_file", "\(path) holds no PEM certificate", fix: "name a PEM file with at least one -----BEGIN CERTIFICATE----- block")
            return nil
        }
        return (path, ())
    }

    func mailboxName(_ table: TableReader, _ key: String, default fallback: String) -> String? {
        let value = table.has(key) ? table.string(key, required: true, example: "\"\(fallback)\"") : fallback
        guard let value else { return nil }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "*" || $0 == "%" }) {
            table.invalid(key, "contains a character an IMAP mailbox name cannot have (a control character, quote, '*' or '%')",
                          fix: "use a plain mailbox name such as \"\(fallback)\"")
            return nil
        }
        return value
    }
}
