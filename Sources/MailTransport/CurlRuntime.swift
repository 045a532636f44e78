internal import CCurlShim

/// libcurl's process-wide set-up.
package enum CurlRuntime {
    /// Whether `curl_global_init` succeeded; evaluated once, thread-safely, on first use.
    private static let initialized: Bool = ticketd_curl_global_init().rawValue == 0

    /// Runs `curl_global_init` once per process. Safe to call from any thread, any number of times;
    /// ``IMAPSession`` calls it itself, so calling it early only moves the cost to start-up.
    package static func initialize() {
        _ = initialized
    }

    /// Whether libcurl could be initialized.
    static var isReady: Bool { initialized }
}
