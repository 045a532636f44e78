/// The portal's one stylesheet, served from `/style.css` (the Content Security Policy allows no
/// inline style). Dark text on white well above WCAG AA contrast (about 16:1; the buttons' white
/// on dark blue about 10:1), a thick focus ring for the keyboard, links underlined, and errors
/// marked by a word and a border as well as by colour.
enum PortalStyle {
    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1.0625rem; line-height: 1.5; color: #1a1a1a; background: #ffffff; }
        header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: 0.75rem 1.25rem; border-bottom: 1px solid #6b6b6b; }
        .brand { margin: 0; font-weight: 600; }
        main { max-width: 40rem; margin: 0 auto; padding: 1.25rem; }
        h1 { font-size: 1.75rem; line-height: 1.25; }
        a { color: #0b3d91; text-decoration: underline; }
        a:hover { text-decoration-thickness: 2px; }
        label { display: block; margin: 1rem 0 0.25rem; font-weight: 600; }
        input[type=email], input[type=text] { display: block; width: 100%; max-width: 24rem; box-sizing: border-box; padding: 0.5rem; font: inherit; color: #1a1a1a; background: #ffffff; border: 2px solid #4a4a4a; border-radius: 4px; }
        input[aria-invalid=true] { border-color: #a4001d; border-width: 3px; }
        button { display: inline-block; margin-top: 1rem; padding: 0.5rem 1.25rem; font: inherit; font-weight: 600; color: #ffffff; background: #0b3d91; border: 2px solid #0b3d91; border-radius: 4px; cursor: pointer; }
        button:hover { background: #072a66; }
        :focus-visible { outline: 3px solid #1a1a1a; outline-offset: 3px; box-shadow: 0 0 0 6px #ffd84d; }
        .error { padding: 0.5rem 0.75rem; border-left: 6px solid #a4001d; background: #fdf0f1; color: #1a1a1a; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        .notice { padding: 0.5rem 0.75rem; border-left: 6px solid #1d6b2f; background: #eef7f0; }
        .hint { color: #3d3d3d; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #9a9a9a; vertical-align: top; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; }
        .sections { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; list-style: none; }

        """
}
