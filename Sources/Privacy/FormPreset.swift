/// The labels a form builder writes in its notification mails, in German and English, so that a
/// `[[forms]]` entry can say `preset = "wpforms"` instead of listing them. A form's own labels
/// replace the preset's for the same field or purpose.
///
/// Consent labels are the site's own words; the presets carry the common ones, and a site adds
/// its checkbox's label (or its text, for an acceptance field that sends it) under `consent`.
/// `Formular-Version` / `Form version` is a hidden field a site adds; no builder sends one itself.
public enum FormPreset: String, Sendable, CaseIterable {
    /// Contact Form 7's default mail template: `Von: [your-name] <[your-email]>` (English
    /// `From:`), `Nachrichtentext:` (`Message Body:`) over the message, a footer after "-- ".
    /// Its acceptance field writes `Consented: <text>` or `Not consented: <text>`
    /// (wpcf7_acceptance_mail_tag in modules/acceptance.php of rocklobster-in/contact-form-7).
    case contactForm7 = "contact-form-7"
    /// WPForms' `{all_fields}`: HTML puts each label in bold on a row of its own above the
    /// value; plain text heads each field `--- Label ---`. Its GDPR field sends the agreement text.
    case wpforms
    /// Gravity Forms' `{all_fields}`: an HTML table, label row above value row
    /// (docs.gravityforms.com/fields-merge-tag); plain-text notifications write `Label: value`.
    /// The consent field writes a check mark and its checkbox text when ticked.
    case gravityForms = "gravity-forms"
    /// TYPO3 powermail's `{powermail_all}`: a table of field title and answer; a checkbox's
    /// chosen options are its value. Given and family name are fields of their own.
    case powermail
    /// The TYPO3 form framework (EXT:form), EmailToReceiver finisher: the HTML template renders
    /// all values as a label/value table (formvh:renderAllFormValues), plain text `label: value`.
    case typo3Form = "typo3-form"
    /// Shopware 6's `contact_form` mail template (shopware/platform migrations):
    /// `Name:`, `Kontakt E-Mail:`, `Telefonnummer:`, `Nachricht:`; English `Contact name:`,
    /// `Contact email address:`, `Phone:`, `Message:`. It carries no consent: the storefront
    /// requires its privacy checkbox before sending, which the mail does not show, so a shop adds
    /// a `Datenschutz:` line to the template or sets `missing_processing_consent = "restrict"`.
    case shopware
    /// Jotform (hosted, with an EU data centre; widely used in DACH): its notification is an HTML
    /// table of question and answer; the text part has the same rows as `Question: answer`.
    case jotform

    /// The preset's labels for each field.
    public var labels: [FormProfile.Field: [String]] {
        switch self {
        case .contactForm7:
            [.name: ["Von", "From", "Ihr Name", "Your Name"], .email: ["Ihre E-Mail-Adresse", "Your Email"],
             .phone: ["Telefon", "Phone"], .message: ["Nachrichtentext", "Message Body", "Ihre Nachricht", "Your Message"]]
        case .wpforms:
            [.name: ["Name"], .email: ["E-Mail", "Email"], .phone: ["Telefon", "Phone"], .address: ["Adresse", "Address"],
             .message: ["Kommentar oder Nachricht", "Comment or Message", "Nachricht", "Message"]]
        case .gravityForms:
            [.name: ["Name"], .email: ["E-Mail", "Email"], .phone: ["Telefon", "Phone"], .address: ["Adresse", "Address"],
             .message: ["Nachricht", "Message", "Kommentar", "Comments"]]
        case .powermail:
            [.name: ["Vorname", "Nachname", "Name"], .email: ["E-Mail", "E-Mail-Adresse"], .phone: ["Telefon", "Telefonnummer"],
             .address: ["Anschrift", "Adresse"], .message: ["Nachricht", "Ihre Nachricht"]]
        case .typo3Form:
            [.name: ["Name"], .email: ["E-Mail", "Email"], .phone: ["Telefon", "Phone"], .message: ["Nachricht", "Message"]]
        case .shopware:
            [.name: ["Name", "Contact name"], .email: ["Kontakt E-Mail", "Contact email address"],
             .phone: ["Telefonnummer", "Phone"], .message: ["Nachricht", "Message"]]
        case .jotform:
            [.name: ["Name", "Vollständiger Name", "Full Name"], .email: ["E-Mail", "Email"],
             .phone: ["Telefonnummer", "Phone Number"], .address: ["Adresse", "Address"], .message: ["Nachricht", "Message"]]
        }
    }

    /// The preset's common consent labels.
    public var consent: [FormProfile.ConsentPurpose: [String]] {
        let marketing = ["Newsletter", "Einwilligung Werbung", "Marketing"]
        switch self {
        case .wpforms:
            return [.processing: ["DSGVO-Vereinbarung", "GDPR Agreement", "Datenschutz"], .marketing: marketing]
        case .gravityForms:
            return [.processing: ["Einwilligung", "Consent", "Datenschutz"], .marketing: marketing]
        default:
            return [.processing: ["Datenschutz", "Datenschutzerklärung", "Einwilligung", "Privacy", "Privacy Policy"],
                    .marketing: marketing]
        }
    }

    /// The label of the hidden version field a site adds.
    public var versionLabel: String { "Formular-Version" }

    /// The known names, for an error message.
    public static var names: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
}
