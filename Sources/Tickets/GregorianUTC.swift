public import Foundation

extension Calendar {
    /// The Gregorian calendar in UTC: retention periods and request deadlines are counted in it,
    /// so that the daemon, the commands and the metrics agree whatever a machine's time zone.
    public static var gregorianUTC: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}
