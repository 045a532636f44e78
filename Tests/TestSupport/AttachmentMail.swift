import Foundation

/// A made-up contact form with the attachments issue 16 names: an invoice with an RFC 2231
/// name, a zero-byte file, a Content-Type that lies, a path in the name, a right-to-left
/// override, a name in an unknown charset, and one that carries the customer's surname.
public enum AttachmentMail {
    /// The bytes of the invoice: a canary that must be found nowhere after the erasure.
    public static func invoice(_ tag: String) -> [UInt8] { Array("%PDF-1.4 Rechnungsbetrag 4711 Kanarienbeleg-\(tag) %%EOF".utf8) }
    /// What the part declared as a JPEG really holds.
    public static let lyingBytes = Array("#!/bin/sh\necho not a picture\n".utf8)

    /// The mail, from `name` <`email`> through the example configuration's contact form;
    /// `message` is what the customer wrote (an ordinary question about a broken TV unless a test
    /// needs another, e.g. one that names a health condition).
    public static func form(name: String, email: String, surname: String, tag: String, messageID: String,
                            message: String = "Mein Vistara 55 QX geht nicht mehr an. Rechnung und Foto anbei.") -> String {
        func part(_ headers: [String], _ body: [UInt8]) -> String {
            "--XBOUNDARY\r\n" + headers.joined(separator: "\r\n") + "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Data(body).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
        }
        return """
        Date: Sun, 29 Nov 2026 09:00:00 +0100\r
        From: Kontaktformular <kontaktformular@example.com>\r
        Reply-To: \(name) <\(email)>\r
        To: Support <support@example.com>\r
        Subject: Kontaktformular: Fernseher defekt, Rechnung anbei\r
        Message-ID: <\(messageID)>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="XBOUNDARY"\r
        \r
        --XBOUNDARY\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Name: \(name)\r
        E-Mail: \(email)\r
        Nachricht: \(message)\r
        Einwilligung Datenverarbeitung: ja\r
        Einwilligung Produktempfehlungen: nein\r
        Formular-Version: 2.3\r

        """
            + part(["Content-Type: application/pdf", "Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf"], invoice(tag))
            + part(["Content-Type: text/plain", "Content-Disposition: attachment; filename=\"empty.txt\""], [])
            + part(["Content-Type: image/jpeg", "Content-Disposition: attachment; filename=\"../../etc/passwd\""], lyingBytes)
            + part(["Content-Type: application/octet-stream", "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe"], Array("MZ".utf8))
            + part(["Content-Type: text/plain", "Content-Disposition: attachment; filename*=x-unknown-7''caf%E9.txt"], Array("cafe".utf8))
            + part(["Content-Type: image/jpeg", "Content-Disposition: attachment; filename=\"\(surname)_Foto.jpg\""], Array("JFIF photo".utf8))
            + "--XBOUNDARY--\r\n"
    }
}
