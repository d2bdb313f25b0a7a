import QCore

/// One lexical token of q source.
struct Token {
    enum Kind: Equatable {
        /// A literal value: number, vector of numbers, string, char, symbol(s).
        case literal
        /// An identifier, possibly dotted (`a`, `.z.p`, `.q.abc`).
        case name
        /// An operator glyph (`+`, `<=`, `::`, `0:` …).
        case glyph
        /// A glyph immediately followed by `:` (`+:`, `,:`): compound assignment or unary form.
        case glyphColon
        /// An iterator glyph written straight after a term (`'`, `/`, `\`, `':`, `/:`, `\:`).
        case iterator
        case lparen, rparen, lbracket, rbracket, lbrace, rbrace, semicolon
        /// A line break that separates statements.
        case newline
        case end
    }

    var kind: Kind
    /// Source text of the token (for literals, names and glyphs).
    var text: Substring
    /// The literal's value when `kind == .literal`.
    var value: QValue?
    /// True when whitespace (or a line break) precedes the token.
    var spaced: Bool
    /// UTF-8 offset of the token in the source.
    var offset: Int
}

/// Splits q source into tokens.
///
/// q's lexical rules depend on spacing: `/` after whitespace starts a comment, `-1`
/// after whitespace is a negative literal while `x-1` is subtraction, and iterators
/// attach only when written directly after a term.
struct Lexer {
    let source: String
    let utf8: [UInt8]
    var pos = 0

    init(_ source: String) {
        self.source = source
        self.utf8 = Array(source.utf8)
    }

    /// Tokenizes the whole text.
    mutating func tokenize() throws -> [Token] {
        var out: [Token] = []
        var spaced = true
        while true {
            // Whitespace and comments.
            var sawSpace = false
            while pos < utf8.count {
                let c = utf8[pos]
                if c == 32 || c == 9 || c == 13 {
                    pos += 1; sawSpace = true
                } else if c == 0xC2 && pos + 1 < utf8.count && utf8[pos + 1] == 0xA0 {
                    // A non-breaking space (pasted from documents) separates like a space.
                    pos += 2; sawSpace = true
                } else if c == UInt8(ascii: "/") && (sawSpace || pos == 0 || utf8[pos - 1] == 10) && startsComment(at: pos) {
                    skipToLineEnd()
                } else { break }
            }
            spaced = spaced || sawSpace
            guard pos < utf8.count else { break }
            let c = utf8[pos]
            let start = pos
            if c == 10 {
                pos += 1
                out.append(Token(kind: .newline, text: sub(start, pos), spaced: true, offset: start))
                spaced = true
                continue
            }
            let prevIsTerm = out.last.map { Lexer.endsTerm($0) } ?? false
            prevAttaches = out.last.map { ($0.kind == .glyph && $0.text != ":") || $0.kind == .iterator || $0.kind == .glyphColon } ?? false
            var tok: Token
            if isDigit(c) || (c == UInt8(ascii: ".") && pos + 1 < utf8.count && isDigit(utf8[pos + 1]))
                || (c == UInt8(ascii: "-") && (spaced || !prevIsTerm) && startsNumber(at: pos + 1)) {
                if let t = try lexNumbers(spaced: spaced) { tok = t } else { tok = try lexGlyph(spaced: spaced, prevIsTerm: prevIsTerm) }
            } else if isAlpha(c) || (c == UInt8(ascii: ".") && pos + 1 < utf8.count && isAlpha(utf8[pos + 1])) {
                tok = lexName(spaced: spaced)
            } else if c == UInt8(ascii: "\"") {
                tok = try lexString(spaced: spaced)
            } else if c == UInt8(ascii: "`") {
                tok = lexSymbols(spaced: spaced)
            } else {
                tok = try lexGlyph(spaced: spaced, prevIsTerm: prevIsTerm)
            }
            out.append(tok)
            spaced = false
        }
        out.append(Token(kind: .end, text: sub(utf8.count, utf8.count), spaced: true, offset: utf8.count))
        return out
    }

    // MARK: helpers

    func sub(_ a: Int, _ b: Int) -> Substring {
        let s = source.utf8
        let i = s.index(s.startIndex, offsetBy: a)
        let j = s.index(i, offsetBy: b - a)
        return Substring(source[i..<j])
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    @inline(__always) func isNameChar(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) || c == UInt8(ascii: "_") }

    static func endsTerm(_ t: Token) -> Bool {
        switch t.kind {
        case .literal, .name, .rparen, .rbracket, .rbrace: return true
        default: return false
        }
    }

    func startsNumber(at i: Int) -> Bool {
        guard i < utf8.count else { return false }
        if isDigit(utf8[i]) { return true }
        return utf8[i] == UInt8(ascii: ".") && i + 1 < utf8.count && isDigit(utf8[i + 1])
    }

    /// `/` starts a comment when followed by whitespace or end of line, or when it is
    /// preceded by whitespace (the caller checks that).
    func startsComment(at i: Int) -> Bool { true }

    mutating func skipToLineEnd() {
        while pos < utf8.count && utf8[pos] != 10 { pos += 1 }
    }

    /// A run of numeric literals separated by spaces becomes one vector token.
    mutating func lexNumbers(spaced: Bool) throws -> Token? {
        let start = pos
        var parts: [Substring] = []
        var p = pos
        while true {
            let end = QLiteral.tokenEnd(utf8, from: p)
            guard end > p else { break }
            let text = sub(p, end)
            // A digit and a colon alone is a file verb like `0:`.
            if parts.isEmpty, p + 1 < utf8.count, utf8[p + 1] == UInt8(ascii: ":"),
               utf8[p] >= UInt8(ascii: "0") && utf8[p] <= UInt8(ascii: "2") { return nil }
            parts.append(text)
            pos = end
            // Another number after spaces continues the vector.
            var q = end
            while q < utf8.count && utf8[q] == 32 { q += 1 }
            guard q > end, q < utf8.count else { break }
            if isDigit(utf8[q]) || (utf8[q] == UInt8(ascii: "-") && startsNumber(at: q + 1))
                || (utf8[q] == UInt8(ascii: ".") && startsNumber(at: q)) {
                p = q
            } else { break }
        }
        guard !parts.isEmpty else { return nil }
        // Names or letters glued to a number (like `1a`) are not literals.
        let value: QValue
        if parts.count == 1 {
            guard let v = QLiteral.parseToken(parts[0]) else { throw QError.parse }
            value = v
        } else {
            value = try QLiteral.parseVector(parts)
        }
        return Token(kind: .literal, text: sub(start, pos), value: value, spaced: spaced, offset: start)
    }

    mutating func lexName(spaced: Bool) -> Token {
        let start = pos
        while pos < utf8.count {
            let c = utf8[pos]
            if isNameChar(c) { pos += 1; continue }
            // A dot continues a dotted name when a letter follows.
            if c == UInt8(ascii: "."), pos + 1 < utf8.count, isAlpha(utf8[pos + 1]) { pos += 1; continue }
            break
        }
        return Token(kind: .name, text: sub(start, pos), spaced: spaced, offset: start)
    }

    mutating func lexString(spaced: Bool) throws -> Token {
        let start = pos
        pos += 1
        var bytes: [UInt8] = []
        while true {
            guard pos < utf8.count else { throw QError.parse }
            let c = utf8[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == UInt8(ascii: "\\") {
                pos += 1
                guard pos < utf8.count else { throw QError.parse }
                let e = utf8[pos]
                switch e {
                case UInt8(ascii: "n"): bytes.append(10); pos += 1
                case UInt8(ascii: "t"): bytes.append(9); pos += 1
                case UInt8(ascii: "r"): bytes.append(13); pos += 1
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): bytes.append(e); pos += 1
                case 48...55:
                    // Up to three octal digits.
                    var v = 0, n = 0
                    while n < 3, pos < utf8.count, (48...55).contains(utf8[pos]) { v = v * 8 + Int(utf8[pos] - 48); pos += 1; n += 1 }
                    bytes.append(UInt8(truncatingIfNeeded: v))
                default:
                    bytes.append(e); pos += 1
                }
                continue
            }
            bytes.append(c)
            pos += 1
        }
        let v: QValue = bytes.count == 1 ? .char(bytes[0]) : .vector(QVector(.char, .x(bytes)))
        return Token(kind: .literal, text: sub(start, pos), value: v, spaced: spaced, offset: start)
    }

    mutating func lexSymbols(spaced: Bool) -> Token {
        let start = pos
        var syms: [String] = []
        while pos < utf8.count && utf8[pos] == UInt8(ascii: "`") {
            pos += 1
            let s = pos
            // After a colon a symbol may hold a path or URL: `:a/b`, `c:/q/x`, `http://x`.
            var isPath = pos < utf8.count && utf8[pos] == UInt8(ascii: ":")
            while pos < utf8.count {
                let c = utf8[pos]
                if c == UInt8(ascii: ":") { isPath = true; pos += 1; continue }
                if isNameChar(c) || c == UInt8(ascii: ".") { pos += 1; continue }
                if isPath && (c == UInt8(ascii: "/") || c == UInt8(ascii: "-")) { pos += 1; continue }
                break
            }
            syms.append(String(decoding: utf8[s..<pos], as: UTF8.self))
        }
        let v: QValue = syms.count == 1 ? .symbol(syms[0]) : .symbols(syms)
        return Token(kind: .literal, text: sub(start, pos), value: v, spaced: spaced, offset: start)
    }

    static let glyphChars: Set<UInt8> = Set("+-*%!&|<>=~,^#_$?@.:'/\\".utf8)

    /// Set by the caller: the previous token is a glyph or iterator an iterator may follow.
    var prevAttaches = false

    mutating func lexGlyph(spaced: Bool, prevIsTerm: Bool) throws -> Token {
        let start = pos
        let c = utf8[pos]
        func peek(_ k: Int) -> UInt8 { pos + k < utf8.count ? utf8[pos + k] : 0 }
        func make(_ kind: Token.Kind, _ n: Int) -> Token {
            pos += n
            return Token(kind: kind, text: sub(start, pos), spaced: spaced, offset: start)
        }
        switch c {
        case UInt8(ascii: "("): return make(.lparen, 1)
        case UInt8(ascii: ")"): return make(.rparen, 1)
        case UInt8(ascii: "["): return make(.lbracket, 1)
        case UInt8(ascii: "]"): return make(.rbracket, 1)
        case UInt8(ascii: "{"): return make(.lbrace, 1)
        case UInt8(ascii: "}"): return make(.rbrace, 1)
        case UInt8(ascii: ";"): return make(.semicolon, 1)
        default: break
        }
        // File verbs 0: 1: 2:
        if isDigit(c), peek(1) == UInt8(ascii: ":") { return make(.glyph, 2) }
        guard Lexer.glyphChars.contains(c) else { throw QError.parse }
        // Iterators attach to the term before them when written without a space.
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "/") || c == UInt8(ascii: "\\") {
            let attached = !spaced && (prevIsTerm || prevAttaches)
            if peek(1) == UInt8(ascii: ":") { return make(attached ? .iterator : .glyph, 2) }
            return make(attached || c != UInt8(ascii: "'") ? .iterator : .glyph, 1)
        }
        if c == UInt8(ascii: ":") && peek(1) == UInt8(ascii: ":") { return make(.glyph, 2) }
        if (c == UInt8(ascii: "<") && (peek(1) == UInt8(ascii: "=") || peek(1) == UInt8(ascii: ">")))
            || (c == UInt8(ascii: ">") && peek(1) == UInt8(ascii: "=")) {
            if peek(2) == UInt8(ascii: ":") && peek(3) != UInt8(ascii: ":") { return make(.glyphColon, 3) }
            return make(.glyph, 2)
        }
        if c != UInt8(ascii: ":") && peek(1) == UInt8(ascii: ":") && peek(2) != UInt8(ascii: ":") {
            return make(.glyphColon, 2)
        }
        return make(.glyph, 1)
    }
}
