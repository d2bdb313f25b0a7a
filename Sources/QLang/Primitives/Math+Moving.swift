import QCore

// Moving-window functions `msum mcount mavg mdev mmax mmin` and `ema`. The window is
// the last `x` items; the first `x-1` results use the items so far. A dictionary's
// values and a table's columns are windowed one by one.

extension Math {
    static func registerMoving(_ r: inout Registry) {
        r.add("msum", dyad: { x, y, _ in try moving(x, y, vector: msumVector) { w, items in try windows(w, items, fill0) } })
        r.add("mcount", dyad: { x, y, _ in try moving(x, y, vector: mcountVector) { w, items in try windows(w, items, notNull) } })
        r.add("mavg", dyad: { x, y, _ in try moving(x, y, vector: mavgVector, list: mavgList) })
        r.add("mdev", dyad: { x, y, _ in try moving(x, y, vector: mdevVector, list: mdevList) })
        r.add("mmax", dyad: { x, y, s in
            try moving(x, y, vector: { try mextremeVector($0, $1, largest: true) }) { w, items in
                try windowFold(w, items) { try greater($0, $1, s) }
            }
        })
        r.add("mmin", dyad: { x, y, s in
            try moving(x, y, vector: { try mextremeVector($0, $1, largest: false) }) { w, items in
                try windowFold(w, items) { try lesser($0, $1, s) }
            }
        })
        r.add("ema", dyad: { x, y, _ in try ema(x, y) })
    }

    /// The window length from a moving function's left argument: an integer atom.
    static func windowLength(_ x: QValue) throws -> Int {
        guard case .atom(let t, let s) = x, [.boolean, .byte, .short, .int, .long].contains(t) else { throw QError.type }
        let n = scalarInt(s)
        return n == longNull ? 0 : Int(clamping: n)
    }

    /// Runs a moving function over `y`, lifting it over dictionaries and tables.
    static func moving(_ x: QValue, _ y: QValue, vector: (Int, QVector) throws -> QValue,
                       list: (Int, [QValue]) throws -> QValue) throws -> QValue {
        let w = try windowLength(x)
        return try uniform(y, vector: { v in
            switch v {
            case .vector(let vec): return try vector(w, vec)
            default: return try list(w, [v])
            }
        }, list: { try list(w, $0) })
    }

    // MARK: vectors

    /// `msum` of a vector: sums of the last `w` items, nulls as zero, in the type `sums` gives.
    static func msumVector(_ w: Int, _ v: QVector) throws -> QValue {
        guard let r = Arithmetic.addTable.result(v.type, v.type) else { throw QError.type }
        if r.isFloating { return Doubles.vector(withDoubles(v.storage) { movingSum($0, w) }).value(r) }
        return Longs.vector(withLongs(v.storage) { p in
            // Differences of running totals, as q defines it (exact for integers); a ring
            // holds the last `w` totals.
            let n = p.count
            var ring = [Int64](repeating: 0, count: w > 0 && w <= n ? w : 0)
            return makeArray(n) { out in
                guard w > 0 else { for k in 0..<n { out[k] = 0 }; return }
                var total: Int64 = 0, slot = 0
                for k in 0..<n {
                    total &+= p[k] == longNull ? 0 : p[k]
                    if w > n { out[k] = total; continue }
                    out[k] = k >= w ? total &- ring[slot] : total
                    ring[slot] = total
                    slot = slot + 1 == w ? 0 : slot + 1
                }
            }
        }).value(r)
    }

    /// What a moving pass over floats produces.
    enum MovingKind { case sum, mean, deviation }

    /// Moving sums, means (`msum % mcount`) or deviations (`sqrt mavg[y*y] - m*m`) of the
    /// non-NaN floats, in one pass: each window total is a running total minus the total
    /// `w` items back, and rings keep the last `w` running totals.
    static func moving(_ p: UnsafeBufferPointer<Double>, _ w: Int, _ kind: MovingKind) -> [Double] {
        makeArray(p.count) { out in fillMoving(p, w, kind, out) }
    }

    private static func fillMoving(_ p: UnsafeBufferPointer<Double>, _ w: Int, _ kind: MovingKind,
                                   _ out: UnsafeMutableBufferPointer<Double>) {
        let n = p.count
        let ringSize = w > 0 && w <= n ? w : 0
        var r1 = [Double](repeating: 0, count: ringSize), r2 = r1, rc = r1
        var t1 = 0.0, t2 = 0.0, tc = 0.0
        var slot = 0  // k mod w, kept without dividing
        for k in 0..<n {
            let v = p[k], ok = !v.isNaN
            t1 += ok ? v : 0
            tc += ok ? 1 : 0
            t2 += ok ? v * v : 0
            var s1 = t1, s2 = t2, c = tc
            if w <= 0 {
                s1 = 0; s2 = 0; c = 0
            } else if ringSize > 0 {
                if k >= w { s1 -= r1[slot]; s2 -= r2[slot]; c -= rc[slot] }
                r1[slot] = t1; r2[slot] = t2; rc[slot] = tc
                slot = slot + 1 == w ? 0 : slot + 1
            }
            switch kind {
            case .sum: out[k] = s1
            case .mean: out[k] = s1 / c
            case .deviation:
                let m = s1 / c
                out[k] = (s2 / c - m * m).squareRoot()
            }
        }
    }

    /// Moving sums of floats with NaN as zero.
    static func movingSum(_ p: UnsafeBufferPointer<Double>, _ w: Int) -> [Double] { moving(p, w, .sum) }

    /// `mcount` of a vector: how many of the last `w` items are not null, as longs.
    static func mcountVector(_ w: Int, _ v: QVector) throws -> QValue {
        let flags = nullFlags(v)
        var count: Int64 = 0
        return .longs(makeArray(flags.count) { out in
            for k in 0..<flags.count {
                count += flags[k] ? 0 : 1
                if w > 0 && k >= w { count -= flags[k - w] ? 0 : 1 }
                out[k] = w <= 0 ? 0 : count
            }
        })
    }

    /// True for each null item of a vector.
    static func nullFlags(_ v: QVector) -> [Bool] {
        switch v.storage {
        case .j(let a): return a.map { $0 == longNull }
        case .i(let a): return a.map { $0 == Int32.min }
        case .h(let a): return a.map { $0 == Int16.min }
        case .f(let a): return a.map { $0.isNaN }
        case .e(let a): return a.map { $0.isNaN }
        case .x(let a): return v.type == .char ? a.map { $0 == 32 } : [Bool](repeating: false, count: a.count)
        case .b(let a): return [Bool](repeating: false, count: a.count)
        case .s(let a): return a.map { $0.isEmpty }
        case .g(let a): return a.map { $0 == .null }
        }
    }

    /// `mavg` of a vector: moving sums (nulls as zero) over moving counts of non-nulls.
    static func mavgVector(_ w: Int, _ v: QVector) throws -> QValue {
        guard Arithmetic.isArithmetic(v.type), v.type != .char else { throw QError.type }
        return .floats(withDoubles(v.storage) { movingMean($0, w) })
    }

    /// Moving means of floats, NaN skipped (and not counted).
    static func movingMean(_ p: UnsafeBufferPointer<Double>, _ w: Int) -> [Double] { moving(p, w, .mean) }

    /// `mdev` of a vector: `sqrt mavg[x;y*y] - m*m` where `m` is `mavg[x;y]`.
    static func mdevVector(_ w: Int, _ v: QVector) throws -> QValue {
        guard Arithmetic.isArithmetic(v.type) else { throw QError.type }
        return .floats(withDoubles(v.storage) { moving($0, w, .deviation) })
    }

    /// `mmax`/`mmin` of a vector. Nulls are the smallest values; windows that reach back
    /// before the first item also include `-0W` (max) or `0W` (min), so all-null leading
    /// windows give infinity for max.
    static func mextremeVector(_ w: Int, _ v: QVector, largest: Bool) throws -> QValue {
        if w <= 1 { return .vector(v) }
        let storage: QStorage
        switch v.storage {
        case .j(let a): storage = .j(slidingExtreme(a, w, seed: largest ? -Int64.max : Int64.max, largest: largest, less: <))
        case .i(let a): storage = .i(slidingExtreme(a, w, seed: largest ? -Int32.max : Int32.max, largest: largest, less: <))
        case .h(let a): storage = .h(slidingExtreme(a, w, seed: largest ? -Int16.max : Int16.max, largest: largest, less: <))
        case .x(let a): storage = .x(slidingExtreme(a, w, seed: largest ? 0 : 255, largest: largest, less: <))
        case .b(let a): storage = .b(slidingExtreme(a, w, seed: !largest, largest: largest) { !$0 && $1 })
        case .f(let a): storage = .f(slidingExtreme(a, w, seed: largest ? -.infinity : .infinity, largest: largest, less: nanFirst))
        case .e(let a): storage = .e(slidingExtreme(a, w, seed: largest ? -.infinity : .infinity, largest: largest, less: nanFirst))
        case .s(let a): storage = .s(slidingExtreme(a, w, seed: "", largest: largest, seeded: largest, less: <))
        case .g: throw QError.type
        }
        return .vector(QVector(v.type, storage))
    }

    /// Float order with NaN (null) below everything.
    @inline(__always)
    static func nanFirst<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> Bool { a.isNaN ? !b.isNaN : (!b.isNaN && a < b) }

    /// Largest (or smallest) of each window of `w` items in O(n) with a monotonic deque.
    static func slidingExtreme<T>(_ a: [T], _ w: Int, seed: T, largest: Bool, seeded: Bool = true,
                                  less: (T, T) -> Bool) -> [T] {
        // `better(p, q)`: p beats (or ties) q.
        @inline(__always) func better(_ p: T, _ q: T) -> Bool { largest ? !less(p, q) : !less(q, p) }
        var deque = [Int](repeating: 0, count: a.count)
        var head = 0, tail = 0
        return makeArray(a.count) { out in
            for k in 0..<a.count {
                while tail > head && better(a[k], a[deque[tail - 1]]) { tail -= 1 }
                deque[tail] = k
                tail += 1
                if deque[head] <= k - w { head += 1 }
                let m = a[deque[head]]
                out.initializeElement(at: k, to: seeded && k < w - 1 && better(seed, m) ? seed : m)
            }
        }
    }

    // MARK: general lists

    /// Moving sums of list items after `fill` (zeros when the window is empty).
    static func windows(_ w: Int, _ items: [QValue], _ fill: (QValue) throws -> QValue) throws -> QValue {
        let filled = try items.map(fill)
        if w <= 0 { return QValue.collapse(try filled.map { try Arithmetic.multiply($0, .long(0)) }) }
        return try windowFold(w, filled, Arithmetic.add)
    }

    /// Folds `f` over each window of the last `w` list items (`w` < 2 leaves them as they are).
    static func windowFold(_ w: Int, _ items: [QValue], _ f: (QValue, QValue) throws -> QValue) throws -> QValue {
        if w <= 1 { return QValue.collapse(items) }
        var out = [QValue]()
        out.reserveCapacity(items.count)
        for k in items.indices {
            let lo = Swift.max(0, k - w + 1)
            var acc = items[lo]
            for j in stride(from: lo + 1, through: k, by: 1) { acc = try f(acc, items[j]) }
            out.append(acc)
        }
        return QValue.collapse(out)
    }

    /// A list item with nulls replaced by zero (`0^x`).
    static func fill0(_ x: QValue) throws -> QValue {
        switch x {
        case .atom(let t, let s):
            guard s.isNull(as: t), t.isFloating || t.hasIntegerNull else { return x }
            return .atom(t, t.isFloating ? narrowFloat(0, t) : narrowLong(0, t))
        case .vector(let v):
            let t = v.type
            if t.isFloating { return Doubles.vector(withDoubles(v.storage) { $0.map { $0.isNaN ? 0 : $0 } }).value(t) }
            if t.hasIntegerNull { return Longs.vector(withLongs(v.storage) { $0.map { $0 == longNull ? 0 : $0 } }).value(t) }
            return x
        default: return try atomic1(x, fill0)
        }
    }

    /// 1 for each non-null item of a list item, 0 for each null, as longs.
    static func notNull(_ x: QValue) throws -> QValue {
        switch x {
        case .atom(let t, let s): return .long(s.isNull(as: t) ? 0 : 1)
        case .vector(let v): return .longs(nullFlags(v).map { $0 ? 0 : 1 })
        default: return try atomic1(x, notNull)
        }
    }

    static func mavgList(_ w: Int, _ items: [QValue]) throws -> QValue {
        let sums = try windows(w, items, fill0), counts = try windows(w, items, notNull)
        return try Arithmetic.divide(sums, counts)
    }

    static func mdevList(_ w: Int, _ items: [QValue]) throws -> QValue {
        let means = try mavgList(w, items)
        let squares = try items.map { try Arithmetic.multiply($0, $0) }
        let variance = try Arithmetic.subtract(try mavgList(w, squares), try Arithmetic.multiply(means, means))
        return try floatFunction(variance) { $0.squareRoot() }
    }

    // MARK: ema

    /// `x ema y`: exponential moving average with smoothing `x` (an atom or one per item):
    /// each result is `x*y + (1-x)*previous`, starting from the first item of `y`.
    static func ema(_ x: QValue, _ y: QValue) throws -> QValue {
        let n = y.count
        guard let tx = simpleType(x), Arithmetic.isArithmetic(tx) else { throw QError.type }
        if !x.isAtom && x.count != n { throw QError.length }
        switch y {
        case .vector(let v):
            guard Arithmetic.isArithmetic(v.type) else { throw QError.type }
            let a: [Double]
            switch doubles(x) {
            case .atom(let d): a = [Double](repeating: d, count: n)
            case .vector(let d): a = d
            }
            return .floats(withDoubles(v.storage) { p in
                var prev = p.first ?? 0
                return makeArray(n) { out in
                    for k in 0..<n {
                        prev = a[k] * p[k] + (1 - a[k]) * prev
                        out[k] = prev
                    }
                }
            })
        case .list(let items):
            guard var prev = items.first else { return y }
            var out = [QValue]()
            out.reserveCapacity(n)
            for k in 0..<n {
                let a = x.isAtom ? x : x.element(k)
                prev = try Arithmetic.add(try Arithmetic.multiply(a, items[k]),
                                          try Arithmetic.multiply(try Arithmetic.subtract(.long(1), a), prev))
                out.append(prev)
            }
            return QValue.collapse(out)
        case .atom(let t, let s):
            guard Arithmetic.isArithmetic(t) else { throw QError.type }
            return .float(scalarFloat(s))
        default:
            throw QError.type
        }
    }
}

/// A float narrowed to a floating type's scalar.
@inline(__always)
func narrowFloat(_ x: Double, _ t: QType) -> QScalar { t.storageKind == .e ? .e(Float(x)) : .f(x) }
