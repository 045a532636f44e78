import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore
#if canImport(Glibc)
import Glibc
#endif

/// From the parsed MIME message to what the rules read: the text, the attachments, the form's
/// JSON body, the reason a mail is quarantined.
extension MailIngest {
    /// The header section of a raw mail, with the blank line that ends it; the whole mail when
    /// there is none.
    static func headerSection(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[..<MessageParser.bodyStart(of: bytes)])
    }

    /// The parser with the configured limits.
    static func messageParser(_ limits: Configuration.Limits) -> MessageParser {
        MessageParser(limits: MessageLimits(maxMessageBytes: limits.maxMessageBytes, maxDepth: limits.maxMIMEDepth, maxParts: limits.maxMIMEParts))
    }

    static func reason(_ rejection: MessageRejection) -> QuarantineReason {
        switch rejection {
        case .tooLarge: .tooLarge
        case .tooDeep: .tooDeep
        case .tooManyParts: .tooManyParts
        }
    }

    /// The identity of a mail without a Message-ID: its From, Date and Subject headers as sent.
    static func fallbackIdentity(_ message: Message) -> String {
        ["From", "Date", "Subject"].map { name in
            String(decoding: message.header.first(name)?.rawValue ?? [], as: UTF8.self)
        }.joined(separator: "\u{0}")
    }

    /// The parts of a parsed message the ticket rules look at.
    static func incomingMail(_ message: Message) -> IncomingMail {
        var recipients = (message.to + message.cc).map(\.address)
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
            for field in message.header.all(name) {
                recipients += AddressListParser.parse(field.undecodedValue).map(\.address)
            }
        }
        return IncomingMail(
            messageID: message.messageID, subject: message.subject ?? "", from: message.from.first, recipients: recipients,
            headers: message.header.fields.map { (name: $0.name, value: $0.value) },
            contentType: message.root.contentType.mimeType, reportType: message.root.contentType.parameters["report-type"],
            text: readableText(message), attachments: attachments(message).map { (filename: $0.filename, mimeType: $0.mimeType, size: $0.size) }
        )
    }

    /// The body text; for an app form that sends a bare JSON body, that JSON as text.
    static func readableText(_ message: Message) -> String {
        if !message.text.isEmpty { return message.text }
        return jsonBody(message)?.text ?? ""
    }

    /// The attachments, without a JSON body that serves as the text.
    static func attachments(_ message: Message) -> [Attachment] {
        guard message.text.isEmpty, jsonBody(message) != nil else { return message.attachments }
        return message.attachments.filter { !($0.mimeType == "application/json" && $0.filename == nil) }
    }

    /// A JSON part that is the message body rather than an attached file.
    static func jsonBody(_ message: Message) -> MIMEPart? {
        message.root.allParts.first {
            $0.children.isEmpty && $0.contentType.mimeType == "application/json" && $0.disposition != "attachment" && $0.filename == nil
        }
    }
}
