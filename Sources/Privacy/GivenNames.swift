/// A gazetteer of given names, to find another person's name where no cue stands before it:
/// "Please call Kevin Hughes-Carter back", "Rückruf bitte an Birgit Hoffmann". The list
/// (GivenNames+List.swift, written by Scripts/given_names.py) leaves out every name that is also an
/// ordinary word ("will", "frank", "rosa"), so those words in ordinary use stay.
enum GivenNames {
    /// Whether the word, lower-cased, is a given name.
    static func contains(_ word: Substring) -> Bool {
        all.contains(word.lowercased())
    }

    /// Every name's first two bytes with its length in bytes (see ``shape(pair:length:)``): a word
    /// of another shape is looked up no further, without making a lower-cased string of it (a name
    /// starting with an upper-case umlaut pairs differently once lower-cased and is always looked up).
    static let shapes = Set(all.map { shape(pair: BytePairSet.pair($0.utf8), length: $0.utf8.count) })

    static func shape(pair: Int, length: Int) -> Int { pair << 6 | min(length, 63) }

    /// Words that may follow a given name without being a surname: places, streets, days, months
    /// ("Victoria Street", "Albert Dock", "Paula Montag").
    static let notSurnames: Set<String> = [
        "street", "road", "avenue", "lane", "drive", "square", "station", "park", "bridge", "dock", "hall", "house", "court",
        "hospital", "college", "university", "school", "centre", "center", "straße", "strasse", "platz", "allee", "weg",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
        "september", "oktober", "november", "dezember", "january", "february", "march", "may", "june", "july", "october",
        "december", "gmbh", "ltd", "llc", "inc", "ag", "kg", "plc",
    ]
}
