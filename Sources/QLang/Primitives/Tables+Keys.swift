import QCore

// Hash coding of key columns (for grouping, distinct and joins) and stable row grades
// (for `by` ordering and `xasc`). Rows with equal keys get equal dense codes, so a
// group is an index list and a join is an array lookup.

/// Gives equal values equal dense codes, across every column it is shown.
final class KeyCoder {
    // Fixed-width scalars keyed by (bits, storage kind); strings first by the bits of
    // their representation (equal bits are equal strings), then by content.
    private var scalars = PairCodeTable()
    private var stringBits = PairCodeTable()
    private var guids = PairCodeTable()
    private var strings: [String: Int] = [:]
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

    private enum Tag: UInt64 { case b = 1, x, h, i, j, e, f }

    /// One code per item of a column (or per row of a table column).
    func encode(_ col: QValue) -> [Int] {
        switch col {
        case .vector(let v):
            switch v.storage {
            case .j(let a): return codeInts(a, Int64.min, .j, &denseJ)
            case .i(let a): return codeInts(a, Int32.min, .i, &denseI)
            case .h(let a): return a.map { scalar(UInt64(bitPattern: Int64($0)), .h) }
            case .x(let a): return a.map { scalar(UInt64($0), .x) }
            case .b(let a): return a.map { scalar($0 ? 1 : 0, .b) }
            case .s(let a): return a.map(string)
            case .g(let a): return a.map(guid)
            case .f(let a): return a.map { scalar(KeyCoder.floatBits($0), .f) }
            case .e(let a): return a.map { scalar(KeyCoder.floatBits(Double($0)), .e) }
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
            case .j(let a): return codeInts([a], Int64.min, .j, &denseJ)[0]
            case .i(let a): return codeInts([a], Int32.min, .i, &denseI)[0]
            case .h(let a): return scalar(UInt64(bitPattern: Int64(a)), .h)
            case .x(let a): return scalar(UInt64(a), .x)
            case .b(let a): return scalar(a ? 1 : 0, .b)
            case .s(let a): return string(a)
            case .g(let a): return guid(a)
            case .f(let a): return scalar(KeyCoder.floatBits(a), .f)
            case .e(let a): return scalar(KeyCoder.floatBits(Double(a)), .e)
            }
        }
        if let c = other[ValueKey(v)] { return c }
        other[ValueKey(v)] = count
        count += 1
        return count - 1
    }

    @inline(__always)
    private func scalar(_ bits: UInt64, _ tag: Tag) -> Int {
        scalars.code(bits, tag.rawValue, &count)
    }

    private func string(_ s: String) -> Int {
        let raw = unsafeBitCast(s, to: (UInt64, UInt64).self)
        if let c = stringBits.find(raw.0, raw.1) { return c }
        let c: Int
        if let known = strings[s] { c = known } else {
            c = count
            strings[s] = c
            count += 1
        }
        stringBits.insert(raw.0, raw.1, c)
        return c
    }

    private func guid(_ g: QGUID) -> Int {
        let raw = unsafeBitCast(g, to: (UInt64, UInt64).self)
        return guids.code(raw.0, raw.1, &count)
    }

    /// Codes for an integer column: through an array indexed by value when the values
    /// span a small range (nulls and outliers still hash).
    private func codeInts<T: FixedWidthInteger>(_ a: [T], _ null: T, _ tag: Tag, _ dense: inout DenseMap?) -> [Int] {
        if dense == nil && scalars.count == 0 && a.count >= 64 {
            var lo = Int64.max, hi = Int64.min
            for v in a where v != null { let x = Int64(v); if x < lo { lo = x }; if x > hi { hi = x } }
            if lo <= hi, hi.subtractingReportingOverflow(lo).partialValue < Int64(max(2 * a.count, 4096)), hi &- lo >= 0 {
                dense = DenseMap(base: lo, slots: [Int](repeating: -1, count: Int(hi - lo) + 1))
            }
        }
        guard var map = dense else { return a.map { scalar(UInt64(bitPattern: Int64($0)), tag) } }
        dense = nil
        let n = Int64(map.slots.count)
        let out = map.slots.withUnsafeMutableBufferPointer { slots in
            a.map { v -> Int in
                let k = Int64(v) &- map.base
                guard v != null && k >= 0 && k < n else { return scalar(UInt64(bitPattern: Int64(v)), tag) }
                let c = slots[Int(k)]
                if c >= 0 { return c }
                // A value first seen here may already have a hashed code (from an item).
                let code = scalar(UInt64(bitPattern: Int64(v)), tag)
                slots[Int(k)] = code
                return code
            }
        }
        dense = map
        return out
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
            var pairs = PairCodeTable()
            var next = 0
            for t in acc.indices {
                let a = acc[t], cc = colCodes[t]
                acc[t] = (0..<min(a.count, cc.count)).map { r in pairs.code(UInt64(a[r]), UInt64(cc[r]), &next) }
            }
            accCount = next
        }
        return (acc, accCount)
    }

    /// Index lists of the rows holding each code, codes in order (a counting sort
    /// into one buffer, then one slice per code).
    static func groups(_ codes: [Int], count: Int) -> [[Int]] {
        var starts = [Int](repeating: 0, count: count + 1)
        for c in codes { starts[c + 1] += 1 }
        for k in 0..<count { starts[k + 1] += starts[k] }
        var flat = [Int](repeating: 0, count: codes.count)
        var pos = starts
        flat.withUnsafeMutableBufferPointer { f in
            pos.withUnsafeMutableBufferPointer { p in
                codes.withUnsafeBufferPointer { cs in
                    for r in 0..<cs.count {
                        let c = cs[r]
                        f[p[c]] = r
                        p[c] += 1
                    }
                }
            }
        }
        return (0..<count).map { Array(flat[starts[$0]..<starts[$0 + 1]]) }
    }

    /// Groups of the rows of key columns (each of `n` rows), in first-occurrence order.
    static func group(_ keys: [QValue], n: Int) -> [[Int]] {
        if keys.isEmpty { return n == 0 ? [] : [Array(0..<n)] }
        let (codes, count) = rowCodes([keys])
        return groups(codes[0], count: count)
    }
}

/// An open-addressing hash table from a pair of words to a code: the coder's hot
/// path, cheaper than hashing through `Hasher` for every row.
struct PairCodeTable {
    private var ka: [UInt64] = []
    private var kb: [UInt64] = []
    private var vals: [Int] = []
    private var mask = -1
    private(set) var count = 0

    @inline(__always)
    private static func slot(_ a: UInt64, _ b: UInt64, _ mask: Int) -> Int {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h ^= (b &+ 0x632B_E59B_D9B4_E019) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The code stored for a key, if any.
    func find(_ a: UInt64, _ b: UInt64) -> Int? {
        guard mask >= 0 else { return nil }
        var i = PairCodeTable.slot(a, b, mask)
        while true {
            let v = vals[i]
            if v < 0 { return nil }
            if ka[i] == a && kb[i] == b { return v }
            i = (i + 1) & mask
        }
    }

    /// Stores a code for a key.
    mutating func insert(_ a: UInt64, _ b: UInt64, _ v: Int) {
        var next = v
        _ = code(a, b, &next)
    }

    /// The code of a key, assigning `next` (and advancing it) when the key is new.
    @inline(__always)
    mutating func code(_ a: UInt64, _ b: UInt64, _ next: inout Int) -> Int {
        if 2 * (count + 1) > mask + 1 { grow() }
        var i = PairCodeTable.slot(a, b, mask)
        while true {
            let v = vals[i]
            if v < 0 {
                ka[i] = a
                kb[i] = b
                vals[i] = next
                count += 1
                next += 1
                return next - 1
            }
            if ka[i] == a && kb[i] == b { return v }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let cap = max(16, 2 * (mask + 1))
        let oa = ka, ob = kb, ov = vals
        ka = [UInt64](repeating: 0, count: cap)
        kb = [UInt64](repeating: 0, count: cap)
        vals = [Int](repeating: -1, count: cap)
        mask = cap - 1
        for k in ov.indices where ov[k] >= 0 {
            var i = PairCodeTable.slot(oa[k], ob[k], mask)
            while vals[i] >= 0 { i = (i + 1) & mask }
            ka[i] = oa[k]
            kb[i] = ob[k]
            vals[i] = ov[k]
        }
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
            let sortedCodes = orderOfDistinct(col, rep)
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

    /// The codes of a column's distinct values (whose first rows are `rep`) in ascending
    /// order of value. A simple column's distinct values are gathered into a vector and
    /// graded as `iasc` grades (radix, or prefix keys for symbols), not compared pairwise.
    static func orderOfDistinct(_ col: QValue, _ rep: [Int]) -> [Int] {
        if case .vector(let v) = col, v.count > 0 {
            let distinct = QVector(v.type, Col.takeStorage(v.storage, rep, type: v.type))
            let order = Compare.gradeVector(distinct, descending: false)
            if order.count == rep.count { return order.map { Int($0) } }
        }
        let cmp = comparator(col)
        return (0..<rep.count).sorted { cmp(rep[$0], rep[$1]) < 0 }
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
