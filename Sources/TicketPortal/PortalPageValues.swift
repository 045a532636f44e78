import Foundation
import TicketDaemon

/// The values the signed-in pages' templates read (issue 18), in the person's language: states,
/// answers and purposes in words, times as UTC day and minute (the same for every reader, as in
/// the export), and what is absent left out so that the template's section stays empty.
enum PortalPageValues {
    /// `2026-12-03`.
    static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// `2026-12-03 19:04 UTC`.
    static func moment(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return day(date) + String(format: " %02d:%02d UTC", parts.hour ?? 0, parts.minute ?? 0)
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// A word for `key`, or the key itself when the words do not know it (a purpose or state
    /// added later shows by its name rather than as nothing).
    static func word(_ words: [String: String], _ key: String, _ fallback: String) -> String { words[key] ?? fallback }

    static func data(_ view: PortalDataView, csrf: String, notice: String?, _ words: [String: String]) -> [String: Any] {
        var values: [String: Any] = ["csrf": csrf, "holdsData": view.overview.holdsData]
        if let notice { values["notice"] = notice }
        guard let personal = view.personal else { return values }
        let dash = "–"
        values["name"] = personal.name ?? dash
        values["email"] = personal.email ?? dash
        values["phone"] = personal.phone ?? dash
        values["postalAddress"] = personal.postalAddress ?? dash
        values["since"] = day(personal.since)
        if let restricted = personal.restrictedSince { values["restrictedSince"] = day(restricted) }
        values["suppressed"] = personal.marketingSuppressed
        values["tickets"] = view.tickets.map { ticket -> [String: Any] in
            var entry: [String: Any] = ["id": ticket.id, "state": word(words, "ticketState.\(ticket.state)", ticket.state), "created": day(ticket.createdAt),
                                        "restricted": ticket.restricted, "retention": retention(ticket, words)]
            if let closed = ticket.closedAt { entry["closed"] = day(closed) }
            return entry
        }
        values["consents"] = view.consents.map { consent -> [String: Any] in
            [
                "purpose": consent.purpose, "label": word(words, "consent.\(consent.purpose)", consent.purpose),
                "state": word(words, "state.\(consent.state.rawValue)", consent.state.rawValue),
                "hasHistory": !consent.history.isEmpty,
                "history": consent.history.map { entry -> [String: Any] in
                    var item: [String: Any] = ["at": moment(entry.at), "answer": word(words, entry.granted.map { $0 ? "answer.given" : "answer.refused" } ?? "answer.none", "")]
                    var evidence: [String] = [word(words, "mechanism.\(entry.mechanism)", entry.mechanism)]
                    if let form = entry.form { evidence.append("\(word(words, "form", "form")) \(form)" + (entry.formVersion.map { " \(word(words, "version", "version")) \($0)" } ?? "")) }
                    if let ticket = entry.ticket { evidence.append("\(word(words, "ticket", "ticket")) \(ticket)") }
                    item["evidence"] = evidence.joined(separator: ", ")
                    if let withdrawn = entry.withdrawnAt { item["withdrawn"] = moment(withdrawn) }
                    return item
                },
                "canWithdraw": consent.state == .given,
                "canGive": consent.purpose == "marketing" && consent.state != .given,
                "consequence": word(words, "consequence.\(consent.purpose)", ""),
            ]
        }
        values["hasTransfers"] = !view.transfers.isEmpty
        values["transfers"] = view.transfers.map { transfer -> [String: Any] in
            ["recipient": transfer.recipient, "purpose": transfer.purpose, "legalBasis": transfer.legalBasis, "at": day(transfer.at),
             "status": word(words, "transfer.\(transfer.status)", transfer.status)]
        }
        values["hasRequests"] = !view.requests.isEmpty
        values["requests"] = view.requests.map { request -> [String: Any] in
            ["id": request.id, "kinds": request.kinds.map { word(words, "kind.\($0)", $0) }.joined(separator: ", "),
             "received": day(request.receivedAt), "lastDay": day(request.lastDay)]
        }
        return values
    }

    /// What happens to a ticket when its time is up, in words.
    static func retention(_ ticket: PortalDataView.Ticket, _ words: [String: String]) -> String {
        var text: String
        if let due = ticket.retentionDue {
            text = word(words, "retention.\(ticket.retentionAction ?? "delete")", ticket.retentionAction ?? "") + " " + day(due)
        } else {
            text = word(words, "retention.notStarted", "")
        }
        if ticket.held { text += "; " + word(words, "retention.held", "") }
        if ticket.archived { text += "; " + word(words, "retention.archived", "") }
        return text
    }

    static func ticket(_ view: PortalTicketView, _ words: [String: String]) -> [String: Any] {
        var values: [String: Any] = ["id": view.id, "state": word(words, "ticketState.\(view.state)", view.state), "created": day(view.createdAt)]
        if let closed = view.closedAt { values["closed"] = day(closed) }
        values["messages"] = view.messages.map { message -> [String: Any] in
            var entry: [String: Any] = ["who": word(words, message.fromPerson ? "fromYou" : "toYou", ""), "at": moment(message.at), "text": message.text]
            if let subject = message.subject { entry["subject"] = subject }
            return entry
        }
        return values
    }
}
