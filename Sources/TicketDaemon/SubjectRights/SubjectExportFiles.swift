import Foundation

/// `subject export --out PATH`: the JSON document (Art. 20) and its readable rendering (Art. 15)
/// with the counts the summary names. Through the daemon it travels to the command, which
/// writes the files as the caller: the daemon never writes into a member of staff's directory.
package struct SubjectExportFiles: Sendable, Codable {
    package var json: String
    package var markdown: String
    package var found: Bool
    package var tickets: Int
    package var consents: Int
    package var transfers: Int

    /// The files of `document`.
    package init(_ document: SubjectExportDocument) {
        json = document.json
        markdown = document.markdown
        found = document.found
        tickets = document.tickets.count
        consents = document.consents.count
        transfers = document.transfers.count
    }

    /// Writes PATH and PATH with `.md`, owner-only, never over an existing file and never half
    /// (the first goes again when the second fails); answers the summary to print.
    package func write(to out: String) throws(OperatorError) -> String {
        let markdownPath = (out as NSString).deletingPathExtension + ".md"
        guard markdownPath != out else { throw .argument(.exportPathIsMarkdown(out)) }
        for path in [out, markdownPath] where FileManager.default.fileExists(atPath: path) {
            throw .argument(.exportExists(path))
        }
        try SubjectRightsActions.writePrivately(Data(json.utf8), to: out)
        do { try SubjectRightsActions.writePrivately(Data(markdown.utf8), to: markdownPath) } catch {
            try? FileManager.default.removeItem(atPath: out)
            throw error
        }
        let counts = "\(tickets) ticket\(tickets == 1 ? "" : "s"), \(consents) consent record\(consents == 1 ? "" : "s"), \(transfers) transfer\(transfers == 1 ? "" : "s")"
        return (found ? "exported \(counts)" : "ticketd holds no data about this address; the export says so")
            + " to \(out) (JSON, Art. 20) and \(markdownPath) (readable, Art. 15); both readable by their owner only. "
            + "They hold personal data: hand them to the person and delete them"
    }
}
