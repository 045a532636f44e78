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
        /// The bytes the read callback hands to libcurl for an upload, and how far it got.
        var upload: [UInt8] = []
        var uploadOffset = 0
        /// Asked by the pre-request callback with the response bytes so far; false aborts the transfer.
        var requestCheck: (([UInt8]) -> Bool)?
    }

    private let handle: UnsafeMutableRawPointer
    private let sink = Sink()
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// String lists handed to libcurl, which keeps pointers to them: freed when replaced or at the end.
    private var lists: [UInt32: UnsafeMutablePointer<curl_slist>] = [:]

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
        for list in lists.values { curl_slist_free_all(list) }
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

    /// Sets a string-list option (such as `CURLOPT_MAIL_RCPT`); an empty list resets it.
    @discardableResult
    func set(_ option: CURLoption, list values: [String]) -> Bool {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values {
            guard let longer = curl_slist_append(list, value) else {
                curl_slist_free_all(list)
                return false
            }
            list = longer
        }
        let accepted = ticketd_curl_setopt_slist(handle, option, list) == CURLE_OK
        // libcurl now points at the new list (or at nothing): the old one can go.
        if let old = lists.removeValue(forKey: option.rawValue) { curl_slist_free_all(old) }
        if let list {
            if accepted { lists[option.rawValue] = list } else { curl_slist_free_all(list) }
        }
        return accepted
    }

    /// Makes the next transfers uploads of `bytes` (`CURLOPT_UPLOAD` with a read callback and the
    /// size announced); `perform` starts each one from the first byte.
    @discardableResult
    func setUpload(_ bytes: [UInt8]) -> Bool {
        sink.upload = bytes
        let context = Unmanaged.passUnretained(sink).toOpaque()
        return ticketd_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION, curlReadCallback) == CURLE_OK
            && ticketd_curl_setopt_pointer(handle, CURLOPT_READDATA, context) == CURLE_OK
            && ticketd_curl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(bytes.count)) == CURLE_OK
            && set(CURLOPT_UPLOAD, 1)
    }

    /// Installs a check that runs once the connection is ready (`CURLOPT_PREREQFUNCTION`: for
    /// SMTP after the greeting, EHLO, STARTTLS and AUTH; on a reused connection straight away),
    /// before the request is sent. It gets the response bytes of this transfer so far; returning
    /// false aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
    @discardableResult
    func setRequestCheck(_ check: @escaping ([UInt8]) -> Bool) -> Bool {
        sink.requestCheck = check
        let context = Unmanaged.passUnretained(sink).toOpaque()
        return ticketd_curl_setopt_prereq_callback(handle, curlPrereqCallback) == CURLE_OK
            && ticketd_curl_setopt_pointer(handle, CURLOPT_PREREQDATA, context) == CURLE_OK
    }

    /// A numeric `CURLINFO_*` value of the last transfer, 0 when libcurl has none.
    func info(_ info: CURLINFO) -> Int {
        var value = 0
        _ = ticketd_curl_getinfo_long(handle, info, &value)
        return value
    }

    /// Runs one transfer and returns everything it produced.
    func perform(bodyLimit: Int = .max) -> Outcome {
        sink.header.removeAll(keepingCapacity: true)
        sink.body.removeAll(keepingCapacity: true)
        sink.bodyLimit = bodyLimit
        sink.bodyLimitExceeded = false
        sink.uploadOffset = 0
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

private func curlReadCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let sink = Unmanaged<CurlEasy.Sink>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, sink.upload.count - sink.uploadOffset)
    guard length > 0 else { return 0 }  // 0: the upload is complete
    sink.upload.withUnsafeBytes { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + sink.uploadOffset, byteCount: length)
    }
    sink.uploadOffset += length
    return length
}

private func curlPrereqCallback(
    _ context: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?, _ localIP: UnsafeMutablePointer<CChar>?,
    _ primaryPort: Int32, _ localPort: Int32
) -> Int32 {
    guard let context else { return CURL_PREREQFUNC_OK }
    let sink = Unmanaged<CurlEasy.Sink>.fromOpaque(context).takeUnretainedValue()
    guard let check = sink.requestCheck else { return CURL_PREREQFUNC_OK }
    return check(sink.header) ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT
}
