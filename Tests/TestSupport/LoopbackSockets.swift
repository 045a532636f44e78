import Foundation
import Synchronization

/// Plain TCP sockets on 127.0.0.1 for the test helpers: an SMTP client, a server that never
/// answers, recording fakes of an IMAP and an SMTP server without STARTTLS, and a forwarding
/// proxy that can be cut.
public enum LoopbackSocket {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// A listening socket on 127.0.0.1, on `port` or (0) a kernel-chosen free port.
    public static func listen(port requested: Int = 0) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: requested)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw Failure(description: "bind/listen on 127.0.0.1: errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// A free port that nothing listens on (bound, then closed).
    public static func unusedPort() throws -> Int {
        let (fd, port) = try listen()
        close(fd)
        return port
    }

    public static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return fd
    }

    public static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
            offset += written
        }
    }

    public static func write(_ fd: Int32, _ text: String) throws { try write(fd, Array(text.utf8)) }

    /// Some bytes, or empty at end of stream or on error.
    public static func read(_ fd: Int32) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Reads CR LF lines from a socket.
public struct LineReader {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(fd: Int32) { self.fd = fd }

    /// The next line without CR LF, or nil at end of stream.
    public mutating func line() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            let more = LoopbackSocket.read(fd)
            if more.isEmpty { return nil }
            buffer += more
        }
    }
}

/// A minimal SMTP client (RFC 5321) for putting test mail into Postfix.
public enum SMTPDelivery {
    public static func send(_ messages: [[UInt8]], from sender: String, to recipient: String, port: Int) throws {
        let fd = try LoopbackSocket.connect(port: port)
        defer { close(fd) }
        var reader = LineReader(fd: fd)
        func expect(_ code: String) throws {
            while true {
                guard let line = reader.line() else { throw LoopbackSocket.Failure(description: "SMTP: connection closed, expected \(code)") }
                guard line.hasPrefix(code) else { throw LoopbackSocket.Failure(description: "SMTP: expected \(code), got \(line)") }
                if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { return }
            }
        }
        try expect("220")
        try LoopbackSocket.write(fd, "EHLO tests.ticketd.test\r\n")
        try expect("250")
        for message in messages {
            try LoopbackSocket.write(fd, "MAIL FROM:<\(sender)>\r\n")
            try expect("250")
            try LoopbackSocket.write(fd, "RCPT TO:<\(recipient)>\r\n")
            try expect("250")
            try LoopbackSocket.write(fd, "DATA\r\n")
            try expect("354")
            try LoopbackSocket.write(fd, dotStuffed(message) + Array(".\r\n".utf8))
            try expect("250")
        }
        try LoopbackSocket.write(fd, "QUIT\r\n")
        try expect("221")
    }

    /// Lines starting with "." get another "." (RFC 5321 §4.5.2); the message must end with CR LF.
    public static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var atLineStart = true
        for byte in message {
            if atLineStart, byte == UInt8(ascii: ".") { output.append(byte) }
            output.append(byte)
            atLineStart = byte == 0x0A
        }
        return output
    }
}

/// A TCP server on 127.0.0.1 run by a background thread; stopped explicitly.
public final class LoopbackServer: Sendable {
    public enum Behaviour: Sendable {
        /// Accepts connections and never sends a byte.
        case silent
        /// Forwards every connection to 127.0.0.1:port.
        case forward(to: Int)
        /// Speaks just enough IMAP to show a client it has no STARTTLS, and records what it gets.
        case imapWithoutStartTLS
        /// Speaks just enough SMTP without TLS (so no STARTTLS), and records what it gets:
        /// `greeting` is the first line it sends (anything but a 220 hangs up after it),
        /// `extensions` the EHLO keywords it announces; it takes any envelope and message.
        case smtpWithoutStartTLS(
            greeting: String = "220 fake.ticketd.test ESMTP", extensions: [String] = ["AUTH PLAIN LOGIN", "8BITMIME", "SIZE 10240000"]
        )
    }

    public let port: Int
    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var sockets: [Int32] = []
        var received: [UInt8] = []
        var connections = 0
        var stopped = false
        var refusing = false
        var holding = false
    }

    /// Listens on `port` (0: a free one) and serves every connection with the behaviour.
    public init(_ behaviour: Behaviour, port requested: Int = 0) throws {
        (listener, port) = try LoopbackSocket.listen(port: requested)
        let thread = Thread { [self] in acceptLoop(behaviour) }
        thread.start()
    }

    /// Everything clients sent (recording behaviours only).
    public var received: [UInt8] { state.withLock { $0.received } }

    /// How many client connections it took (not counting those hung up on while cut).
    public var connections: Int { state.withLock { $0.connections } }

    /// Shuts the listener and every connection down: clients see the server gone. The descriptors
    /// are left open (a test process is short) so no thread can touch a reused descriptor number.
    /// Cuts every open connection and hangs up on new ones until ``resume()``: to a client it looks
    /// like a server that went down mid-session and has not come back yet.
    public func cutConnections() {
        state.withLock { state in
            state.refusing = true
            for fd in state.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
            state.sockets.removeAll()
        }
    }

    /// Forwards new connections again after ``cutConnections()`` or ``holdNewConnections()``.
    public func resume() {
        state.withLock { $0.refusing = false; $0.holding = false }
    }

    /// Accepts new connections but never answers them (open connections go on): to a client it
    /// looks like a server that hangs.
    public func holdNewConnections() {
        state.withLock { $0.holding = true }
    }

    public func stop() {
        state.withLock { state in
            state.stopped = true
            for fd in state.sockets { shutdown(fd, Int32(SHUT_RDWR)) }
            shutdown(listener, Int32(SHUT_RDWR))
        }
    }

    deinit { stop() }

    private func track(_ fd: Int32) -> Bool {
        state.withLock { state in
            guard !state.stopped, !state.refusing else { return false }
            state.sockets.append(fd)
            return true
        }
    }

    private func acceptLoop(_ behaviour: Behaviour) {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            guard track(fd) else {
                close(fd)
                // Hung up on while cut; the loop ends only when the server is stopped.
                if state.withLock({ $0.stopped }) { return }
                continue
            }
            state.withLock { $0.connections += 1 }
            if state.withLock({ $0.holding }) { continue }
            switch behaviour {
            case .silent:
                continue
            case .forward(let target):
                guard let upstream = try? LoopbackSocket.connect(port: target), track(upstream) else { close(fd); continue }
                Thread { Self.pump(from: fd, to: upstream) }.start()
                Thread { Self.pump(from: upstream, to: fd) }.start()
            case .imapWithoutStartTLS:
                Thread { [self] in fakeIMAP(fd) }.start()
            case .smtpWithoutStartTLS(let greeting, let extensions):
                Thread { [self] in fakeSMTP(fd, greeting: greeting, extensions: extensions) }.start()
            }
        }
    }

    private static func pump(from source: Int32, to target: Int32) {
        while true {
            let bytes = LoopbackSocket.read(source)
            if bytes.isEmpty || (try? LoopbackSocket.write(target, bytes)) == nil { break }
        }
        shutdown(target, Int32(SHUT_WR))
    }

    /// Greets with capabilities that lack STARTTLS but offer plaintext login, answers CAPABILITY
    /// and NOOP, refuses everything else, and records every byte the client sends.
    private func fakeIMAP(_ fd: Int32) {
        let capabilities = "IMAP4rev1 AUTH=PLAIN AUTH=LOGIN SASL-IR"
        guard (try? LoopbackSocket.write(fd, "* OK [CAPABILITY \(capabilities)] fake server ready\r\n")) != nil else { return }
        serveLines(fd) { line in
            let words = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard words.count >= 2 else { return true }
            let reply: String
            switch words[1].uppercased() {
            case "CAPABILITY": reply = "* CAPABILITY \(capabilities)\r\n\(words[0]) OK done\r\n"
            case "LOGOUT": reply = "* BYE bye\r\n\(words[0]) OK done\r\n"
            case "NOOP": reply = "\(words[0]) OK done\r\n"
            default: reply = "\(words[0]) NO not here\r\n"
            }
            _ = try? LoopbackSocket.write(fd, reply)
            return true
        }
    }

    /// Greets, announces the extensions to EHLO (without STARTTLS), accepts every command and
    /// message, closes on QUIT, and records every byte the client sends.
    private func fakeSMTP(_ fd: Int32, greeting: String, extensions: [String]) {
        guard (try? LoopbackSocket.write(fd, greeting + "\r\n")) != nil else { return }
        if !greeting.hasPrefix("220") { shutdown(fd, Int32(SHUT_RDWR)); return }
        var inData = false
        serveLines(fd) { line in
            if inData {
                if line == "." {
                    inData = false
                    _ = try? LoopbackSocket.write(fd, "250 2.0.0 Ok: queued as FAKE1\r\n")
                }
                return true
            }
            let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
            let reply: String
            switch verb {
            case "EHLO":
                reply = (["fake.ticketd.test"] + extensions).enumerated().map { index, text in
                    "250\(index == extensions.count ? " " : "-")\(text)\r\n"
                }.joined()
            case "HELO", "MAIL", "RCPT", "RSET", "NOOP": reply = "250 2.0.0 Ok\r\n"
            case "DATA": reply = "354 End data with <CR><LF>.<CR><LF>\r\n"; inData = true
            case "QUIT": reply = "221 2.0.0 Bye\r\n"
            default: reply = "502 5.5.2 Error: command not recognized\r\n"
            }
            _ = try? LoopbackSocket.write(fd, reply)
            if verb == "QUIT" { shutdown(fd, Int32(SHUT_RDWR)); return false }
            return true
        }
    }

    /// Reads the client's lines until it hangs up or `answer` returns false: records every byte,
    /// and hands each line, trimmed, to `answer`.
    private func serveLines(_ fd: Int32, _ answer: (String) -> Bool) {
        var buffer: [UInt8] = []
        while true {
            let bytes = LoopbackSocket.read(fd)
            if bytes.isEmpty { return }
            state.withLock { $0.received += bytes }
            buffer += bytes
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                buffer.removeSubrange(...newline)
                if !answer(line) { return }
            }
        }
    }
}
