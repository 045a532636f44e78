/// The words and marks ``ConsentGrammar`` knows, in German, English and the French of
/// Switzerland's forms. Lower case; a phrase is a list of words.
enum ConsentVocabulary {
    /// Answer phrases and whether each means yes. The longest phrase at the start wins, so
    /// "nicht einverstanden" is a no although "einverstanden" alone is a yes.
    static let phrases: [([String], Bool)] = {
        let yes = [
            "ja", "j", "yes", "y", "true", "1", "on", "x", "oui", "checked", "selected", "angekreuzt", "ausgewählt",
            "einverstanden", "ich bin einverstanden", "ich bin damit einverstanden", "ich stimme zu", "stimme zu", "zugestimmt", "erteilt",
            "einwilligung erteilt", "ich willige ein", "willige ein", "eingewilligt", "akzeptiert", "ich akzeptiere",
            "i agree", "agreed", "agree", "i accept", "accepted", "i consent", "consented", "granted", "given",
            "consent given", "opt in", "opted in", "bestätigt", "confirmed",
        ]
        let no = [
            "nein", "n", "no", "false", "0", "off", "non", "unchecked", "not checked", "nicht angekreuzt",
            "nicht ausgewählt", "abgelehnt", "nicht erteilt", "einwilligung nicht erteilt", "nicht einverstanden",
            "ich bin nicht einverstanden", "ich stimme nicht zu", "stimme nicht zu", "nicht zugestimmt",
            "ich willige nicht ein", "willige nicht ein", "nicht eingewilligt", "nicht akzeptiert", "declined",
            "refused", "not given", "not consented", "consent not given", "i do not agree", "i don't agree",
            "i do not consent", "opt out", "opted out", "none", "keine",
        ]
        return yes.map { ($0.split(separator: " ").map(String.init), true) }
            + no.map { ($0.split(separator: " ").map(String.init), false) }
    }()

    /// Words that, after a "yes" or in text with no answer, cast doubt on it: a negation, a
    /// refusal, a revocation or a condition.
    static let doubtWords: Set<String> = [
        "nein", "no", "nicht", "kein", "keine", "keinen", "not", "don't", "never", "nie", "niemals", "false", "non",
        "abgelehnt", "declined", "refused", "widerrufen", "widerruf", "revoked", "withdrawn", "zurückgezogen",
        "aber", "but", "außer", "ausser", "except", "unless", "sofern", "falls", "wenn", "if", "nur", "only",
    ]

    /// Words that, after a "no", contradict it.
    static let plainYes: Set<String> = ["ja", "yes", "oui", "true"]

    /// Words of a date or time after an answer ("erteilt am 12.03.2026 um 14:03 Uhr").
    static let dateWords: Set<String> = ["am", "on", "at", "um", "uhr", "den", "le", "utc"]

    /// Symbols that are a checkbox or radio mark by themselves: ticked (true) or not.
    static let symbolMarks: [Unicode.Scalar: Bool] = [
        "☑": true, "☒": true, "✓": true, "✔": true, "✅": true, "◉": true, "●": true, "⦿": true, "▣": true,
        "☐": false, "○": false, "◯": false, "⬜": false, "□": false,
    ]

    /// What may stand inside brackets for a ticked mark: "[x]", "(•)", "(*)", "[✓]".
    static let bracketTicks: Set<Unicode.Scalar> = ["x", "•", "*", "✓", "✔", "●", "o"]

    /// Punctuation that separates an answer from its explanation or joins words; any other
    /// symbol is unknown and makes the value unreadable. "*" (a required field's star) is dropped.
    static let separators: Set<Unicode.Scalar> = [
        ",", ";", ":", ".", "-", "–", "—", "/", "(", ")", "!", "\"", "'", "„", "“", "”", "«", "»", "*", "_",
    ]
}
