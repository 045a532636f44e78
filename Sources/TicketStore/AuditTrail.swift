package import Foundation
package import Tickets
import GRDB

/// The result of walking the whole audit chain.
package struct AuditVerification: Sendable, Equatable {
    /// How many events verified, from the first on.
    package var verifiedCount: Int64
    /// The hash of the last verified event.
    package var headHash: Data
    /// The first broken link, or nil when the whole chain holds.
    package var firstBreak: AuditChainBreak?
}

extension TicketDatabase {
    /// Appends an event to the chain inside the caller's transaction, so the event commits
    /// or rolls back with the change it records.
    func appendAudit(_ draft: AuditDraft, in db: Database) throws {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1"))
        let sequence = (last?["sequence"] as Int64? ?? 0) + 1
        let previous = last.flatMap { Data.fromDatabaseValue($0["hash"]) } ?? AuditChain.genesisHash
        let event = AuditChain.seal(draft, sequence: sequence, atMilliseconds: nowMilliseconds(), previousHash: previous)
        try db.executeCached(
            sql: """
            INSERT INTO audit_events (sequence, at, actor, action, ticket_id, subject, fields, details, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            arguments: [
                event.sequence, event.atMilliseconds, event.actor, event.action, event.ticketID, event.subject,
                AuditRow.encode(event.fields), AuditRow.encode(event.details), event.previousHash, event.hash,
            ]
        )
    }
}

extension AuditTrail {
    /// Appends one event in a transaction of its own (for actions that change nothing else).
    package func record(_ draft: AuditDraft) throws(StoreError) {
        try database.write { db in try database.appendAudit(draft, in: db) }
    }

    /// Walks the chain from the first event in sequence order, in constant memory.
    package func verify() throws(StoreError) -> AuditVerification {
        try database.read { db in
            var verifier = AuditChainVerifier()
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_events ORDER BY sequence")
            while let row = try rows.next() {
                let event: AuditEvent
                switch AuditRow.decode(row) {
                case .success(let decoded): event = decoded
                case .failure(let chainBreak):
                    return AuditVerification(verifiedCount: verifier.verifiedCount, headHash: verifier.headHash, firstBreak: chainBreak)
                }
                if let chainBreak = verifier.check(event) {
                    return AuditVerification(verifiedCount: verifier.verifiedCount, headHash: verifier.headHash, firstBreak: chainBreak)
                }
            }
            return AuditVerification(verifiedCount: verifier.verifiedCount, headHash: verifier.headHash, firstBreak: nil)
        }
    }

    /// The events in sequence order, all of them or those of one ticket.
    ///
    /// Rows that cannot be read as events are skipped here; `audit verify` names them.
    package func events(ticket: Int64? = nil) throws(StoreError) -> [AuditEvent] {
        try database.read { db in
            let rows: RowCursor
            if let ticket {
                rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_events WHERE ticket_id = ? ORDER BY sequence", arguments: [ticket])
            } else {
                rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_events ORDER BY sequence")
            }
            var events: [AuditEvent] = []
            while let row = try rows.next() {
                if case .success(let event) = AuditRow.decode(row) { events.append(event) }
            }
            return events
        }
    }
}

/// Reading and writing audit rows without trusting them: a row changed by hand must produce a
/// named break, never a crash.
package enum AuditRow {
    /// The fields as a JSON array: the bytes `JSONEncoder.sorted` writes (verification compares
    /// them with the stored text, so they must never change), written directly, because
    /// `JSONEncoder` casts every value at run time and was a tenth of an ingest commit.
    package static func encode(_ fields: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(field, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The details as a JSON object with sorted keys, as `JSONEncoder.sorted` writes them. Keys
    /// are ASCII names in practice; any other key goes to `JSONEncoder`, whose order for
    /// non-ASCII text is its own business.
    package static func encode(_ details: [String: String]) -> String {
        guard details.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else {
            return String(decoding: (try? JSONEncoder.sorted.encode(details)) ?? Data("{}".utf8), as: UTF8.self)
        }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in details.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendQuoted(details[key]!, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string as `JSONEncoder` with `.withoutEscapingSlashes` writes it: quote, backslash,
    /// the five short escapes, other control characters as `\u00xx`, everything else as it is.
    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func decode(_ row: Row) -> Result<AuditEvent, AuditChainBreak> {
        let sequence = Int64.fromDatabaseValue(row["sequence"]) ?? -1
        func unreadable(_ why: String) -> Result<AuditEvent, AuditChainBreak> {
            .failure(AuditChainBreak(sequence: sequence, reason: .unreadable(why)))
        }
        guard sequence >= 0 else { return unreadable("its sequence number is not an integer") }
        guard let at = Int64.fromDatabaseValue(row["at"]) else { return unreadable("its time is not an integer") }
        guard let actor = String.fromDatabaseValue(row["actor"]) else { return unreadable("its actor is not text") }
        guard let action = String.fromDatabaseValue(row["action"]) else { return unreadable("its action is not text") }
        let ticketValue: DatabaseValue = row["ticket_id"]
        let ticket = Int64.fromDatabaseValue(ticketValue)
        if ticket == nil, !ticketValue.isNull { return unreadable("its ticket is not an integer") }
        let subjectValue: DatabaseValue = row["subject"]
        let subject = String.fromDatabaseValue(subjectValue)
        if subject == nil, !subjectValue.isNull { return unreadable("its subject is not text") }
        guard let fieldsText = String.fromDatabaseValue(row["fields"]),
              let fields = try? JSONDecoder().decode([String].self, from: Data(fieldsText.utf8))
        else { return unreadable("its field list is not a JSON list of names") }
        guard let detailsText = String.fromDatabaseValue(row["details"]),
              let details = try? JSONDecoder().decode([String: String].self, from: Data(detailsText.utf8))
        else { return unreadable("its details are not a JSON object of texts") }
        // The JSON must be exactly as ticketd wrote it: equal values spelt differently (spaces,
        // escapes) are a change of stored bytes too.
        guard encode(fields) == fieldsText, encode(details) == detailsText else {
            return .failure(AuditChainBreak(sequence: sequence, reason: .contentChanged))
        }
        guard let previous = Data.fromDatabaseValue(row["previous_hash"]) else { return unreadable("its previous hash is not a blob") }
        guard let hash = Data.fromDatabaseValue(row["hash"]) else { return unreadable("its hash is not a blob") }
        return .success(AuditEvent(
            sequence: sequence, atMilliseconds: at, actor: actor, action: action, ticketID: ticket,
            subject: subject, fields: fields, details: details, previousHash: previous, hash: hash
        ))
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so that the same value always encodes to the same bytes.
    package static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
