import Foundation
import TestSupport
import Testing
@testable import TicketDaemon

/// `[limits] ingest_batch` and `ingest_batch_wait_ms`, and the batch that gathers mails for one
/// transaction: full by count or by bytes, due after its wait.
@Suite("Group commit: the batch limits and their configuration")
struct IngestBatchTests {
    static func limits(batch: Int, waitMilliseconds: Int) -> Configuration.Limits {
        var limits = Configuration.Limits.standard
        limits.ingestBatch = batch
        limits.ingestBatchWaitMilliseconds = waitMilliseconds
        return limits
    }

    static func mail(bytes: Int) -> PendingMail {
        PendingMail(bytes: [UInt8](repeating: 0x41, count: bytes), truncated: false, position: nil)
    }

    @Test("the example's [limits] gives 100 mails and 200 ms; both keys are read; out of range or of the wrong type, each is named with its fix")
    func configuration() throws {
        let checks = ConfigurationTests()
        let example = try #require(checks.check(ConfigFixture()).configuration)
        #expect(example.limits.ingestBatch == 100 && example.limits.ingestBatchWaitMilliseconds == 200)

        let set = ConfigFixture { replacingFirst($0, "ingest_batch = 100", "ingest_batch = 7") }
        #expect(checks.check(set).configuration?.limits.ingestBatch == 7)
        checks.expectError(checks.check(ConfigFixture { replacingFirst($0, "ingest_batch = 100", "ingest_batch = 0") }),
                           key: "limits.ingest_batch", containing: ["from 1 to 10000"])
        checks.expectError(checks.check(ConfigFixture { replacingFirst($0, "ingest_batch_wait_ms = 200", "ingest_batch_wait_ms = \"200 ms\"") }),
                           key: "limits.ingest_batch_wait_ms", containing: ["integer"])
        checks.expectError(checks.check(ConfigFixture { replacingFirst($0, "ingest_batch_wait_ms = 200", "ingest_batch_wait_ms = 600000") }),
                           key: "limits.ingest_batch_wait_ms", containing: ["from 0 to 60000"])
    }

    @Test("a batch is full at its count, or at 64 MiB of raw mail whatever its count; taking it empties it")
    func fullness() {
        var batch = IngestBatch(Self.limits(batch: 3, waitMilliseconds: 60_000))
        #expect(batch.isEmpty && !batch.isDue && batch.deadline == nil)
        batch.append(Self.mail(bytes: 10))
        batch.append(Self.mail(bytes: 10))
        #expect(!batch.isFull && !batch.isDue)
        batch.append(Self.mail(bytes: 10))
        #expect(batch.isFull && batch.isDue)
        #expect(batch.take().count == 3)
        #expect(batch.isEmpty && !batch.isFull && batch.deadline == nil)

        // Two mails of 40 MiB: the second fills the byte budget long before the count.
        var large = IngestBatch(Self.limits(batch: 100, waitMilliseconds: 60_000))
        large.append(Self.mail(bytes: 40 << 20))
        #expect(!large.isFull)
        large.append(Self.mail(bytes: 40 << 20))
        #expect(large.isFull)
    }

    @Test("a batch that is not full is due once its first mail has waited ingest_batch_wait_ms; its deadline says when")
    func wait() throws {
        var batch = IngestBatch(Self.limits(batch: 100, waitMilliseconds: 150))
        let before = Date()
        batch.append(Self.mail(bytes: 10))
        let deadline = try #require(batch.deadline)
        let after = Date()
        // 150 ms after the first mail was added, whenever between `before` and `after` that was.
        #expect(deadline >= before.addingTimeInterval(0.149) && deadline <= after.addingTimeInterval(0.151), "\(deadline) vs \(before)...\(after)")
        #expect(waitFor(5) { batch.isDue }, "not due after its wait")

        var immediate = IngestBatch(Self.limits(batch: 100, waitMilliseconds: 0))
        immediate.append(Self.mail(bytes: 10))
        #expect(immediate.isDue)
    }
}

/// The header section an over-size mail is recognised by: only it is parsed.
@Suite("An over-size mail's header section")
struct HeaderSectionTests {
    @Test("the header section ends at the first blank line, CR LF or LF; without one it is the whole mail")
    func headerSection() {
        let crlf = Array("From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n\r\nmore".utf8)
        #expect(MailIngest.headerSection(crlf) == Array("From: a@example.org\r\nSubject: x\r\n\r\n".utf8))
        let lf = Array("From: a@example.org\nSubject: x\n\nbody".utf8)
        #expect(MailIngest.headerSection(lf) == Array("From: a@example.org\nSubject: x\n\n".utf8))
        let cut = Array("From: a@example.org\r\nSubject: a header cut off by the lim".utf8)
        #expect(MailIngest.headerSection(cut) == cut)
        #expect(MailIngest.headerSection([]) == [])
    }
}
