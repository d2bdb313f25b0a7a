import QCore

/// A compiled qSQL template: its phrases compiled with names resolving to columns
/// first, and a `QuerySpec` the query engine runs against the table expression.
final class QSQLNode: Node {
    let kind: QSQLExpr.Kind
    let from: Node
    let limit: Node?
    let spec: QuerySpec
    let deleteNames: [String]

    init(kind: QSQLExpr.Kind, from: Node, limit: Node?, spec: QuerySpec, deleteNames: [String]) {
        self.kind = kind
        self.from = from
        self.limit = limit
        self.spec = spec
        self.deleteNames = deleteNames
    }

    override func eval(_ s: Interpreter) throws -> QValue {
        let src = try from.eval(s)
        var spec = self.spec
        if let l = limit { spec.limit = try l.eval(s) }
        switch kind {
        case .select, .exec:
            return try s.onTableOrName(src, amend: false) { try s.runSelect(spec, $0) }
        case .update:
            return try s.onTableOrName(src, amend: true) { try s.runUpdate(spec, $0) }
        case .delete:
            if case .atom(.symbol, .s(let ns)) = src, ns == "." { return try s.deleteGlobals(deleteNames, namespace: ns) }
            return try s.onTableOrName(src, amend: true) { try s.runDelete(columns: self.deleteNames, wheres: spec.wheres, $0) }
        }
    }

    static func compile(_ q: QSQLExpr, _ c: Compiler) throws -> Node {
        var pc = c
        pc.inQSQL = true
        func phrase(_ e: Expr) throws -> Phrase {
            // q does not allow `$[…]` in query phrases.
            if containsCond(e) { return .node(SignalNode(ConstNode(.symbol("rank"))), names: []) }
            var names = Set<String>()
            Parser.collectNames(e, into: &names)
            let general = Phrase.node(try pc.compile(e), names: names.sorted())
            if case .juxtapose(.primitive(let id), .name(let col)) = e, FastAggregates.names.contains(Registry.shared[id].name) {
                return .aggregate(Registry.shared[id].name, column: col, general)
            }
            return general
        }
        let from = try c.compile(q.from)

        // `select[n]`, `select[m n]`, `select[>c]`, `select[n;<c]`.
        var limitNode: Node? = nil
        var order: (grade: QValue?, descending: Bool, column: Phrase)? = nil
        if let l = q.limit {
            let parts: [Expr]
            if case .list(let ps) = l, ps.count == 2, isOrder(ps[1]) { parts = ps } else { parts = [l] }
            for p in parts {
                if case .infix(.primitive(let id), nil, let col?) = p, isOrder(p) {
                    order = (nil, Registry.shared[id].name == ">", try phrase(col))
                } else {
                    limitNode = try c.compile(p)
                }
            }
        }

        var spec: QuerySpec
        var deleteNames: [String] = []
        switch q.kind {
        case .select:
            let by = try q.by.map { try named($0, phrase) }
            let cols = try named(q.columns, phrase)
            if let by = by {
                let byNames = Set(by.map { $0.0 })
                if let dup = cols.first(where: { byNames.contains($0.0) }) { throw QError("dup names for cols/groups \(dup.0)") }
            }
            spec = QuerySpec(by: by.map { .keyed($0) } ?? .table(distinct: q.distinct),
                             columns: cols.isEmpty ? .all : .named(cols))
        case .exec:
            var by: QuerySpec.By = .none
            if let b = q.by {
                if b.count == 1, b[0].0 == nil {
                    if case .constant(.atom(.boolean, .b(false))) = b[0].1 { by = .table(distinct: false) } else { by = .list(try phrase(b[0].1)) }
                } else {
                    by = .keyed(try named(b, phrase))
                }
            }
            let columns: QuerySpec.Columns
            if q.columns.isEmpty {
                columns = .all
            } else if q.columns.count == 1, q.columns[0].0 == nil {
                columns = .single(try phrase(q.columns[0].1))
            } else {
                columns = .named(try named(q.columns, phrase))
            }
            spec = QuerySpec(by: by, columns: columns)
            spec.execDistinct = q.distinct
        case .update:
            spec = QuerySpec(by: try q.by.map { .keyed(try named($0, phrase)) } ?? .none,
                             columns: .named(try named(q.columns, phrase)))
        case .delete:
            for (_, e) in q.columns {
                guard case .name(let n) = e else { throw QError.parse }
                deleteNames.append(n)
            }
            spec = QuerySpec(by: .none, columns: .all)
        }
        spec.wheres = try q.wheres.map(phrase)
        spec.order = order
        return QSQLNode(kind: q.kind, from: from, limit: limitNode, spec: spec, deleteNames: deleteNames)
    }

    /// True when `$[…]` appears outside any nested lambda.
    static func containsCond(_ e: Expr) -> Bool {
        func c(_ x: Expr?) -> Bool { x.map(containsCond) ?? false }
        switch e {
        case .cond: return true
        case .apply(let f, let a): return c(f) || a.contains(where: c)
        case .infix(let v, let l, let r): return c(v) || c(l) || c(r)
        case .juxtapose(let f, let x): return c(f) || c(x)
        case .derived(_, let f): return c(f)
        case .list(let l), .sequence(let l): return l.contains(where: c)
        case .assign(_, let idx, let op, let v, _): return (idx ?? []).contains(where: c) || c(op) || c(v)
        default: return false
        }
    }

    static func isOrder(_ e: Expr) -> Bool {
        if case .infix(.primitive(let id), nil, _?) = e {
            let n = Registry.shared[id].name
            return n == "<" || n == ">"
        }
        return false
    }

    /// Names the phrases: given names, else the name q derives from the expression (or
    /// `x`), made unique by suffixing 1, 2, ….
    static func columnNames(_ cols: [(String?, Expr)]) -> [String] {
        var used = Set<String>()
        return cols.map { (given, e) in
            var name = given ?? impliedName(e) ?? "x"
            if given == nil && used.contains(name) {
                var k = 1
                while used.contains(name + String(k)) { k += 1 }
                name += String(k)
            }
            used.insert(name)
            return name
        }
    }

    private static func named(_ cols: [(String?, Expr)], _ phrase: (Expr) throws -> Phrase) throws -> [(String, Phrase)] {
        try zip(columnNames(cols), cols).map { ($0, try phrase($1.1)) }
    }

    /// The column name q derives from an expression: a name itself (its last dotted
    /// part; never the virtual `i`); for an operator glyph its left argument; for other
    /// functions their last argument.
    static func impliedName(_ e: Expr) -> String? {
        switch e {
        case .name(let n):
            guard let last = n.split(separator: ".").last.map(String.init), last != "i" else { return nil }
            return last
        case .infix(let v, let l, let r):
            if case .primitive(let id) = v, let l = l, isGlyph(id) {
                // `` `g#sym `` (set an attribute) names the column it applies to.
                if case .constant(let c) = l, c.typeNumber == -11 || c.typeNumber == 11, let r = r { return impliedName(r) }
                return impliedName(l)
            }
            if let r = r { return impliedName(r) }
            return l.flatMap(impliedName)
        case .juxtapose(_, let x):
            return impliedName(x)
        case .apply(let f, let args):
            let given = args.compactMap { $0 }
            if case .primitive(let id) = f, isGlyph(id), let first = given.first { return impliedName(first) }
            return given.last.flatMap(impliedName)
        case .assign(let n, nil, nil, _, _):
            return n
        default:
            return nil
        }
    }

    private static func isGlyph(_ id: Int) -> Bool {
        guard let c = Registry.shared[id].name.unicodeScalars.first else { return false }
        return !((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"))
    }
}

extension Interpreter {
    /// The functional form of a template as `parse` shows it: `(?;t;c;b;a)` for select
    /// and exec, `(!;t;c;b;a)` for update and delete.
    func qsqlParseTree(_ q: QSQLExpr) throws -> QValue {
        func dict(_ cols: [(String, Expr)]) throws -> QValue {
            .dict(QDict(keys: .symbols(cols.map { $0.0 }), values: QValue.collapse(try cols.map { try tree($0.1) })))
        }
        func names(_ cols: [(String?, Expr)]) -> [(String, Expr)] {
            Array(zip(QSQLNode.columnNames(cols), cols.map { $0.1 }))
        }
        let from = try tree(q.from)
        let wheres: QValue = q.wheres.isEmpty ? .emptyList : .list([.list(try q.wheres.map { try tree($0) })])
        let byDict: QValue? = try q.by.map { try dict(names($0)) }
        var out: [QValue]
        switch q.kind {
        case .select:
            if let by = q.by {
                let byNames = Set(names(by).map { $0.0 })
                if let dup = names(q.columns).first(where: { byNames.contains($0.0) }) { throw QError("dup names for cols/groups \(dup.0)") }
            }
            let a: QValue = q.columns.isEmpty ? .emptyList : try dict(names(q.columns))
            out = [prim("?"), from, wheres, byDict ?? .bool(q.distinct), a]
        case .exec:
            var b: QValue = byDict ?? .emptyList
            if let by = q.by, by.count == 1, by[0].0 == nil { b = .list([try tree(by[0].1)]) }
            var a: QValue = .emptyList
            if q.columns.count == 1, q.columns[0].0 == nil { a = .list([try tree(q.columns[0].1)]) } else if !q.columns.isEmpty { a = try dict(names(q.columns)) }
            out = [prim("?"), from, wheres, b, a]
        case .update:
            out = [prim("!"), from, wheres, byDict ?? .bool(false), try dict(names(q.columns))]
        case .delete:
            let cols = q.columns.compactMap { c -> String? in if case .name(let n) = c.1 { return n }; return nil }
            out = [prim("!"), from, wheres, .bool(false), .list([.symbols(cols)])]
        }
        if let l = q.limit, q.kind == .select {
            // `select[n;>c]`: the limit, then the grade and column as `(idesc;`c)`.
            var parts = [l]
            if case .list(let ps) = l, ps.count == 2, QSQLNode.isOrder(ps[1]) { parts = ps }
            var n: QValue = .long(Int64.max)
            var order: QValue? = nil
            for p in parts {
                if case .infix(.primitive(let id), nil, let col?) = p, QSQLNode.isOrder(p) {
                    order = .list([.list([prim(registry[id].name == ">" ? "idesc" : "iasc"), try tree(col)])])
                } else {
                    n = try tree(p)
                }
            }
            out.append(n)
            if let o = order { out.append(o) }
        }
        return .list(out)
    }
}
