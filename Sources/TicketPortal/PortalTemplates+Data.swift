/// The templates of the signed-in pages (issue 18): the person's data with its switches and
/// forms, one ticket's conversation, the rectification form, the fresh-code step and the
/// receipt of a request. Every value is escaped (`{{name}}`); ids are stable for the tests.
extension PortalTemplates {
    /// Everything held about the person, section by section, with what they can do about it.
    static let data = """
        {{#notice}}<p class="notice" id="notice" role="status">{{notice}}</p>{{/notice}}
        {{^holdsData}}<p>{{t.noData}}</p>{{/holdsData}}
        {{#holdsData}}
        <nav aria-label="{{t.sectionsNav}}"><ul class="sections">
        <li><a href="#personal">{{t.personal}}</a></li><li><a href="#tickets">{{t.tickets}}</a></li><li><a href="#consents">{{t.consents}}</a></li>
        <li><a href="#transfers">{{t.transfers}}</a></li><li><a href="#retention">{{t.retention}}</a></li><li><a href="#export">{{t.export}}</a></li>
        <li><a href="#requests">{{t.requests}}</a></li>
        </ul></nav>
        <section id="personal" aria-labelledby="personal-h">
        <h2 id="personal-h">{{t.personal}}</h2>
        <dl>
        <dt>{{t.name}}</dt><dd>{{name}}</dd>
        <dt>{{t.email}}</dt><dd>{{email}}</dd>
        <dt>{{t.phone}}</dt><dd>{{phone}}</dd>
        <dt>{{t.postalAddress}}</dt><dd>{{postalAddress}}</dd>
        <dt>{{t.since}}</dt><dd>{{since}}</dd>
        {{#restrictedSince}}<dt>{{t.restrictedSince}}</dt><dd>{{restrictedSince}}</dd>{{/restrictedSince}}
        {{#suppressed}}<dt>{{t.marketing}}</dt><dd>{{t.suppressed}}</dd>{{/suppressed}}
        </dl>
        <p><a id="rectify-link" href="/me/rectify">{{t.rectifyLink}}</a></p>
        </section>
        <section id="tickets" aria-labelledby="tickets-h">
        <h2 id="tickets-h">{{t.tickets}}</h2>
        {{^tickets}}<p>{{t.none}}</p>{{/tickets}}
        <ul>
        {{#tickets}}<li><a class="ticket" href="/me/tickets/{{id}}">{{t.ticket}} {{id}}</a> – {{state}}, {{t.opened}} {{created}}{{#closed}}, {{t.closed}} {{closed}}{{/closed}}{{#restricted}}, {{t.restrictedShort}}{{/restricted}}</li>
        {{/tickets}}
        </ul>
        </section>
        <section id="consents" aria-labelledby="consents-h">
        <h2 id="consents-h">{{t.consents}}</h2>
        {{#consents}}
        <div class="consent" id="consent-{{purpose}}">
        <h3>{{label}}</h3>
        <p>{{t.standing}}: <strong class="state">{{state}}</strong></p>
        {{#hasHistory}}<ul class="history">
        {{#history}}<li>{{at}}: {{answer}}{{#evidence}} ({{evidence}}){{/evidence}}{{#withdrawn}}; {{t.withdrawnOn}} {{withdrawn}}{{/withdrawn}}</li>
        {{/history}}
        </ul>{{/hasHistory}}
        {{#canWithdraw}}
        <form method="post" action="/me/consents">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="purpose" value="{{purpose}}">
        <input type="hidden" name="choice" value="withdraw">
        <p>{{consequence}}</p>
        <button type="submit" id="withdraw-{{purpose}}">{{t.withdraw}}</button>
        </form>
        {{/canWithdraw}}
        {{#canGive}}
        <form method="post" action="/me/consents">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="purpose" value="{{purpose}}">
        <input type="hidden" name="choice" value="give">
        <p>{{t.giveMarketingText}}</p>
        <button type="submit" id="give-{{purpose}}">{{t.giveMarketing}}</button>
        </form>
        {{/canGive}}
        </div>
        {{/consents}}
        <p class="hint">{{t.freshCodeHint}}</p>
        </section>
        <section id="transfers" aria-labelledby="transfers-h">
        <h2 id="transfers-h">{{t.transfers}}</h2>
        {{^transfers}}<p>{{t.noTransfers}}</p>{{/transfers}}
        {{#hasTransfers}}<table>
        <thead><tr><th scope="col">{{t.recipient}}</th><th scope="col">{{t.purpose}}</th><th scope="col">{{t.legalBasis}}</th><th scope="col">{{t.date}}</th><th scope="col">{{t.status}}</th></tr></thead>
        <tbody>
        {{#transfers}}<tr><td>{{recipient}}</td><td>{{purpose}}</td><td>{{legalBasis}}</td><td>{{at}}</td><td>{{status}}</td></tr>
        {{/transfers}}
        </tbody>
        </table>{{/hasTransfers}}
        </section>
        <section id="retention" aria-labelledby="retention-h">
        <h2 id="retention-h">{{t.retention}}</h2>
        {{^tickets}}<p>{{t.none}}</p>{{/tickets}}
        <ul>
        {{#tickets}}<li>{{t.ticket}} {{id}}: {{retention}}</li>
        {{/tickets}}
        </ul>
        </section>
        <section id="export" aria-labelledby="export-h">
        <h2 id="export-h">{{t.export}}</h2>
        <p>{{t.exportText}}</p>
        <form method="post" action="/me/export">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="export-json" name="format" value="json">{{t.exportJSON}}</button>
        <button type="submit" id="export-md" name="format" value="md">{{t.exportReadable}}</button>
        </form>
        </section>
        <section id="requests" aria-labelledby="requests-h">
        <h2 id="requests-h">{{t.requests}}</h2>
        {{#hasRequests}}<ul>
        {{#requests}}<li>{{t.request}} {{id}}: {{kinds}} – {{t.receivedOn}} {{received}}, {{t.answerBy}} {{lastDay}}</li>
        {{/requests}}
        </ul>{{/hasRequests}}
        <form method="post" action="/me/requests">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p>{{t.erasureText}}</p>
        <button type="submit" id="request-erasure" name="kind" value="erasure">{{t.requestErasure}}</button>
        <p>{{t.restrictionText}}</p>
        <button type="submit" id="request-restriction" name="kind" value="restriction">{{t.requestRestriction}}</button>
        </form>
        </section>
        {{/holdsData}}
        <form method="post" action="/sign-out">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="sign-out">{{t.signOut}}</button>
        </form>

        """

    /// One ticket: the person's messages and the answers to them.
    static let ticket = """
        <p>{{state}}, {{t.opened}} {{created}}{{#closed}}, {{t.closed}} {{closed}}{{/closed}}</p>
        {{^messages}}<p>{{t.noMessages}}</p>{{/messages}}
        {{#messages}}
        <article class="message">
        <h2>{{who}} – {{at}}</h2>
        {{#subject}}<p class="subject">{{subject}}</p>{{/subject}}
        <pre>{{text}}</pre>
        </article>
        {{/messages}}
        <p><a href="/me">{{t.back}}</a></p>
        <form method="post" action="/sign-out">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="sign-out">{{t.signOut}}</button>
        </form>

        """

    /// The person's own values, to correct.
    static let rectify = """
        <p>{{t.rectifyText}}</p>
        {{#invalid}}<p class="error" id="rectify-error" role="alert"><strong>{{t.error}}</strong> {{t.rectifyInvalid}}</p>{{/invalid}}
        <form method="post" action="/me/rectify">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="name">{{t.name}}</label>
        <input id="name" name="name" type="text" autocomplete="name" maxlength="200" value="{{name}}">
        <label for="phone">{{t.phone}}</label>
        <input id="phone" name="phone" type="text" autocomplete="tel" maxlength="60" value="{{phone}}">
        <label for="postal_address">{{t.postalAddress}}</label>
        <textarea id="postal_address" name="postal_address" rows="3" maxlength="500" autocomplete="street-address">{{postalAddress}}</textarea>
        <button type="submit" id="rectify">{{t.save}}</button>
        </form>
        <p><a href="/me">{{t.back}}</a></p>

        """

    /// The fresh-code step: the action waits in hidden fields until the code is right.
    static let confirm = """
        {{#sent}}<p>{{t.confirmText}}</p>{{/sent}}
        {{^sent}}<p class="error" role="alert"><strong>{{t.error}}</strong> {{t.confirmLimited}}</p>{{/sent}}
        {{#wrong}}<p class="error" id="code-error" role="alert"><strong>{{t.error}}</strong> {{t.codeWrong}}</p>{{/wrong}}
        <form method="post" action="/me/confirm">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="form" value="{{form}}">
        {{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">
        {{/fields}}
        <label for="code">{{t.codeLabel}}</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required{{#wrong}} aria-invalid="true" aria-describedby="code-error"{{/wrong}}>
        <button type="submit" id="confirm">{{t.confirmButton}}</button>
        </form>
        <p><a href="/me">{{t.cancel}}</a></p>

        """

    /// A request for erasure or restriction received.
    static let requestReceived = """
        <p id="request-received">{{t.requestReceivedText}}</p>
        <dl>
        <dt>{{t.request}}</dt><dd>{{id}}</dd>
        <dt>{{t.kind}}</dt><dd>{{kind}}</dd>
        <dt>{{t.answerBy}}</dt><dd>{{lastDay}}</dd>
        </dl>
        <p>{{t.requestNext}}</p>
        <p><a href="/me">{{t.back}}</a></p>

        """
}
