import QCore

// The query engine behind qSQL templates and the functional forms `?[t;c;b;a]` and
// `![t;c;b;a]`. Where-constraints narrow a list of row positions; grouping codes the
// by-columns once and evaluates each phrase on the gathered rows of one group.

/// One expression of a query: a compiled template phrase (with the names it mentions,
/// which may be columns) or a parse tree from a functional form.
indirect enum Phrase {
    case node(Node, names: [String])
    case tree(QValue)
    /// `f c` with `f` a common aggregate and `c` a name: computed per group in one
    /// pass when `c` is a column of a supported type; otherwise the general phrase.
    case aggregate(String, column: String, Phrase)

    /// Recognizes `(f;`c)` parse trees with an aggregate `f`.
    static func fromTree(_ tree: QValue) -> Phrase {
        if case .list(let l) = tree, l.count == 2, case .function(.primitive(let p)) = l[0],
           case .atom(.symbol, .s(let c)) = l[1], FastAggregates.names.contains(p.name) {
            return .aggregate(p.name, column: c, .tree(tree))
        }
        return .tree(tree)
    }
}

/// A select, exec or update, independent of how it was written.
struct QuerySpec {
    /// The grouping: a table result (`0b`, or `1b` for distinct), none (exec),
    /// one unnamed key (exec … by c: a dictionary keyed by a list), or named keys.
    enum By {
        case table(distinct: Bool)
        case none
        case list(Phrase)
        case keyed([(String, Phrase)])
    }
    /// The select phrase: every column, one unnamed value (exec), or named columns.
    enum Columns {
        case all
        case single(Phrase)
        case named([(String, Phrase)])
    }
    var wheres: [Phrase] = []
    var by: By
    var columns: Columns
    /// `select[n]`, `select[m n]`, rank-5 `n`.
    var limit: QValue? = nil
    /// `select[>c]` (grade nil: ascending or descending) or rank-6 `(g;c)`.
    var order: (grade: QValue?, descending: Bool, column: Phrase)? = nil
    /// `exec distinct`: distinct items of the first result.
    var execDistinct = false

    init(by: By, columns: Columns) {
        self.by = by
        self.columns = columns
    }
}

/// A table with its key columns (if any) flattened in front of its value columns.
struct FlatTable {
    var names: [String]
    var columns: [QValue]
    var keyCount: Int
    var count: Int
    private(set) var position: [String: Int] = [:]

    init(names: [String], columns: [QValue], keyCount: Int) {
        self.names = names
        self.columns = columns
        self.keyCount = keyCount
        self.count = columns.first?.count ?? 0
        for (k, n) in names.enumerated() where position[n] == nil { position[n] = k }
    }

    /// The table of a table value or keyed table; nil for anything else.
    init?(_ v: QValue) {
        switch v {
        case .table(let t):
            self.init(names: t.names, columns: t.columns, keyCount: 0)
        case .dict(let d):
            guard case .table(let k) = d.keys, case .table(let t) = d.values else { return nil }
            self.init(names: k.names + t.names, columns: k.columns + t.columns, keyCount: k.names.count)
        default:
            return nil
        }
    }

    func column(_ name: String) -> QValue? { position[name].map { columns[$0] } }

    /// Rebuilds the value: a keyed table when it has keys.
    func value(keyCount kc: Int? = nil) -> QValue {
        let kc = min(kc ?? keyCount, names.count)
        let all = QTable(names: names, columns: columns)
        if kc == 0 { return .table(all) }
        return .dict(QDict(keys: .table(QTable(names: Array(names[..<kc]), columns: Array(columns[..<kc]))),
                           values: .table(QTable(names: Array(names[kc...]), columns: Array(columns[kc...])))))
    }

    /// The rows at positions.
    func rows(_ idx: [Int]) -> FlatTable {
        FlatTable(names: names, columns: columns.map { Col.take($0, idx) }, keyCount: keyCount)
    }

    /// Columns named in `names` (and `i`, the row position), at rows `idx` (all if nil).
    func scope(_ idx: [Int]?, _ wanted: [String]) -> [String: QValue] {
        var out: [String: QValue] = [:]
        for n in wanted where out[n] == nil {
            if let k = position[n] {
                out[n] = idx.map { Col.take(columns[k], $0) } ?? columns[k]
            } else if n == "i" {
                out[n] = idx.map(Col.longs) ?? .longs((0..<Int64(count)).map { $0 })
            }
        }
        return out
    }
}

extension Interpreter {
    /// Evaluates a phrase with the columns of `t` at rows `idx` in scope.
    func evalPhrase(_ p: Phrase, _ t: FlatTable, _ idx: [Int]?) throws -> QValue {
        switch p {
        case .node(let n, let names):
            var scope = t.scope(idx, names)
            for name in names where scope[name] == nil { if let v = try dottedColumn(name, t, idx) { scope[name] = v } }
            columnScopes.append(scope)
            defer { columnScopes.removeLast() }
            return try n.eval(self)
        case .tree(let tree):
            var names: [String] = []
            ParseTree.symbols(tree, into: &names)
            return try evalParseTree(tree, in: t.scope(idx, names))
        case .aggregate(_, _, let general):
            return try evalPhrase(general, t, idx)
        }
    }

    /// `c.f` for a column `c`: the field `f` of its temporal values (`time.minute`,
    /// `date.year`), as `` `f$c `` casts it.
    private func dottedColumn(_ name: String, _ t: FlatTable, _ idx: [Int]?) throws -> QValue? {
        guard !name.hasPrefix("."), let dot = name.firstIndex(of: "."), let cast = registry.id("$") else { return nil }
        let base = String(name[..<dot]), field = String(name[name.index(after: dot)...])
        guard let col = t.scope(idx, [base])[base], !field.isEmpty, !field.contains(".") else { return nil }
        return try apply(registry[cast].value, [.symbol(field), col])
    }

    /// Applies the where-constraints in turn, each seeing only the rows the previous
    /// ones kept. Nil means every row.
    func filterRows(_ wheres: [Phrase], _ t: FlatTable) throws -> [Int]? {
        var rows: [Int]? = nil
        for w in wheres {
            let v = try evalPhrase(w, t, rows)
            let keep = try Col.whereTrue(v, count: rows?.count ?? t.count)
            rows = rows.map { r in keep.map { r[$0] } } ?? keep
        }
        return rows
    }

    /// Groups rows by the by-phrases. Returns the key columns (one row per group) and
    /// each group's row positions in the source; sorted by key when `sorted`.
    func groupRows(_ by: [(String, Phrase)], _ t: FlatTable, _ rows: [Int]?, sorted: Bool)
        throws -> (keys: [QValue], groups: [[Int]]) {
        let n = rows?.count ?? t.count
        var keyVals = try by.map { try evalPhrase($0.1, t, rows) }
        for (k, v) in keyVals.enumerated() {
            if v.isAtom { keyVals[k] = Col.repeatAtom(v, n) } else if v.count != n { throw QError.length }
        }
        if sorted, keyVals.count == 1, case .vector(let v) = keyVals[0], let (order, starts) = Self.sortedRuns(v) {
            // One simple key column: grade it (radix) and cut the runs of equal keys;
            // the groups come out in key order with no hashing.
            var groups: [[Int]] = []
            groups.reserveCapacity(starts.count)
            for (k, start) in starts.enumerated() {
                let end = k + 1 < starts.count ? starts[k + 1] : n
                groups.append(Array(order[start..<end]))
            }
            if let r = rows { groups = groups.map { $0.map { r[$0] } } }
            return ([Col.take(keyVals[0], starts.map { order[$0] })], groups)
        }
        var groups = KeyCoder.group(keyVals, n: n)
        let firsts = groups.map { $0[0] }
        var keys = keyVals.map { Col.take($0, firsts) }
        if sorted && groups.count > 1 {
            let order = RowOrder.grade(keys, count: groups.count)
            groups = order.map { groups[$0] }
            keys = keys.map { Col.take($0, order) }
        }
        if let r = rows { groups = groups.map { $0.map { r[$0] } } }
        return (keys, groups)
    }

    /// A key column's stable grade and where each run of equal keys starts in it, for
    /// grouping by sorting: integer-stored types (radix keys) and mostly distinct symbols;
    /// nil for the rest (floats, whose -0.0 and NaNs the hashing path equates as q does,
    /// GUIDs).
    static func sortedRuns(_ v: QVector) -> (order: [Int], starts: [Int])? {
        /// Where each run of equal keys begins in `order`.
        func runs<T: Equatable>(_ a: [T], _ order: [Int]) -> [Int] {
            var starts = [0]
            a.withUnsafeBufferPointer { p in
                order.withUnsafeBufferPointer { o in
                    var prev = p[o[0]]
                    for i in 1..<o.count {
                        let x = p[o[i]]
                        if x != prev { starts.append(i); prev = x }
                    }
                }
            }
            return starts
        }
        guard v.count > 0 else { return nil }
        switch v.storage {
        case .j, .i, .h, .x, .b:
            guard let keys = Compare.sortKeys(v, descending: false) else { return nil }
            let order = Radix.grade(keys).map { Int($0) }
            return (order, runs(keys, order))
        case .s(let a):
            // Hashing wins while symbols repeat a lot: sort only when a sample of the
            // column is mostly distinct.
            let sample = a.prefix(1024)
            guard Set(sample).count * 2 > sample.count else { return nil }
            let order = Compare.gradeSymbols(a, descending: false).map { Int($0) }
            return (order, runs(a, order))
        default:
            return nil
        }
    }

    /// One phrase evaluated per group, collected into a column.
    func groupColumn(_ p: Phrase, _ t: FlatTable, _ groups: [[Int]]) throws -> QValue {
        if groups.isEmpty {
            // No groups: an empty column typed like the phrase's value on no rows.
            let v = (try? evalPhrase(p, t, [])) ?? .emptyList
            if case .atom(let ty, _) = v { return .vector(QVector(ty, .empty(ty.storageKind))) }
            return .emptyList
        }
        if let fast = try fastAggregate(p, t, groups) { return fast }
        var out = [QValue]()
        out.reserveCapacity(groups.count)
        for g in groups { out.append(try evalPhrase(p, t, g)) }
        return QValue.collapse(out)
    }

    // MARK: select and exec

    /// Runs a select or exec on a table or keyed table.
    func runSelect(_ spec: QuerySpec, _ source: QValue) throws -> QValue {
        guard let t = FlatTable(source) else { throw QError.type }
        var rows = try filterRows(spec.wheres, t)
        let grouped: Bool
        switch spec.by { case .list, .keyed: grouped = true; default: grouped = false }
        if !grouped { rows = try limitRows(spec, t, rows) }

        switch spec.by {
        case .table(let distinct):
            var result: QValue
            switch spec.columns {
            case .all:
                result = rows.map { t.rows($0).value() } ?? source
            case .named(let cols):
                result = try tableOf(cols.map { $0.0 }, try cols.map { try evalPhrase($0.1, t, rows) })
            case .single(let p):
                return try evalPhrase(p, t, rows)
            }
            if distinct, let ft = FlatTable(result) {
                let firsts = KeyCoder.group(ft.columns, n: ft.count).map { $0[0] }
                result = ft.rows(firsts).value()
            }
            return result
        case .none:
            return try execPlain(spec, t, rows)
        case .list(let p):
            let (keys, groups) = try groupRows([("", p)], t, rows, sorted: true)
            let values = try groupedValues(spec.columns, t, groups, exclude: [])
            return try limitResult(spec, .dict(QDict(keys: keys[0], values: values)))
        case .keyed(let by):
            let (keys, groups) = try groupRows(by, t, rows, sorted: true)
            let keyTable = QValue.table(QTable(names: by.map { $0.0 }, columns: keys))
            let values = try groupedValues(spec.columns, t, groups, exclude: Set(by.map { $0.0 }))
            return try limitResult(spec, .dict(QDict(keys: keyTable, values: values)))
        }
    }

    /// Values of a grouped query: a table of the named columns (or of each group's last
    /// row), or one unnamed value per group.
    private func groupedValues(_ cols: QuerySpec.Columns, _ t: FlatTable, _ groups: [[Int]], exclude: Set<String>) throws -> QValue {
        switch cols {
        case .all:
            let lasts = groups.map { $0[$0.count - 1] }
            let keep = t.names.indices.filter { !exclude.contains(t.names[$0]) }
            return .table(QTable(names: keep.map { t.names[$0] }, columns: keep.map { Col.take(t.columns[$0], lasts) }))
        case .named(let named):
            return .table(QTable(names: named.map { $0.0 }, columns: try named.map { try groupColumn($0.1, t, groups) }))
        case .single(let p):
            return try groupColumn(p, t, groups)
        }
    }

    /// exec without by: the last row, one value, or a dictionary of values.
    private func execPlain(_ spec: QuerySpec, _ t: FlatTable, _ rows: [Int]?) throws -> QValue {
        switch spec.columns {
        case .all:
            let n = rows?.count ?? t.count
            let last = n == 0 ? -1 : (rows?[n - 1] ?? n - 1)
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map { Col.take($0, [last]).element(0) })))
        case .single(let p):
            let v = try evalPhrase(p, t, rows)
            return spec.execDistinct ? distinctItems(v) : v
        case .named(let cols):
            var vals = try cols.map { try evalPhrase($0.1, t, rows) }
            if spec.execDistinct, !vals.isEmpty { vals[0] = distinctItems(vals[0]) }
            return .dict(QDict(keys: .symbols(cols.map { $0.0 }), values: QValue.collapse(vals)))
        }
    }

    /// The distinct items of a list, in order of first occurrence.
    func distinctItems(_ v: QValue) -> QValue {
        if v.isAtom { return v }
        let firsts = KeyCoder.group([v], n: v.count).map { $0[0] }
        return Col.take(v, firsts)
    }

    /// Columns from phrase results: atoms extend to the length of the lists; all atoms
    /// make one row.
    func tableOf(_ names: [String], _ vals: [QValue]) throws -> QValue {
        var n: Int? = nil
        for v in vals where !v.isAtom {
            if let m = n, m != v.count { throw QError.length }
            n = v.count
        }
        let rows = n ?? 1
        return .table(QTable(names: names, columns: vals.map { $0.isAtom ? Col.repeatAtom($0, rows) : $0 }))
    }

    /// Applies `select[>c]` ordering and `select[n]` / `select[m n]` to the rows.
    private func limitRows(_ spec: QuerySpec, _ t: FlatTable, _ rows: [Int]?) throws -> [Int]? {
        var rows = rows
        if let o = spec.order {
            let cur = rows ?? Array(0..<t.count)
            let col = try evalPhrase(o.column, t, cur)
            let perm: [Int]
            if let g = o.grade {
                let r = try apply(g, [col])
                guard case .vector(let v) = r, let ks = intIndexes(v) else { throw QError.type }
                perm = ks.map { Int($0) }
            } else {
                perm = RowOrder.grade([col], count: cur.count, descending: o.descending)
            }
            rows = perm.map { $0 >= 0 && $0 < cur.count ? cur[$0] : -1 }
        }
        guard let lim = spec.limit else { return rows }
        let cur = rows ?? Array(0..<t.count)
        return try Interpreter.applyLimit(lim, cur.count).map { cur[$0] }
    }

    private func limitResult(_ spec: QuerySpec, _ v: QValue) throws -> QValue {
        guard let lim = spec.limit else { return v }
        return Col.take(v, try Interpreter.applyLimit(lim, v.count))
    }

    /// Positions a limit keeps of `n` rows: first n, last -n, or `m n` (n rows from m).
    static func applyLimit(_ lim: QValue, _ n: Int) throws -> [Int] {
        func int(_ v: QValue) throws -> Int64 {
            guard case .atom(let t, let s) = v, t.hasIntegerNull || t == .boolean || t == .byte else { throw QError.type }
            return scalarInt(s)
        }
        if lim.isAtom {
            let k = try int(lim)
            if k == Int64.max || k == Int64.min { return Array(0..<n) }
            return k >= 0 ? Array(0..<min(n, Int(k))) : Array(max(0, n - Int(-k))..<n)
        }
        guard lim.count == 2 else { throw QError.length }
        let m = try int(lim.element(0)), c = try int(lim.element(1))
        let lo = Int(max(0, min(Int64(n), m)))
        let (end, overflow) = Int64(lo).addingReportingOverflow(max(0, c))
        let hi = overflow ? n : Int(min(Int64(n), end))
        return Array(lo..<max(lo, hi))
    }
}

// MARK: - one-pass aggregates

// One-pass grouped aggregates for the commonest phrases (`sum c`, `count i`, `max c`
// …): instead of gathering each group's rows and calling the primitive per group,
// walk the column once and accumulate per group. Only types whose q result is
// unambiguous take this path; anything else falls back to per-group evaluation.

enum FastAggregates {
    static let names: Set<String> = ["count", "first", "last", "sum", "max", "min", "avg"]
}

extension Interpreter {
    /// The column of per-group results for an aggregate phrase, or nil to evaluate it
    /// group by group.
    func fastAggregate(_ p: Phrase, _ t: FlatTable, _ groups: [[Int]]) throws -> QValue? {
        guard case .aggregate(let fn, let name, _) = p else { return nil }
        if fn == "count" {
            guard t.column(name) != nil || name == "i" else { return nil }
            return .longs(groups.map { Int64($0.count) })
        }
        guard let col = t.column(name) else { return nil }
        switch fn {
        case "first":
            if case .vector = col { return Col.take(col, groups.map { $0[0] }) }
            return nil
        case "last":
            if case .vector = col { return Col.take(col, groups.map { $0[$0.count - 1] }) }
            return nil
        default:
            break
        }
        guard case .vector(let v) = col else { return nil }
        switch (v.type, v.storage) {
        case (.long, .j(let a)):
            return longAggregate(fn, a, groups)
        case (.float, .f(let a)):
            return floatAggregate(fn, a, groups)
        default:
            return nil
        }
    }

    private func longAggregate(_ fn: String, _ a: [Int64], _ groups: [[Int]]) -> QValue? {
        // Nulls change max/min/avg semantics in ways not worth duplicating here.
        if fn != "sum" && a.contains(Int64.min) { return nil }
        return a.withUnsafeBufferPointer { p -> QValue? in
            switch fn {
            case "sum":
                return .longs(groups.map { g in g.reduce(Int64(0)) { acc, i in p[i] == Int64.min ? acc : acc &+ p[i] } })
            case "max":
                return .longs(groups.map { g in g.reduce(Int64.min) { max($0, p[$1]) } })
            case "min":
                return .longs(groups.map { g in g.reduce(Int64.max) { min($0, p[$1]) } })
            case "avg":
                return .floats(groups.map { g in Double(g.reduce(Int64(0)) { $0 &+ p[$1] }) / Double(g.count) })
            default:
                return nil
            }
        }
    }

    private func floatAggregate(_ fn: String, _ a: [Double], _ groups: [[Int]]) -> QValue? {
        if fn != "sum" && a.contains(where: { $0.isNaN }) { return nil }
        return a.withUnsafeBufferPointer { p -> QValue? in
            switch fn {
            case "sum":
                return .floats(groups.map { g in g.reduce(0.0) { acc, i in p[i].isNaN ? acc : acc + p[i] } })
            case "max":
                return .floats(groups.map { g in g.reduce(-Double.infinity) { max($0, p[$1]) } })
            case "min":
                return .floats(groups.map { g in g.reduce(Double.infinity) { min($0, p[$1]) } })
            case "avg":
                return .floats(groups.map { g in g.reduce(0.0) { $0 + p[$1] } / Double(g.count) })
            default:
                return nil
            }
        }
    }
}

// MARK: - functional forms

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
