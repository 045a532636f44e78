import Privacy

/// Everything that can go wrong with the database, each case saying what happened and what to do.
///
/// None of the messages carries a personal value: they name paths, pseudonyms and counts.
package enum StoreError: Error, Sendable, Equatable, CustomStringConvertible, CauseNamingError {
    case directoryMissing(directory: String, database: String)
    case directoryNotWritable(directory: String)
    case pathIsDirectory(String)
    case readOnly(String)
    case notADatabase(String)
    case corrupt(String)
    case busy(String)
    case schemaTooNew(String)
    case masterKeyMismatch(database: String, expected: String, found: String)
    case subjectNotFound(String)
    case ticketNotFound(Int64)
    case outboxItemNotFound(Int64)
    /// A live API token has this name already.
    case tokenNameTaken(String)
    /// No live API token has this name.
    case tokenNotFound(String)
    case subjectKeyMissing(String)
    case sealedDataUnreadable(what: String, reason: String)
    case sqlite(code: Int32, message: String)

    package var description: String {
        switch self {
        case .directoryMissing(let directory, let database):
            "the database directory \(directory) does not exist, so \(database) cannot be created there: "
                + "create the directory (systemd's StateDirectory=ticketd does this for the service) or set storage.database to a path in an existing directory"
        case .directoryNotWritable(let directory):
            "the database directory \(directory) is not writable: SQLite writes its -wal and -shm files beside the database; "
                + "give the ticketd user write access to the directory (chown ticketd: \(directory); chmod 700 \(directory))"
        case .pathIsDirectory(let path):
            "storage.database points at \(path), which is a directory: name a file inside it, e.g. \(path.hasSuffix("/") ? path : path + "/")ticketd.sqlite3"
        case .readOnly(let path):
            "the database \(path) is read-only, and ticketd must write to it: "
                + "make it writable for the ticketd user (chown ticketd: \(path); chmod 600 \(path)) or check that its file system is not mounted read-only. Nothing was changed."
        case .notADatabase(let path):
            "\(path) is not a SQLite database (or it is encrypted with something else): check storage.database; ticketd does not overwrite a file it does not recognise"
        case .corrupt(let path):
            "the database \(path) is damaged: stop ticketd, keep a copy of the file with its -wal and -shm, and restore the last backup"
        case .busy(let path):
            "the database \(path) stayed locked by another process past the busy timeout: check for a second ticketd or a long-running sqlite3 session"
        case .schemaTooNew(let path):
            "the database \(path) was written by a newer ticketd (its schema has migrations this version does not know): run the newer ticketd, or restore a backup made by this version"
        case .masterKeyMismatch(let database, let expected, let found):
            "the master key (fingerprint \(found)) is not the key the database \(database) was created with (fingerprint \(expected)): "
                + "point secrets.master_key_file at the right key; without it no sealed data can be read"
        case .subjectNotFound(let pseudonym):
            "there is no data subject \(pseudonym)"
        case .ticketNotFound(let ticket):
            "there is no ticket \(ticket): `ticketd tickets` lists them"
        case .outboxItemNotFound(let id):
            "there is no outbox item \(id): `ticketd outbox` lists them"
        case .tokenNameTaken(let name):
            "there is already a live API token named \(name): choose another name, or revoke it first (ticketd token revoke \(name))"
        case .tokenNotFound(let name):
            "there is no live API token named \(name): `ticketd token list` shows them"
        case .subjectKeyMissing(let pseudonym):
            "the key of data subject \(pseudonym) is gone (the subject was erased), so its sealed data can no longer be opened"
        case .sealedDataUnreadable(let what, let reason):
            "the sealed \(what) cannot be opened: \(reason)"
        case .sqlite(let code, let message):
            "SQLite error \(code): \(message)"
        }
    }
}
