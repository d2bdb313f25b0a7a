import QCore

// QPattern matching (kdb+ 4.1): `(b;c):2 3`, `{[(a;b);c]…}`, `:[v;p1;r1;…;rd]`.
// A pattern is compiled from the expression written in its place; matching collects
// the assignments it implies and applies them only when the whole match succeeds.

/// A compiled pattern.
indirect enum QPattern {
    /// Matches anything (an elided item).
    case any
    /// Matches a value equal (`~`) to the constant, else `'match`.
    case constant(QValue)
    /// Binds a variable; with indexes, amends it (`(a[1]):4`).
    case bind(AssignTarget, indices: [Node?]?)
    /// Matches items of a list in turn (`'length` on a count mismatch).
    case list([QPattern])
    /// Matches the values under given keys of a dictionary (`1 2!(one;two)`, `([four:d])`).
    case keys(QValue, [QPattern])
    /// Matches a table's columns by name; `keyed` are the key table's columns.
    case table(keyed: [(String, QPattern)], columns: [(String, QPattern)])
    /// `flip p`: a table matched as the dictionary it flips from.
    case flip(QPattern)
    /// `k!v`: the keys and values of a dictionary.
    case dict(QPattern, QPattern)
    /// `p:`t`: a type check (lower case atom, upper case vector), then `p`.
    case typed(QPattern, Character)
    /// `p:f`: `f` applied to the value, the result matched to `p`.
    case filter(QPattern, Node)
}

extension Compiler {
    /// Compiles the expression written as a pattern.
    func pattern(_ e: Expr) throws -> QPattern {
        switch e {
        case .empty: return .any
        case .constant(let v): return .constant(v)
        case .name(let n): return .bind(target(n), indices: nil)
        case .apply(.name(let n), let idx):
            return .bind(target(n), indices: try idx.map { try $0.map { try compile($0) } })
        case .list(let items): return .list(try items.map { try pattern($0) })
        case .assign(let n, nil, nil, let value, false):
            return try refine(.bind(target(n), indices: nil), value)
        case .patternAssign(let p, let value):
            return try refine(try pattern(p), value)
        case .returns(let value):
            return try refine(.any, value)
        case .tableLiteral(let keys, let cols):
            if cols.isEmpty {
                return .keys(.symbols(keys.map(\.0)), try keys.map { try pattern($0.1) })
            }
            return .table(keyed: try keys.map { ($0.0, try pattern($0.1)) }, columns: try cols.map { ($0.0, try pattern($0.1)) })
        case .infix(.primitive(let id), let l?, let r) where Registry.shared[id].name == "!":
            if case .constant(let keys) = l, let r = r, case .list(let items) = r {
                return .keys(keys, try items.map { try pattern($0) })
            }
            return .dict(try pattern(l), try r.map { try pattern($0) } ?? .any)
        case .juxtapose(.primitive(let id), let x) where Registry.shared[id].name == "flip":
            return .flip(try pattern(x))
        case .apply(.primitive(let id), let args) where args.count == 1 && Registry.shared[id].name == "::":
            // A grouped assignment `(a:…)` inside a pattern.
            return try pattern(args[0] ?? .empty)
        default:
            throw QError.parse
        }
    }

    /// `p:x` inside a pattern: a type check when `x` is a symbol, else a filter.
    private func refine(_ p: QPattern, _ value: Expr) throws -> QPattern {
        if case .constant(.atom(.symbol, .s(let s))) = value, s.count == 1 { return .typed(p, s.first!) }
        return .filter(p, try compile(value))
    }

    func target(_ name: String) -> AssignTarget {
        if let slot = locals?[name] { return .local(slot, name) }
        return .global(qualify(name))
    }

    /// Names a pattern assigns, for making them locals of a lambda.
    static func boundNames(_ e: Expr, into out: inout [String]) {
        func add(_ n: String) { if !n.contains(".") && !out.contains(n) { out.append(n) } }
        switch e {
        case .name(let n): add(n)
        case .list(let items): items.forEach { boundNames($0, into: &out) }
        case .assign(let n, nil, nil, _, false): add(n)
        case .patternAssign(let p, _): boundNames(p, into: &out)
        case .tableLiteral(let k, let c): (k + c).forEach { boundNames($0.1, into: &out) }
        case .infix(_, let l, let r): if let l = l { boundNames(l, into: &out) }; if let r = r { boundNames(r, into: &out) }
        case .juxtapose(_, let x): boundNames(x, into: &out)
        case .apply(.primitive, let args): args.forEach { if let a = $0 { boundNames(a, into: &out) } }
        default: break
        }
    }
}

/// One pending assignment from a successful match.
struct QPatternBinding {
    let target: AssignTarget
    let indices: [Node?]?
    let value: QValue
}

extension Interpreter {
    /// Matches `v` against `p`, collecting bindings; returns the (filtered) value.
    func match(_ p: QPattern, _ v: QValue, _ out: inout [QPatternBinding]) throws -> QValue {
        switch p {
        case .any:
            return v
        case .constant(let c):
            guard qMatch(c, v) else { throw QError("match") }
            return v
        case .bind(let t, let idx):
            out.append(QPatternBinding(target: t, indices: idx, value: v))
            return v
        case .list(let ps):
            if v.isAtom { throw QError.type }
            guard v.count == ps.count else { throw QError.length }
            var items: [QValue] = []
            for (k, sub) in ps.enumerated() { items.append(try match(sub, v.element(k), &out)) }
            if case .table = v { return v }
            return QValue.collapse(items)
        case .keys(let keys, let ps):
            guard case .dict(let d) = v else { throw QError.type }
            let ks = keys.isAtom ? [keys] : keys.elements
            guard ks.count == ps.count else { throw QError.length }
            for (k, sub) in ps.enumerated() {
                guard let pos = find(d.keys, ks[k]) else { throw QError("match") }
                _ = try match(sub, d.values.element(pos), &out)
            }
            return v
        case .table(let keyed, let cols):
            var keyTable: QTable? = nil
            var valueTable: QTable
            switch v {
            case .table(let t): valueTable = t
            case .dict(let d):
                guard case .table(let k) = d.keys, case .table(let t) = d.values else { throw QError.type }
                keyTable = k; valueTable = t
            default: throw QError.type
            }
            for (name, sub) in keyed {
                guard let kt = keyTable, let c = kt.names.firstIndex(of: name) else { throw QError("match") }
                _ = try match(sub, kt.columns[c], &out)
            }
            for (name, sub) in cols {
                guard let c = valueTable.names.firstIndex(of: name) else { throw QError("match") }
                _ = try match(sub, valueTable.columns[c], &out)
            }
            return v
        case .flip(let sub):
            guard case .table(let t) = v else { throw QError.type }
            _ = try match(sub, .dict(QDict(keys: .symbols(t.names), values: .list(t.columns))), &out)
            return v
        case .dict(let kp, let vp):
            guard case .dict(let d) = v else { throw QError.type }
            _ = try match(kp, d.keys, &out)
            _ = try match(vp, d.values, &out)
            return v
        case .typed(let sub, let letter):
            guard let t = QType(letter: Character(letter.lowercased())) else { throw QError.type }
            let want: Int16 = letter.isUppercase ? Int16(t.rawValue) : -Int16(t.rawValue)
            guard v.typeNumber == want else { throw QError.type }
            return try match(sub, v, &out)
        case .filter(let sub, let f):
            let fn = try f.eval(self)
            return try match(sub, try apply1(fn, v), &out)
        }
    }

    /// Applies the bindings of a successful match.
    func commit(_ bindings: [QPatternBinding]) throws {
        for b in bindings {
            var path: [QValue] = []
            if let idx = b.indices {
                path = try idx.map { try $0?.eval(self) ?? .identity }
            }
            switch b.target {
            case .local(let slot, _):
                if path.isEmpty { slots[bp + slot] = b.value } else { try amendInPlace(&slots[bp + slot], path[...], nil, b.value) }
            case .global(let name):
                if path.isEmpty {
                    try assignGlobal(name, b.value)
                } else {
                    var cur = try globals[name] ?? lookupFallback(name)
                    try amendInPlace(&cur, path[...], nil, b.value)
                    try assignGlobal(name, cur)
                }
            }
        }
    }
}

/// `(pattern):value`.
final class PatternAssignNode: Node {
    let pattern: QPattern
    let value: Node
    init(_ p: QPattern, _ v: Node) { pattern = p; value = v }
    override func eval(_ s: Interpreter) throws -> QValue {
        let v = try value.eval(s)
        var bindings: [QPatternBinding] = []
        let result = try s.match(pattern, v, &bindings)
        try s.commit(bindings)
        return result
    }
}

/// `:[v;p1;r1;…;rd]`: the result for the first pattern that matches.
final class PatternCondNode: Node {
    let subject: Node
    let cases: [(QPattern, Node)]
    let otherwise: Node?
    init(subject: Node, cases: [(QPattern, Node)], otherwise: Node?) {
        self.subject = subject; self.cases = cases; self.otherwise = otherwise
    }
    override func eval(_ s: Interpreter) throws -> QValue {
        let v = try subject.eval(s)
        for (p, r) in cases {
            var bindings: [QPatternBinding] = []
            guard (try? s.match(p, v, &bindings)) != nil else { continue }
            try s.commit(bindings)
            return try r.eval(s)
        }
        return try otherwise?.eval(s) ?? .identity
    }
}
