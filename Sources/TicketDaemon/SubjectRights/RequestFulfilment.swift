import Foundation
import Logging
import MailFormat
import Privacy
import Tickets
import TicketStore

/// Carries out data-subject requests the person has confirmed from their own address, with the
/// same store operations as the CLI (`subject export|erase|restrict`, `consent withdraw`), and
/// queues the answer in the transaction that marks the request done.
///
/// It runs after every poll (and after `ingest`), so a request confirmed just before a crash is
/// carried out on the next round: every step is idempotent, and a request stays `confirmed`
/// until its answer is queued.
enum RequestFulfilment {
    static let actor = Actor.system("requests")

    /// What carrying out one request did: lines for the person (German, English) and for the record.
    struct Outcome {
        var german: [String] = []
        var english: [String] = []
        var record: [String] = []
        var export: SubjectExportDocument?
    }

    /// Carries out every confirmed request; returns how many were done. A request that fails
    /// stays confirmed, is logged, and is tried again next round.
    @discardableResult
    static func runPending(_ runtime: Runtime) -> Int {
        do {
            for id in try runtime.database.requests.expireUnconfirmed() {
                runtime.logger.notice("request.expired", metadata: ["request": .stringConvertible(id)])
            }
        } catch {
            runtime.logger.error("request.unreadable", metadata: ["error": .string(error.description)])
        }
        guard let smtp = runtime.configuration.smtp else { return 0 }
        let pending: [ConfirmedRequest]
        do { pending = try runtime.database.requests.confirmed() } catch {
            runtime.logger.error("request.unreadable", metadata: ["error": .string(error.description)])
            return 0
        }
        var done = 0
        for request in pending {
            do throws(OperatorError) {
                let result = try carryOut(request, runtime: runtime)
                let answer = try RequestLetters.answer(runtime, smtp: smtp, to: request.requester, kinds: request.kinds,
                                                       german: result.german, english: result.english, export: result.export)
                do {
                    try runtime.database.requests.complete(request.id, outcome: result.record.joined(separator: "; "), answer: answer,
                                                                requester: request.requester, actor: actor)
                } catch { throw .store(error) }
                done += 1
                runtime.logger.notice("request.carried_out", metadata: [
                    "request": .stringConvertible(request.id), "kinds": .string(request.kinds.map(\.rawValue).joined(separator: ",")),
                    "outcome": .string(result.record.joined(separator: "; ")),
                ])
            } catch {
                runtime.logger.error("request.failed", metadata: ["request": .stringConvertible(request.id), "error": .string(error.description)])
            }
        }
        return done
    }

    /// Runs each kind, the access export first (before an erasure in the same request empties it)
    /// and the erasure last.
    static func carryOut(_ request: ConfirmedRequest, runtime: Runtime) throws(OperatorError) -> Outcome {
        var result = Outcome()
        let order: [SubjectRequestKind] = [.access, .rectification, .restriction, .objection, .withdrawal(.processing), .withdrawal(.marketing), .erasure]
        let address = request.requester
        for kind in order where request.kinds.contains(kind) {
            let subject = try SubjectRightsActions.subject(runtime, address)
            switch kind {
            case .access:
                let document = try SubjectRightsActions.exportDocument(runtime, email: address.description, actor: actor)
                result.export = document
                result.german.append(document.found ? "Auskunft: Die Kopie Ihrer Daten steht unten und hängt als JSON-Datei an." : "Auskunft: Wir speichern keine personenbezogenen Daten zu dieser Adresse.")
                result.english.append(document.found ? "Access: the copy of your data is below and attached as a JSON file." : "Access: we hold no personal data about this address.")
                result.record.append("access: exported \(document.tickets.count) tickets, \(document.consents.count) consents, \(document.transfers.count) transfers")
            case .rectification:
                try rectify(request, subject: subject, runtime: runtime, into: &result)
            case .restriction:
                try restrict(subject, runtime: runtime, into: &result, article: "Art. 18(1)")
            case .objection:
                // An objection always ends direct marketing (Art. 21(3)); any other processing is
                // restricted while an agent weighs the grounds (Art. 18(1)(d)).
                try withdraw("marketing", subject: subject, address: address, runtime: runtime, into: &result)
                try restrict(subject, runtime: runtime, into: &result, article: "Art. 18(1)(d)")
                result.german.append("Widerspruch: Wir prüfen Ihre Gründe und melden uns; bis dahin verarbeiten wir Ihre Daten nicht weiter.")
                result.english.append("Objection: we are weighing your grounds and will get back to you; until then your data is not processed further.")
            case .withdrawal(let purpose):
                try withdraw(purpose.rawValue, subject: subject, address: address, runtime: runtime, into: &result)
            case .erasure:
                try erase(address, subject: subject, runtime: runtime, into: &result)
            }
        }
        return result
    }

    static func rectify(_ request: ConfirmedRequest, subject: SubjectRecord?, runtime: Runtime, into result: inout Outcome) throws(OperatorError) {
        guard let subject else {
            result.german.append("Berichtigung: Wir speichern keine personenbezogenen Daten zu dieser Adresse; es gibt nichts zu berichtigen.")
            result.english.append("Rectification: we hold no personal data about this address; there is nothing to rectify.")
            result.record.append("rectification: no data held")
            return
        }
        let changed: [PersonalField]
        do { changed = try runtime.database.subjects.rectify(subject, with: request.rectification, actor: actor) } catch { throw .store(error) }
        let german = ["name": "Name", "phone": "Telefon", "postal_address": "Anschrift"]
        let english = ["name": "name", "phone": "phone", "postal_address": "postal address"]
        if changed.isEmpty {
            result.german.append("Berichtigung: Ihre Antwort enthielt keine neuen Angaben (Zeilen wie \"Name: ...\"); nichts wurde geändert. Schreiben Sie uns die richtigen Angaben gern mit \"Anfrage: Berichtigung\".")
            result.english.append("Rectification: your reply held no new values (lines like \"Name: ...\"); nothing was changed. Send us the correct values with \"Request: rectification\".")
        } else {
            result.german.append("Berichtigung: geändert wurde \(changed.map { german[$0.rawValue] ?? $0.rawValue }.joined(separator: ", ")).")
            result.english.append("Rectification: changed \(changed.map { english[$0.rawValue] ?? $0.rawValue }.joined(separator: ", ")).")
        }
        if request.rectification.values[.email] != nil {
            result.german.append("Eine neue E-Mail-Adresse übernehmen wir nur auf eine Anfrage von dieser neuen Adresse aus.")
            result.english.append("A new e-mail address is taken over only on a request sent from that new address.")
        }
        result.record.append("rectification: \(changed.isEmpty ? "nothing changed" : changed.map(\.rawValue).joined(separator: ","))")
        runtime.logger.notice("subject.rectified", metadata: ["subject": .string(subject.pseudonym.rawValue), "fields": .string(changed.map(\.rawValue).joined(separator: ","))])
    }

    static func restrict(_ subject: SubjectRecord?, runtime: Runtime, into result: inout Outcome, article: String) throws(OperatorError) {
        guard let subject else {
            result.german.append("Einschränkung: Wir speichern keine personenbezogenen Daten zu dieser Adresse.")
            result.english.append("Restriction: we hold no personal data about this address.")
            result.record.append("restriction: no data held")
            return
        }
        let changed = try SubjectRightsActions.setRestriction(runtime, of: subject, restricted: true, actor: actor)
        result.german.append("Einschränkung: Ihre Daten werden nur noch gespeichert, nicht weiter verarbeitet und an niemanden weitergegeben.")
        result.english.append("Restriction: your data is only stored, not processed further and passed to nobody.")
        result.record.append("restriction (\(article)): \(changed ? "restricted" : "was restricted already")")
    }

    static func withdraw(_ purpose: String, subject: SubjectRecord?, address: EmailAddress, runtime: Runtime, into result: inout Outcome) throws(OperatorError) {
        let withdrawal = try SubjectRightsActions.withdrawConsent(runtime, purpose: purpose, subject: subject, address: address, actor: actor)
        if purpose == "marketing" {
            result.german.append("Werbung: Ihre Einwilligung ist widerrufen; Ihre Adresse steht auf unserer Sperrliste und erhält nie wieder Werbung von uns.")
            result.english.append("Marketing: your consent is withdrawn; your address is on our suppression list and will never receive marketing from us again.")
        } else {
            result.german.append("Einwilligung: Ihre Einwilligung in die Verarbeitung ist ab sofort widerrufen; offene Anfragen bearbeiten nur noch wir selbst, ohne Weitergabe.")
            result.english.append("Consent: your consent to processing is withdrawn as of now; open tickets stay with our own agents and are passed to nobody.")
        }
        result.record.append("withdrawal \(purpose): \(withdrawal.withdrawn) consent records, \(withdrawal.ticketsRestricted.count) tickets restricted, suppression \(withdrawal.suppressionAdded ? "added" : "unchanged")")
    }

    static func erase(_ address: EmailAddress, subject: SubjectRecord?, runtime: Runtime, into result: inout Outcome) throws(OperatorError) {
        let (quarantined, erasure) = try SubjectRightsActions.eraseData(runtime, address: address, subject: subject, actor: actor, reason: "Art. 17 request by mail")
        guard let erasure else {
            result.german.append(quarantined.erased > 0 ? "Löschung: Wir haben \(quarantined.erased) zurückgehaltene Mail(s) von Ihnen gelöscht; weitere Daten speichern wir nicht."
                                 : "Löschung: Wir speichern keine personenbezogenen Daten zu dieser Adresse.")
            result.english.append(quarantined.erased > 0 ? "Erasure: we erased \(quarantined.erased) held-back mail(s) from you; we hold no other data."
                                  : "Erasure: we hold no personal data about this address.")
            result.record.append("erasure: \(quarantined.erased) quarantined mails, no subject")
            return
        }
        let count = erasure.ticketsErased.count
        result.german.append("Löschung: Wir haben \(count) Vorgang/Vorgänge mit allen Nachrichten, Ihre Einwilligungen und Ihre Kontaktdaten gelöscht, auch die Kopien Ihrer Mails auf unserem Mailserver.")
        result.english.append("Erasure: we erased \(count) ticket(s) with all their messages, your consents and your contact details, including the copies of your mails on our mail server.")
        if !erasure.partnersNotified.isEmpty {
            // Art. 19 sentence 2: the person learns who was asked to erase what they had received.
            let names = erasure.partnersNotified.joined(separator: ", ")
            result.german.append("Empfänger, denen wir Daten aus diesen Vorgängen übermittelt hatten (\(names)), haben wir gebeten, ihre Kopien zu löschen (Art. 19 DSGVO).")
            result.english.append("Recipients we had sent data from these tickets to (\(names)) have been asked to erase their copies (Art. 19 GDPR).")
        }
        for kept in erasure.kept {
            let why: (String, String)
            switch kept.exemption {
            case .legalHold: why = ("eine gesetzliche Aufbewahrungs- oder Beweissicherungspflicht (Art. 17 Abs. 3 lit. b, e DSGVO)", "a legal duty to keep it or to preserve evidence (Art. 17(3)(b), (e) GDPR)")
            case .archiveDuty: why = ("eine handels- oder steuerrechtliche Aufbewahrungspflicht (HGB §257, AO §147; Art. 17 Abs. 3 lit. b DSGVO)", "a commercial or tax archive duty (HGB §257, AO §147; Art. 17(3)(b) GDPR)")
            }
            result.german.append("Aufbewahrt: Vorgang \(kept.ticket), wegen \(why.0). Wir haben ihn gesperrt: Er wird nur noch gespeichert und nach Ablauf der Frist gelöscht.")
            result.english.append("Kept: ticket \(kept.ticket), because of \(why.1). It is restricted: only stored, and erased when the period ends.")
        }
        // The record names the kind of exemption, not a hold's reason, which an agent wrote freely.
        let keptTags = erasure.kept.map { "\($0.ticket) \($0.exemption.auditTag)" }
        result.record.append("erasure: \(count) tickets erased, \(erasure.kept.count) kept\(keptTags.isEmpty ? "" : " (\(keptTags.joined(separator: ", ")))"), key \(erasure.keyDestroyed ? "destroyed" : "kept"), \(quarantined.erased) quarantined mails, \(erasure.partnersNotified.count) partners notified")
    }
}
