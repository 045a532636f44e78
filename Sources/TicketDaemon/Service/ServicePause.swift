import ServiceLifecycle

/// Waits `seconds` between rounds, or less when a graceful shutdown begins; returns whether the
/// service should go on.
func pauseUnlessStopping(_ seconds: Double) async -> Bool {
    if Task.isShuttingDownGracefully { return false }
    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000))) }
    return !Task.isShuttingDownGracefully && !Task.isCancelled
}
