import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// What a command asks the daemon.
package struct StaffRequest: Sendable {
    /// GET reads, POST acts.
    package enum Method: Sendable { case get, post }

    package var method: Method
    /// The path with its query, e.g. `/v1/tickets/3?format=text`.
    package var path: String
    /// The JSON body of an action.
    package var json: String?
    /// A body that is not JSON (a mail to take in), with its media type.
    package var raw: (bytes: [UInt8], contentType: String)?
    /// Whether the answer is `{"message": ...}` (an action) rather than the output itself.
    package var answersWithMessage: Bool

    /// A read whose answer is printed as it is.
    package static func get(_ path: String) -> StaffRequest { StaffRequest(method: .get, path: path, json: nil, raw: nil, answersWithMessage: false) }

    /// An action with its fields (strings and flags), whose answer is a message.
    package static func post(_ path: String, _ fields: [String: any Sendable] = [:]) -> StaffRequest {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        return StaffRequest(method: .post, path: path, json: String(decoding: data, as: UTF8.self), raw: nil, answersWithMessage: true)
    }

    /// An upload of `bytes` as `contentType`, whose answer is a JSON document.
    package static func upload(_ path: String, _ bytes: [UInt8], contentType: String) -> StaffRequest {
        StaffRequest(method: .post, path: path, json: nil, raw: (bytes, contentType), answersWithMessage: false)
    }

    /// An action whose answer is the output itself (`format=text` in `path`), as a read's is.
    package static func post(_ path: String, printing fields: [String: any Sendable]) -> StaffRequest {
        var request = post(path, fields)
        request.answersWithMessage = false
        return request
    }

    /// `value` escaped for a query string.
    package static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}

/// The command line's side of the staff socket: one HTTP/1.1 request per command, answered by
/// the daemon under the caller's own account. Blocking, because a command does nothing else
/// while it waits; NIO's HTTP codec reads the answer (status, headers, Content-Length or chunked).
package struct StaffClient: Sendable {
    /// The socket the daemon serves.
    package let socket: String

    /// The daemon's answer.
    package struct Reply: Sendable {
        package var status: Int
        /// The body's bytes as they came (an attachment is not text).
        package var bytes: [UInt8]
        /// The header fields, by lower-case name.
        package var headers: [String: String]
        /// The body as UTF-8 text.
        package var body: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Why no answer came.
    package enum Failure: Error, CustomStringConvertible {
        case unreachable(socket: String, cause: String)
        case broken(socket: String, cause: String)

        package var description: String {
            switch self {
            case .unreachable(let socket, let cause):
                "the daemon does not answer on \(socket) (\(cause)): start it (systemctl start ticketd), "
                    + "or run the command as root with --offline for maintenance"
            case .broken(let socket, let cause):
                "the connection to the daemon on \(socket) broke off (\(cause)): see `journalctl -u ticketd`, and run the command again"
            }
        }
    }

    /// The socket to use: `$TICKETD_SOCKET`, else the default when it exists (nil: no daemon to ask).
    package static func socket(environment: [String: String]) -> String? {
        if let path = environment["TICKETD_SOCKET"], !path.isEmpty { return path }
        let standard = "/run/ticketd/ticketd.sock"
        return FileManager.default.fileExists(atPath: standard) ? standard : nil
    }

    /// The client of `socket`.
    package init(socket: String) { self.socket = socket }

    /// Sends `request` and waits for the whole answer.
    package func send(_ request: StaffRequest) throws(Failure) -> Reply {
        try send(request.method == .get ? .GET : .POST, request.path, body: request.raw ?? request.json.map { (Array($0.utf8), "application/json") })
    }

    /// The text of an answer: its `message` field when it is a JSON object that has one.
    package static func message(_ body: String) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any], let message = object["message"] as? String else {
            return body
        }
        return message
    }

    /// Sends one request and waits for the whole answer (at most `timeout`).
    func send(_ method: HTTPMethod, _ path: String, body content: (bytes: [UInt8], contentType: String)? = nil, timeout: TimeAmount = .seconds(600)) throws(Failure) -> Reply {
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: Reply.self)
        let channel: any Channel
        do {
            channel = try ClientBootstrap(group: group)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ReplyCollector(promise: promise))
                    }
                }
                .connect(unixDomainSocketPath: socket).wait()
        } catch {
            promise.fail(error)
            throw .unreachable(socket: socket, cause: Self.cause(error))
        }
        var headers = HTTPHeaders([("Host", "ticketd"), ("Connection", "close")])
        var body: ByteBuffer?
        if let content {
            let buffer = ByteBuffer(bytes: content.bytes)
            headers.add(name: "Content-Type", value: content.contentType)
            headers.add(name: "Content-Length", value: "\(buffer.readableBytes)")
            body = buffer
        } else if method == .POST {
            headers.add(name: "Content-Length", value: "0")
        }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let deadline = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        defer { deadline.cancel(); channel.close(promise: nil) }
        do { return try promise.futureResult.wait() } catch {
            throw .broken(socket: socket, cause: Self.cause(error))
        }
    }

    static func cause(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }
}

/// Collects one response: its status and its whole body.
private final class ReplyCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    let promise: EventLoopPromise<StaffClient.Reply>
    var status = 0
    var headers: [String: String] = [:]
    var body = ByteBuffer()
    var done = false

    init(promise: EventLoopPromise<StaffClient.Reply>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            for field in head.headers { headers[field.name.lowercased()] = field.value }
        case .body(var part): body.writeBuffer(&part)
        case .end:
            done = true
            promise.succeed(StaffClient.Reply(status: status, bytes: Array(buffer: body), headers: headers))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done { promise.fail(ChannelError.eof) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done { done = true; promise.fail(error) }
        context.close(promise: nil)
    }
}
