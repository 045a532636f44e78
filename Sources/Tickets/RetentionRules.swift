public import Foundation

/// Which retention class a ticket belongs to, by the configured rules: a class may claim the
/// tickets an agent marked as commercial letters, and the tickets of named queues; every other
/// ticket is in the default class.
///
/// The marker wins over the queue because it is the stronger fact: an agent looked at this one
/// ticket and found a commercial letter (HGB §257, AO §147), whose archive duty holds whichever
/// team handles it. The queue is a rule of thumb for a whole team's tickets.
public struct RetentionRules: Sendable, Hashable {
    /// Every configured class.
    public var classes: [RetentionClass]
    /// The class of a ticket no rule claims.
    public var defaultClass: String
    /// Queue name to the name of the class that claims that queue's tickets.
    public var queueClasses: [String: String]
    /// The class that claims tickets marked as commercial letters, if one does.
    public var commercialLetterClass: String?

    /// Describes the rules; the names must be names of `classes` (the configuration checks this).
    public init(classes: [RetentionClass], defaultClass: String, queueClasses: [String: String] = [:], commercialLetterClass: String? = nil) {
        self.classes = classes
        self.defaultClass = defaultClass
        self.queueClasses = queueClasses
        self.commercialLetterClass = commercialLetterClass
    }

    /// The class with this name; an unknown or missing name (a class removed from the
    /// configuration since) falls back to the default class.
    public func retentionClass(named name: String?) -> RetentionClass? {
        classes.first { $0.name == (name ?? defaultClass) } ?? classes.first { $0.name == defaultClass }
    }

    /// The class for a ticket in `queue`, marked or not: marker, then queue, then default.
    public func retentionClass(queue: String?, commercialLetter: Bool) -> RetentionClass? {
        if commercialLetter, let name = commercialLetterClass { return retentionClass(named: name) }
        if let queue, let name = queueClasses[queue] { return retentionClass(named: name) }
        return retentionClass(named: nil)
    }

    /// The class and due date of a ticket with these facts.
    ///
    /// `closed` is the closing time only while the ticket is closed: a reopened ticket's period
    /// has not started, whatever an earlier close said.
    public func placement(queue: String?, commercialLetter: Bool, received: Date, closed: Date?, calendar: Calendar) -> RetentionPlacement? {
        guard let retentionClass = retentionClass(queue: queue, commercialLetter: commercialLetter) else { return nil }
        return RetentionPlacement(retentionClass: retentionClass.name,
                                  due: retentionClass.dueDate(received: received, closed: closed, calendar: calendar))
    }
}
