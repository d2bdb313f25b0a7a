import QCore

// The `.h` namespace: HTML markup (`.h.htc`, `.h.ha`, `.h.pre` …), escaping (`.h.xs`,
// `.h.hu`, `.h.uh`), HTTP responses (`.h.hn`, `.h.hy`, `.h.hp`) and the text export
// formats behind `save` and `.h.tx` (CSV, TSV, XML, Excel XML, JSON lines) — the last
// are in DotHData.swift.

enum DotH {
    /// Registers `.h` markup and HTTP functions.
    static func register(_ r: inout Registry) {
        let fn = Library.fn
        fn(&r, ".h.htc", 2) { a, _ in Library.str(try element(a[0], [], try text(a[1]))) }
        fn(&r, ".h.hta", 2) { a, _ in Library.str(try startTag(a[0], a[1])) }
        fn(&r, ".h.htac", 3) { a, _ in
            Library.str(try startTag(a[0], a[1]) + text(a[2]) + "</" + Library.symbol(a[0]) + ">")
        }
        fn(&r, ".h.ha", 2) { a, _ in Library.str(try anchor(a[0], try text(a[1]), target: false)) }
        fn(&r, ".h.hb", 2) { a, _ in Library.str(try anchor(a[0], try text(a[1]), target: true)) }
        fn(&r, ".h.html", 1) { a, _ in
            Library.str("<html><head><style>" + anchorStyle + bodyStyle + "</style></head><body>" + (try text(a[0])) + "</body></html>")
        }
        fn(&r, ".h.nbr", 1) { a, _ in Library.str("<nobr>" + (try text(a[0])) + "</nobr>") }
        fn(&r, ".h.pre", 1) { a, _ in Library.str("<pre>" + (try joinedLines(a[0])) + "</pre>") }
        fn(&r, ".h.xmp", 1) { a, _ in Library.str("<xmp>" + (try joinedLines(a[0])) + "</xmp>") }
        fn(&r, ".h.text", 1) { a, _ in Library.str(try Library.lines(a[0]).map { "<p>" + String(decoding: $0, as: UTF8.self) + "</p>\n" }.joined()) }
        fn(&r, ".h.code", 1) { a, _ in Library.str(code(try text(a[0]))) }
        fn(&r, ".h.hc", 1) { a, _ in chars(escape(try Library.bytes(a[0]), ["<": "&lt;"])) }
        fn(&r, ".h.xs", 1) { a, _ in chars(xmlEscape(try Library.bytes(a[0]))) }
        fn(&r, ".h.hr", 1) { a, _ in chars([UInt8](repeating: 45, count: try Library.bytes(a[0]).count)) }
        fn(&r, ".h.hu", 1) { a, _ in chars(uriEscape(try Library.bytes(a[0]), keep: Set(safe.utf8))) }
        fn(&r, ".h.hug", 1) { a, _ in uriMap(keep: Set(try Library.bytes(a[0]))) }
        fn(&r, ".h.uh", 1) { a, _ in chars(uriUnescape(try Library.bytes(a[0]))) }
        fn(&r, ".h.http", 1) { a, _ in Library.str(hyperlinks(try text(a[0]))) }
        fn(&r, ".h.hn", 3) { a, s in chars(try response(a[0], a[1], a[2], s)) }
        fn(&r, ".h.hy", 2) { a, s in chars(try response(Library.str("200 OK"), a[0], a[1], s)) }
        fn(&r, ".h.he", 1) { a, s in
            let body = escape([39] + (try Library.bytes(a[0])), ["<": "&lt;"])
            return chars(try response(Library.str("400 Bad Request"), .symbol("txt"), chars(body), s))
        }
        fn(&r, ".h.hp", 1) { a, s in
            let page = "<html><head><style>" + bodyStyle + "</style></head><body><pre>" + (try joinedLines(a[0])) + "</pre></body></html>"
            return chars(try response(Library.str("200 OK"), .symbol("htm"), Library.str(page), s))
        }
        fn(&r, ".h.ka", 1) { a, _ in Library.str(try Library.int(a[0]) == 0 ? "close" : "keep-alive") }
        fn(&r, ".h.iso8601", 1) { a, s in
            let t = QType.timestamp
            return chars(FileText.isoText(t, .j(try Library.int(a[0])), s.display))
        }
        fn(&r, ".h.fram", 3) { a, _ in try frames(a[0], a[1], a[2]) }
        fn(&r, ".h.ht", 1) { _, _ in throw QError.nyi }
        DotHData.register(&r)
    }

    /// `.h` constants.
    static let constants: [(String, QValue)] = [
        (".h.br", Library.str("<br>")),
        (".h.c0", .symbol("024C7E")),
        (".h.c1", .symbol("958600")),
        (".h.d", .char(32)),
        (".h.sa", Library.str(anchorStyle)),
        (".h.sb", Library.str(bodyStyle)),
        (".h.sc", Library.str(safe)),
        (".h.HOME", Library.str("html")),
        (".h.logo", Library.str("<b>q</b>")),
        (".h.ty", mimeTypes),
        (".h.tx", DotHData.exporters),
        (".h.val", Library.function("value")),
    ]

    static let anchorStyle = "a{text-decoration:none}a:link{color:024C7E}a:visited{color:024C7E}a:active{color:958600}"
    static let bodyStyle = "body{font:10pt verdana;text-align:justify}"
    /// Characters a URI may carry unescaped (`.h.sc`).
    static let safe = "$-.+!*'()," + DotQ.lower + DotQ.upper + "_" + DotQ.digits

    static let mimePairs: [(String, String)] = [
        ("htm", "text/html"), ("html", "text/html"), ("csv", "text/comma-separated-values"),
        ("txt", "text/plain"), ("xml", "text/plain"), ("xls", "application/msexcel"),
        ("gif", "image/gif"), ("jpg", "image/jpeg"), ("png", "image/png"), ("svg", "image/svg+xml"),
        ("ico", "image/x-icon"), ("js", "application/javascript"), ("json", "application/json"),
        ("css", "text/css"), ("pdf", "application/pdf"), ("zip", "application/zip"),
    ]
    /// `.h.ty`: MIME types by file extension.
    static let mimeTypes = QValue.dict(QDict(keys: .symbols(mimePairs.map(\.0)), values: .list(mimePairs.map { Library.str($0.1) })))

    // MARK: markup

    /// The text of a string, char or symbol.
    static func text(_ v: QValue) throws -> String { String(decoding: try Library.bytes(v), as: UTF8.self) }

    /// `<tag attrs>body</tag>`.
    static func element(_ tag: QValue, _ attrs: [(String, String)], _ body: String) throws -> String {
        let t = try text(tag)
        return "<" + t + attrs.map { " " + $0.0 + "=" + $0.1 }.joined() + ">" + body + "</" + t + ">"
    }

    /// `.h.hta`: an opening tag with quoted attribute values from a dictionary.
    static func startTag(_ tag: QValue, _ attrs: QValue) throws -> String {
        guard case .dict(let d) = attrs else { throw QError.type }
        var out = "<" + (try text(tag))
        for (k, key) in d.keys.elements.enumerated() {
            out += " " + (try text(key)) + "=\"" + (try text(d.values.element(k))) + "\""
        }
        return out + ">"
    }

    /// `.h.ha`/`.h.hb`: a link; a string href is quoted, a symbol one is not.
    static func anchor(_ href: QValue, _ body: String, target: Bool) throws -> String {
        let h: String
        if case .atom(.symbol, .s(let n)) = href { h = n } else { h = "\"" + (try text(href)) + "\"" }
        return "<a " + (target ? "target=v " : "") + "href=" + h + ">" + body + "</a>"
    }

    /// Strings each followed by a newline, joined.
    static func joinedLines(_ v: QValue) throws -> String {
        try Library.lines(v).map { String(decoding: $0, as: UTF8.self) + "\n" }.joined()
    }

    /// `.h.code`: the parts between tabs, every other one as code.
    static func code(_ s: String) -> String {
        let parts = s.split(separator: "\t", omittingEmptySubsequences: false)
        return parts.enumerated().map { k, p in k % 2 == 1 ? "<code><nobr>" + p + "</nobr></code>" : String(p) }
            .joined(separator: " ")
    }

    /// `.h.http`: `http://…` runs made into links.
    static func hyperlinks(_ s: String) -> String {
        let b = Array(s.utf8), prefix = Array("http://".utf8)
        let stops: Set<UInt8> = [32, 9, 10, 34, 60, 62]
        var out: [UInt8] = []
        var k = 0
        while k < b.count {
            guard k + prefix.count <= b.count, Array(b[k..<k + prefix.count]) == prefix else {
                out.append(b[k]); k += 1; continue
            }
            var e = k
            while e < b.count && !stops.contains(b[e]) { e += 1 }
            let url = Array(b[k..<e])
            out += Array("<a href=\"".utf8) + url + Array("\">".utf8) + url + Array("</a>".utf8)
            k = e
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `.h.fram`: a page of two frames, the left one wide enough for the lines of `s`.
    static func frames(_ title: QValue, _ lines: QValue, _ sources: QValue) throws -> QValue {
        let srcs = try Library.lines(sources).map { String(decoding: $0, as: UTF8.self) }
        guard srcs.count == 2 else { throw QError.length }
        let widest = try Library.lines(lines).map(\.count).max() ?? 0
        return Library.str("<html><head><title>" + (try text(title)) + "</title><frameset cols=\"" + String(26 + 10 * widest)
            + ",*\"><frame src=\"" + srcs[0] + "\"><frame name=v src=\"" + srcs[1] + "\"></frameset></head></html>")
    }

    // MARK: escaping

    /// Replaces characters by entity text.
    static func escape(_ b: [UInt8], _ map: [Character: String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        for c in b {
            if let e = map[Character(Unicode.Scalar(c))] { out += Array(e.utf8) } else { out.append(c) }
        }
        return out
    }

    /// `.h.xs`: `&`, `<` and `>` as entities.
    static func xmlEscape(_ b: [UInt8]) -> [UInt8] { escape(b, ["&": "&amp;", "<": "&lt;", ">": "&gt;"]) }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// `%xx` for every byte not in `keep`.
    static func uriEscape(_ b: [UInt8], keep: Set<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for c in b {
            if keep.contains(c) { out.append(c) } else { out += [37, hexDigits[Int(c >> 4)], hexDigits[Int(c & 15)]] }
        }
        return out
    }

    /// `.h.hug`: a dictionary from every char to its escape (itself when kept).
    static func uriMap(keep: Set<UInt8>) -> QValue {
        let all = (0...255).map { UInt8($0) }
        return .dict(QDict(keys: chars(all), values: .list(all.map { chars(uriEscape([$0], keep: keep)) })))
    }

    /// `.h.uh`: `%xx` sequences decoded.
    static func uriUnescape(_ b: [UInt8]) -> [UInt8] {
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        var out: [UInt8] = []
        var k = 0
        while k < b.count {
            if b[k] == 37, k + 2 < b.count, let h = hex(b[k + 1]), let l = hex(b[k + 2]) {
                out.append(h << 4 | l)
                k += 3
            } else {
                out.append(b[k])
                k += 1
            }
        }
        return out
    }

    // MARK: HTTP

    /// `.h.hn[status;type;content]`: an HTTP response with the MIME type named by `type`
    /// in `.h.ty` (`application/octet-stream` when absent).
    static func response(_ status: QValue, _ type: QValue, _ content: QValue, _ s: Interpreter) throws -> [UInt8] {
        let body = try Library.rawBytes(content)
        var mime = "application/octet-stream"
        if case .atom(.symbol, .s(let t)) = type, case .dict(let d)? = s.globals[".h.ty"],
           let k = d.keys.elements.firstIndex(where: { qMatch($0, .symbol(t)) }) {
            mime = try text(d.values.element(k))
        }
        let head = "HTTP/1.1 " + (try text(status)) + "\r\nContent-Type: " + mime + "\r\nConnection: close\r\nContent-Length: "
            + String(body.count) + "\r\n\r\n"
        return Array(head.utf8) + body
    }
}
