import QCore

// Atomic kernels: the six comparisons, lesser/greater, `not` and `null`. Each works on
// atoms and simple vectors in one domain (Int64, Double, String, GUID) and is lifted to
// lists, dictionaries and tables by atomic1/atomic2.

/// A comparison operator.
enum CompareOp {
    case eq, ne, lt, gt, le, ge
}

// Float order: nulls lowest, tolerant equality (so near-equal values are neither < nor >).
@inline(__always) func floatLess(_ a: Double, _ b: Double) -> Bool {
    if b.isNaN { return false }
    if a.isNaN { return true }
    return a < b && !tolerantEqual(a, b)
}

/// Symbols order by their bytes, as q compares them.
@inline(__always) func symLess(_ a: String, _ b: String) -> Bool {
    let (pa, la) = symbolPrefix(a), (pb, lb) = symbolPrefix(b)
    if pa != pb { return pa < pb }
    if la <= 8 && lb <= 8 { return la < lb }
    return a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension Compare {
    /// `x op y` for any of the six comparisons.
    static func compare(_ op: CompareOp, _ x: QValue, _ y: QValue) throws -> QValue {
        // Hot path for interpreted loops: long atoms.
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .bool(intCompare(op, a, b))
        }
        return try atomic2(x, y) { a, b in
            guard let ta = simpleType(a), let tb = simpleType(b) else { throw QError.type }
            if let r = try narrowCompare(op, a, ta, b, tb) { return r }
            switch try operands(a, ta, b, tb) {
            case .ints(let p, let q):
                switch op {
                case .eq: return try boolMap(p, q) { $0 == $1 }
                case .ne: return try boolMap(p, q) { $0 != $1 }
                case .lt: return try boolMap(p, q) { $0 < $1 }
                case .gt: return try boolMap(p, q) { $0 > $1 }
                case .le: return try boolMap(p, q) { $0 <= $1 }
                case .ge: return try boolMap(p, q) { $0 >= $1 }
                }
            case .floats(let p, let q):
                switch op {
                case .eq: return try boolMap(p, q) { tolerantEqual($0, $1) }
                case .ne: return try boolMap(p, q) { !tolerantEqual($0, $1) }
                case .lt: return try boolMap(p, q) { floatLess($0, $1) }
                case .gt: return try boolMap(p, q) { floatLess($1, $0) }
                case .le: return try boolMap(p, q) { !floatLess($1, $0) }
                case .ge: return try boolMap(p, q) { !floatLess($0, $1) }
                }
            case .syms(let p, let q):
                switch op {
                case .eq: return try boolMap(p, q) { $0 == $1 }
                case .ne: return try boolMap(p, q) { $0 != $1 }
                case .lt: return try boolMap(p, q) { symLess($0, $1) }
                case .gt: return try boolMap(p, q) { symLess($1, $0) }
                case .le: return try boolMap(p, q) { !symLess($1, $0) }
                case .ge: return try boolMap(p, q) { !symLess($0, $1) }
                }
            case .guids(let p, let q):
                switch op {
                case .eq: return try boolMap(p, q) { $0 == $1 }
                case .ne: return try boolMap(p, q) { $0 != $1 }
                case .lt: return try boolMap(p, q) { $0 < $1 }
                case .gt: return try boolMap(p, q) { $1 < $0 }
                case .le: return try boolMap(p, q) { !($1 < $0) }
                case .ge: return try boolMap(p, q) { !($0 < $1) }
                }
            }
        }
    }

    /// Comparison of narrow integer storage (ints, dates, shorts, bytes, chars, booleans)
    /// in place, without widening to Int64, when no temporal conversion applies. A long
    /// atom against such a vector is narrowed when it fits.
    static func narrowCompare(_ op: CompareOp, _ x: QValue, _ tx: QType, _ y: QValue, _ ty: QType) throws -> QValue? {
        if tx != ty && tx.isTemporal && ty.isTemporal { return nil }
        @inline(__always) func run<T: Comparable>(_ p: Side<T>, _ q: Side<T>) throws -> QValue {
            switch op {
            case .eq: return try boolMap(p, q) { $0 == $1 }
            case .ne: return try boolMap(p, q) { $0 != $1 }
            case .lt: return try boolMap(p, q) { $0 < $1 }
            case .gt: return try boolMap(p, q) { $0 > $1 }
            case .le: return try boolMap(p, q) { $0 <= $1 }
            case .ge: return try boolMap(p, q) { $0 >= $1 }
            }
        }
        switch (x, y) {
        case (.vector(let v), .vector(let w)):
            switch (v.storage, w.storage) {
            case (.i(let a), .i(let b)): return try run(Side.vector(a), Side.vector(b))
            case (.h(let a), .h(let b)): return try run(Side.vector(a), Side.vector(b))
            case (.x(let a), .x(let b)): return try run(Side.vector(a), Side.vector(b))
            default: return nil
            }
        case (.vector(let v), .atom(_, let s)):
            switch (v.storage, narrowScalar(s, v.storage)) {
            case (.i(let a), .i(let b)?): return try run(Side.vector(a), Side.atom(b))
            case (.h(let a), .h(let b)?): return try run(Side.vector(a), Side.atom(b))
            case (.x(let a), .x(let b)?): return try run(Side.vector(a), Side.atom(b))
            default: return nil
            }
        case (.atom(_, let s), .vector(let w)):
            switch (narrowScalar(s, w.storage), w.storage) {
            case (.i(let a)?, .i(let b)): return try run(Side.atom(a), Side.vector(b))
            case (.h(let a)?, .h(let b)): return try run(Side.atom(a), Side.vector(b))
            case (.x(let a)?, .x(let b)): return try run(Side.atom(a), Side.vector(b))
            default: return nil
            }
        default:
            return nil
        }
    }

    /// An integral scalar in the representation of `like`'s elements, when it fits exactly
    /// (nulls map to nulls; bytes and chars have none).
    @inline(__always)
    static func narrowScalar(_ s: QScalar, _ like: QStorage) -> QScalar? {
        let v: Int64
        switch s {
        case .j(let a): v = a
        case .i(let a): v = a == Int32.min ? Int64.min : Int64(a)
        case .h(let a): v = a == Int16.min ? Int64.min : Int64(a)
        case .x(let a): v = Int64(a)
        default: return nil
        }
        switch like {
        case .i:
            if v == Int64.min { return .i(Int32.min) }
            return v > Int64(Int32.min) && v <= Int64(Int32.max) ? .i(Int32(v)) : nil
        case .h:
            if v == Int64.min { return .h(Int16.min) }
            return v > Int64(Int16.min) && v <= Int64(Int16.max) ? .h(Int16(v)) : nil
        case .x:
            if case .x = s { return s }
            return nil
        default:
            return nil
        }
    }

    @inline(__always)
    static func intCompare(_ op: CompareOp, _ a: Int64, _ b: Int64) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .gt: return a > b
        case .le: return a <= b
        case .ge: return a >= b
        }
    }

    /// Applies a predicate pairwise (atoms broadcast) giving a boolean atom or vector.
    @inline(__always)
    static func boolMap<T>(_ a: Side<T>, _ b: Side<T>, _ f: (T, T) -> Bool) throws -> QValue {
        switch (a, b) {
        case (.atom(let x), .atom(let y)):
            return .bool(f(x, y))
        case (.atom(let x), .vector(let ys)):
            return .bools([Bool](unsafeUninitializedCapacity: ys.count) { buf, n in
                ys.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = f(x, p[k]) } }
                n = ys.count
            })
        case (.vector(let xs), .atom(let y)):
            return .bools([Bool](unsafeUninitializedCapacity: xs.count) { buf, n in
                xs.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = f(p[k], y) } }
                n = xs.count
            })
        case (.vector(let xs), .vector(let ys)):
            guard xs.count == ys.count else { throw QError.length }
            return .bools([Bool](unsafeUninitializedCapacity: xs.count) { buf, n in
                xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in
                    for k in 0..<p.count { buf[k] = f(p[k], q[k]) }
                } }
                n = xs.count
            })
        }
    }

    /// Applies a binary function pairwise (atoms broadcast) keeping the element type.
    @inline(__always)
    static func sideMap<T>(_ a: Side<T>, _ b: Side<T>, _ f: (T, T) -> T) throws -> Side<T> {
        switch (a, b) {
        case (.atom(let x), .atom(let y)): return .atom(f(x, y))
        case (.atom(let x), .vector(let ys)): return .vector(ys.map { f(x, $0) })
        case (.vector(let xs), .atom(let y)): return .vector(xs.map { f($0, y) })
        case (.vector(let xs), .vector(let ys)):
            guard xs.count == ys.count else { throw QError.length }
            return .vector([T](unsafeUninitializedCapacity: xs.count) { buf, n in
                xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in
                    for k in 0..<p.count { buf.initializeElement(at: k, to: f(p[k], q[k])) }
                } }
                n = xs.count
            })
        }
    }

    // MARK: lesser / greater

    static func lesser(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y { return .long(min(a, b)) }
        return try atomic2(x, y) { try minMax($0, $1, greater: false) }
    }

    static func greater(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y { return .long(max(a, b)) }
        return try atomic2(x, y) { try minMax($0, $1, greater: true) }
    }

    /// The lesser or greater of two atom/vector operands, typed by q's table.
    static func minMax(_ x: QValue, _ y: QValue, greater: Bool) throws -> QValue {
        guard let tx = simpleType(x), let ty = simpleType(y), let rt = lesserType(tx, ty) else { throw QError.type }
        // Booleans: logical and/or without widening.
        if tx == .boolean && ty == .boolean {
            let p = boolSide(x), q = boolSide(y)
            let r = greater ? try sideMap(p, q) { $0 || $1 } : try sideMap(p, q) { $0 && $1 }
            switch r {
            case .atom(let b): return .bool(b)
            case .vector(let a): return .bools(a)
            }
        }
        switch try operands(x, tx, y, ty) {
        case .ints(let p, let q):
            let r = greater ? try sideMap(p, q) { max($0, $1) } : try sideMap(p, q) { min($0, $1) }
            switch r {
            case .atom(let v): return intResult(.atom(v), rt)
            case .vector(let a): return intResult(.vector(a), rt)
            }
        case .floats(let p, let q):
            // Nulls are the lowest value: lesser keeps a null, greater drops it.
            let r = greater
                ? try sideMap(p, q) { a, b in a.isNaN ? b : (b.isNaN ? a : max(a, b)) }
                : try sideMap(p, q) { a, b in a.isNaN || b.isNaN ? .nan : min(a, b) }
            if rt.isFloating {
                switch r {
                case .atom(let v): return floatResult(.atom(v), rt)
                case .vector(let a): return floatResult(.vector(a), rt)
                }
            }
            // An integral result type (char, temporal) from floats: truncate, saturating.
            switch r {
            case .atom(let v): return intResult(.atom(saturatingInt(v)), rt)
            case .vector(let a): return intResult(.vector(a.map(saturatingInt)), rt)
            }
        case .syms, .guids:
            throw QError.type
        }
    }

    static func boolSide(_ v: QValue) -> Side<Bool> {
        switch v {
        case .atom(_, .b(let b)): return .atom(b)
        case .vector(let vec): if case .b(let a) = vec.storage { return .vector(a) }
        default: break
        }
        return .vector([])
    }

    // MARK: not, null

    /// `not x`: true where the underlying value is zero (nulls and infinities are not).
    static func not(_ x: QValue) throws -> QValue {
        try atomic1(x) { v in
            switch v {
            case .atom(_, let s):
                switch s {
                case .b(let b): return .bool(!b)
                case .g(let g): return .bool(g == .null)
                case .x(let c): return .bool(c == 0)
                case .h(let i): return .bool(i == 0)
                case .i(let i): return .bool(i == 0)
                case .j(let i): return .bool(i == 0)
                case .e(let f): return .bool(f == 0)
                case .f(let f): return .bool(f == 0)
                case .s: throw QError.type
                }
            case .vector(let vec):
                switch vec.storage {
                case .b(let a): return .bools(mapBools(a) { !$0 })
                case .g(let a): return .bools(a.map { $0 == .null })
                case .x(let a): return .bools(mapBools(a) { $0 == 0 })
                case .h(let a): return .bools(mapBools(a) { $0 == 0 })
                case .i(let a): return .bools(mapBools(a) { $0 == 0 })
                case .j(let a): return .bools(mapBools(a) { $0 == 0 })
                case .e(let a): return .bools(mapBools(a) { $0 == 0 })
                case .f(let a): return .bools(mapBools(a) { $0 == 0 })
                case .s: throw QError.type
                }
            default: throw QError.type
            }
        }
    }

    /// `null x`: true where an item is its type's null; applies to every type.
    static func isNull(_ x: QValue) throws -> QValue {
        switch x {
        case .atom(let t, let s): return .bool(s.isNull(as: t))
        case .function: return .bool(x.isIdentity)
        case .vector(let vec):
            switch vec.storage {
            case .b(let a): return .bools([Bool](repeating: false, count: a.count))
            case .g(let a): return .bools(a.map { $0 == .null })
            case .x(let a):
                if vec.type == .char { return .bools(mapBools(a) { $0 == 32 }) }
                return .bools([Bool](repeating: false, count: a.count))
            case .h(let a): return .bools(mapBools(a) { $0 == Int16.min })
            case .i(let a): return .bools(mapBools(a) { $0 == Int32.min })
            case .j(let a): return .bools(mapBools(a) { $0 == Int64.min })
            case .e(let a): return .bools(mapBools(a) { $0.isNaN })
            case .f(let a): return .bools(mapBools(a) { $0.isNaN })
            case .s(let a): return .bools(a.map { $0.isEmpty })
            }
        case .list(let l):
            return l.isEmpty ? .emptyList : QValue.collapse(try l.map(isNull))
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try isNull(d.values), sorted: d.sorted))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map(isNull)))
        }
    }
}

/// A float truncated to Int64: NaN becomes the null, out-of-range values saturate.
@inline(__always)
func saturatingInt(_ x: Double) -> Int64 {
    if x.isNaN { return Int64.min }
    if x >= 9.223372036854775e18 { return Int64.max }
    if x <= -9.223372036854775e18 { return -Int64.max }
    return Int64(x.rounded(.towardZero))
}

/// Fails with `'wsfull` rather than let a huge result take the process down.
@inline(__always)
func checkAllocation(_ count: Int64, bytesEach: Int64 = 8) throws {
    guard count >= 0, count <= (Int64(1) << 32) / bytesEach else { throw QError.wsfull }
}

/// Maps a contiguous buffer to booleans without per-element allocation.
@inline(__always)
func mapBools<T>(_ a: [T], _ f: (T) -> Bool) -> [Bool] {
    [Bool](unsafeUninitializedCapacity: a.count) { buf, n in
        a.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = f(p[k]) } }
        n = a.count
    }
}
