import Foundation
import TestSupport

/// A browser for the portal's tests (issue 18): curl with a cookie jar of its own against the
/// portal's TLS listener, trusting the test's certificate, following no redirect (the tests look
/// at each 303 themselves).
struct PortalBrowser {
    let port: Int
    let certificate: String
    /// The cookie jar: one per browser, so that two browsers share nothing.
    let jar: String
    /// Sent with every request, as a browser would (nil: none).
    var acceptLanguage: String? = "de-DE,de;q=0.9,en;q=0.8"

    init(port: Int, certificate: String, directory: String) {
        self.port = port
        self.certificate = certificate
        jar = directory + "/cookies-\(UUID().uuidString).txt"
    }

    /// One answer: status, headers (names lower-cased, in order), body.
    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: String
        /// What curl said when it got no answer.
        var failure = ""

        func header(_ name: String) -> [String] { headers.filter { $0.name == name.lowercased() }.map(\.value) }

        /// The form token of the page's first form.
        var csrf: String? { Self.field("csrf", in: body) }

        /// The value of a hidden field.
        static func field(_ name: String, in html: String) -> String? {
            guard let start = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = html[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    func get(_ path: String, cookie: String? = nil) -> Answer {
        request(path, extra: [], cookie: cookie)
    }

    /// A form post; the fields in this order, each URL-encoded as a browser does.
    func post(_ path: String, _ fields: [(String, String)], cookie: String? = nil) -> Answer {
        // An empty form is still a POST (curl without data would send a GET).
        request(path, extra: fields.isEmpty ? ["--data", ""] : fields.flatMap { ["--data-urlencode", "\($0.0)=\($0.1)"] }, cookie: cookie)
    }

    /// `cookie` replaces the jar for this request (an old cookie sent again by hand).
    private func request(_ path: String, extra: [String], cookie: String?) -> Answer {
        let stem = jar + "-\(UUID().uuidString)"
        defer { unlink(stem + ".headers"); unlink(stem + ".body") }
        var arguments = ["--silent", "--show-error", "--max-time", "20", "--cacert", certificate, "--dump-header", stem + ".headers",
                         "--output", stem + ".body", "--write-out", "%{http_code}"]
        arguments += cookie.map { ["--cookie", $0] } ?? ["--cookie", jar, "--cookie-jar", jar]
        if let acceptLanguage { arguments += ["--header", "Accept-Language: \(acceptLanguage)"] }
        let result = Shell.run("/usr/bin/curl", arguments + extra + ["https://127.0.0.1:\(port)\(path)"])
        guard result.status == 0, let status = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return Answer(status: -Int(result.status), headers: [], body: "", failure: result.output)
        }
        let head = (try? String(contentsOfFile: stem + ".headers", encoding: .utf8)) ?? ""
        let headers = head.split(separator: "\r\n").compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Answer(status: status, headers: headers, body: (try? String(contentsOfFile: stem + ".body", encoding: .utf8)) ?? "")
    }

    /// A cookie the jar holds now (curl's Netscape format: the name and value are the last two fields).
    func cookie(_ name: String) -> String? {
        let text = (try? String(contentsOfFile: jar, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count >= 7, fields[fields.count - 2] == name { return String(fields[fields.count - 1]) }
        }
        return nil
    }
}
