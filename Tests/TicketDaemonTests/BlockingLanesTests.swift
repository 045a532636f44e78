import Dispatch
import Testing
@testable import TicketDaemon

/// The portal's lanes (issue 18): work goes to them in turn and runs side by side, where one
/// lane would have run it one piece after the other.
@Suite("Blocking lanes")
struct BlockingLanesTests {
    @Test("two pieces of work that each wait for the other finish on two lanes (on one they could not)")
    func sideBySide() async {
        let lanes = BlockingLanes("test", count: 2)
        #expect(lanes.count == 2)
        let first = DispatchSemaphore(value: 0), second = DispatchSemaphore(value: 0)
        async let a: Bool = lanes.run {
            first.signal()
            return second.wait(timeout: .now() + 10) == .success
        }
        async let b: Bool = lanes.run {
            second.signal()
            return first.wait(timeout: .now() + 10) == .success
        }
        let (one, two) = await (a, b)
        #expect(one && two, "the two lanes did not run side by side")
    }
}
