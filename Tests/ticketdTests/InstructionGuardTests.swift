import Foundation
import TestSupport
import Testing

/// `Benchmarks/instructions.py`, the instruction-count guard that CI runs after the tests: it
/// must really fail when the count is over budget, and pass, printing its figure, when it is not.
///
/// valgrind is slow (a 5-mail corpus takes several seconds under callgrind), so the corpus is
/// small and the budgets are extreme, 1 and 10^12 instructions per mail, so that the outcome does
/// not depend on the figure itself. The test command installs valgrind (`Scripts/setup.sh`), so
/// without valgrind these tests fail, naming it; they are not skipped.
@Suite("The instruction-count guard fails over budget and passes within it", .serialized)
struct InstructionGuardTests {
    static var script: String { (RepositoryPaths.root as NSString).appendingPathComponent("Benchmarks/instructions.py") }

    /// The name under which the guard keeps the callgrind out file in `--keep DIR`.
    static let callgrindFile = "callgrind.out.ticketd-ingest"

    /// Runs the guard with `python3` from `PATH` against the binary the tests use (`$TICKETD_BIN`),
    /// on 5 mails, with the budget given; the callgrind file is kept in `keep`.
    static func runGuard(budget: Int, keep: TemporaryDirectory) throws -> (status: Int32, output: String) {
        let binary = RepositoryPaths.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build ticketd first: \(binary) is missing")
        return Shell.run("/usr/bin/env", [
            "python3", script, "--ticketd", binary, "--count", "5", "--budget", String(budget), "--keep", keep.path,
        ])
    }

    /// The figure of the line `instructions per mail: 1,234,567 (budget ...): ok`.
    static func figure(in output: String) -> Int? {
        let prefix = "instructions per mail: "
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        let digits = line.dropFirst(prefix.count).prefix { $0.isNumber || $0 == "," }.filter { $0 != "," }
        return Int(String(digits))
    }

    @Test("over budget (--budget 1): exit status 1, the figure, and a message naming callgrind_annotate and the budget commit")
    func overBudget() throws {
        let keep = TemporaryDirectory("ticketd-instructions")
        let result = try Self.runGuard(budget: 1, keep: keep)
        print("Benchmarks/instructions.py --count 5 --budget 1: exit \(result.status)\n\(result.output)")
        #expect(result.status == 1, "the guard did not fail over budget:\n\(result.output)")
        let figure = try #require(Self.figure(in: result.output), "no 'instructions per mail:' line in:\n\(result.output)")
        #expect(figure > 1)
        #expect(result.output.contains("(budget 1, limit +10%: 1): OVER BUDGET"), "\(result.output)")
        #expect(result.output.contains("exceeds the budget of 1 by"), "\(result.output)")
        // The fix, either way: find the regression in the kept profile, or raise the budget on its own.
        let kept = keep.file(Self.callgrindFile)
        #expect(result.output.contains("find the regression with `callgrind_annotate \(kept)`"), "\(result.output)")
        #expect(result.output.contains("raise the budget in Benchmarks/instruction-budget.json in its own commit with the reason"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: kept), "the callgrind file was not kept in \(keep.path)")
    }

    @Test("within budget (--budget 10^12): exit status 0 and the figure, marked ok")
    func withinBudget() throws {
        let keep = TemporaryDirectory("ticketd-instructions")
        let result = try Self.runGuard(budget: 1_000_000_000_000, keep: keep)
        print("Benchmarks/instructions.py --count 5 --budget 1000000000000: exit \(result.status)\n\(result.output)")
        #expect(result.status == 0, "the guard failed within budget:\n\(result.output)")
        let figure = try #require(Self.figure(in: result.output), "no 'instructions per mail:' line in:\n\(result.output)")
        #expect(figure > 0 && figure < 1_000_000_000_000)
        #expect(result.output.contains("(budget 1,000,000,000,000, limit +10%: 1,100,000,000,000): ok"), "\(result.output)")
        #expect(!result.output.contains("OVER BUDGET"))
    }
}
