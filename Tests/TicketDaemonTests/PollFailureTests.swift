import Foundation
import TestSupport
import Testing
@testable import TicketDaemon

/// The causes that were `PollFailure.other(String)`: each a case of its own that names the key
/// and the fix, with the same text and the same class in `ticketd status` as before.
@Suite("Poll failures name their cause")
struct PollFailureTests {
    @Test("an unreadable imap.password_file fails the poll as secretUnreadable, before anything connects")
    func imapSecret() throws {
        let fixture = try UseCaseFixture()
        try FileManager.default.removeItem(atPath: fixture.configuration.directory.file("imap.password"))
        let failure: PollFailure?
        do { _ = try ServeSteps.poll(fixture.runtime, shouldStop: { false }); failure = nil } catch { failure = error }
        guard case .secretUnreadable(let key, let problem)? = failure else {
            Issue.record("expected secretUnreadable, got \(String(describing: failure))")
            return
        }
        #expect(key == "imap.password_file" && !problem.fix.isEmpty)
        let text = failure?.description ?? ""
        #expect(text.hasPrefix("imap.password_file: ") && text.contains("does not exist") && text.contains(". Fix: "))
        #expect(failure?.failureClass == "other")
    }

    @Test("an unreadable smtp.password_file fails the outbox pass as secretUnreadable")
    func smtpSecret() throws {
        let fixture = try UseCaseFixture()
        try FileManager.default.removeItem(atPath: fixture.configuration.directory.file("smtp.password"))
        let smtp = try #require(fixture.runtime.configuration.smtp)
        let failure: PollFailure?
        do { _ = try ServeSteps.sendOutbox(fixture.runtime, smtp: smtp, shouldStop: { false }); failure = nil } catch { failure = error }
        guard case .secretUnreadable(let key, _)? = failure else {
            Issue.record("expected secretUnreadable, got \(String(describing: failure))")
            return
        }
        #expect(key == "smtp.password_file")
        #expect(failure?.description.hasPrefix("smtp.password_file: ") == true)
    }
}
