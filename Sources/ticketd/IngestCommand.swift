import ArgumentParser
import Foundation
import TicketAPI
import TicketDaemon

/// `ticketd ingest PATH...`.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take in .eml files, directories of them, or Maildirs, as if they had been fetched.",
        discussion: "Each mail becomes one ticket or one quarantine entry; a mail taken in before is recognised and skipped."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Mail files, directories or Maildirs.") var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one mail file, directory or Maildir") }
    }

    func run() throws {
        if let daemon = Terminal.daemon(options) { return try send(to: daemon) }
        let runtime = try Terminal.runtime(options)
        let summary: IngestSummary
        do {
            summary = try MailIngest.run(runtime, paths: paths) { Terminal.printError($0) }
        } catch {
            throw Terminal.fail(error.description)
        }
        Terminal.print(summary.line)
        if summary.failed > 0 { throw ExitCode.failure }
    }

    /// Through the daemon: the files are read here, as the caller, and sent one mail per request;
    /// the daemon takes each in as `ingest` would and answers its counts, which are summed.
    func send(to daemon: StaffClient) throws {
        let started = Date()
        var summary = IngestSummary()
        // Until the daemon names its max_message_size (in a 413), a mail is read up to 64 MiB.
        var limit = 64 << 20
        let files = MailSource.files(paths) { problem in
            summary.failed += 1
            Terminal.printError("ingest: \(problem)")
        }
        for file in files {
            guard var (bytes, truncated) = MailSource.read(file, limit: limit) else {
                summary.failed += 1
                Terminal.printError("ingest: cannot read \(file): check its permissions")
                continue
            }
            var reply: StaffClient.Reply
            do {
                reply = try daemon.send(.upload("/v1/ingest" + (truncated ? "?truncated=true" : ""), bytes, contentType: "message/rfc822"))
                if reply.status == 413, let told = (try? Terminal.object(reply))?["limit"] as? Int, told < bytes.count {
                    // Too large for the daemon: its head goes again, to be kept as oversize like a fetched one.
                    limit = told
                    (bytes, truncated) = (Array(bytes.prefix(told)), true)
                    reply = try daemon.send(.upload("/v1/ingest?truncated=true", bytes, contentType: "message/rfc822"))
                }
            } catch { throw Terminal.fail(error.description) }
            let accepted = try Terminal.accept(reply)
            guard let counted = try? JSONDecoder().decode(IngestSummary.self, from: Data(accepted.bytes)) else {
                throw Terminal.fail("the daemon's answer is not the summary this command expects: is the daemon the same version as this command?")
            }
            summary.add(counted)
        }
        summary.seconds = Date().timeIntervalSince(started)
        Terminal.print(summary.line)
        if summary.failed > 0 { throw ExitCode.failure }
    }
}
