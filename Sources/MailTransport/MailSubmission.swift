/// Handing outgoing mail to the submission server: what an outbox pass asks of SMTP.
///
/// ``SMTPSession`` is the real one; the tests have a scripted in-memory twin. The outbox pass
/// takes it as a generic parameter (`some MailSubmission`).
package protocol MailSubmission {
    /// Sends one message to the envelope's recipients and returns the server's final reply.
    ///
    /// - Throws: ``SMTPError``: a 4xx reply is ``SMTPError/transient(code:text:)``, a 5xx reply
    ///   ``SMTPError/permanent(code:text:)``; connection failures and timeouts as such.
    func send(from envelopeSender: String, to recipients: [String], message: [UInt8]) throws(SMTPError) -> SMTPReceipt
}
