import QCore

// `asc` `desc` `iasc` `idesc` `rank` `xrank` (and `<:` `>:`): stable sorts and grades of
// vectors, general lists, dictionaries (by value) and tables (by every column).

extension Compare {
    /// The stable permutation that sorts a list, a table's rows or a dictionary's values.
    static func gradeIndices(_ x: QValue, descending: Bool) throws -> [Int64] {
        switch x {
        case .vector(let v):
            return gradeVector(v, descending: descending)
        case .list(let l):
            return gradeList(l, descending: descending)
        case .table(let t):
            return try gradeColumns(t.columns, descending: descending, count: t.count)
        case .dict(let d):
            return try gradeIndices(d.values, descending: descending)
        case .atom, .function:
            // q grades only lists: `iasc 7` is 'rank.
            throw QError.rank
        }
    }

    /// General lists: comparison sort with the index as the last key, so it is stable.
    static func gradeList(_ l: [QValue], descending: Bool) -> [Int64] {
        // Lists whose items are all vectors of one type compare faster without boxing.
        return l.indices.sorted { i, j in
            let c = order(l[i], l[j])
            if c != 0 { return descending ? c > 0 : c < 0 }
            return i < j
        }.map { Int64($0) }
    }

    /// Rows ordered by every column, first column most significant: stable grades from the
    /// last column to the first, each applied to the rows in the order so far.
    static func gradeColumns(_ cols: [QValue], descending: Bool, count n: Int) throws -> [Int64] {
        guard let last = cols.last else { return (0..<Int64(n)).map { $0 } }
        var idx = try gradeIndices(last, descending: descending)
        for col in cols.dropLast().reversed() {
            let g = try gradeIndices(gatherValue(col, idx), descending: descending)
            idx = g.map { idx[Int($0)] }
        }
        return idx
    }

    /// `iasc x` / `idesc x` (`<:` `>:`): a dictionary grades to its keys.
    static func grade(_ x: QValue, descending: Bool, _ s: Interpreter) throws -> QValue {
        if case .dict(let d) = x {
            let g = try gradeIndices(d.values, descending: descending)
            return gatherValue(d.keys, g)
        }
        return .longs(try gradeIndices(x, descending: descending))
    }

    /// `asc x` / `desc x`.
    static func sort(_ x: QValue, descending: Bool, _ s: Interpreter) throws -> QValue {
        switch x {
        case .vector(let v):
            return .vector(sortVector(v, descending: descending))
        case .list(let l):
            let g = gradeList(l, descending: descending)
            return .list(g.map { l[Int($0)] })
        case .table(let t):
            let g = try gradeColumns(t.columns, descending: descending, count: t.count)
            return .table(markSorted(QTable(names: t.names, columns: t.columns.map { gatherValue($0, g) }), descending))
        case .dict(let d):
            let g = try gradeIndices(d.values, descending: descending)
            var values = gatherValue(d.values, g)
            if case .table(let vt) = values { values = .table(markSorted(vt, descending)) }
            if !descending, case .vector(var v) = values { v.attribute = .sorted; values = .vector(v) }
            return .dict(QDict(keys: gatherValue(d.keys, g), values: values))
        case .atom, .function:
            throw QError.rank
        }
    }

    /// `asc` on a table: the sorted attribute on a lone column, else parted on the first.
    static func markSorted(_ t: QTable, _ descending: Bool) -> QTable {
        guard !descending, case .vector(var v)? = t.columns.first else { return t }
        v.attribute = t.columns.count == 1 ? .sorted : .parted
        var out = t
        out.columns[0] = .vector(v)
        return out
    }

    /// `rank x`: each item's position in the sorted list.
    static func rank(_ x: QValue, _ s: Interpreter) throws -> QValue {
        if case .dict(let d) = x { return .dict(QDict(keys: d.keys, values: try rank(d.values, s))) }
        return .longs(rankIndices(try gradeIndices(x, descending: false)))
    }

    /// Inverts a grade.
    static func rankIndices(_ g: [Int64]) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: g.count) { buf, n in
            g.withUnsafeBufferPointer { p in
                for k in 0..<p.count { buf[Int(p[k])] = Int64(k) }
            }
            n = g.count
        }
    }

    /// `x xrank y`: buckets 0…x-1 of (nearly) equal size by rank.
    static func xrank(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        guard case .atom(let t, let sc) = x, [.long, .int, .short].contains(t) else { throw QError.type }
        let b = scalarInt(sc)
        if case .dict(let d) = y { return .dict(QDict(keys: d.keys, values: try xrank(x, d.values, s))) }
        let r = rankIndices(try gradeIndices(y, descending: false))
        let n = Int64(r.count)
        guard b != Int64.min else { return .longs([Int64](repeating: Int64.min, count: r.count)) }
        return .longs(r.map { k in
            let (m, overflow) = b.multipliedReportingOverflow(by: k)
            if !overflow { return QCalendar.floorDiv(m, n) }
            return Int64((Double(b) * Double(k) / Double(n)).rounded(.down))
        })
    }
}
