import Dispatch
import TicketStore

/// Prepares the mails of a batch on every core at once.
///
/// Reading a mail — MIME, charsets, the form, redaction, special categories, data-subject
/// requests — is pure work on that one mail, while the database takes the batch in one
/// transaction afterwards, in the mails' order. Nothing a mail's preparation reads from the
/// database is written by another mail of the same batch (see ``MailIngest/prepare``), so the
/// order of preparation does not matter; the order of the commit does, and it is kept.
enum ParallelPreparation {
    /// `prepare` applied to every input, results in the inputs' order. Runs on Dispatch's worker
    /// threads (never on Swift's cooperative pool) and returns when all are done.
    static func map<Input: Sendable>(
        _ inputs: [Input], _ prepare: @Sendable (Input) throws(OperatorError) -> IngestItem
    ) -> [Result<IngestItem, OperatorError>] {
        guard inputs.count > 1 else { return inputs.map { input in Result { () throws(OperatorError) in try prepare(input) } } }
        var results = [Result<IngestItem, OperatorError>](repeating: .failure(.failed(cause: "the mail was not prepared")), count: inputs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                slots.base[index] = Result { () throws(OperatorError) in try prepare(inputs[index]) }
            }
        }
        return results
    }

    /// A batch being prepared on the worker threads while the caller does something else
    /// (commits the batch before it).
    final class Running: @unchecked Sendable {
        private let group = DispatchGroup()
        // Written once by the worker, read only after `group` says it is done.
        private var results: [Result<IngestItem, OperatorError>] = []

        init<Input: Sendable>(_ inputs: [Input], _ prepare: @escaping @Sendable (Input) throws(OperatorError) -> IngestItem) {
            group.enter()
            DispatchQueue.global().async { [self] in
                results = ParallelPreparation.map(inputs, prepare)
                group.leave()
            }
        }

        /// The results in the inputs' order, once all are prepared.
        func wait() -> [Result<IngestItem, OperatorError>] {
            group.wait()
            return results
        }
    }

    /// The results' storage, shared by the iterations: each writes its own slot only, and the
    /// array is read again only after `concurrentPerform` has returned.
    private struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result<IngestItem, OperatorError>>
    }
}
