/// Why a change to a ticket's retention was refused, with the fix. Holds ticket numbers and
/// class names only.
public enum RetentionRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Marking a commercial letter keeps nothing longer when no class claims commercial letters;
    /// `configurationFile` is where the class would be added.
    case noCommercialLetterClass(ticket: Int64, configurationFile: String)
    /// The ticket's class archived it already; archived tickets keep their class.
    case archivedAlready(ticket: Int64, retentionClass: String?)

    public var description: String {
        switch self {
        case .noCommercialLetterClass(let ticket, let file):
            "no retention class claims commercial letters, so the marker would not keep ticket \(ticket) any longer: "
                + "add commercial_letters = true to the [[retention.classes]] entry for them (e.g. start = \"end_of_year_after_close\", period = \"P6Y\") in \(file), then mark the ticket again"
        case .archivedAlready(let ticket, let retentionClass):
            "ticket \(ticket) was archived by its retention class \(retentionClass ?? "?") already, so its class no longer changes: it stays archived and restricted"
        }
    }
}
