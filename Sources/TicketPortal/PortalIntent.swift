import Foundation
import TicketDaemon
import Tickets

/// One of the portal's weightier forms as posted (issue 18): a consent switch, an export, or a
/// request for erasure or restriction. When the session has no fresh code, the code page carries
/// the same fields along as hidden inputs, so that the action goes ahead once the code is right
/// without the person starting again.
struct PortalIntent: Sendable, Equatable {
    /// The form it came from: `consents`, `export` or `requests`.
    var form: String
    /// The fields that say what to do, in the order the code page repeats them.
    var fields: [(name: String, value: String)]
    var change: PortalChanges.Change
    /// For an export: JSON (Art. 20) rather than the readable rendering.
    var json = true

    static func == (a: PortalIntent, b: PortalIntent) -> Bool {
        a.form == b.form && a.change == b.change && a.json == b.json && a.fields.map(\.name) == b.fields.map(\.name) && a.fields.map(\.value) == b.fields.map(\.value)
    }

    /// Reads the fields of `form` (the form's name); nil for anything the pages never post.
    static func read(form: String, _ fields: PortalForm) -> PortalIntent? {
        switch form {
        case "consents":
            let purpose = fields["purpose"] ?? "", choice = fields["choice"] ?? ""
            let pair = [(name: "purpose", value: purpose), (name: "choice", value: choice)]
            switch (purpose, choice) {
            case (_, "withdraw") where PortalChanges.purposes.contains(purpose):
                return PortalIntent(form: form, fields: pair, change: .withdrawConsent(purpose: purpose))
            case ("marketing", "give"):
                return PortalIntent(form: form, fields: pair, change: .giveMarketingConsent)
            default:
                return nil
            }
        case "export":
            let format = fields["format"] ?? ""
            guard format == "json" || format == "md" else { return nil }
            return PortalIntent(form: form, fields: [(name: "format", value: format)], change: .export, json: format == "json")
        case "requests":
            switch fields["kind"] {
            case "erasure": return PortalIntent(form: form, fields: [(name: "kind", value: "erasure")], change: .request(.erasure))
            case "restriction": return PortalIntent(form: form, fields: [(name: "kind", value: "restriction")], change: .request(.restriction))
            default: return nil
            }
        default:
            return nil
        }
    }
}
