import QCore

// Statistics: `med var dev svar sdev` of one list, `cov scov cor` of two, and the
// weighted `wsum wavg`. All give floats and ignore nulls in simple vectors; a general
// list of vectors is treated as rows, and the statistic is taken down each column.

extension Math {
    static func registerStatistics(_ r: inout Registry) {
        r.add("med", monad: { x, _ in try statistic(x, median) })
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

    /// Median: the middle item, or the mean of the middle two; null when empty.
    static func median(_ a: [Double]) -> Double {
        guard !a.isEmpty else { return .nan }
        let s = a.sorted()
        let h = s.count / 2
        return s.count % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2
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
