public import Foundation

/// A ticket's retention class and when its period ends (nil while the start event has not happened).
public struct RetentionPlacement: Sendable, Hashable {
    /// The class's name.
    public var retentionClass: String
    /// When the class's action is due.
    public var due: Date?

    /// Describes a placement.
    public init(retentionClass: String, due: Date?) {
        self.retentionClass = retentionClass
        self.due = due
    }
}
