import QCore

// Functional qSQL: `?[t;c;b;a]` (with ranks 5 and 6) and `![t;c;b;a]`, whose phrases
// are parse trees: a symbol names a column or variable, a list with a function first
// is an application, and an enlisted item is a constant.

enum ParseTree {
    /// Symbols a parse tree mentions (candidate column names).
    static func symbols(_ v: QValue, into out: inout [String]) {
        switch v {
        case .atom(.symbol, .s(let n)): out.append(n)
        case .list(let l):
            // A one-item list is an enlisted constant.
            if l.count > 1 { for x in l { symbols(x, into: &out) } }
        default: break
        }
    }
}

extension Interpreter {
    /// Evaluates a parse tree with columns in `scope`.
    func evalParseTree(_ v: QValue, in scope: [String: QValue]) throws -> QValue {
        switch v {
        case .atom(.symbol, .s(let n)):
            return try resolveName(n, scope)
        case .list(let items):
            guard let head = items.first else { return v }
            if items.count == 1 { return head }
            var args = [QValue](repeating: .identity, count: items.count - 1)
            for k in stride(from: items.count - 1, through: 1, by: -1) { args[k - 1] = try evalParseTree(items[k], in: scope) }
            let f: QValue
            switch head {
            case .atom(.symbol, _), .list: f = try evalParseTree(head, in: scope)
            default: f = head
            }
            if args.count == 1, case .function(.primitive) = f { return try apply1(f, args[0]) }
            return try apply(f, args)
        case .vector(let vec) where vec.type == .symbol && vec.count == 1:
            // An enlisted symbol is a constant.
            return vec[0]
        default:
            return v
        }
    }

    /// A name in a parse tree: a column, a primitive keyword, then a global.
    private func resolveName(_ n: String, _ scope: [String: QValue]) throws -> QValue {
        if let c = scope[n] { return c }
        if let id = registry.id(n) { return registry[id].value }
        let q = qualify(n)
        if let g = globals[q] { return g }
        return try lookupFallback(q)
    }

    /// `?[t;c;b;a]`, `?[t;c;b;a;n]`, `?[t;c;b;a;n;(g;cn)]`.
    func functionalSelect(_ args: [QValue]) throws -> QValue {
        var spec = QuerySpec(by: try functionalBy(args[2]), columns: try functionalColumns(args[3]))
        spec.wheres = try constraints(args[1])
        if args.count > 4 { spec.limit = args[4] }
        if args.count > 5 {
            let o = args[5]
            guard o.count == 2, case .atom(.symbol, .s(let cn)) = o.element(1) else { throw QError.type }
            spec.order = (grade: o.element(0), descending: false, column: .tree(.symbol(cn)))
        }
        return try onTableOrName(args[0], amend: false) { try runSelect(spec, $0) }
    }

    /// `?[t;i;p]`: the parse tree `p` (or a column name) evaluated on rows `i` of `t`.
    func simpleExec(_ args: [QValue]) throws -> QValue {
        guard let t = FlatTable(args[0]) else { throw QError.type }
        let rows: [Int]
        switch args[1] {
        case .vector(let v):
            guard let ks = intIndexes(v) else { throw QError.type }
            rows = try ks.map { k in
                guard k >= 0 && k < Int64(t.count) else { throw QError.index }
                return Int(k)
            }
        case .atom(let ty, let sc):
            guard let k = intIndex(ty, sc), k >= 0 && k < Int64(t.count) else { throw QError.type }
            rows = [Int(k)]
        case .list(let l) where l.isEmpty:
            rows = []
        default:
            throw QError.type
        }
        return try evalPhrase(.tree(args[2]), t, rows)
    }

    /// `![t;c;b;a]`: update when `a` is a dictionary, otherwise delete (of the columns
    /// named in `a`, or of the rows `c` selects).
    func functionalUpdate(_ args: [QValue]) throws -> QValue {
        let wheres = try constraints(args[1])
        if case .dict = args[3] {
            var spec = QuerySpec(by: try functionalBy(args[2]), columns: try functionalColumns(args[3]))
            spec.wheres = wheres
            if case .table = spec.by { spec.by = .none }
            return try onTableOrName(args[0], amend: true) { try runUpdate(spec, $0) }
        }
        var names: [String] = []
        for x in args[3].isAtom ? [args[3]] : args[3].elements {
            guard case .atom(.symbol, .s(let n)) = x else { throw QError.type }
            names.append(n)
        }
        if case .atom(.symbol, .s(let ns)) = args[0], ns == "." || (ns.hasPrefix(".") && globals[ns] == nil && !names.isEmpty) {
            return try deleteGlobals(names, namespace: ns)
        }
        return try onTableOrName(args[0], amend: true) { try runDelete(columns: names, wheres: wheres, $0) }
    }

    private func constraints(_ c: QValue) throws -> [Phrase] {
        switch c {
        case .list(let l): return l.map { .tree($0) }
        case .vector(let v) where v.count == 0: return []
        case .atom(.boolean, _), .vector: return [.tree(c)]
        default: throw QError.type
        }
    }

    private func functionalBy(_ b: QValue) throws -> QuerySpec.By {
        switch b {
        case .atom(.boolean, .b(let d)): return .table(distinct: d)
        case .list(let l) where l.isEmpty: return .none
        case .vector(let v) where v.count == 0: return .none
        case .atom(.symbol, _): return .list(.tree(b))
        case .vector(let v) where v.type == .symbol:
            // q groups every row under one null-symbol key here.
            _ = v
            return .list(.tree(.list([.symbol("")])))
        case .dict(let d):
            return .keyed(try namedTrees(d))
        default:
            throw QError.type
        }
    }

    private func functionalColumns(_ a: QValue) throws -> QuerySpec.Columns {
        switch a {
        case .list(let l) where l.isEmpty: return .all
        case .vector(let v) where v.count == 0: return .all
        case .dict(let d): return .named(try namedTrees(d))
        default: return .single(Phrase.fromTree(a))
        }
    }

    private func namedTrees(_ d: QDict) throws -> [(String, Phrase)] {
        let keys = d.keys.isAtom ? [d.keys] : d.keys.elements
        let vals = d.values.isAtom ? [d.values] : d.values.elements
        guard keys.count == vals.count else { throw QError.length }
        return try zip(keys, vals).map { k, v in
            guard case .atom(.symbol, .s(let n)) = k else { throw QError.type }
            return (n, Phrase.fromTree(v))
        }
    }
}
