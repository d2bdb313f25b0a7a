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
