internal import CCurl
internal import CCurlShim

/// Changing a mailbox: fetching, moving and deleting messages, creating mailboxes.
extension IMAPSession {
    /// The most UIDs one command names (DESIGN §4: long responses trip libcurl's header limit).
    static let chunkSize = 100

    /// The raw bytes of one message, fetched by URL (`mailbox;UID=n`, which makes libcurl send
    /// `UID FETCH n BODY[]` and so sets `\Seen`).
    ///
    /// - Throws: ``IMAPError/protocolError(detail:)`` when there is no message with that UID;
    ///   use ``fetchIfPresent(uid:in:)`` to tell that case apart.
    package func fetch(uid: UInt32, in mailbox: String) throws(IMAPError) -> [UInt8] {
        guard let bytes = try fetchIfPresent(uid: uid, in: mailbox) else {
            throw .protocolError(detail: "there is no message with UID \(uid) in \"\(mailbox)\" (expunged or moved by another client?)")
        }
        return bytes
    }

    /// The raw bytes of one message, or nil when the mailbox holds no message with that UID.
    package func fetchIfPresent(uid: UInt32, in mailbox: String) throws(IMAPError) -> [UInt8]? {
        let outcome = perform(path: MailboxName.urlSegment(mailbox) + ";UID=\(uid)", command: nil)
        if outcome.code == Int(CURLE_REMOTE_FILE_NOT_FOUND.rawValue) {
            // libcurl says "not found" both for an OK without FETCH data (no such UID) and for a
            // refused FETCH; only the first means the message is gone.
            let responses = parse(outcome.lines)
            if Self.lastRefusal(responses) == nil { return nil }
            throw commandFailure(
                responses: responses, mailbox: mailbox, target: nil, refusalMeansMissing: false,
                curlText: "\(outcome.message) (libcurl error \(outcome.code))")
        }
        _ = try check(outcome, mailbox: mailbox)
        return outcome.body
    }

    /// Moves one message with `UID MOVE` (RFC 6851) and reads the new UID from `COPYUID`.
    ///
    /// A server answers `UID MOVE` for a UID that does not exist with a plain OK, so only a
    /// `COPYUID` (or, on servers without UIDPLUS, an `EXPUNGE`) counts as moved.
    package func move(uid: UInt32, from mailbox: String, to target: String) throws(IMAPError) -> MoveResult {
        if !capabilities.isEmpty, !capabilities.contains("MOVE") {
            return try copyAndExpunge(uid: uid, from: mailbox, to: target)
        }
        let responses = try run(command: "UID MOVE \(uid) \(MailboxName.quoted(target))", in: mailbox, target: target)
        return moveResult(of: uid, in: responses)
    }

    /// Moves several messages with one `UID MOVE` per chunk of at most ``chunkSize`` UIDs and
    /// returns, for each UID, whether it was moved (by its `COPYUID`) or was not there.
    ///
    /// One command for many messages matters: on a Maildir server each `UID MOVE` costs a rename
    /// and an index update with its fsync, several milliseconds that a batch shares.
    package func move(uids: [UInt32], from mailbox: String, to target: String) throws(IMAPError) -> [UInt32: MoveResult] {
        var results: [UInt32: MoveResult] = [:]
        let sorted = Array(Set(uids)).sorted()
        if !capabilities.isEmpty, !capabilities.contains("MOVE") {
            for uid in sorted { results[uid] = try copyAndExpunge(uid: uid, from: mailbox, to: target) }
            return results
        }
        var start = 0
        while start < sorted.count {
            let chunk = sorted[start..<min(start + Self.chunkSize, sorted.count)]
            let responses = try run(command: "UID MOVE \(IMAPSequenceSet.compact(chunk)) \(MailboxName.quoted(target))", in: mailbox, target: target)
            for uid in chunk { results[uid] = moveResult(of: uid, in: responses) }
            start += Self.chunkSize
        }
        return results
    }

    /// Creates a mailbox; succeeds when it exists already.
    package func createMailbox(_ name: String) throws(IMAPError) {
        let outcome = perform(path: "", command: "CREATE \(MailboxName.quoted(name))")
        if outcome.succeeded {
            remember(parse(outcome.lines))
            return
        }
        let responses = parse(outcome.lines)
        if case .tagged(_, .no, let code, _)? = Self.lastRefusal(responses), code?.name == "ALREADYEXISTS" { return }
        // Servers without RFC 5530 codes say "already exists" in prose only: ask whether it is there.
        if outcome.code == Int(CURLE_QUOTE_ERROR.rawValue), (try? status(of: name)) != nil { return }
        throw failure(outcome, responses: responses, mailbox: name, target: nil)
    }

    /// Removes messages: `UID STORE +FLAGS.SILENT (\Deleted)` then `UID EXPUNGE` (RFC 4315) for
    /// just those UIDs, at most ``chunkSize`` at a time. UIDs that are gone already are ignored.
    package func delete(uids: [UInt32], in mailbox: String) throws(IMAPError) {
        let sorted = Array(Set(uids)).sorted()
        var start = 0
        while start < sorted.count {
            let chunk = sorted[start..<min(start + Self.chunkSize, sorted.count)]
            let set = IMAPSequenceSet.compact(chunk)
            _ = try run(command: "UID STORE \(set) +FLAGS.SILENT (\\Deleted)", in: mailbox)
            let expunge = capabilities.isEmpty || capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(set)" : "EXPUNGE"
            _ = try run(command: expunge, in: mailbox)
            start += Self.chunkSize
        }
    }

    /// `UID MOVE` for a server without MOVE: `UID COPY`, then the original is expunged.
    func copyAndExpunge(uid: UInt32, from mailbox: String, to target: String) throws(IMAPError) -> MoveResult {
        let responses = try run(command: "UID COPY \(uid) \(MailboxName.quoted(target))", in: mailbox, target: target)
        let result = moveResult(of: uid, in: responses, copyOnly: true)
        if case .notFound = result { return result }
        try delete(uids: [uid], in: mailbox)
        return result
    }

    /// Moved (with the new UID from `COPYUID`) or not found, from the server's answer.
    func moveResult(of uid: UInt32, in responses: [IMAPResponse], copyOnly: Bool = false) -> MoveResult {
        for response in responses {
            let code: IMAPResponseCode?
            switch response {
            case .tagged(_, .ok, let found, _), .untaggedCondition(.ok, let found, _): code = found
            default: code = nil
            }
            guard let code, code.name == "COPYUID", code.arguments.count >= 3,
                  let sources = IMAPSequenceSet.uids(in: code.arguments[1]),
                  let targets = IMAPSequenceSet.uids(in: code.arguments[2]), sources.count == targets.count
            else { continue }
            if let index = sources.firstIndex(of: uid) { return .moved(newUID: targets[index]) }
        }
        // Without UIDPLUS there is no COPYUID: an EXPUNGE in the answer is the only sign of a move.
        let hasUIDPlus = capabilities.isEmpty || capabilities.contains("UIDPLUS")
        if !hasUIDPlus, !copyOnly, responses.contains(where: { if case .expunge = $0 { true } else { false } }) {
            return .moved(newUID: nil)
        }
        return .notFound
    }
}
