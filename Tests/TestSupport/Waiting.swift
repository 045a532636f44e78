import Foundation

/// Polls `condition` every 0.1 s until it holds or `seconds` pass; returns whether it held.
/// Servers deliver and index in their own time: tests wait for a state, they never sleep blindly.
public func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(100_000)
    }
    return condition()
}
