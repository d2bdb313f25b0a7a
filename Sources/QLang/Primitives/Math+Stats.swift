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
    static func statistic(_ x: QValue, _ f: @escaping ([Double]) -> Double) throws -> QValue {
        func simple(_ v: QValue) throws -> QValue {
            switch v {
            case .atom(let t, let s):
                guard Arithmetic.isArithmetic(t) else { throw QError.type }
                let d = scalarFloat(s)
                return .float(f(d.isNaN ? [] : [d]))
            case .vector(let vec):
                guard Arithmetic.isArithmetic(vec.type) else { throw QError.type }
                return .float(withDoubles(vec.storage) { p in f(p.filter { !$0.isNaN }) })
            default: throw QError.type
            }
        }
        return try aggregate(x, vector: simple) { items in
            if items.isEmpty { return .float(f([])) }
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

    /// Population variance (or sample variance), by the mean of squared deviations.
    static func variance(_ a: [Double], sample: Bool) -> Double {
        let n = Double(a.count)
        var s = 0.0
        for v in a { s += v }
        let m = s / n
        var d = 0.0
        for v in a { d += (v - m) * (v - m) }
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
            let sorted = withDoubles(v.storage) { $0.sorted(by: nanFirst) }
            guard !sorted.isEmpty else { return .float(.nan) }
            let (i, j) = middle(sorted.count)
            let a = sorted[i], b = sorted[j]
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
        if let (a, b) = try floatPairs(x, y) {
            let n = Double(a.count)
            var sa = 0.0, sb = 0.0
            for k in a.indices { sa += a[k]; sb += b[k] }
            let ma = sa / n, mb = sb / n
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for k in a.indices {
                let da = a[k] - ma, db = b[k] - mb
                sab += da * db; saa += da * da; sbb += db * db
            }
            switch kind {
            case .cov: return .float(sab / n)
            case .scov: return .float(sab / (n - 1))
            case .cor: return .float(sab / (saa * sbb).squareRoot())
            }
        }
        // Lists of rows: the defining formulas, column by column.
        let cov = try Arithmetic.subtract(try avg(try Arithmetic.multiply(x, y)),
                                          try Arithmetic.multiply(try avg(x), try avg(y)))
        switch kind {
        case .cov: return cov
        case .scov:
            let n = Double(x.count)
            return try Arithmetic.multiply(cov, .float(n / (n - 1)))
        case .cor:
            let dev: ([Double]) -> Double = { variance($0, sample: false).squareRoot() }
            return try Arithmetic.divide(cov, try Arithmetic.multiply(try statistic(x, dev), try statistic(y, dev)))
        }
    }

    /// Two simple lists (or a list and an atom) as floats with null pairs removed, or nil
    /// when either is a general list.
    static func floatPairs(_ x: QValue, _ y: QValue) throws -> ([Double], [Double])? {
        guard let tx = simpleType(x), let ty = simpleType(y) else { return nil }
        guard Arithmetic.isArithmetic(tx), Arithmetic.isArithmetic(ty) else { throw QError.type }
        if x.isAtom && y.isAtom { return nil }
        if !x.isAtom && !y.isAtom && x.count != y.count { throw QError.length }
        let n = x.isAtom ? y.count : x.count
        func expand(_ v: Doubles) -> [Double] {
            switch v {
            case .atom(let d): return [Double](repeating: d, count: n)
            case .vector(let a): return a
            }
        }
        let a = expand(doubles(x)), b = expand(doubles(y))
        var ra = [Double](), rb = [Double]()
        ra.reserveCapacity(n); rb.reserveCapacity(n)
        for k in 0..<n where !a[k].isNaN && !b[k].isNaN { ra.append(a[k]); rb.append(b[k]) }
        return (ra, rb)
    }

    /// `wsum` (sum of products) and `wavg` (that divided by the sum of weights). Two simple
    /// lists compute in floats skipping null pairs; otherwise by the formulas.
    static func weighted(_ x: QValue, _ y: QValue, average: Bool) throws -> QValue {
        try rejectTables(x, y)
        if case .dict(let d) = x { return try weighted(d.values, y, average: average) }
        if case .dict(let d) = y { return try weighted(x, d.values, average: average) }
        if !(x.isAtom && !average), let (w, v) = try floatPairs(x, y) {
            var s = 0.0, sw = 0.0
            for k in w.indices { s += w[k] * v[k]; sw += w[k] }
            return .float(average ? s / sw : s)
        }
        let total = try sum(try Arithmetic.multiply(x, y))
        guard average else { return total }
        let weights = x.isAtom ? try Arithmetic.multiply(x, .long(Int64(y.count))) : try sum(x)
        return try Arithmetic.divide(total, weights)
    }
}
