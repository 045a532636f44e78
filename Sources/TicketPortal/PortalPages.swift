import Mustache

/// Renders the portal's pages (issue 18): the page's template inside the layout, in the chosen
/// language, every value escaped for HTML by Mustache.
package struct PortalPages: Sendable {
    let library: MustacheLibrary

    /// Parses the templates once. They are constants of this module; one that does not parse is
    /// a mistake in the source, which the unit tests catch before any build ships.
    package init() {
        var library = MustacheLibrary()
        let templates = [
            "layout": PortalTemplates.layout, "signIn": PortalTemplates.signIn, "checkMail": PortalTemplates.checkMail,
            "continueLink": PortalTemplates.continueLink, "refused": PortalTemplates.refused, "forbidden": PortalTemplates.forbidden,
            "data": PortalTemplates.data, "ticket": PortalTemplates.ticket, "rectify": PortalTemplates.rectify,
            "confirm": PortalTemplates.confirm, "requestReceived": PortalTemplates.requestReceived, "notFound": PortalTemplates.notFound, "failed": PortalTemplates.failed, "tooMany": PortalTemplates.tooMany,
        ]
        for (name, text) in templates {
            do { try library.register(text, named: name) } catch { preconditionFailure("the portal's template \(name) does not parse: \(error)") }
        }
        self.library = library
    }

    /// The whole page. `controller` names who runs the portal (`[register] controller`);
    /// `switchPath` is the page's address without a query, which the language switch links to.
    package func render(_ page: PortalPage, language: PortalLanguage, controller: String, switchPath: String) -> String {
        let words = PortalText.words(language)
        var values = page.values(words)
        values["t"] = words
        let content = library.render(values, withTemplate: page.template) ?? ""
        let frame: [String: Any] = [
            "lang": language.rawValue, "otherLang": language.other.rawValue, "t": words,
            "title": words[page.titleKey] ?? "", "controller": controller, "content": content,
            "switchHref": "\(switchPath)?lang=\(language.other.rawValue)",
        ]
        return library.render(frame, withTemplate: "layout") ?? ""
    }
}
