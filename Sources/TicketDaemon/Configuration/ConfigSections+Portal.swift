import Foundation
import Tickets

extension Configuration {
    /// `[portal]`: each person's own area on the web (issue 18), on a TLS listener of its own or on
    /// a Unix socket behind a reverse proxy that terminates TLS.
    package struct Portal: Sendable, Equatable {
        /// Where the pages are served.
        package enum Listener: Sendable, Equatable {
            case tls(TLSListener)
            /// A Unix socket (0660, the service user's group) for a reverse proxy on this machine.
            case socket(String)
        }

        package var listener: Listener
        /// The address people reach the portal at (`https://privacy.example.com`, no trailing
        /// slash): the sign-in mail's link begins with it.
        package var publicURL: String
        /// A session ends after this long without a request (`session_idle`, 30 minutes by default).
        package var sessionIdle: Int
        /// A sign-in link and its code count this long (`link_valid`, 15 minutes by default).
        package var linkValid: Int
        /// Sign-in mails one address may ask for within an hour (`mails_per_address`, 5 by default).
        package var mailsPerAddress: Int
        /// Sign-in attempts (mails asked for, links followed, codes typed) one client may make
        /// within ten minutes (`attempts_per_client`, 60 by default).
        package var attemptsPerClient: Int = 60

        /// The ranges, in seconds and counts, each with why.
        package static let sessionIdleRange = 60...(12 * 3_600)
        package static let linkValidRange = 60...3_600
        package static let mailsPerAddressRange = 1...50
        package static let attemptsPerClientRange = 1...100_000
    }
}

extension ConfigSections {
    /// `[portal]`, when present: one listener (listen with its certificate and key, or socket),
    /// an https public URL, and the times.
    func portal(_ root: TableReader) -> Configuration.Portal? {
        guard let table = root.table("portal") else { return nil }
        defer { table.finish() }
        let listener: Configuration.Portal.Listener
        if let socket = table.string("socket", example: "\"/run/ticketd/portal.sock\"") {
            if table.has("listen") {
                table.invalid("socket", "both socket and listen are set; the portal has one listener",
                              fix: "keep listen (with certificate_file and key_file) to serve TLS itself, or socket for a reverse proxy")
                return nil
            }
            let path = resolvePath(socket, against: directory)
            guard path.utf8.count < 108 else {
                table.invalid("socket", "the path is \(path.utf8.count) bytes long; a Unix socket's path must be shorter than 108",
                              fix: "choose a shorter path, e.g. socket = \"/run/ticketd/portal.sock\"")
                return nil
            }
            listener = .socket(path)
        } else if table.has("listen") {
            guard let tls = tlsListener(table, files: "portal") else { return nil }
            listener = .tls(tls)
        } else {
            table.invalid("listen", "[portal] needs a listener",
                          fix: "set listen = \"127.0.0.1:8444\" with certificate_file and key_file, or socket = \"/run/ticketd/portal.sock\" behind a reverse proxy")
            return nil
        }
        guard let publicURL = table.string("public_url", required: true, example: "\"https://privacy.example.com\"") else { return nil }
        guard let url = URL(string: publicURL), url.scheme == "https", let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil, url.user == nil else {
            table.invalid("public_url", "'\(publicURL)' is not an https address without query, fragment or user",
                          fix: "write the address people open, e.g. public_url = \"https://privacy.example.com\": the sign-in link starts with it, and its cookies are Secure")
            return nil
        }
        let idle = seconds(table, "session_idle", default: "PT30M", range: Configuration.Portal.sessionIdleRange,
                           why: "a session left open on a shared computer should not outlive the person's visit")
        let valid = seconds(table, "link_valid", default: "PT15M", range: Configuration.Portal.linkValidRange,
                            why: "a link in a mailbox is a key to the person's data; it should be used soon or not at all")
        let mails = integer(table, "mails_per_address", in: Configuration.Portal.mailsPerAddressRange, default: 5,
                            why: "each sign-in mail goes to whatever address is typed in; the limit keeps the portal from mailing anyone over and over")
        let attempts = integer(table, "attempts_per_client", in: Configuration.Portal.attemptsPerClientRange, default: 60,
                               why: "one client trying many addresses or codes is guessing; a person needs a handful of tries, an office behind one address more")
        guard let idle, let valid, let mails, let attempts else { return nil }
        let trimmed = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        return Configuration.Portal(listener: listener, publicURL: trimmed, sessionIdle: idle, linkValid: valid, mailsPerAddress: mails,
                                    attemptsPerClient: attempts)
    }

    /// A fixed ISO 8601 duration in whole seconds within `range`; the default when absent.
    func seconds(_ table: TableReader, _ key: String, default fallback: String, range: ClosedRange<Int>, why: String) -> Int? {
        guard table.has(key) else { return (try? ISO8601Duration(parsing: fallback))?.fixedSeconds }
        guard let duration = duration(table, key, default: fallback, mustBeFixed: true, allowZero: false), let seconds = duration.fixedSeconds else { return nil }
        guard range.contains(seconds) else {
            table.invalid(key, "is \(seconds) s; it must be from \(range.lowerBound) s to \(range.upperBound) s", fix: "\(why); write e.g. \(key) = \"\(fallback)\"")
            return nil
        }
        return seconds
    }
}
