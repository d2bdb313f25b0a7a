import QCore

// Hash coding of key columns (for grouping, distinct and joins) and stable row grades
// (for `by` ordering and `xasc`). Rows with equal keys get equal dense codes, so a
// group is an index list and a join is an array lookup.

/// Gives equal values equal dense codes, across every column it is shown.
final class KeyCoder {
    private var j: [Int64: Int] = [:]
    private var i: [Int32: Int] = [:]
    private var h: [Int16: Int] = [:]
    private var x: [UInt8: Int] = [:]
    private var b: [Bool: Int] = [:]
    private var f: [UInt64: Int] = [:]
    private var e: [UInt32: Int] = [:]
    private var s: [String: Int] = [:]
    private var g: [QGUID: Int] = [:]
    private var other: [ValueKey: Int] = [:]
    // Integer columns over a small range code through an array instead of hashing.
    private var denseJ: DenseMap? = nil
    private var denseI: DenseMap? = nil
    /// Number of distinct values seen.
    private(set) var count = 0

    struct DenseMap {
        var base: Int64
        var slots: [Int]
    }

    /// One code per item of a column (or per row of a table column).
    func encode(_ col: QValue) -> [Int] {
        switch col {
        case .vector(let v):
            switch v.storage {
            case .j(let a): return codeInts(a, Int64.min, &denseJ, &j)
            case .i(let a): return codeInts(a, Int32.min, &denseI, &i)
            case .h(let a): return code(a, &h)
            case .x(let a): return code(a, &x)
            case .b(let a): return code(a, &b)
            case .s(let a): return code(a, &s)
            case .g(let a): return code(a, &g)
            case .f(let a): return code(a.map(KeyCoder.floatBits), &f)
            case .e(let a): return code(a.map { $0.isNaN ? Float.nan.bitPattern : ($0 == 0 ? 0 : $0.bitPattern) }, &e)
            }
        case .list(let l):
            return l.map(encodeItem)
        case .table(let t):
            return KeyCoder.rowCodes([t.columns]).codes[0]
        case .dict(let d):
            if case .table(let kt) = d.keys, case .table(let vt) = d.values {
                return KeyCoder.rowCodes([kt.columns + vt.columns]).codes[0]
            }
            return d.values.elements.map(encodeItem)
        case .atom, .function:
            return [encodeItem(col)]
        }
    }

    private func encodeItem(_ v: QValue) -> Int {
        if case .atom(_, let sc) = v {
            switch sc {
            case .j(let a): return codeInts([a], Int64.min, &denseJ, &j)[0]
            case .i(let a): return codeInts([a], Int32.min, &denseI, &i)[0]
            case .h(let a): return code1(a, &h)
            case .x(let a): return code1(a, &x)
            case .b(let a): return code1(a, &b)
            case .s(let a): return code1(a, &s)
            case .g(let a): return code1(a, &g)
            case .f(let a): return code1(KeyCoder.floatBits(a), &f)
            case .e(let a): return code1(a.isNaN ? Float.nan.bitPattern : (a == 0 ? 0 : a.bitPattern), &e)
            }
        }
        return code1(ValueKey(v), &other)
    }

    @inline(__always)
    private func code<T: Hashable>(_ a: [T], _ d: inout [T: Int]) -> [Int] {
        var next = count
        let out = a.map { v -> Int in
            if let c = d[v] { return c }
            d[v] = next
            next += 1
            return next - 1
        }
        count = next
        return out
    }

    /// Codes for an integer column: through an array indexed by value when the values
    /// span a small range (nulls and outliers still hash).
    private func codeInts<T: FixedWidthInteger & Hashable>(_ a: [T], _ null: T, _ dense: inout DenseMap?, _ d: inout [T: Int]) -> [Int] {
        if dense == nil && d.isEmpty && a.count >= 64 {
            var lo = Int64.max, hi = Int64.min
            for v in a where v != null { let x = Int64(v); if x < lo { lo = x }; if x > hi { hi = x } }
            if lo <= hi, hi.subtractingReportingOverflow(lo).partialValue < Int64(max(2 * a.count, 4096)), hi &- lo >= 0 {
                dense = DenseMap(base: lo, slots: [Int](repeating: -1, count: Int(hi - lo) + 1))
            }
        }
        guard var map = dense else { return code(a, &d) }
        dense = nil
        var next = count
        let n = Int64(map.slots.count)
        let out = map.slots.withUnsafeMutableBufferPointer { slots in
            a.map { v -> Int in
                let k = Int64(v) &- map.base
                if v != null && k >= 0 && k < n {
                    let c = slots[Int(k)]
                    if c >= 0 { return c }
                    slots[Int(k)] = next
                } else {
                    if let c = d[v] { return c }
                    d[v] = next
                }
                next += 1
                return next - 1
            }
        }
        count = next
        dense = map
        return out
    }

    @inline(__always)
    private func code1<T: Hashable>(_ v: T, _ d: inout [T: Int]) -> Int {
        if let c = d[v] { return c }
        d[v] = count
        count += 1
        return count - 1
    }

    static func floatBits(_ d: Double) -> UInt64 { d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d.bitPattern) }

    /// Codes for rows of several tables keyed on the same number of columns:
    /// `cols[t][c]` is key column `c` of table `t`. Rows with equal keys (in any table)
    /// share a code; codes are dense and in first-occurrence order.
    static func rowCodes(_ cols: [[QValue]]) -> (codes: [[Int]], count: Int) {
        let width = cols.first?.count ?? 0
        guard width > 0 else { return (cols.map { _ in [] }, 0) }
        var acc: [[Int]] = []
        var accCount = 0
        for c in 0..<width {
            let coder = KeyCoder()
            let colCodes = cols.map { coder.encode($0[c]) }
            if c == 0 { acc = colCodes; accCount = coder.count; continue }
            // Pair the codes so far with this column's, then renumber densely.
            let m = coder.count
            var pairs: [Int: Int] = [:]
            var next = 0
            for t in acc.indices {
                let a = acc[t], cc = colCodes[t]
                acc[t] = (0..<min(a.count, cc.count)).map { r in
                    let key = a[r] * m + cc[r]
                    if let v = pairs[key] { return v }
                    pairs[key] = next
                    next += 1
                    return next - 1
                }
            }
            accCount = next
        }
        return (acc, accCount)
    }

    /// Index lists of the rows holding each code, codes in order.
    static func groups(_ codes: [Int], count: Int) -> [[Int]] {
        var sizes = [Int](repeating: 0, count: count)
        for c in codes { sizes[c] += 1 }
        var out = sizes.map { n -> [Int] in var a = [Int](); a.reserveCapacity(n); return a }
        for (r, c) in codes.enumerated() { out[c].append(r) }
        return out
    }

    /// Groups of the rows of key columns (each of `n` rows), in first-occurrence order.
    static func group(_ keys: [QValue], n: Int) -> [[Int]] {
        if keys.isEmpty { return n == 0 ? [] : [Array(0..<n)] }
        let (codes, count) = rowCodes([keys])
        return groups(codes[0], count: count)
    }
}

/// A q value as a dictionary key: hashed by content, equal by match.
struct ValueKey: Hashable {
    let value: QValue
    init(_ v: QValue) { value = v }
    static func == (a: ValueKey, b: ValueKey) -> Bool { qMatch(a.value, b.value) }
    func hash(into h: inout Hasher) { ValueKey.hashValue(value, &h) }

    static func hashValue(_ v: QValue, _ h: inout Hasher) {
        h.combine(v.typeNumber)
        switch v {
        case .atom(_, let s):
            switch s {
            case .f(let d): h.combine(KeyCoder.floatBits(d))
            case .e(let d): h.combine(KeyCoder.floatBits(Double(d)))
            default: h.combine(s)
            }
        case .vector, .list:
            h.combine(v.count)
            for k in 0..<min(v.count, 8) { hashValue(v.element(k), &h) }
        case .dict(let d): hashValue(d.keys, &h); hashValue(d.values, &h)
        case .table(let t): h.combine(t.names); for c in t.columns { hashValue(c, &h) }
        case .function: break
        }
    }
}

// MARK: ordering

enum RowOrder {
    /// A stable grade of rows by columns, major to minor.
    ///
    /// Each column's distinct values are sorted once and replaced by their rank; the
    /// ranks combine into one integer key per row, sorted by counting when the key
    /// space is small. - Complexity: O(n + d log d) for d distinct keys, typically.
    static func grade(_ cols: [QValue], count n: Int, descending: Bool = false) -> [Int] {
        guard n > 1, !cols.isEmpty else { return Array(0..<n) }
        var key = [Int](repeating: 0, count: n)
        var space = 1
        for col in cols {
            let coder = KeyCoder()
            let codes = coder.encode(col)
            let d = coder.count
            guard codes.count == n, d > 0 else { return gradeByComparison(cols, n, descending) }
            // Rank of each distinct value.
            var rep = [Int](repeating: -1, count: d)
            for (r, c) in codes.enumerated() where rep[c] < 0 { rep[c] = r }
            let cmp = comparator(col)
            let sortedCodes = (0..<d).sorted { cmp(rep[$0], rep[$1]) < 0 }
            var rank = [Int](repeating: 0, count: d)
            for (k, c) in sortedCodes.enumerated() { rank[c] = descending ? d - 1 - k : k }
            let (prod, overflow) = space.multipliedReportingOverflow(by: d)
            guard !overflow, prod < Int.max / 4 else { return gradeByComparison(cols, n, descending) }
            for r in 0..<n { key[r] = key[r] * d + rank[codes[r]] }
            space = prod
        }
        if space <= 4 * n + 1024 {
            // Counting sort: stable by construction.
            var starts = [Int](repeating: 0, count: space + 1)
            for k in key { starts[k + 1] += 1 }
            for k in 0..<space { starts[k + 1] += starts[k] }
            var out = [Int](repeating: 0, count: n)
            for r in 0..<n {
                out[starts[key[r]]] = r
                starts[key[r]] += 1
            }
            return out
        }
        var pairs = (0..<n).map { (key[$0], $0) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return pairs.map { $0.1 }
    }

    static func gradeByComparison(_ cols: [QValue], _ n: Int, _ descending: Bool) -> [Int] {
        let cmps = cols.map(comparator)
        var idx = Array(0..<n)
        idx.sort { a, b in
            for cmp in cmps {
                let c = cmp(a, b)
                if c != 0 { return descending ? c > 0 : c < 0 }
            }
            return a < b
        }
        return idx
    }

    /// Three-way comparison of two rows of a column, in q's sort order (nulls first).
    static func comparator(_ col: QValue) -> (Int, Int) -> Int {
        @inline(__always) func c3<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (y < x ? 1 : 0) }
        switch col {
        case .vector(let v):
            switch v.storage {
            case .j(let a): return { c3(a[$0], a[$1]) }
            case .i(let a): return { c3(a[$0], a[$1]) }
            case .h(let a): return { c3(a[$0], a[$1]) }
            case .x(let a): return { c3(a[$0], a[$1]) }
            case .b(let a): return { c3(a[$0] ? 1 : 0, a[$1] ? 1 : 0) }
            case .s(let a): return { symbolCompare(a[$0], a[$1]) }
            case .g(let a): return { c3(a[$0], a[$1]) }
            case .f(let a): return { floatCompare(a[$0], a[$1]) }
            case .e(let a): return { floatCompare(Double(a[$0]), Double(a[$1])) }
            }
        case .list(let l):
            return { compareValues(l[$0], l[$1]) }
        case .table(let t):
            let cs = t.columns.map(comparator)
            return { a, b in
                for c in cs { let r = c(a, b); if r != 0 { return r } }
                return 0
            }
        default:
            let items = col.elements
            return { compareValues(items[$0], items[$1]) }
        }
    }

    @inline(__always)
    static func floatCompare(_ x: Double, _ y: Double) -> Int {
        if x.isNaN { return y.isNaN ? 0 : -1 }
        if y.isNaN { return 1 }
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    /// Symbols order by their bytes.
    @inline(__always)
    static func symbolCompare(_ x: String, _ y: String) -> Int {
        if x == y { return 0 }
        return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
    }

    /// Compares any two values: atoms by type then value, lists item by item.
    static func compareValues(_ a: QValue, _ b: QValue) -> Int {
        switch (a, b) {
        case (.atom(let t, let x), .atom(let u, let y)):
            if t.storageKind != u.storageKind { return t.rawValue < u.rawValue ? -1 : 1 }
            return compareScalars(x, y)
        case (.atom, _): return -1
        case (_, .atom): return 1
        default:
            let n = min(a.count, b.count)
            for k in 0..<n {
                let c = compareValues(a.element(k), b.element(k))
                if c != 0 { return c }
            }
            return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
        }
    }

    static func compareScalars(_ x: QScalar, _ y: QScalar) -> Int {
        @inline(__always) func c3<T: Comparable>(_ p: T, _ q: T) -> Int { p < q ? -1 : (q < p ? 1 : 0) }
        switch (x, y) {
        case (.j(let p), .j(let q)): return c3(p, q)
        case (.i(let p), .i(let q)): return c3(p, q)
        case (.h(let p), .h(let q)): return c3(p, q)
        case (.x(let p), .x(let q)): return c3(p, q)
        case (.b(let p), .b(let q)): return c3(p ? 1 : 0, q ? 1 : 0)
        case (.s(let p), .s(let q)): return symbolCompare(p, q)
        case (.g(let p), .g(let q)): return c3(p, q)
        case (.f(let p), .f(let q)): return floatCompare(p, q)
        case (.e(let p), .e(let q)): return floatCompare(Double(p), Double(q))
        default: return 0
        }
    }
}
