import HTTPTypes
import Hummingbird

/// The headers every answer of the portal carries (issue 18), added last, whatever the route
/// answered or threw:
/// - a Content Security Policy that allows only the portal's own stylesheet and forms: no
///   script, no inline style, no frame around the pages (clickjacking), no form to elsewhere;
/// - no `Referer` to anyone (a sign-in link's token must not travel on);
/// - no guessing of content types;
/// - `no-store` on every page (they carry form tokens and, signed in, a person's data);
/// - on the TLS listener, HSTS: browsers come back over HTTPS only.
struct PortalHeaders<Context: RequestContext>: RouterMiddleware {
    /// Whether the portal serves TLS itself (behind a reverse proxy, the proxy sets HSTS).
    let tls: Bool
    /// Renders the page for an error a route threw.
    let fallback: @Sendable (Request, any Error) -> Response

    static var contentSecurityPolicy: String { "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    /// Two years, as the HSTS preload list asks.
    static var strictTransportSecurity: String { "max-age=63072000" }

    /// Answers through the routes (or the fallback page), then adds the headers.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch { response = fallback(request, error) }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[Self.referrerPolicy] = "no-referrer"
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if tls { response.headers[.strictTransportSecurity] = Self.strictTransportSecurity }
        return response
    }
}
