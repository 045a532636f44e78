import MailFormat
import Testing

@Suite("HTML to text")
struct HTMLTextTests {
    @Test("block structure: paragraphs, divs, breaks, headings")
    func blocks() {
        let html = "<html><body><h1>Anfrage</h1><p>Guten Tag,</p><p>mein Fernseher<br>findet das WLAN nicht.</p><div>Gruß</div><div>Erika</div></body></html>"
        #expect(HTMLText.text(from: html) == "Anfrage\n\nGuten Tag,\n\nmein Fernseher\nfindet das WLAN nicht.\n\nGruß\nErika")
    }

    @Test("lists get bullets, nested lists are indented")
    func lists() {
        #expect(HTMLText.text(from: "<p>Schritte:</p><ul><li>Router an</li><li>TV an<ul><li>Menü</li></ul></li></ul>Ende")
            == "Schritte:\n\n- Router an\n- TV an\n  - Menü\n\nEnde")
    }

    @Test("blockquotes are marked as quotes")
    func quotes() {
        #expect(HTMLText.text(from: "Antwort<blockquote>Frage<br>zweite Zeile</blockquote>") == "Antwort\n\n> Frage\n> zweite Zeile")
    }

    @Test("two-cell rows read as label: value; other rows are joined with |")
    func tables() {
        let form = "<table><tr><td><b>Name</b></td><td>Erika Beispiel</td></tr><tr><th>E-Mail:</th><td>erika@example.org</td></tr>" +
            "<tr><td>Nachricht</td><td>Zeile 1<br>Zeile 2</td></tr></table>"
        #expect(HTMLText.text(from: form) == "Name: Erika Beispiel\nE-Mail: erika@example.org\nNachricht: Zeile 1\nZeile 2")
        #expect(HTMLText.text(from: "<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>only</td><td></td></tr></table>")
            == "a | b | c\nonly")
        #expect(HTMLText.text(from: "<table><tr><td>a<td>b<tr><td>c<td>d</table>after") == "a: b\nc: d\nafter")
    }

    @Test("layout tables nested in cells still read naturally")
    func nestedTables() {
        let html = "<table><tr><td><table><tr><td>Name</td><td>Erika</td></tr><tr><td>Ort</td><td>Köln</td></tr></table></td></tr></table>"
        #expect(HTMLText.text(from: html) == "Name: Erika\nOrt: Köln")
    }

    @Test("bold labels with a break come out on two lines")
    func labelBreakValue() {
        #expect(HTMLText.text(from: "<b>Name</b><br>Erika<br><b>Telefon</b><br>0000") == "Name\nErika\nTelefon\n0000")
    }

    @Test("entities: named, decimal, hexadecimal, missing semicolons, invalid")
    func entities() {
        #expect(HTMLText.text(from: "Gr&uuml;&szlig;e &auml;&ouml; &Auml;&Ouml;&Uuml; &euro;&nbsp;5 &amp; &lt;tag&gt; &quot;x&quot;")
            == "Grüße äö ÄÖÜ € 5 & <tag> \"x\"")
        #expect(HTMLText.text(from: "&#228;&#xE4;&#X20AC;&#150;&#0;&#x110000;&copy &unknown; & alone") == "ää€–\u{FFFD}\u{FFFD}© &unknown; & alone")
    }

    @Test("script, style, head, title and comments are dropped")
    func dropped() {
        let html = "<html><head><title>T</title><meta charset=utf-8><style>p{}</style></head><body><script>var x = '<p>';</script>" +
            "<!-- hidden <p>comment</p> -->sichtbar<style type=\"text/css\">.a{}</style></body></html>"
        #expect(HTMLText.text(from: html) == "sichtbar")
    }

    @Test("white space collapses like a browser; pre keeps it")
    func whitespace() {
        #expect(HTMLText.text(from: "  viel   \n\t Platz  <span> hier </span>!") == "viel Platz hier !")
        #expect(HTMLText.text(from: "<pre>a  b\n  c</pre>") == "a  b\n  c")
    }

    @Test("broken HTML is read as far as it goes", arguments: [
        ("<p>offen <b>fett <i>kursiv", "offen fett kursiv"),
        ("a < b and c > d", "a < b and c > d"),
        ("<div class=\"x>kaputt", ""),
        ("text <!-- never closed", "text"),
        ("</p></div>stray end tags</td></tr>", "stray end tags"),
        ("<td>cell outside table</td><td>second</td>", "cell outside table second"),
        ("<p>unclosed <script>alert(1)", "unclosed"),
    ])
    func broken(html: String, expected: String) {
        #expect(HTMLText.text(from: html) == expected)
    }
}
