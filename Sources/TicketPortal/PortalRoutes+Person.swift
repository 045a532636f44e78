import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Privacy
import TicketDaemon
import Tickets
import TicketStore

/// The signed-in routes (issue 18): the person's data, one ticket, the rectification form, and
/// the forms that change something. Each establishes the session first (no session: back to the
/// sign-in), checks the form's token on every POST, and hands the change to
/// ``PortalChanges`` on the blocking lane. Nothing personal goes into a URL or a log line.
extension PortalRoutes {
    /// The routes after sign-in.
    func addPersonRoutes(_ router: Router<PortalRequestContext>) {
        router.get("/me") { request, _ in await dataPage(request) }
        router.get("/me/tickets/:id") { request, context in await ticketPage(request, id: context.parameters.get("id") ?? "") }
        router.get("/me/rectify") { request, _ in await rectifyForm(request) }
        router.post("/me/rectify") { request, _ in await rectify(request) }
        for form in ["consents", "export", "requests"] {
            router.post("/me/\(form)") { request, _ in await change(request, form: form) }
        }
        router.post("/me/confirm") { request, context in
            guard admitted(request, context) else { return tooMany(request) }
            return await confirm(request)
        }
    }

    /// What a signed-in route found on the lane: its value, or no standing session.
    enum Signed<Value: Sendable>: Sendable {
        case value(Value)
        case signedOut
    }

    /// Runs `work` for the session the cookie names, if it stands (touching it).
    func whileSignedIn<T: Sendable>(
        _ visitor: PortalVisitor, _ work: @escaping @Sendable (Runtime, PortalSessionRecord, Configuration.Portal) throws(OperatorError) -> T
    ) async -> LaneOutcome<Signed<T>> {
        guard let session = visitor.session else { return .done(.signedOut) }
        return await onLane(visitor) { runtime, portal throws(OperatorError) -> Signed<T> in
            guard let record = try PortalVisit.session(runtime, id: session, portal: portal) else { return .signedOut }
            return .value(try work(runtime, record, portal))
        }
    }

    /// Back to the sign-in, dropping a session cookie that opens nothing any more.
    func signedOut(_ visitor: PortalVisitor) -> Response {
        redirect("/", visitor, cookies: visitor.session == nil ? [] : [PortalCookies.clear(PortalCookies.session)])
    }

    /// `GET /me`: everything held, with the switches and forms; `?done=` names a notice.
    func dataPage(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        let notice = request.uri.queryParameters.get("done").flatMap { Self.notices.contains($0) ? "notice.\($0)" : nil }
        switch await whileSignedIn(visitor, { runtime, record, _ throws(OperatorError) in try PortalDataView.of(runtime, session: record) }) {
        case .failed(let failed): return failed
        case .done(.signedOut): return signedOut(visitor)
        case .done(.value(let view)):
            return page(.data(view, csrf: PortalSecret.formToken(sessionID: visitor.session ?? ""), notice: notice), visitor, switchPath: "/me")
        }
    }

    /// The notices `/me?done=` may name; anything else shows none.
    static let notices: Set<String> = [
        "withdrawn.processing", "withdrawn.marketing", "given.marketing", "unchanged", "rectified", "rectifyUnchanged", "noData",
    ]

    /// `GET /me/tickets/{id}`: one of the person's tickets; 404 for any id that is not theirs.
    func ticketPage(_ request: Request, id text: String) async -> Response {
        let visitor = PortalVisitor(request)
        // Digits only, as the pages link them: anything else is no ticket of anyone's.
        let id = text.allSatisfy(\.isASCII) ? Int64(text) : nil
        switch await whileSignedIn(visitor, { runtime, record, _ throws(OperatorError) -> PortalTicketView? in
            guard let id, id > 0 else { return nil }
            return try PortalTicketView.of(runtime, session: record, ticket: id)
        }) {
        case .failed(let failed): return failed
        case .done(.signedOut): return signedOut(visitor)
        case .done(.value(nil)): return page(.notFound, visitor, status: .notFound)
        case .done(.value(let view?)):
            return page(.ticket(view, csrf: PortalSecret.formToken(sessionID: visitor.session ?? "")), visitor, switchPath: "/me/tickets/\(view.id)")
        }
    }

    /// `GET /me/rectify`: the form with the values held.
    func rectifyForm(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        switch await whileSignedIn(visitor, { runtime, record, _ throws(OperatorError) in try PortalDataView.of(runtime, session: record).personal }) {
        case .failed(let failed): return failed
        case .done(.signedOut): return signedOut(visitor)
        case .done(.value(nil)): return redirect("/me", visitor)
        case .done(.value(let personal?)):
            let form = PortalRectifyForm(name: personal.name ?? "", phone: personal.phone ?? "", postalAddress: personal.postalAddress ?? "")
            return page(.rectify(form, csrf: PortalSecret.formToken(sessionID: visitor.session ?? "")), visitor, switchPath: "/me/rectify")
        }
    }

    /// `POST /me/rectify`: corrects name, phone and postal address (no fresh code: Art. 16 asks
    /// for no more than the session, and nothing is handed out or lost).
    func rectify(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard let session = visitor.session, PortalVisitor.formHolds(form, secret: session) else { return refusedForm(visitor, route: "rectify") }
        let typed = PortalRectifyForm(name: form["name"] ?? "", phone: form["phone"] ?? "", postalAddress: form["postal_address"] ?? "")
        guard let values = Self.rectification(typed) else {
            return page(.rectify(typed, csrf: PortalSecret.formToken(sessionID: session), invalid: true), visitor, status: .badRequest, switchPath: "/me/rectify")
        }
        switch await whileSignedIn(visitor, { runtime, record, _ throws(OperatorError) in try PortalChanges.carryOut(runtime, session: record, change: .rectify(values)) }) {
        case .failed(let failed): return failed
        case .done(.signedOut): return signedOut(visitor)
        case .done(.value(.rectified(let fields))): return redirect(fields.isEmpty ? "/me?done=rectifyUnchanged" : "/me?done=rectified", visitor)
        case .done(.value): return redirect("/me?done=noData", visitor)
        }
    }

    /// The values typed, trimmed; an empty field changes nothing. Nil when one is longer than its
    /// field allows or holds a control character (a line break only in the address).
    static func rectification(_ typed: PortalRectifyForm) -> RectificationValues? {
        var values: [RectificationValues.Field: String] = [:]
        let fields: [(RectificationValues.Field, String, Int, Bool)] = [
            (.name, typed.name, 200, false), (.phone, typed.phone, 60, false), (.postalAddress, typed.postalAddress, 500, true),
        ]
        for (field, text, limit, multiline) in fields {
            var value = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if multiline {
                value = value.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
            }
            guard value.count <= limit, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
            if !value.isEmpty { values[field] = value }
        }
        return RectificationValues(values: values)
    }

    /// `POST /me/consents|export|requests`: the change, or the fresh-code page when it needs one.
    func change(_ request: Request, form name: String) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard let session = visitor.session, PortalVisitor.formHolds(form, secret: session) else { return refusedForm(visitor, route: name) }
        guard let intent = PortalIntent.read(form: name, form) else { return page(.notFound, visitor, status: .badRequest) }
        return await carryOut(intent, visitor, session: session, code: nil)
    }

    /// `POST /me/confirm`: the code for the action the page carried along; right, the action goes
    /// ahead; wrong, the page again (no new mail).
    func confirm(_ request: Request) async -> Response {
        let visitor = PortalVisitor(request)
        guard let form = await Self.form(request) else { return page(.forbidden, visitor, status: .contentTooLarge) }
        guard let session = visitor.session, PortalVisitor.formHolds(form, secret: session) else { return refusedForm(visitor, route: "confirm") }
        guard let intent = PortalIntent.read(form: form["form"] ?? "", form) else { return page(.notFound, visitor, status: .badRequest) }
        return await carryOut(intent, visitor, session: session, code: form["code"] ?? "")
    }

    /// What carrying out an intent came to on the lane.
    enum Attempt: Sendable {
        case done(PortalChanges.Outcome)
        /// The session had no fresh code: one was mailed (`sent`), or the hourly share was used.
        case codeSent(sent: Bool)
        case wrongCode
    }

    /// Carries out `intent`; with `code`, first redeems it for a fresh session.
    func carryOut(_ intent: PortalIntent, _ visitor: PortalVisitor, session: String, code: String?) async -> Response {
        let outcome = await whileSignedIn(visitor) { runtime, record, portal throws(OperatorError) -> Attempt in
            var record = record
            if let code {
                guard let person = try PortalPerson.of(runtime, session: record) else { return .done(.noData) }
                guard try PortalStepUp.confirm(runtime, person: person, sessionSecret: session, code: code) else { return .wrongCode }
                // The fresh code counts from now; the record read before the code does not know it.
                guard let fresh = try PortalVisit.session(runtime, id: session, portal: portal) else { return .done(.noData) }
                record = fresh
            }
            let result = try PortalChanges.carryOut(runtime, session: record, change: intent.change)
            guard case .needsFreshCode = result else { return .done(result) }
            guard let person = try PortalPerson.of(runtime, session: record) else { return .done(.noData) }
            return .codeSent(sent: try PortalStepUp.send(runtime, person: person, sessionSecret: session, portal: portal))
        }
        let csrf = PortalSecret.formToken(sessionID: session)
        let hidden = intent.fields.map { PortalHiddenField(name: $0.name, value: $0.value) }
        switch outcome {
        case .failed(let failed): return failed
        case .done(.signedOut): return signedOut(visitor)
        case .done(.value(.codeSent(let sent))):
            return page(.confirm(csrf: csrf, form: intent.form, fields: hidden, sent: sent), visitor, switchPath: "/me")
        case .done(.value(.wrongCode)):
            return page(.confirm(csrf: csrf, form: intent.form, fields: hidden, wrong: true), visitor, status: .badRequest, switchPath: "/me")
        case .done(.value(.done(let result))):
            return answer(result, intent: intent, visitor)
        }
    }

    /// The page or download that answers a change carried out.
    func answer(_ result: PortalChanges.Outcome, intent: PortalIntent, _ visitor: PortalVisitor) -> Response {
        switch result {
        case .needsFreshCode, .noData: return redirect("/me?done=noData", visitor)
        case .consent(let purpose, let given, let changed):
            guard changed else { return redirect("/me?done=unchanged", visitor) }
            return redirect("/me?done=\(given ? "given" : "withdrawn").\(purpose)", visitor)
        case .rectified(let fields): return redirect(fields.isEmpty ? "/me?done=rectifyUnchanged" : "/me?done=rectified", visitor)
        case .exported(let document): return download(document, json: intent.json)
        case .requested(let record):
            let kind = record.kinds.first?.rawValue ?? ""
            return page(.requestReceived(id: record.id, kind: kind, lastDay: PortalPageValues.day(record.deadline.lastDay(in: PortalPageValues.calendar))), visitor, switchPath: "/me")
        }
    }

    /// The export as a file to save: JSON (Art. 20) or the readable Markdown (Art. 15).
    func download(_ document: SubjectExportDocument, json: Bool) -> Response {
        let day = PortalPageValues.day(Date())
        let (body, type, name) = json ? (document.json, "application/json; charset=utf-8", "ticketd-export-\(day).json")
            : (document.markdown, "text/markdown; charset=utf-8", "ticketd-export-\(day).md")
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
