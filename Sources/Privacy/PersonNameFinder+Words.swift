/// The cue words of ``PersonNameFinder``, in lower case (compared with a word's first letter in
/// any case).
extension PersonNameFinder {
    /// The first two letters (lower case) of every cue word.
    static let cueStarts = {
        var starts = BytePairSet()
        for word in addressForms + possessives + roles { starts.insert(word: word) }
        return starts
    }()
    static let addressForms = words("herr herrn frau fr hr mr mrs ms miss familie fam")
    static let titles = words("dr prof dipl ing mag herr frau")
    static let possessives = words("mein meine meinem meinen meiner unser unsere unserem unseren my our his her")
    static let relations = words("""
        frau mann ehefrau ehemann tochter sohn mutter vater kollege kollegin nachbar nachbarin chef chefin partner partnerin \
        freund freundin bruder schwester schwiegersohn schwiegertochter schwiegermutter schwiegervater enkel enkelin lebensgefährte \
        lebensgefährtin vermieter vermieterin wife husband son daughter mother father colleague neighbour neighbor boss manager \
        friend brother sister landlord landlady partner assistant
        """)
    static let roles = words("""
        monteur monteurin techniker technikerin servicetechniker servicetechnikerin geschäftsführer geschäftsführerin \
        ansprechpartner ansprechpartnerin sachbearbeiter sachbearbeiterin fahrer fahrerin kundenberater kundenberaterin \
        berater beraterin inhaber inhaberin vorstand vorsitzender vermieter hausmeister elektriker installateur \
        technician engineer driver courier director ceo representative electrician plumber installer owner \
        manager directors managers geschäftsführung owners
        """)
    static let abbreviations = words("hr fr dr prof dipl ing mag mr mrs ms fam")
    static let roleLinks = words("vor ort ist is was war heißt heisst named called namens on site hier here bei uns")
    static let particles = words("von van der den de zu del di da le la ter ten vom zur")
    /// Nouns that follow a name in the genitive ("Herrn Grünewalds Bestellung", "Frau Maiers Auto").
    static let nounsAfterNames = words("""
        auto bestellung rechnung gerät konto kundenkonto vertrag adresse wohnung haus anschluss name namen nummer \
        handy telefon order account address car phone
        """)
    static let ands = words("und and sowie")
    /// Capitalised words that follow the cues above without being names: German nouns and English
    /// words a sentence or a heading puts there ("Frau Doktor", "Herr Ober", "my Manager said").
    static let notNames = words("""
        doktor ober kollege kollegin und oder hat ist war wird sagt sagte meinte the and or has is was said says who which \
        ich sie er es wir mit bei von im am in an auf für zu i he she it we you they
        """)

    static func words(_ list: String) -> [[UInt8]] {
        list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.utf8) }
    }
}
