/// The Mustache templates of the portal's pages (issue 18), kept as strings so that the binary
/// carries them and no file can go missing at run time.
///
/// Every value is written with `{{name}}`, which escapes it for HTML. The one exception is
/// `{{{content}}}` in the layout: the page's own template, rendered (and escaped) just before.
/// The pages work without JavaScript and carry no inline style or script, so that the Content
/// Security Policy can forbid both.
enum PortalTemplates {
    /// The frame of every page: the language, one h1, the switch to the other language.
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{title}} – {{t.portal}}</title>
        <link rel="stylesheet" href="/style.css">
        </head>
        <body>
        <header>
        <p class="brand">{{t.portal}} · {{controller}}</p>
        <nav aria-label="{{t.languageNav}}"><a href="{{switchHref}}" lang="{{otherLang}}" hreflang="{{otherLang}}">{{t.otherLanguage}}</a></nav>
        </header>
        <main>
        <h1>{{title}}</h1>
        {{{content}}}
        </main>
        </body>
        </html>

        """

    /// The address form; `invalid` says what was wrong and keeps what was typed.
    static let signIn = """
        <p>{{t.signInIntro}}</p>
        {{#invalid}}<p class="error" id="email-error" role="alert"><strong>{{t.error}}</strong> {{t.emailInvalid}}</p>{{/invalid}}
        <form method="post" action="/sign-in">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="email">{{t.emailLabel}}</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="{{email}}"{{#invalid}} aria-invalid="true" aria-describedby="email-error"{{/invalid}}>
        <button type="submit">{{t.sendLink}}</button>
        </form>

        """

    /// The same page whatever address was typed: the code form.
    static let checkMail = """
        <p>{{t.checkMailText}}</p>
        <form method="post" action="/sign-in/code">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="code">{{t.codeLabel}}</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required>
        <button type="submit">{{t.signInButton}}</button>
        </form>
        <p><a href="/">{{t.askAgain}}</a></p>

        """

    /// What the link opens: a button that posts the token. A mail scanner's GET stops here.
    static let continueLink = """
        <p>{{t.continueText}}</p>
        <form method="post" action="/sign-in/link">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="token" value="{{token}}">
        <button type="submit">{{t.continueButton}}</button>
        </form>

        """

    /// One page for every refused link or code, whatever the reason.
    static let refused = """
        <p>{{t.refusedText}}</p>
        <p><a href="/">{{t.newLink}}</a></p>

        """

    /// A form posted without its valid token: nothing changed.
    static let forbidden = """
        <p>{{t.forbiddenText}}</p>
        <p><a href="/">{{t.startAgain}}</a></p>

        """

    /// A path that leads nowhere.
    static let notFound = """
        <p>{{t.notFoundText}}</p>
        <p><a href="/">{{t.startAgain}}</a></p>

        """

    /// Something failed inside; the log says what, the page does not.
    static let failed = """
        <p>{{t.failedText}}</p>
        <p><a href="/">{{t.startAgain}}</a></p>

        """

    /// Too many attempts from one client: when to try again.
    static let tooMany = """
        <p>{{t.tooManyText}}</p>

        """
}
