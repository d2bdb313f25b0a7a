import QCore

// `bin` / `binr` binary search in sorted lists, dictionaries and tables; `xbar`.

extension Compare {
    /// `x bin y`: index of the last item of x at most y (-1 when none); `binr`: index of
    /// the first item at least y. Atomic in y; y atoms must have x's type.
    static func bin(_ x: QValue, _ y: QValue, right: Bool, _ s: Interpreter) throws -> QValue {
        switch x {
        case .vector(let v): return try binVector(v, y, right)
        case .list(let l): return binList(l, y, right)
        case .dict(let d):
            let at = try bin(d.values, y, right: right, s)
            return try s.index1(d.keys, at)
        case .table(let t): return try binTable(t, y, right)
        default: throw QError.type
        }
    }

    /// The first position in 0..<n where `before(k)` stops holding (items are sorted).
    @inline(__always)
    static func partition(_ n: Int, _ before: (Int) -> Bool) -> Int {
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) >> 1
            if before(mid) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func binVector(_ v: QVector, _ y: QValue, _ right: Bool) throws -> QValue {
        switch y {
        case .atom(let t, let sc):
            guard t == v.type else { throw QError.type }
            return .long(binScalar(v.storage, sc, right))
        case .vector(let w):
            guard w.type == v.type else { throw QError.type }
            if case .j(let a) = v.storage, case .j(let b) = w.storage {
                return .longs(b.map { y in
                    Int64(right ? partition(a.count) { a[$0] < y } : partition(a.count) { a[$0] <= y } - 1)
                })
            }
            return .longs((0..<w.count).map { binScalar(v.storage, w.storage[$0], right) })
        case .list(let l):
            return l.isEmpty ? .emptyList : QValue.collapse(try l.map { try binVector(v, $0, right) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try binVector(v, d.values, right)))
        default:
            throw QError.type
        }
    }

    static func binScalar(_ st: QStorage, _ y: QScalar, _ right: Bool) -> Int64 {
        let n = st.count
        if case .j(let a) = st, case .j(let b) = y {
            return Int64(right ? partition(n) { a[$0] < b } : partition(n) { a[$0] <= b } - 1)
        }
        if right { return Int64(partition(n) { scalarOrder(st[$0], y) < 0 }) }
        return Int64(partition(n) { scalarOrder(st[$0], y) <= 0 } - 1)
    }

    /// General lists order lexicographically; y items one rank below x's are searched for.
    static func binList(_ l: [QValue], _ y: QValue, _ right: Bool) -> QValue {
        let want = depth(.list(l)) - 1
        func go(_ item: QValue) -> QValue {
            if depth(item) <= want {
                if right { return .long(Int64(partition(l.count) { order(l[$0], item) < 0 })) }
                return .long(Int64(partition(l.count) { order(l[$0], item) <= 0 } - 1))
            }
            let items = item.elements
            return items.isEmpty ? .longs([]) : QValue.collapse(items.map(go))
        }
        return go(y)
    }

    /// Tables: the last row whose leading columns equal y's and whose last column is at
    /// most y's last value (binr: the first at least it); 0N when there is none. Rows are
    /// grouped by their leading columns, then each group is searched on the last column.
    static func binTable(_ t: QTable, _ y: QValue, _ right: Bool) throws -> QValue {
        let c = t.columns.count, n = t.count
        guard c > 0 else { throw QError.type }
        var ycols: [QValue]
        var single = false
        switch y {
        case .dict(let d):
            let names = d.keys.elements.map(symbolText)
            ycols = try t.names.map { nm in
                guard let k = names.firstIndex(of: nm) else { throw QError.type }
                return d.values.element(k)
            }
        case .table(let u):
            ycols = try t.names.map { nm in
                guard let k = u.names.firstIndex(of: nm) else { throw QError.type }
                return u.columns[k]
            }
        case .list, .vector:
            ycols = y.elements
            guard ycols.count == c else { throw QError.length }
        default:
            throw QError.type
        }
        if ycols.allSatisfy({ $0.isAtom }) {
            single = true
            ycols = ycols.map { .list([$0]) }
        }
        let m = ycols[0].count
        guard ycols.allSatisfy({ $0.count == m }) else { throw QError.length }
        // Dense ids of the leading columns' value combinations, for t's rows and y's.
        var xg = [Int](repeating: 0, count: n)
        var yg = [Int?](repeating: 0, count: m)
        for k in 0..<(c - 1) {
            let (xi, yi) = try columnIds(t.columns[k], ycols[k])
            if k == 0 {
                xg = xi
                yg = yi
                continue
            }
            var table = KeyTable(capacity: n)
            for r in 0..<n { xg[r] = table.insert(UInt64(xg[r]) << 32 | UInt64(xi[r])) }
            for r in 0..<m {
                guard let a = yg[r], let b = yi[r] else { yg[r] = nil; continue }
                yg[r] = table.lookup(UInt64(a) << 32 | UInt64(b))
            }
        }
        var groups = [[Int]](repeating: [], count: (xg.max() ?? -1) + 1)
        for r in 0..<n { groups[xg[r]].append(r) }
        let last = t.columns[c - 1], ylast = ycols[c - 1]
        let out = (0..<m).map { r -> Int64 in
            guard let g = yg[r], g < groups.count else { return Int64.min }
            let rows = groups[g], v = ylast.element(r)
            if right {
                let j = partition(rows.count) { order(last.element(rows[$0]), v) < 0 }
                return j < rows.count ? Int64(rows[j]) : Int64.min
            }
            let j = partition(rows.count) { order(last.element(rows[$0]), v) <= 0 } - 1
            return j >= 0 ? Int64(rows[j]) : Int64.min
        }
        return single ? .long(out[0]) : .longs(out)
    }

    /// Group ids of a column's items, and the ids of y's items among them (nil if absent).
    static func columnIds(_ x: QValue, _ y: QValue) throws -> ([Int], [Int?]) {
        let g = Grouping(x)
        let distinctItems = gatherValue(x, g.firsts.map { Int64($0) })
        if case .vector(let dv) = distinctItems, case .vector(let yv) = y {
            guard dv.type == yv.type else { throw QError.type }
            let count = Int64(dv.count)
            return (g.ids, findEach(dv.storage, yv.storage).map { $0 < count ? Int($0) : nil })
        }
        var index = [ExactKey: Int]()
        for (k, item) in distinctItems.elements.enumerated() { index[ExactKey(value: item)] = k }
        return (g.ids, y.elements.map { index[ExactKey(value: $0)] })
    }

    // MARK: xbar

    /// Result types of `x xbar y`, rows by x's type and columns by y's.
    static let xbarTable = TypeTable([
        "i.iiijffi.pmdznuvt", "..................", "i.iiijffi.pmdznuvt", "i.iiijffi.pmdznuvt",
        "i.iiijffi.pmdznuvt", "j.jjjjffj.pmdznuvt", "e.eeeeffe.pmdznuvt", "f.fffffff.ffzzffff",
        "......ff..pmdznuvt", "..................", "p.ppppffp.........", "m.mmmmffm.........",
        "d.ddddzzd.........", "z.zzzzzzz.........", "j.jjjjffj.pmdznuvt", "u.uuuuffu.........",
        "v.vvvvffv.........", "t.ttttfft.........",
    ])

    /// `x xbar y`: y rounded down to a multiple of x, on the underlying values.
    static func xbar(_ x: QValue, _ y: QValue) throws -> QValue {
        try atomic2(x, y) { a, b in
            guard let ta = simpleType(a), let tb = simpleType(b), let rt = xbarTable.result(ta, tb) else { throw QError.type }
            if rt.isFloating {
                let r = try mapFloats(floatOperand(a), floatOperand(b)) { x, y in x * (y / x).rounded(.down) }
                return floatResult(r, rt)
            }
            let r = try mapInts(intOperand(a), intOperand(b)) { x, y in
                x == 0 ? Int64.min : y &- wrappingFloorMod(y, x)
            }
            return intResult(r, rt)
        }
    }
}

/// Floor modulus that cannot trap (the result has the divisor's sign); b must not be 0.
@inline(__always)
func wrappingFloorMod(_ a: Int64, _ b: Int64) -> Int64 {
    if b == -1 { return 0 }
    let r = a % b
    return r != 0 && (r < 0) != (b < 0) ? r &+ b : r
}
