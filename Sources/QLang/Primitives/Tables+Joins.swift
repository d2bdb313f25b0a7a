import QCore

// Keyed joins: lj ljf ij ijf pj uj ujf ej. Key columns of both sides are hash-coded
// together (KeyCoder), so matching a row is an array lookup; the joined columns are
// gathered by the matched positions, never built row by row.

extension Tables {
    static func registerJoins(_ r: inout Registry) {
        r.add("lj", dyad: { x, y, s in try s.byValueOrName(x) { try s.leftJoin($0, y, fill: false) } })
        r.add("ljf", dyad: { x, y, s in try s.byValueOrName(x) { try s.leftJoin($0, y, fill: true) } })
        r.add("ij", dyad: { x, y, s in try s.innerJoin(x, y, fill: false) })
        r.add("ijf", dyad: { x, y, s in try s.innerJoin(x, y, fill: true) })
        r.add("pj", dyad: { x, y, s in try s.byValueOrName(x) { try s.plusJoin($0, y) } })
        r.add("uj", dyad: { x, y, s in try s.unionJoin(x, y, fill: false) })
        r.add("ujf", dyad: { x, y, s in try s.unionJoin(x, y, fill: true) })
        r.add("ej", polyad: { a, s in
            guard a.count == 3 else { throw QError.rank }
            return try s.equiJoin(a[0], a[1], a[2])
        })
        registerAsOf(&r)
    }
}

extension Interpreter {
    /// The keyed table `y` split into key and value columns.
    private func keyedParts(_ y: QValue) throws -> FlatTable {
        guard let t = FlatTable(y), t.keyCount > 0 else { throw QError.type }
        return t
    }

    /// For each row of `x`, the first row of `y` whose key columns `names` match (or -1).
    func matchRows(_ x: FlatTable, _ y: FlatTable, on names: [String]) throws -> [Int] {
        var xk: [QValue] = [], yk: [QValue] = []
        for n in names {
            guard let a = x.column(n) else { throw QError(n) }
            guard let b = y.column(n) else { throw QError(n) }
            xk.append(a)
            yk.append(b)
        }
        let (codes, count) = KeyCoder.rowCodes([xk, yk])
        var first = [Int](repeating: -1, count: count)
        for (r, c) in codes[1].enumerated().reversed() { first[c] = r }
        return codes[0].map { first[$0] }
    }

    /// Adds (or overwrites at matched rows) the columns of `y` gathered at `match`.
    /// With `fill`, a null from `y` keeps the value of `x`.
    func joinColumns(_ x: FlatTable, _ y: FlatTable, _ match: [Int], skip: Set<String>, fill: Bool) throws -> FlatTable {
        var names = x.names, columns = x.columns
        let matched = match.indices.filter { match[$0] >= 0 }
        for (c, name) in y.names.enumerated() where !skip.contains(name) {
            let gathered = Col.take(y.columns[c], match)
            guard let p = names.firstIndex(of: name) else {
                names.append(name)
                columns.append(gathered)
                continue
            }
            var rows = matched
            if fill { rows = rows.filter { !gathered.element($0).isNullAtom } }
            var col = columns[p]
            do {
                try Col.scatter(&col, rows, Col.take(gathered, rows))
            } catch {
                // Different types: the column becomes a general list.
                var items = columns[p].elements
                for r in rows { items[r] = gathered.element(r) }
                col = QValue.collapse(items)
            }
            columns[p] = col
        }
        return FlatTable(names: names, columns: columns, keyCount: x.keyCount)
    }

    /// `x lj y` (`ljf`): every row of `x`, with the columns of the matching row of `y`.
    func leftJoin(_ x: QValue, _ y: QValue, fill: Bool) throws -> QValue {
        if case .list(let l) = y, l.isEmpty { return x }
        guard let xt = FlatTable(x) else { throw QError.type }
        let yt = try keyedParts(y)
        let keys = Array(yt.names[..<yt.keyCount])
        let match = try matchRows(xt, yt, on: keys)
        return try joinColumns(xt, yt, match, skip: Set(keys), fill: fill).value()
    }

    /// `x ij y` (`ijf`): the rows of `x` that match a key of `y`, joined.
    func innerJoin(_ x: QValue, _ y: QValue, fill: Bool) throws -> QValue {
        guard let xt = FlatTable(x) else { throw QError.type }
        let yt = try keyedParts(y)
        let keys = Array(yt.names[..<yt.keyCount])
        let match = try matchRows(xt, yt, on: keys)
        let keep = match.indices.filter { match[$0] >= 0 }
        return try joinColumns(xt.rows(keep), yt, keep.map { match[$0] }, skip: Set(keys), fill: fill).value()
    }

    /// `x pj y`: common columns added, new columns zero where nothing matches.
    func plusJoin(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let xt = FlatTable(x) else { throw QError.type }
        let yt = try keyedParts(y)
        let keys = Set(yt.names[..<yt.keyCount])
        let match = try matchRows(xt, yt, on: Array(yt.names[..<yt.keyCount]))
        var names = xt.names, columns = xt.columns
        for (c, name) in yt.names.enumerated() where !keys.contains(name) {
            let add = Col.zeroFilled(Col.take(yt.columns[c], match))
            if let p = names.firstIndex(of: name) {
                columns[p] = try Arithmetic.add(columns[p], add)
            } else {
                names.append(name)
                columns.append(add)
            }
        }
        return FlatTable(names: names, columns: columns, keyCount: xt.keyCount).value()
    }

    /// `x uj y` (`ujf`): all columns of both; keyed tables update matching rows.
    func unionJoin(_ x: QValue, _ y: QValue, fill: Bool) throws -> QValue {
        guard let xt = FlatTable(x), let yt = FlatTable(y) else { throw QError.type }
        guard (xt.keyCount == 0) == (yt.keyCount == 0) else { throw QError.type }
        let names = xt.names + yt.names.filter { xt.column($0) == nil }
        // Row of x each row of y updates (keyed), or -1 for rows appended.
        var target = [Int](repeating: -1, count: yt.count)
        if xt.keyCount > 0 {
            target = try matchRows(yt, xt, on: Array(yt.names[..<yt.keyCount]))
        }
        let appended = target.indices.filter { target[$0] < 0 }
        let updated = target.indices.filter { target[$0] >= 0 }
        let columns = try names.map { name -> QValue in
            let xc = xt.column(name), yc = yt.column(name)
            guard let ycol = yc else {
                guard let xcol = xc else { throw QError.type }
                return Col.concat(xcol, Col.nulls(like: Col.nullCell(xcol), count: appended.count))
            }
            var base = xc ?? Col.nulls(like: Col.nullCell(ycol), count: xt.count)
            var rows = updated
            if fill { rows = rows.filter { !ycol.element($0).isNullAtom } }
            if !rows.isEmpty {
                do { try Col.scatter(&base, rows.map { target[$0] }, Col.take(ycol, rows)) } catch {
                    var items = base.elements
                    for r in rows { items[target[r]] = ycol.element(r) }
                    base = QValue.collapse(items)
                }
            }
            return Col.concat(base, Col.take(ycol, appended))
        }
        return FlatTable(names: names, columns: columns, keyCount: xt.keyCount).value()
    }

    /// `ej[c;t1;t2]`: each row of `t1` with every row of `t2` matching on `c`.
    func equiJoin(_ c: QValue, _ x: QValue, _ y: QValue) throws -> QValue {
        let keys = try symbolList(c)
        guard let xt = FlatTable(x), let yt = FlatTable(y) else { throw QError.type }
        var xk: [QValue] = [], yk: [QValue] = []
        for n in keys {
            guard let a = xt.column(n), let b = yt.column(n) else { throw QError(n) }
            xk.append(a)
            yk.append(b)
        }
        let (codes, count) = KeyCoder.rowCodes([xk, yk])
        let byCode = KeyCoder.groups(codes[1], count: count)
        var left: [Int] = [], right: [Int] = []
        for (r, code) in codes[0].enumerated() {
            for m in byCode[code] { left.append(r); right.append(m) }
        }
        let flatX = FlatTable(names: xt.names, columns: xt.columns, keyCount: 0).rows(left)
        let flatY = FlatTable(names: yt.names, columns: yt.columns, keyCount: 0)
        return try joinColumns(flatX, flatY, right, skip: Set(keys), fill: false).value()
    }
}

extension Col {
    /// Nulls replaced by zero (for `pj`).
    static func zeroFilled(_ col: QValue) -> QValue {
        guard case .vector(var v) = col else { return col }
        switch v.storage {
        case .j(let a): v.storage = .j(a.map { $0 == Int64.min ? 0 : $0 })
        case .i(let a): v.storage = .i(a.map { $0 == Int32.min ? 0 : $0 })
        case .h(let a): v.storage = .h(a.map { $0 == Int16.min ? 0 : $0 })
        case .f(let a): v.storage = .f(a.map { $0.isNaN ? 0 : $0 })
        case .e(let a): v.storage = .e(a.map { $0.isNaN ? 0 : $0 })
        default: break
        }
        return .vector(v)
    }
}

// MARK: - as-of joins

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
