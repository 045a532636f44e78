package import MailTransport
import Synchronization

/// The SMTP submission server in memory: the twin of ``SMTPSession`` for fast use-case tests.
///
/// It answers each message from a script (an accepted 250, a 4xx or 5xx refusal, a connection
/// failure, a timeout) with the real ``SMTPReceipt`` and ``SMTPError`` values, and records every
/// attempt with its envelope, its bytes and the answer it got. When the script runs out, it
/// answers with `otherwise`. Thread-safe.
package final class ScriptedSubmissionServer: MailSubmission, Sendable {
    /// How the server answers one message.
    package enum Answer: Sendable, Equatable {
        /// Taken: the server's final reply to DATA.
        case accept(SMTPReceipt)
        /// Refused or failed, as the real session reports it.
        case fail(SMTPError)

        /// `250 2.0.0 Ok: queued as FAKE…`.
        package static let accepted = Answer.accept(SMTPReceipt(code: 250, text: "2.0.0 Ok: queued as 4FAKE1"))
        /// A temporary refusal: `451 4.3.0 Try again later`.
        package static let temporaryRefusal = Answer.fail(.transient(code: 451, text: "4.3.0 Try again later"))
        /// A permanent refusal: `550 5.1.1 <recipient>: Recipient address rejected`.
        package static let permanentRefusal = Answer.fail(.permanent(code: 550, text: "5.1.1 <recipient>: Recipient address rejected"))
        /// The server cannot be reached.
        package static let connectionFailure = Answer.fail(.connectionFailed(detail: "injected: connection refused (libcurl error 7)"))
        /// The server stops answering.
        package static let timeout = Answer.fail(.timeout(detail: "injected: operation timed out (libcurl error 28)"))
    }

    /// One message handed to the server and what it answered.
    package struct Attempt: Sendable, Equatable {
        package var sender: String
        package var recipients: [String]
        package var message: [UInt8]
        package var answer: Answer

        /// Whether the server took the message.
        package var delivered: Bool { if case .accept = answer { true } else { false } }
    }

    private struct State {
        var script: [Answer]
        var attempts: [Attempt] = []
    }

    private let state: Mutex<State>
    private let otherwise: Answer

    /// A server that answers the messages in order from `script`, then with `otherwise`.
    package init(script: [Answer] = [], otherwise: Answer = .accepted) {
        state = Mutex(State(script: script))
        self.otherwise = otherwise
    }

    /// Appends answers to the script.
    package func script(_ answers: Answer...) {
        state.withLock { $0.script += answers }
    }

    /// Every message handed over, in order, with its answer.
    package var attempts: [Attempt] { state.withLock { $0.attempts } }

    /// The messages the server took.
    package var delivered: [Attempt] { attempts.filter(\.delivered) }

    package func send(from envelopeSender: String, to recipients: [String], message: [UInt8]) throws(SMTPError) -> SMTPReceipt {
        // The real session refuses these before it connects; so does the twin.
        guard !recipients.isEmpty else { throw .protocolError(detail: "the message has no recipient; nothing was sent") }
        guard !message.isEmpty else { throw .protocolError(detail: "the message is empty; nothing was sent") }
        let answer = state.withLock { state in
            let answer = state.script.isEmpty ? otherwise : state.script.removeFirst()
            state.attempts.append(Attempt(sender: envelopeSender, recipients: recipients, message: message, answer: answer))
            return answer
        }
        switch answer {
        case .accept(let receipt): return receipt
        case .fail(let error): throw error
        }
    }
}
