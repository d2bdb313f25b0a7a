import QCore

// Sorting and grading: `asc` `desc` `iasc` `idesc` `rank` `xrank` (and `<:` `>:`) on
// vectors, general lists, dictionaries (by value) and tables (by every column), all
// stable. q's total order on values: within a type nulls come first; atoms of different
// types order by type number; lists order lexicographically. Sorting is exact (no
// comparison tolerance).

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

extension Compare {
    /// Order of two scalars of one type: -1, 0 or 1.
    @inline(__always)
    static func scalarOrder(_ a: QScalar, _ b: QScalar) -> Int {
        switch (a, b) {
        case (.b(let x), .b(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.x(let x), .x(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.h(let x), .h(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.i(let x), .i(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.j(let x), .j(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.e(let x), .e(let y)): return doubleOrder(Double(x), Double(y))
        case (.f(let x), .f(let y)): return doubleOrder(x, y)
        case (.s(let x), .s(let y)): return x == y ? 0 : (symLess(x, y) ? -1 : 1)
        case (.g(let x), .g(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        default: return 0
        }
    }

    /// Exact float order with NaN (null) lowest.
    @inline(__always)
    static func doubleOrder(_ a: Double, _ b: Double) -> Int {
        if a.isNaN || b.isNaN { return a.isNaN ? (b.isNaN ? 0 : -1) : 1 }
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    /// q's order on any two values.
    static func order(_ a: QValue, _ b: QValue) -> Int {
        switch (a, b) {
        case (.atom(let t, let x), .atom(let u, let y)):
            if t != u { return t.rawValue < u.rawValue ? -1 : 1 }
            return scalarOrder(x, y)
        case (.atom, _): return -1
        case (_, .atom): return 1
        case (.vector(let v), .vector(let w)) where v.type == w.type:
            let n = min(v.count, w.count)
            for k in 0..<n {
                let c = scalarOrder(v.storage[k], w.storage[k])
                if c != 0 { return c }
            }
            return v.count == w.count ? 0 : (v.count < w.count ? -1 : 1)
        case (.vector, _), (.list, _):
            guard isListLike(b) else { return -1 }
            let n = min(a.count, b.count)
            for k in 0..<n {
                let c = order(a.element(k), b.element(k))
                if c != 0 { return c }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        default:
            if isListLike(b) { return 1 }
            let ta = a.typeNumber, tb = b.typeNumber
            if ta != tb { return ta < tb ? -1 : 1 }
            if case .dict(let d) = a, case .dict(let e) = b { return order(d.values, e.values) }
            if case .table(let t) = a, case .table(let u) = b { return order(.list(t.columns), .list(u.columns)) }
            return 0
        }
    }

    @inline(__always)
    static func isListLike(_ v: QValue) -> Bool {
        switch v {
        case .vector, .list: return true
        default: return false
        }
    }

    // MARK: grades of simple vectors

    /// Order-preserving UInt64 keys of an integral or float vector, or nil (symbols, guids).
    static func sortKeys(_ v: QVector, descending: Bool) -> [UInt64]? {
        @inline(__always) func keys<T>(_ a: [T], _ f: (T) -> UInt64) -> [UInt64] {
            [UInt64](unsafeUninitializedCapacity: a.count) { buf, n in
                a.withUnsafeBufferPointer { p in
                    if descending { for k in 0..<p.count { buf[k] = ~f(p[k]) } } else { for k in 0..<p.count { buf[k] = f(p[k]) } }
                }
                n = a.count
            }
        }
        switch v.storage {
        case .b(let a): return keys(a) { $0 ? 1 : 0 }
        case .x(let a): return keys(a) { UInt64($0) }
        case .h(let a): return keys(a) { UInt64(UInt16(bitPattern: $0) ^ 0x8000) }
        case .i(let a): return keys(a) { UInt64(UInt32(bitPattern: $0) ^ 0x8000_0000) }
        case .j(let a): return keys(a) { Radix.key($0) }
        case .e(let a): return keys(a) { Radix.key(Double($0)) }
        case .f(let a): return keys(a) { Radix.key($0) }
        case .s: return nil
        case .g: return nil
        }
    }

    /// The stable grade of a simple vector.
    static func gradeVector(_ v: QVector, descending: Bool) -> [Int64] {
        if !descending && v.attribute == .sorted { return (0..<Int64(v.count)).map { $0 } }
        if let k = sortKeys(v, descending: descending) { return Radix.grade(k) }
        if case .s(let a) = v.storage { return gradeSymbols(a, descending: descending) }
        // GUIDs: comparison sort with the index as tie-break keeps it stable.
        guard case .g(let a) = v.storage else { return [] }
        return a.indices.sorted { i, j in
            if a[i] != a[j] { return descending ? a[j] < a[i] : a[i] < a[j] }
            return i < j
        }.map { Int64($0) }
    }

    /// A simple vector's items in order (`asc` sets the sorted attribute).
    static func sortVector(_ v: QVector, descending: Bool) -> QVector {
        if v.attribute == .sorted && !descending { return v }
        @inline(__always) func run<T: BitwiseCopyable>(_ a: [T], _ key: (T) -> UInt64) -> [T] {
            // Data that is already in order (common in q) costs one pass and no copy.
            let r = Radix.isSorted(a, key) ? a : Radix.sorted(a, key)
            return descending ? r.reversed() : r
        }
        let out: QStorage
        switch v.storage {
        case .j(let a): out = .j(run(a) { Radix.key($0) })
        case .f(let a): out = .f(run(a) { Radix.key($0) })
        case .i(let a): out = .i(run(a) { UInt64(UInt32(bitPattern: $0) ^ 0x8000_0000) })
        case .h(let a): out = .h(run(a) { UInt64(UInt16(bitPattern: $0) ^ 0x8000) })
        case .x(let a): out = .x(run(a) { UInt64($0) })
        case .b(let a): out = .b(run(a) { $0 ? 1 : 0 })
        case .e(let a): out = .e(run(a) { Radix.key(Double($0)) })
        case .s, .g: out = gatherStorage(v.storage, gradeVector(v, descending: descending))
        }
        return QVector(v.type, out, attribute: descending ? .none : .sorted)
    }

    /// Storage permuted by in-range indexes.
    static func gatherStorage(_ s: QStorage, _ idx: [Int64]) -> QStorage {
        @inline(__always) func g<T>(_ a: [T]) -> [T] {
            a.withUnsafeBufferPointer { p in
                [T](unsafeUninitializedCapacity: idx.count) { buf, n in
                    idx.withUnsafeBufferPointer { ix in
                        for k in 0..<ix.count { buf.initializeElement(at: k, to: p[Int(ix[k])]) }
                    }
                    n = idx.count
                }
            }
        }
        switch s {
        case .b(let a): return .b(g(a))
        case .g(let a): return .g(g(a))
        case .x(let a): return .x(g(a))
        case .h(let a): return .h(g(a))
        case .i(let a): return .i(g(a))
        case .j(let a): return .j(g(a))
        case .e(let a): return .e(g(a))
        case .f(let a): return .f(g(a))
        case .s(let a): return .s(g(a))
        }
    }

    /// Any list-like value (vector, list, table) permuted by in-range indexes.
    static func gatherValue(_ v: QValue, _ idx: [Int64]) -> QValue {
        switch v {
        case .vector(let vec): return .vector(QVector(vec.type, gatherStorage(vec.storage, idx)))
        case .list(let l): return .list(idx.map { l[Int($0)] })
        case .table(let t): return .table(QTable(names: t.names, columns: t.columns.map { gatherValue($0, idx) }))
        case .dict(let d): return .dict(QDict(keys: gatherValue(d.keys, idx), values: gatherValue(d.values, idx)))
        default: return v
        }
    }
}

extension Compare {
    /// Stable grade of symbols: radix on the 8-byte prefixes, then runs that share a
    /// prefix but may differ later are put in order by a full comparison.
    static func gradeSymbols(_ a: [String], descending: Bool) -> [Int64] {
        let n = a.count
        var keys = [UInt64](repeating: 0, count: n)
        var lengths = [Int](repeating: 0, count: n)
        var ambiguous = false
        for k in 0..<n {
            let (p, len) = symbolPrefix(a[k])
            keys[k] = descending ? ~p : p
            lengths[k] = len
            if len >= 8 { ambiguous = true }
        }
        var g = Radix.grade(keys)
        guard ambiguous else { return g }
        var start = 0
        while start < n {
            var end = start + 1
            let key = keys[Int(g[start])]
            while end < n && keys[Int(g[end])] == key { end += 1 }
            let first = a[Int(g[start])]
            if end - start > 1 && !g[(start + 1)..<end].allSatisfy({ a[Int($0)] == first }) {
                let run = g[start..<end].sorted { i, j in
                    let x = a[Int(i)], y = a[Int(j)]
                    if lengths[Int(i)] == lengths[Int(j)] && x == y { return i < j }
                    return descending ? symLess(y, x) : symLess(x, y)
                }
                g.replaceSubrange(start..<end, with: run)
            }
            start = end
        }
        return g
    }
}
