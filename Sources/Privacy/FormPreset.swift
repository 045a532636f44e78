/// The labels a form builder writes in its notification mails, in German and English, so that a
/// `[[forms]]` entry can say `preset = "wpforms"` instead of listing them. A form's own labels
/// replace the preset's for the same field or purpose.
///
/// Consent labels are the site's own words; the presets carry the common ones, and a site adds
/// its checkbox's label (or its text, for an acceptance field that sends it) under `consent`.
/// `Formular-Version` / `Form version` is a hidden field a site adds; no builder sends one itself.
public enum FormPreset: String, Sendable, CaseIterable {
    /// Contact Form 7's default mail (includes/contact-form-template.php in
    /// rocklobster-in/contact-form-7): plain text, `From: [your-name] [your-email]` (with `<…>` round the
    /// address before 5.7.4), `Subject:`, `Message Body:` over the message, a footer after "-- ".
    /// "Use HTML content type" sends the same body as text/html in a bare html/head/title/body
    /// frame (includes/mail.php, htmlize). Its acceptance field writes `Consented: <text>` or
    /// `Not consented: <text>` (wpcf7_acceptance_mail_tag in modules/acceptance.php); the
    /// default mail has no such line, a site adds one under its own label.
    /// Not verified against source: the German strings (`Von:`, `Nachrichtentext:`), which come
    /// from translate.wordpress.org, not the repository.
    case contactForm7 = "contact-form-7"
    /// WPForms' `{all_fields}` (src/Emails/Notifications.php of WPForms 1.8.5+, read in a copy of
    /// wpforms-lite; the awesomemotive repository itself was not reachable): HTML only (text/html),
    /// the default "Classic" template puts each field in two rows, the label bold in
    /// `td.field-name` above the value in `td.field-value` (templates/emails/classic-field.php);
    /// the "Plain Text" template (text/plain) writes `--- Label ---`, a blank line, the value, a
    /// blank line. Empty fields are left out. The GDPR Agreement field is always required and sends
    /// its agreement text as the value (class-gdpr-checkbox.php, format()).
    /// Not verified against source: the German labels (`DSGVO-Vereinbarung`, `Kommentar oder
    /// Nachricht`), which come from translate.wordpress.org.
    case wpforms
    /// Gravity Forms' `{all_fields}` (GFCommon::get_submitted_fields in common.php, read in a copy
    /// of the plugin): HTML only (text/html), a table
    /// whose label row (`#EAF2FA`, bold) stands above a value row with an empty 20-pixel cell;
    /// text notifications write `Label: value` and a blank line. Empty fields are left out. The
    /// consent field (class-gf-field-consent.php) writes the tick image (`<img src=…/tick.png>`,
    /// filter gform_consent_checked_indicator_markup) and the checkbox text when ticked, nothing
    /// when not, so a site lists its checkbox text under `consent`.
    case gravityForms = "gravity-forms"
    /// TYPO3 powermail's `{powermail_all}` (in2code-de/powermail: Resources/Private/Templates/Form/
    /// PowermailAll.html, section "mail"; Partials/PowermailAll/Mail.html): a `table.powermail_all`
    /// with one row per field, the title bold in a `th` (a `td` before powermail 13), the answer in
    /// a `td`, a checkbox's chosen option values joined with ", ". The receiver mail's default body
    /// is just `{powermail_all}` (Configuration/FlexForms/FlexformPi1.xml), sent as HTML and text
    /// (`mailformat = both`); the text part is made from the HTML (Classes/Domain/Service/Mail/
    /// PlaintextService.php): cells end in a space, rows in a line break, so a row reads
    /// `Label value ` without a colon (``spacedLabels``). Given and family name are fields of their own.
    case powermail
    /// The TYPO3 form framework (EXT:form, TYPO3-CMS/form: Resources/Private/Frontend/Templates/
    /// Finishers/Email/Default.fluid.html and .txt, with the SystemEmail layout of TYPO3-CMS/core):
    /// EmailToReceiver sends HTML and text (`addHtmlPart: true`). The HTML is a two-column table,
    /// label and value, each value in a small table of its own; the text writes `label: value`,
    /// `-` for an empty value, `label: - a` then `- b` for several. A Checkbox element's label is
    /// the text beside the box and its value `1` (Configuration/Form/Base/FormElements/Checkbox.yaml),
    /// so a site lists that text under `consent`.
    case typo3Form = "typo3-form"
    /// Shopware 6's `contact_form` mail template (Migration1604669773UpdateMailTemplate in
    /// src/Core/Migration/V6_3 of shopware/shopware, as its test quotes it): HTML and text;
    /// `Name:`, `Kontakt E-Mail:`, `Telefonnummer:`, `Betreff:`, `Nachricht:` with the message on
    /// the next line in German text; English `Contact name:`, `Contact email address:`, `Phone:`,
    /// `Subject:`, `Message:`. It carries no consent: the storefront requires its privacy checkbox
    /// before sending, which the mail does not show, so a shop adds a `Datenschutz:` line to the
    /// template or sets `missing_processing_consent = "restrict"`.
    case shopware
    /// Jotform (hosted, with an EU data centre; widely used in DACH): its notification is an HTML
    /// table of question and answer. Not verified against source or documentation: Jotform is
    /// closed source and its help pages were not reachable here, so the labels and the samples are
    /// the form's own question texts in a generic question/answer table, and a checkbox's answer is
    /// taken to be the chosen option's text.
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

    /// Whether rows may read `Label value` without a colon: powermail's text part, made from its HTML.
    public var spacedLabels: Bool { self == .powermail }

    /// The label of the hidden version field a site adds.
    public var versionLabel: String { "Formular-Version" }

    /// The known names, for an error message.
    public static var names: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
}
