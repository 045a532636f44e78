package import Logging
package import NIOCore
import NIOHTTPTypes
import Synchronization

/// Keeps a listener of the staff API answerable when clients misbehave (issue 17): too many
/// connections, or clients that send their requests too slowly ("slowloris").
///
/// One guard sits in each connection's pipeline, after the HTTP decoder (Hummingbird's
/// `additionalChannelHandlers`), and does two things:
/// - **A cap on open connections.** The listener counts its connections; one beyond
///   `[api] max_connections` is closed as soon as it is accepted, before a byte of it is read, so
///   it gets no HTTP answer at all. Each connection holds a file descriptor and a little memory;
///   without a cap a flood would use up the daemon's descriptors, which the poller and SQLite need
///   too. (Hummingbird's own limit stops accepting instead, which leaves the excess waiting in the
///   kernel's backlog with no sign of why.)
/// - **A deadline for each request.** From the connection's start, or from the end of the
///   previous answer, the next request must arrive whole, head and body, within
///   `[api] request_timeout`; otherwise the connection is closed. A bare idle timeout is reset by
///   every part that arrives, so a client that trickles its body a byte at a time would hold its
///   connection for ever; this deadline does not move. A request that has arrived whole is never
///   cut off while it is processed, and an answer being written is finished before the close.
///
/// Neither log line names the client: its address is personal data, and the limit is the news.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let listener: Listener
    /// Whether this connection holds one of the listener's places (given back exactly once).
    private var admitted = false
    /// The pending deadline, while the connection waits for a request to arrive whole.
    private var deadline: Scheduled<Void>?
    /// Requests that arrived whole, and answers written to their end: while there are more of the
    /// first, a request is being processed and no deadline runs.
    private var requestsRead = 0
    private var responsesWritten = 0
    /// The head of the awaited request has arrived (its body has not ended yet).
    private var headRead = false
    /// An answer's head is written and its end is not.
    private var responding = false
    /// The deadline passed while an answer was being written: close once it ends.
    private var closeAfterResponse = false

    init(_ listener: Listener) {
        self.listener = listener
    }

    // MARK: Admission

    func handlerAdded(context: ChannelHandlerContext) {
        // Hummingbird sets the pipeline up before the channel is active; should it ever be active
        // already, this is the guard's first chance.
        if context.channel.isActive { _ = admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        // A refused connection is closed here, inside channelActive, before the channel asks for
        // its first read; nothing after the guard learns that it was ever open.
        guard admit(context) else { return }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        leave()
    }

    /// Takes a place or closes the connection; true when admitted.
    private func admit(_ context: ChannelHandlerContext) -> Bool {
        if admitted { return true }
        guard listener.enter() else {
            context.close(promise: nil)
            return false
        }
        admitted = true
        arm(context)
        return true
    }

    private func leave() {
        deadline?.cancel()
        deadline = nil
        if admitted {
            admitted = false
            listener.leave()
        }
    }

    // MARK: The request deadline

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            headRead = true
        case .body:
            break
        case .end:
            headRead = false
            requestsRead += 1
            if requestsRead > responsesWritten {
                // Arrived whole: it is processed without a clock running against it.
                deadline?.cancel()
                deadline = nil
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            responding = true
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            responding = false
            responsesWritten += 1
            if closeAfterResponse {
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            context.write(data, promise: promise)
            // The next request's time starts now, unless one has already arrived whole (pipelined).
            if requestsRead <= responsesWritten { arm(context) }
        }
    }

    /// Starts the deadline afresh.
    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: listener.requestTimeout) {
            self.expired(context)
        }
    }

    private func expired(_ context: ChannelHandlerContext) {
        deadline = nil
        guard context.channel.isActive else { return }
        listener.logger.info("\(listener.events).request_timeout", metadata: [
            "listener": .string(listener.name),
            "timeout_seconds": .stringConvertible(listener.requestTimeout.nanoseconds / 1_000_000_000),
            // Whether the head had arrived: a slow body, or a request that never came whole.
            "stage": .string(headRead ? "body" : "head"),
        ])
        if responding {
            // Never cut an answer in half: the client would take a truncated body for a whole one.
            closeAfterResponse = true
        } else {
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}

extension ConnectionGuard {
    /// What the connections of one listener share: the count of open connections, the limits,
    /// and the rate limit of the refusal log line.
    final class Listener: Sendable {
        /// `socket` or `tls`, for the log.
        let name: String
        /// The prefix of the log lines: `api`, or `portal` on the portal's listener.
        let events: String
        let maxConnections: Int
        let requestTimeout: TimeAmount
        let logger: Logger
        private let open = Atomic<Int>(0)
        private let refusals = Mutex(RefusalLog())

        init(name: String, maxConnections: Int, requestTimeout: Duration, logger: Logger, events: String = "api") {
            self.name = name
            self.events = events
            self.maxConnections = maxConnections
            self.requestTimeout = TimeAmount(requestTimeout)
            self.logger = logger
        }

        /// The connections open now.
        var openConnections: Int { open.load(ordering: .relaxed) }

        /// Takes a place if one is free; otherwise counts the refusal and logs it (rate-limited).
        func enter() -> Bool {
            // Add first, then look: two connections accepted at once on two event loops cannot
            // both take the last place.
            if open.wrappingAdd(1, ordering: .relaxed).newValue <= maxConnections { return true }
            open.wrappingSubtract(1, ordering: .relaxed)
            if let refused = refusals.withLock({ $0.note(at: .now) }) {
                logger.notice("\(events).connection_refused", metadata: [
                    "listener": .string(name), "limit": .stringConvertible(maxConnections),
                    "refused": .stringConvertible(refused),
                ])
            }
            return false
        }

        /// Gives a place back.
        func leave() {
            open.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    /// At most one `api.connection_refused` line a second, however many connections are refused:
    /// a flood must not flood the journal too. Each line counts the refusals since the last one.
    struct RefusalLog: Sendable {
        static let interval = Duration.seconds(1)
        private var lastLogged: ContinuousClock.Instant?
        private var unlogged = 0

        /// Counts a refusal at `now`; the number of refusals to log now (this one included), or
        /// nil when the last line is less than a second old.
        mutating func note(at now: ContinuousClock.Instant) -> Int? {
            unlogged += 1
            if let lastLogged, now - lastLogged < Self.interval { return nil }
            lastLogged = now
            defer { unlogged = 0 }
            return unlogged
        }
    }
}

/// The connection guard of one listener for another shell (the privacy portal): the same cap on
/// open connections and the same deadline for each request, its log lines under `events`.
package struct ConnectionLimit: Sendable {
    let listener: ConnectionGuard.Listener

    /// A listener's shared count and limits.
    package init(name: String, maxConnections: Int, requestTimeout: Duration, logger: Logger, events: String) {
        listener = ConnectionGuard.Listener(name: name, maxConnections: maxConnections, requestTimeout: requestTimeout, logger: logger, events: events)
    }

    /// A fresh guard for each connection (Hummingbird's `additionalChannelHandlers` asks once per connection).
    package func handlers() -> [any RemovableChannelHandler] { [ConnectionGuard(listener)] }
}
