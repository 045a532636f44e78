internal import CCurl
internal import CCurlShim

/// One libcurl easy handle with its response capture. Not thread-safe: one thread at a time.
///
/// libcurl's IMAP code passes every response line of a transfer to the header callback (as its
/// pingpong layer does for all line protocols) and message data to the write callback. Both are
/// collected here per transfer.
final class CurlEasy {
    /// What one transfer produced.
    struct Outcome {
        /// libcurl's result code (`CURLE_*`), 0 on success.
        var code: Int
        /// libcurl's error text for a failure, or its generic text for the code.
        var message: String
        /// Every response line, without CR LF.
        var lines: [[UInt8]]
        /// The bytes delivered to the write callback.
        var body: [UInt8]
        /// Whether the write callback stopped the transfer because the body grew past the limit.
        var bodyLimitExceeded: Bool

        var succeeded: Bool { code == 0 }
    }

    /// Collects the callbacks' data; passed to libcurl through `Unmanaged`.
    final class Sink {
        var header: [UInt8] = []
        var body: [UInt8] = []
        var bodyLimit = Int.max
        var bodyLimitExceeded = false
    }

    private let handle: UnsafeMutableRawPointer
    private let sink = Sink()
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        CurlRuntime.initialize()
        guard CurlRuntime.isReady, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        let context = Unmanaged.passUnretained(sink).toOpaque()
        _ = ticketd_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ticketd_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        _ = ticketd_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = ticketd_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        _ = ticketd_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sets a numeric option; false when libcurl refuses it.
    @discardableResult
    func set(_ option: CURLoption, _ value: Int) -> Bool {
        ticketd_curl_setopt_long(handle, option, value) == CURLE_OK
    }

    /// Sets a string option (libcurl copies it); nil resets it to libcurl's default.
    @discardableResult
    func set(_ option: CURLoption, _ value: String?) -> Bool {
        guard let value else { return ticketd_curl_setopt_string(handle, option, nil) == CURLE_OK }
        return value.withCString { ticketd_curl_setopt_string(handle, option, $0) } == CURLE_OK
    }

    /// Runs one transfer and returns everything it produced.
    func perform(bodyLimit: Int = .max) -> Outcome {
        sink.header.removeAll(keepingCapacity: true)
        sink.body.removeAll(keepingCapacity: true)
        sink.bodyLimit = bodyLimit
        sink.bodyLimitExceeded = false
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        var message = String(cString: errorBuffer)
        if message.isEmpty, code != CURLE_OK { message = String(cString: curl_easy_strerror(code)) }
        return Outcome(
            code: Int(code.rawValue),
            message: message,
            lines: Self.splitLines(sink.header),
            body: sink.body,
            bodyLimitExceeded: sink.bodyLimitExceeded
        )
    }

    /// The operating system's error number of the last failed connect (`CURLINFO_OS_ERRNO`), 0 when none.
    func osErrno() -> Int {
        var value = 0
        _ = ticketd_curl_getinfo_long(handle, CURLINFO_OS_ERRNO, &value)
        return value
    }

    /// Lines split at LF with CR LF removed. libcurl may hand a long line over in several pieces,
    /// so lines are cut here rather than per callback.
    static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            var end = index
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            lines.append(Array(bytes[start..<end]))
            start = index + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }
}

private func curlHeaderCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let sink = Unmanaged<CurlEasy.Sink>.fromOpaque(context).takeUnretainedValue()
    buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.header.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private func curlWriteCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let buffer, let context else { return length }
    let sink = Unmanaged<CurlEasy.Sink>.fromOpaque(context).takeUnretainedValue()
    guard sink.body.count + length <= sink.bodyLimit else {
        sink.bodyLimitExceeded = true
        return 0  // anything but `length` makes libcurl stop with CURLE_WRITE_ERROR
    }
    buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}
