import QCore

// Statistics: `med var dev svar sdev` of one list, `cov scov cor` of two, and the
// weighted `wsum wavg`. All give floats and ignore nulls in simple vectors; a general
// list of vectors is treated as rows, and the statistic is taken down each column.

extension Math {
    static func registerStatistics(_ r: inout Registry) {
        r.add("med", monad: { x, _ in try med(x) })
        r.add("var", monad: { x, _ in try statistic(x) { variance($0, sample: false) } })
        r.add("svar", monad: { x, _ in try statistic(x) { variance($0, sample: true) } })
        r.add("dev", monad: { x, _ in try statistic(x) { variance($0, sample: false).squareRoot() } })
        r.add("sdev", monad: { x, _ in try statistic(x) { variance($0, sample: true).squareRoot() } })
        r.add("cov", dyad: { x, y, _ in try pairStatistic(x, y, kind: .cov) })
        r.add("scov", dyad: { x, y, _ in try pairStatistic(x, y, kind: .scov) })
        r.add("cor", dyad: { x, y, _ in try pairStatistic(x, y, kind: .cor) })
        r.add("wsum", dyad: { x, y, _ in try weighted(x, y, average: false) })
        r.add("wavg", dyad: { x, y, _ in try weighted(x, y, average: true) })
    }

    // MARK: one list

    /// A float statistic of the non-null items of a list; down the columns of a list of
    /// rows; per column of a table; of a dictionary's values.
    /// `f` sees the values as floats with nulls as NaN, and must skip them itself.
    static func statistic(_ x: QValue, _ f: @escaping (UnsafeBufferPointer<Double>) -> Double) throws -> QValue {
        func simple(_ v: QValue) throws -> QValue {
            switch v {
            case .atom(let t, let s):
                guard Arithmetic.isArithmetic(t) else { throw QError.type }
                return .float([scalarFloat(s)].withUnsafeBufferPointer(f))
            case .vector(let vec):
                guard Arithmetic.isArithmetic(vec.type) else { throw QError.type }
                return .float(withDoubles(vec.storage, f))
            default: throw QError.type
            }
        }
        return try aggregate(x, vector: simple) { items in
            if items.isEmpty { return .float([Double]().withUnsafeBufferPointer(f)) }
            if let v = numericAtoms(items) { return try simple(v) }
            return QValue.collapse(try columns(items).map { try statistic($0, f) })
        }
    }

    /// The columns of a list of equal-length rows (`flip`).
    static func columns(_ rows: [QValue]) throws -> [QValue] {
        guard let n = rows.first?.count, !rows.contains(where: { $0.isAtom }) else { throw QError.type }
        guard rows.allSatisfy({ $0.count == n }) else { throw QError.length }
        return (0..<n).map { j in QValue.collapse(rows.map { $0.element(j) }) }
    }

    /// Population variance (or sample variance) of the non-NaN values, by the mean of
    /// squared deviations from the mean (two passes, which keeps the precision).
    static func variance(_ p: UnsafeBufferPointer<Double>, sample: Bool) -> Double {
        var s = 0.0, n = 0.0
        for v in p { let ok = !v.isNaN; s += ok ? v : 0; n += ok ? 1 : 0 }
        let m = s / n
        var d = 0.0
        for v in p { let e = v - m; d += v.isNaN ? 0 : e * e }
        return d / (sample ? n - 1 : n)
    }

    /// `med`: q's `avg x (iasc x)@floor .5*-1 0+count x`: the mean of the middle item (or
    /// two) in ascending order. Nulls sort first and count; the mean then skips them. A list
    /// of rows or a table sorts whole rows, so the result is the middle row.
    static func med(_ x: QValue) throws -> QValue {
        switch x {
        case .atom(let t, let s):
            guard Arithmetic.isArithmetic(t) else { throw QError.type }
            return .float(scalarFloat(s))
        case .vector(let v):
            guard Arithmetic.isArithmetic(v.type) else { throw QError.type }
            var values = withDoubles(v.storage) { Array($0) }
            guard !values.isEmpty else { return .float(.nan) }
            let (i, j) = middle(values.count)
            let (a, b) = values.withUnsafeMutableBufferPointer { middleValues($0, i, j) }
            return .float(a.isNaN ? b : b.isNaN ? a : (a + b) / 2)
        case .list(let items):
            guard !items.isEmpty else { return .float(.nan) }
            let keys = try items.map(rowKey)
            let order = keys.indices.sorted { lexicographicLess(keys[$0], keys[$1]) }
            let (i, j) = middle(order.count)
            return try avg(.list([items[order[i]], items[order[j]]]))
        case .dict(let d):
            return try med(d.values)
        case .table(let t):
            guard t.count > 0 else { return try aggregate(x, vector: { _ in .float(.nan) }, list: { _ in .float(.nan) }) }
            let cols = try t.columns.map { try rowKey($0) }
            guard cols.allSatisfy({ $0.count == t.count }) else { throw QError.type }
            let order = (0..<t.count).sorted { a, b in lexicographicLess(cols.map { $0[a] }, cols.map { $0[b] }) }
            let (i, j) = middle(order.count)
            return try avg(.table(QTable(names: t.names, columns: t.columns.map {
                QValue.collapse([$0.element(order[i]), $0.element(order[j])])
            })))
        case .function:
            throw QError.type
        }
    }

    /// The `i`th and `j`th (`j` is `i` or `i+1`) smallest values, NaN counting as smallest,
    /// by selection rather than a full sort. Reorders the buffer.
    static func middleValues(_ p: UnsafeMutableBufferPointer<Double>, _ i: Int, _ j: Int) -> (Double, Double) {
        // NaNs to the front: they are the first items of the order.
        var nulls = 0
        for k in 0..<p.count where p[k].isNaN {
            p.swapAt(k, nulls)
            nulls += 1
        }
        func value(_ k: Int) -> Double { k < nulls ? .nan : select(p, from: nulls, k) }
        let a = value(i)
        if j == i { return (a, a) }
        if j < nulls { return (a, .nan) }
        // After selecting `i`, everything beyond it is no smaller: `j` is their minimum.
        var m = Double.infinity
        for k in Swift.max(i + 1, nulls)..<p.count where p[k] < m { m = p[k] }
        return (a, m)
    }

    /// Quickselect (Hoare partition, median-of-three pivot): puts the `k`th smallest of
    /// `p[lo...]` at `k`, smaller ones before it and larger after, and returns it.
    static func select(_ p: UnsafeMutableBufferPointer<Double>, from lo: Int, _ k: Int) -> Double {
        var lo = lo, hi = p.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if p[mid] < p[lo] { p.swapAt(mid, lo) }
            if p[hi] < p[lo] { p.swapAt(hi, lo) }
            if p[hi] < p[mid] { p.swapAt(hi, mid) }
            let pivot = p[mid]
            var i = lo, j = hi
            while i <= j {
                while p[i] < pivot { i += 1 }
                while p[j] > pivot { j -= 1 }
                if i <= j {
                    p.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return p[k] }
        }
        return p[k]
    }

    /// The indices `floor .5*-1 0+n` of the middle items of `n` sorted items.
    static func middle(_ n: Int) -> (Int, Int) { ((n - 1) / 2, n / 2) }

    /// A row's (or atom's) numbers for sorting, nulls as NaN.
    static func rowKey(_ v: QValue) throws -> [Double] {
        switch v {
        case .atom(let t, let s):
            guard Arithmetic.isArithmetic(t) else { throw QError.type }
            return [scalarFloat(s)]
        case .vector(let vec):
            guard Arithmetic.isArithmetic(vec.type) else { throw QError.type }
            return withDoubles(vec.storage) { Array($0) }
        case .list(let items): return try items.flatMap(rowKey)
        default: throw QError.type
        }
    }

    /// Lexicographic order of number rows, NaN lowest; a proper prefix comes first.
    static func lexicographicLess(_ a: [Double], _ b: [Double]) -> Bool {
        for k in 0..<Swift.min(a.count, b.count) {
            if nanFirst(a[k], b[k]) { return true }
            if nanFirst(b[k], a[k]) { return false }
        }
        return a.count < b.count
    }

    // MARK: two lists

    enum PairKind { case cov, scov, cor }

    /// `cov`, `scov`, `cor` of two conforming lists, ignoring pairs where either is null.
    static func pairStatistic(_ x: QValue, _ y: QValue, kind: PairKind) throws -> QValue {
        try rejectTables(x, y)
        if case .dict(let d) = x { return try pairStatistic(d.values, y, kind: kind) }
        if case .dict(let d) = y { return try pairStatistic(x, d.values, kind: kind) }
        if let r = try withFloatPairs(x, y, { a, b in pairMoments(a, b, kind) }) { return .float(r) }
        // Lists of rows: the defining formulas, column by column.
        let cov = try Arithmetic.subtract(try avg(try Arithmetic.multiply(x, y)),
                                          try Arithmetic.multiply(try avg(x), try avg(y)))
        switch kind {
        case .cov: return cov
        case .scov:
            let n = Double(x.count)
            return try Arithmetic.multiply(cov, .float(n / (n - 1)))
        case .cor:
            let dev: (UnsafeBufferPointer<Double>) -> Double = { variance($0, sample: false).squareRoot() }
            return try Arithmetic.divide(cov, try Arithmetic.multiply(try statistic(x, dev), try statistic(y, dev)))
        }
    }

    /// Calls `body` with two simple lists (an atom repeated to the other's length) as floats,
    /// or returns nil when either is a general list (or both are atoms).
    static func withFloatPairs(_ x: QValue, _ y: QValue,
                               _ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Double) throws -> Double? {
        guard let tx = simpleType(x), let ty = simpleType(y) else { return nil }
        guard Arithmetic.isArithmetic(tx), Arithmetic.isArithmetic(ty) else { throw QError.type }
        if x.isAtom && y.isAtom { return nil }
        if !x.isAtom && !y.isAtom && x.count != y.count { throw QError.length }
        func side(_ v: QValue, _ n: Int, _ f: (UnsafeBufferPointer<Double>) -> Double) -> Double {
            switch v {
            case .atom(_, let s): return [Double](repeating: scalarFloat(s), count: n).withUnsafeBufferPointer(f)
            case .vector(let vec): return withDoubles(vec.storage, f)
            default: return .nan
            }
        }
        let n = x.isAtom ? y.count : x.count
        return side(x, n) { a in side(y, n) { b in body(a, b) } }
    }

    /// Covariance, sample covariance or correlation of the pairs where neither is NaN.
    static func pairMoments(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ kind: PairKind) -> Double {
        var sa = 0.0, sb = 0.0, n = 0.0
        for k in 0..<a.count {
            let u = a[k], v = b[k], ok = !u.isNaN && !v.isNaN
            sa += ok ? u : 0; sb += ok ? v : 0; n += ok ? 1 : 0
        }
        let ma = sa / n, mb = sb / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for k in 0..<a.count {
            let u = a[k], v = b[k]
            if u.isNaN || v.isNaN { continue }
            let da = u - ma, db = v - mb
            sab += da * db; saa += da * da; sbb += db * db
        }
        switch kind {
        case .cov: return sab / n
        case .scov: return sab / (n - 1)
        case .cor: return sab / (saa * sbb).squareRoot()
        }
    }

    /// `wsum` (sum of products) and `wavg` (that divided by the sum of weights). Two simple
    /// lists compute in floats skipping null pairs; otherwise by the formulas.
    static func weighted(_ x: QValue, _ y: QValue, average: Bool) throws -> QValue {
        try rejectTables(x, y)
        if case .dict(let d) = x { return try weighted(d.values, y, average: average) }
        if case .dict(let d) = y { return try weighted(x, d.values, average: average) }
        if !(x.isAtom && !average), let r = try withFloatPairs(x, y, { w, v in
            var s = 0.0, sw = 0.0
            for k in 0..<w.count {
                let a = w[k], b = v[k], ok = !a.isNaN && !b.isNaN
                s += ok ? a * b : 0
                sw += ok ? a : 0
            }
            return average ? s / sw : s
        }) { return .float(r) }
        let total = try sum(try Arithmetic.multiply(x, y))
        guard average else { return total }
        let weights = x.isAtom ? try Arithmetic.multiply(x, .long(Int64(y.count))) : try sum(x)
        return try Arithmetic.divide(total, weights)
    }
}
