import QCore

// As-of joins: aj aj0 ajf ajf0, asof, and window joins wj wj1. Rows of the second
// table are grouped by the equality columns once; within a group (sorted by time, as
// q requires) each lookup is a binary search on the time column.

extension Tables {
    static func registerAsOf(_ r: inout Registry) {
        for (name, actual, fill) in [("aj", false, false), ("aj0", true, false), ("ajf", false, true), ("ajf0", true, true)] {
            r.add(name, polyad: { a, s in
                guard a.count == 3 else { throw QError.rank }
                return try s.byValueOrName(a[1]) { try s.asofJoin(a[0], $0, a[2], actualTime: actual, fill: fill) }
            })
        }
        r.add("asof", dyad: { x, y, s in try s.asof(x, y) })
        r.add("wj", polyad: { a, s in
            guard a.count == 4 else { throw QError.rank }
            return try s.byValueOrName(a[2]) { try s.windowJoin(a[0], a[1], $0, a[3], prevailing: true) }
        })
        r.add("wj1", polyad: { a, s in
            guard a.count == 4 else { throw QError.rank }
            return try s.byValueOrName(a[2]) { try s.windowJoin(a[0], a[1], $0, a[3], prevailing: false) }
        })
    }
}

/// Rows of a table grouped by equality columns, for time lookups from another table.
struct AsOfIndex {
    /// Group of each probe row (an index into `groups`, or -1).
    let probeGroup: [Int]
    /// Rows of the searched table in each group, in row order.
    let groups: [[Int]]

    init(probe: [QValue], searched: [QValue], probeCount: Int, searchedCount: Int) {
        if probe.isEmpty {
            probeGroup = [Int](repeating: 0, count: probeCount)
            groups = [Array(0..<searchedCount)]
            return
        }
        let (codes, count) = KeyCoder.rowCodes([probe, searched])
        groups = KeyCoder.groups(codes[1], count: count)
        probeGroup = codes[0]
    }

    /// The number of leading rows of group `g` whose time satisfies `before` (a
    /// monotone predicate: true then false).
    func count(_ g: Int, _ before: (Int) -> Bool) -> Int {
        guard g >= 0 && g < groups.count else { return 0 }
        let rows = groups[g]
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(rows[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension Interpreter {
    /// Compares item `i` of column `a` with item `j` of column `b` (same kind of values).
    func crossCompare(_ a: QValue, _ b: QValue) throws -> (Int, Int) -> Int {
        guard case .vector(let va) = a, case .vector(let vb) = b else {
            let ea = a.elements, eb = b.elements
            return { RowOrder.compareValues(ea[$0], eb[$1]) }
        }
        switch (va.storage, vb.storage) {
        case (.s(let x), .s(let y)): return { RowOrder.symbolCompare(x[$0], y[$1]) }
        case (.f, _), (.e, _), (_, .f), (_, .e):
            guard case .vector(let x) = floatOperand(a), case .vector(let y) = floatOperand(b) else { throw QError.type }
            return { RowOrder.floatCompare(x[$0], y[$1]) }
        case (.s, _), (_, .s), (.g, _), (_, .g): throw QError.type
        default:
            guard case .vector(let x) = intOperand(a), case .vector(let y) = intOperand(b) else { throw QError.type }
            return { x[$0] < y[$1] ? -1 : (x[$0] > y[$1] ? 1 : 0) }
        }
    }

    /// `aj[c;t1;t2]` and its variants: each row of `t1` with the last row of `t2`
    /// matching the leading columns of `c` at a time no later than its own.
    func asofJoin(_ c: QValue, _ x: QValue, _ y: QValue, actualTime: Bool, fill: Bool) throws -> QValue {
        let cols = try symbolList(c)
        guard let timeName = cols.last else { throw QError.length }
        guard let t1 = FlatTable(x), let t2 = FlatTable(y) else { throw QError.type }
        let match = try asofMatch(cols, t1, t2)
        // aj keeps the probe's time; aj0 takes the matched row's.
        let skip = Set(actualTime ? cols.dropLast() : cols[...])
        _ = timeName
        return try joinColumns(t1, FlatTable(names: t2.names, columns: t2.columns, keyCount: 0), match, skip: skip, fill: fill).value()
    }

    /// For each row of `probe`, the last row of `searched` with equal leading key
    /// columns and a time (last column of `cols`) not after the probe's.
    func asofMatch(_ cols: [String], _ probe: FlatTable, _ searched: FlatTable) throws -> [Int] {
        guard let timeName = cols.last else { throw QError.length }
        var pk: [QValue] = [], sk: [QValue] = []
        for n in cols.dropLast() {
            guard let a = probe.column(n), let b = searched.column(n) else { throw QError(n) }
            pk.append(a)
            sk.append(b)
        }
        guard let pt = probe.column(timeName), let st = searched.column(timeName) else { throw QError(timeName) }
        let index = AsOfIndex(probe: pk, searched: sk, probeCount: probe.count, searchedCount: searched.count)
        let cmp = try crossCompare(st, pt)
        return (0..<probe.count).map { r in
            let g = index.probeGroup[r]
            let k = index.count(g) { cmp($0, r) <= 0 }
            return k == 0 ? -1 : index.groups[g][k - 1]
        }
    }

    /// `t asof d`: the other columns of `t` at the last row matching `d` (a dictionary
    /// or table of key values, time last).
    func asof(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let t = FlatTable(x) else { throw QError.type }
        let probe: FlatTable
        let single: Bool
        switch y {
        case .dict(let d) where FlatTable(y) == nil:
            probe = FlatTable(names: try symbolList(d.keys), columns: d.values.elements.map { enlistItem($0) }, keyCount: 0)
            single = true
        default:
            guard let p = FlatTable(y) else { throw QError.type }
            probe = p
            single = false
        }
        let match = try asofMatch(probe.names, probe, t)
        let rest = t.names.indices.filter { !probe.names.contains(t.names[$0]) }
        let cols = rest.map { Col.take(t.columns[$0], match) }
        let names = rest.map { t.names[$0] }
        if single { return .dict(QDict(keys: .symbols(names), values: QValue.collapse(cols.map { $0.element(0) }))) }
        return .table(QTable(names: names, columns: cols))
    }

    /// `wj[w;c;t;(q;(f0;c0);…)]`: for each row of `t`, each `f` applied to the values of
    /// `q`'s columns in that row's time window (with the prevailing row for `wj`).
    func windowJoin(_ w: QValue, _ c: QValue, _ x: QValue, _ spec: QValue, prevailing: Bool) throws -> QValue {
        let cols = try symbolList(c)
        guard let timeName = cols.last else { throw QError.length }
        guard let t = FlatTable(x) else { throw QError.type }
        let parts = spec.elements
        guard let qv = parts.first, let q = FlatTable(qv) else { throw QError.type }
        guard w.count == 2 else { throw QError.length }
        let begins = w.element(0), ends = w.element(1)
        guard begins.count == t.count, ends.count == t.count else { throw QError.length }
        var pk: [QValue] = [], sk: [QValue] = []
        for n in cols.dropLast() {
            guard let a = t.column(n), let b = q.column(n) else { throw QError(n) }
            pk.append(a)
            sk.append(b)
        }
        guard let qt = q.column(timeName) else { throw QError(timeName) }
        let index = AsOfIndex(probe: pk, searched: sk, probeCount: t.count, searchedCount: q.count)
        let cmpBegin = try crossCompare(qt, begins), cmpEnd = try crossCompare(qt, ends)
        let windows: [[Int]] = (0..<t.count).map { r in
            let g = index.probeGroup[r]
            let hi = index.count(g) { cmpEnd($0, r) <= 0 }
            var lo = index.count(g) { cmpBegin($0, r) < 0 }
            // wj: the row in force at the window's start counts too.
            let size = g >= 0 && g < index.groups.count ? index.groups[g].count : 0
            if prevailing && lo > 0 && (lo == size || cmpBegin(index.groups[g][lo], r) > 0) { lo -= 1 }
            return lo < hi ? Array(index.groups[g][lo..<hi]) : []
        }
        var names = t.names, columns = t.columns
        for agg in parts.dropFirst() {
            let items = agg.elements
            guard let f = items.first, items.count >= 2 else { throw QError.type }
            var srcCols: [QValue] = []
            var lastName = ""
            for cn in items.dropFirst() {
                guard case .atom(.symbol, .s(let n)) = cn, let col = q.column(n) else { throw QError.type }
                srcCols.append(col)
                lastName = n
            }
            let results = try windows.map { rows in try apply(f, srcCols.map { Col.take($0, rows) }) }
            let col = QValue.collapse(results)
            if let p = names.firstIndex(of: lastName) { columns[p] = col } else { names.append(lastName); columns.append(col) }
        }
        return FlatTable(names: names, columns: columns, keyCount: t.keyCount).value()
    }
}
