import QCore

// qSQL templates have their own grammar: comma-separated column phrases, and the
// keywords `by`, `from`, `where` splitting the template at bracket depth 0.
extension Parser {
    static func qsqlKind(_ s: Substring) -> QSQLExpr.Kind? {
        switch s {
        case "select": return .select
        case "exec": return .exec
        case "update": return .update
        case "delete": return .delete
        default: return nil
        }
    }

    /// Parses a template after its keyword, up to the end of the expression.
    mutating func qsql(_ kind: QSQLExpr.Kind) throws -> QSQLExpr {
        var limit: Expr?
        if peek.kind == .lbracket && !peek.spaced {
            _ = next()
            let parts = try statements(until: .rbracket)
            _ = next()
            limit = parts.count == 1 ? parts[0] : .list(parts)
        }
        var distinct = false
        if peek.kind == .name && peek.text == "distinct" && (kind == .select || kind == .exec) { _ = next(); distinct = true }
        let colToks = phrase(stopAt: ["by", "from"])
        var byToks: [Token]?
        if peek.kind == .name && peek.text == "by" { _ = next(); byToks = phrase(stopAt: ["from"]) }
        guard peek.kind == .name && peek.text == "from" else { throw QError.parse }
        _ = next()
        let fromToks = phrase(stopAt: ["where"])
        var whereToks: [Token]?
        if peek.kind == .name && peek.text == "where" { _ = next(); whereToks = phrase(stopAt: []) }
        guard let from = try subexpression(fromToks) else { throw QError.parse }
        return QSQLExpr(
            kind: kind, limit: limit,
            columns: try columnPhrases(colToks),
            by: try byToks.map { try columnPhrases($0) },
            from: from,
            wheres: try (whereToks.map { splitCommas($0) } ?? []).map { try subexpression($0) ?? .empty },
            distinct: distinct)
    }

    /// Tokens up to one of the keywords (or the end of the expression) at depth 0.
    mutating func phrase(stopAt words: Set<Substring>) -> [Token] {
        var out: [Token] = []
        var depth = 0
        while true {
            let t = peek
            if depth == 0 {
                if Parser.stops.contains(t.kind) { break }
                if t.kind == .name && words.contains(t.text) { break }
            }
            switch t.kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace: depth -= 1
            case .end: return out
            default: break
            }
            out.append(next())
        }
        return out
    }

    func splitCommas(_ toks: [Token]) -> [[Token]] {
        var parts: [[Token]] = [[]]
        var depth = 0
        for t in toks {
            switch t.kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace: depth -= 1
            default: break
            }
            if depth == 0 && t.kind == .glyph && t.text == "," { parts.append([]); continue }
            parts[parts.count - 1].append(t)
        }
        return parts.filter { !$0.isEmpty }
    }

    func subexpression(_ toks: [Token]) throws -> Expr? {
        guard !toks.isEmpty else { return nil }
        let end = Token(kind: .end, text: "", value: nil, spaced: true, offset: source.utf8.count)
        var p = Parser(tokens: toks + [end], source: source)
        let e = try p.expression()
        guard p.peek.kind == .end else { throw QError.parse }
        return e
    }

    func columnPhrases(_ toks: [Token]) throws -> [(String?, Expr)] {
        try splitCommas(toks).map { part in
            guard let e = try subexpression(part) else { throw QError.parse }
            if case .assign(let n, nil, nil, let v, false) = e { return (n, v) }
            return (nil, e)
        }
    }
}
