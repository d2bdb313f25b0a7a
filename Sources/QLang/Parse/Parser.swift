import QCore

/// Parses tokens into `Expr` trees.
///
/// q reads right to left: the parser collects a statement's terms (nouns and verbs)
/// left to right, then folds them from the right: `x v y` is infix, `f y` is
/// juxtaposition, `v y` is a verb used prefix.
struct Parser {
    var toks: [Token]
    var i = 0
    let source: String
    let registry = Registry.shared

    init(source: String) throws {
        var lexer = Lexer(source)
        self.toks = try lexer.tokenize().filter { $0.kind != .newline }
        self.source = source
    }

    init(tokens: [Token], source: String) {
        self.toks = tokens
        self.source = source
    }

    /// Parses q source into the statements of a top-level sequence.
    static func parse(_ source: String) throws -> Expr {
        var p = try Parser(source: source)
        let stmts = try p.statements(until: .end)
        guard p.peek.kind == .end else { throw QError.parse }
        return stmts.count == 1 ? stmts[0] : .sequence(stmts)
    }

    var peek: Token { toks[i] }
    func peek(_ k: Int) -> Token { toks[min(i + k, toks.count - 1)] }
    mutating func next() -> Token { let t = toks[i]; if i < toks.count - 1 { i += 1 }; return t }

    mutating func expect(_ k: Token.Kind) throws {
        guard peek.kind == k else { throw QError.parse }
        _ = next()
    }

    /// Statements separated by `;` up to a closing token (not consumed).
    mutating func statements(until close: Token.Kind) throws -> [Expr] {
        var out: [Expr] = []
        while true {
            let e = try expression() ?? .empty
            out.append(e)
            if peek.kind == .semicolon { _ = next(); continue }
            if peek.kind == close { return out }
            throw QError.parse
        }
    }

    // MARK: expressions

    /// One term in a statement: a noun (value) or a verb (applied infix or prefix).
    enum Item {
        case noun(Expr)
        case verb(Expr)
        /// `:` `::` or `op:` after a name: assignment.
        case colon(op: Expr?, global: Bool)
        /// `'` at the start of an expression: signal.
        case quote
    }

    static let stops: Set<Token.Kind> = [.semicolon, .rbracket, .rparen, .rbrace, .end]

    /// Parses one expression up to `;`, a closing bracket or the end; nil if empty.
    mutating func expression() throws -> Expr? {
        var items: [Item] = []
        while !Parser.stops.contains(peek.kind) {
            if peek.kind == .name, let q = Parser.qsqlKind(peek.text) {
                _ = next()
                items.append(.noun(.qsql(try qsql(q))))
                break
            }
            items.append(try item())
        }
        return try fold(items[...])
    }

    mutating func item() throws -> Item {
        let t = next()
        var term: Item
        switch t.kind {
        case .literal:
            term = .noun(.constant(t.value!))
        case .name:
            let name = String(t.text)
            if (name == "if" || name == "do" || name == "while") && peek.kind == .lbracket {
                _ = next()
                let parts = try statements(until: .rbracket)
                _ = next()
                guard let c = parts.first else { throw QError.parse }
                let kind: Expr.ControlKind = name == "if" ? .ifs : name == "do" ? .dos : .whiles
                return .noun(.control(kind, c, Array(parts.dropFirst())))
            }
            if let id = registry.id(name), !name.contains(".") {
                term = registry[id].infix ? .verb(.primitive(id)) : .noun(.primitive(id))
            } else {
                term = .noun(.name(name))
            }
        case .glyph:
            let g = String(t.text)
            if g == "$" && peek.kind == .lbracket && !peek.spaced {
                _ = next()
                let parts = try statements(until: .rbracket)
                _ = next()
                // `$[x;y]` with two items is Cast applied with brackets, not Cond.
                if parts.count == 2 { return .noun(.apply(.primitive(registry.id("$")!), parts.map { $0 })) }
                return .noun(.cond(parts))
            }
            if g == ":" {
                // `:[v;p1;r1;…]`: the pattern conditional.
                if peek.kind == .lbracket && !peek.spaced {
                    _ = next()
                    let parts = try statements(until: .rbracket)
                    _ = next()
                    term = .noun(.patternCond(parts))
                    break
                }
                // `:/` and friends: assignment as a verb modified by an iterator.
                if peek.kind == .iterator, let id = registry.id(":") { term = .verb(.primitive(id)); break }
                return .colon(op: nil, global: false)
            }
            if g == "::" {
                // `::` is identity as a term, global assignment after a name.
                if !Parser.stops.contains(peek.kind) { return .colon(op: nil, global: true) }
                term = .noun(.primitive(0))
                break
            }
            if g == "'" {
                if peek.kind == .lbracket && !peek.spaced { term = try bracketIterator(.each); break }
                return .quote
            }
            guard let id = registry.id(g) else { throw QError.parse }
            term = .verb(.primitive(id))
        case .glyphColon:
            let g = String(t.text.dropLast())
            guard let id = registry.id(g) else { throw QError.parse }
            return .colon(op: .primitive(id), global: false)
        case .iterator:
            // An iterator applied with brackets, `/[+]`, derives from its argument;
            // with two, `'[f;g]` composes.
            // Alone, it is the iterator as a value, as in the parse tree `(/;+)`.
            guard peek.kind == .lbracket else { term = .noun(.constant(.function(.iterator(Parser.iterator(t.text))))); break }
            term = try bracketIterator(Parser.iterator(t.text))
        case .lparen:
            term = .noun(try parenthesized())
        case .lbrace:
            term = .noun(try lambda(openedAt: t.offset))
        case .lbracket:
            // A bare bracketed block `[a;b]` evaluates its statements.
            let parts = try statements(until: .rbracket)
            _ = next()
            term = .noun(.sequence(parts))
        default:
            throw QError.parse
        }
        // Postfix: brackets apply, iterators derive.
        while true {
            if peek.kind == .lbracket {
                _ = next()
                let args = try statements(until: .rbracket)
                _ = next()
                let elided: [Expr?] = args.map { if case .empty = $0 { return nil }; return $0 }
                switch term {
                case .noun(let e): term = .noun(.apply(e, elided))
                case .verb(let e): term = .noun(.apply(e, elided))
                default: throw QError.parse
                }
            } else if peek.kind == .iterator {
                let it = next()
                let iter = Parser.iterator(it.text)
                switch term {
                case .noun(let e), .verb(let e): term = .verb(.derived(iter, e))
                default: throw QError.parse
                }
            } else { break }
        }
        return term
    }

    /// `'[f]`, `/[f]`, `\[f]` derive; `'[f;g;…]` composes.
    mutating func bracketIterator(_ it: QIterator) throws -> Item {
        _ = next()
        let args = try statements(until: .rbracket)
        _ = next()
        if args.count == 1 { return .verb(.derived(it, args[0])) }
        guard it == .each else { throw QError.parse }
        let elided: [Expr?] = args.map { if case .empty = $0 { return nil }; return $0 }
        return .noun(.apply(.constant(Parser.composer(args.count)), elided))
    }

    /// A function of n values that composes them, for `'[f;g;…]`.
    static func composer(_ n: Int) -> QValue {
        .function(.native(QNativeFunction(name: "'", rank: n) { fs in
            // Nested compositions flatten, so `'[;]/[(f;g;h)]` is one composition.
            var parts: [QValue] = []
            for f in fs {
                if case .function(.composition(let inner)) = f { parts += inner } else { parts.append(f) }
            }
            return .function(.composition(parts))
        }))
    }

    /// True when the terms end in a verb with nothing after it (a function phrase).
    static func endsWithVerb(_ items: ArraySlice<Item>) -> Bool {
        guard items.count >= 1, case .verb = items.last! else { return false }
        // A lone verb after a noun is a section, handled by the caller; here we need
        // the phrase to be a function: a verb at the end preceded by something.
        return true
    }

    static func iterator(_ s: Substring) -> QIterator {
        switch s {
        case "'": return .each
        case "/": return .over
        case "\\": return .scan
        case "':": return .prior
        case "/:": return .eachRight
        default: return .eachLeft
        }
    }

    /// Folds terms right to left into one expression.
    func fold(_ items: ArraySlice<Item>) throws -> Expr? {
        guard let first = items.first else { return nil }
        let rest = items.dropFirst()
        switch first {
        case .noun(let e):
            guard let nxt = rest.first else { return e }
            switch nxt {
            case .colon(let op, let global):
                let value = try fold(rest.dropFirst())
                switch e {
                case .name(let n):
                    return .assign(name: n, indices: nil, op: op, value: value ?? .empty, global: global)
                case .apply(.name(let n), let idx):
                    return .assign(name: n, indices: idx, op: op, value: value ?? .empty, global: global)
                default:
                    // `(pattern):value` destructures.
                    if op == nil && !global { return .patternAssign(e, value ?? .empty) }
                    // `x op:` elsewhere is the unary form of the glyph applied to the rest.
                    guard let op = op else { throw QError.parse }
                    guard let v = value else { return .juxtapose(e, op) }
                    return .juxtapose(e, .infix(op, nil, v))
                }
            case .verb(let v):
                let after = rest.dropFirst()
                // `0|+`: a left section followed by a bare verb composes with it.
                if Parser.endsWithVerb(after), let r = try fold(after) { return .compose([.infix(v, e, nil), r]) }
                return .infix(v, e, try fold(after))
            case .quote:
                // `x ' y`: a spaced quote after a noun is each applied to it.
                return .infix(.derived(.each, e), nil, try fold(rest.dropFirst()))
            case .noun:
                guard let r = try fold(rest) else { return e }
                // `til count@`: juxtaposed with a function phrase, not a value: composition.
                if Parser.endsWithVerb(rest) { return .compose([e, r]) }
                return .juxtapose(e, r)
            }
        case .verb(let v):
            guard let r = try fold(rest) else { return v }
            return .infix(v, nil, r)
        case .colon(let op, let global):
            if let op = op {
                // Unary form `#:x`, `(=:)`: the glyph's monad as a value of its own.
                var unary = op
                if case .primitive(let id) = op, let u = registry.id(registry[id].name + ":") { unary = .primitive(u) }
                guard let r = try fold(rest) else { return unary }
                return .juxtapose(unary, r)
            }
            if global { guard let r = try fold(rest) else { return .primitive(0) }; return .juxtapose(.primitive(0), r) }
            // A lone `:` is the assignment operator as a value, as in `@[x;i;:;y]`.
            guard let r = try fold(rest) else { return .primitive(registry.id(":")!) }
            return .returns(r)
        case .quote:
            return .signal(try fold(rest) ?? .primitive(0))
        }
    }

    // MARK: brackets

    /// `( … )`: grouping, a list, or a table literal `([k:…] c:…)`.
    mutating func parenthesized() throws -> Expr {
        if peek.kind == .rparen { _ = next(); return .constant(.emptyList) }
        if peek.kind == .lbracket { return try tableLiteral() }
        let parts = try statements(until: .rparen)
        _ = next()
        if parts.count == 1 {
            if case .empty = parts[0] { return .constant(.emptyList) }
            // Grouped: the caller makes it a noun even when it is a verb, like `(+)`.
            // A grouped assignment `(a:5)` shows its value at the console.
            if case .assign = parts[0] { return .apply(.primitive(0), [parts[0]]) }
            return parts[0]
        }
        return .list(parts)
    }

    mutating func tableLiteral() throws -> Expr {
        _ = next() // [
        let keys = try columnDefs(until: .rbracket)
        _ = next()
        let cols = try columnDefs(until: .rparen)
        _ = next()
        return .tableLiteral(keys: keys, cols: cols)
    }

    /// `name:expr` or `expr` items separated by `;` (for table literals and qSQL).
    mutating func columnDefs(until close: Token.Kind) throws -> [(String, Expr)] {
        var out: [(String, Expr)] = []
        if peek.kind == close { return out }
        let stmts = try statements(until: close)
        for (k, s) in stmts.enumerated() {
            switch s {
            case .empty: continue
            case .assign(let n, nil, nil, let v, false): out.append((n, v))
            default: out.append((Parser.impliedName(s) ?? (k == 0 ? "x" : "x\(k)"), s))
            }
        }
        return out
    }

    /// The column name q gives an unnamed expression: its leftmost name.
    static func impliedName(_ e: Expr) -> String? {
        switch e {
        case .name(let n): return n.split(separator: ".").last.map(String.init)
        case .apply(let f, let args):
            if case .name = f { return impliedName(f) }
            for a in args { if let a = a, let n = impliedName(a) { return n } }
            return nil
        case .juxtapose(let f, let x):
            if case .name = f { return impliedName(f) }
            return impliedName(x)
        case .infix(_, let l, let r):
            if let l = l, let n = impliedName(l) { return n }
            if let r = r { return impliedName(r) }
            return nil
        case .derived(_, let f): return impliedName(f)
        default: return nil
        }
    }

    // MARK: lambdas

    mutating func lambda(openedAt start: Int) throws -> Expr {
        var params: [String] = []
        var patterns: [Int: Expr] = [:]
        var explicit = false
        if peek.kind == .lbracket {
            explicit = true
            _ = next()
            if peek.kind != .rbracket {
                // Each parameter is a name or a pattern.
                for (k, p) in try statements(until: .rbracket).enumerated() {
                    if case .name(let n) = p { params.append(n) } else { params.append(""); patterns[k] = p }
                }
            }
            _ = next()
        }
        let body = try statements(until: .rbrace)
        let close = next()
        let src = Parser.slice(source, start, close.offset + 1)
        if !explicit {
            var used = Set<String>()
            for s in body { Parser.collectNames(s, into: &used) }
            params = used.contains("z") ? ["x", "y", "z"] : used.contains("y") ? ["x", "y"] : ["x"]
        }
        guard params.count <= 8 else { throw QError("params") }
        var l = LambdaExpr(source: src, params: params, explicitParams: explicit, body: body)
        l.paramPatterns = patterns
        return .lambda(l)
    }

    static func slice(_ s: String, _ a: Int, _ b: Int) -> String {
        let u = s.utf8
        let i = u.index(u.startIndex, offsetBy: a)
        let j = u.index(u.startIndex, offsetBy: min(b, u.count))
        return String(s[i..<j])
    }

    /// Names used in an expression, not descending into nested lambdas.
    static func collectNames(_ e: Expr, into out: inout Set<String>) {
        func c(_ x: Expr?) { if let x = x { collectNames(x, into: &out) } }
        switch e {
        case .name(let n): out.insert(n)
        case .apply(let f, let a): c(f); a.forEach(c)
        case .infix(let v, let l, let r): c(v); c(l); c(r)
        case .juxtapose(let f, let x): c(f); c(x)
        case .derived(_, let f): c(f)
        case .list(let l), .cond(let l), .sequence(let l): l.forEach(c)
        case .assign(let n, let idx, let op, let v, _): out.insert(n); idx?.forEach(c); c(op); c(v)
        case .control(_, let a, let b): c(a); b.forEach(c)
        case .returns(let x), .signal(let x): c(x)
        case .qsql(let q):
            // Names in the phrases may be columns: only the table expression counts.
            c(q.from)
        case .patternAssign(let p, let v): c(p); c(v)
        case .compose(let parts): parts.forEach(c)
        case .patternCond(let l): l.forEach(c)
        case .tableLiteral(let k, let cs): k.forEach { c($0.1) }; cs.forEach { c($0.1) }
        case .constant, .primitive, .empty, .lambda: break
        }
    }
}
