import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import TicketAPI

/// The connection guard in a pipeline of its own, on an event loop whose clock the test moves:
/// the cap on connections, and the deadline that trickled bytes do not move.
@Suite("Staff API: the connection guard")
struct ConnectionGuardTests {
    static let request = HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: "ticketd", path: "/v1/tickets/1/close"))
    static let answer = HTTPResponsePart.head(HTTPResponse(status: .ok))

    func listener(connections: Int = 2, timeout: Duration = .seconds(2)) -> ConnectionGuard.Listener {
        ConnectionGuard.Listener(name: "test", maxConnections: connections, requestTimeout: timeout, logger: Logger(label: "test"))
    }

    /// A connection with the guard, accepted (active).
    func connection(_ listener: ConnectionGuard.Listener) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ConnectionGuard(listener))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    @Test("beyond the limit a connection is closed on arrival; a place given back is taken again")
    func cap() throws {
        let shared = listener(connections: 2)
        let first = try connection(shared), second = try connection(shared)
        #expect(first.isActive && second.isActive && shared.openConnections == 2)
        let third = try connection(shared)
        #expect(!third.isActive, "the third of two places must be closed at once")
        #expect(shared.openConnections == 2)
        try first.close().wait()
        #expect(shared.openConnections == 1)
        let fourth = try connection(shared)
        #expect(fourth.isActive && shared.openConnections == 2)
        _ = try second.finish()
        _ = try fourth.finish()
        #expect(shared.openConnections == 0)
    }

    @Test("no request within the timeout: closed; just within it: open")
    func nothingSent() throws {
        let channel = try connection(listener())
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1_999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test("a body trickled part by part does not move the deadline")
    func trickledBody() throws {
        let channel = try connection(listener())
        try channel.writeInbound(Self.request)
        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "x")))
        }
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive, "2 s after the start the request must be whole")
    }

    @Test("a request that arrived whole is not cut off while processed; the next one's time starts at the answer's end")
    func processing() throws {
        let channel = try connection(listener())
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1_500))
        try channel.writeInbound(Self.request)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive, "a slow use case must not cost the answer")
        try channel.writeOutbound(Self.answer)
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1_999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test("pipelined: a second request that arrived whole during the first answer runs no clock")
    func pipelined() throws {
        let channel = try connection(listener())
        for _ in 0..<2 {
            try channel.writeInbound(Self.request)
            try channel.writeInbound(HTTPRequestPart.end(nil))
        }
        try channel.writeOutbound(Self.answer)
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(channel.isActive, "the second request is being processed")
        try channel.writeOutbound(Self.answer)
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test("an answer being written when the deadline passes is finished, then the connection closes")
    func answerFinished() throws {
        let channel = try connection(listener())
        try channel.writeInbound(Self.request)
        try channel.writeOutbound(Self.answer)
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(channel.isActive, "half an answer must not be cut off")
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "{}")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(!channel.isActive)
        var parts: [HTTPResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
        #expect(parts.last == .end(nil) && parts.count == 3, "\(parts)")
    }

    @Test("refusals are logged at most once a second, each line counting those since the last")
    func refusalLog() {
        var log = ConnectionGuard.RefusalLog()
        let start = ContinuousClock.now
        #expect(log.note(at: start) == 1)
        #expect(log.note(at: start + .milliseconds(300)) == nil)
        #expect(log.note(at: start + .milliseconds(999)) == nil)
        #expect(log.note(at: start + .seconds(1)) == 3)
        #expect(log.note(at: start + .seconds(5)) == 1)
    }
}
