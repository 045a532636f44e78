import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A stop request from SIGTERM or SIGINT, which `serve --once` checks between mails.
package final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    package init() {}

    /// Routes SIGTERM and SIGINT here instead of killing the process, for as long as the
    /// returned handlers are kept.
    package func installSignalHandlers() -> SignalHandlers {
        var sources: [any DispatchSourceSignal] = []
        for signal in [SIGTERM, SIGINT] {
            Glibc.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
        return SignalHandlers(sources: sources)
    }

    /// Asks the loop to stop after the mail in hand.
    package func request() {
        requested.store(true, ordering: .sequentiallyConsistent)
    }

    package var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }
}

/// The installed signal sources; dropping them stops the routing.
package final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    init(sources: [any DispatchSourceSignal]) { self.sources = sources }

    deinit { for source in sources { source.cancel() } }
}
