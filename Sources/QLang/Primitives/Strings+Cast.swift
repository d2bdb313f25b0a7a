import QCore

// Cast between basic types. Values go through one wide buffer, Int64 for integral
// types (null = Int64.min, temporal infinities = ±Int64.max) or Double for real, float
// and datetime, get their temporal unit changed, and are narrowed to the target with
// saturation: out-of-range values become the target's infinity, never wrap.

extension Strings {
    /// Casts an atom or vector to `t`.
    static func castSimple(_ y: QValue, to t: QType) throws -> QValue {
        switch y {
        case .atom(let from, let sc):
            if from == t { return y }
            if t == .symbol, from == .char, case .x(let c) = sc { return .symbol(symbolFromBytes([c])) }
            if let fast = castAtomFast(from, sc, t) { return fast }
            let st = try castStorage(single(sc), from: from, to: t)
            return .atom(t, st[0])
        case .vector(let v):
            if v.type == t { return y }
            return .vector(QVector(t, try castStorage(v.storage, from: v.type, to: t)))
        default:
            throw QError.type
        }
    }

    /// The common atom casts between integers and floats, without buffers.
    @inline(__always)
    static func castAtomFast(_ from: QType, _ sc: QScalar, _ t: QType) -> QValue? {
        guard !from.isTemporal, !t.isTemporal, from != .boolean, t != .boolean else { return nil }
        switch (sc, t) {
        case (.j(let v), .int): return .atom(.int, .i(narrow32(v)))
        case (.i(let v), .long): return .long(v == Int32.min ? Int64.min : Int64(v))
        case (.j(let v), .float): return .float(v == Int64.min ? .nan : Double(v))
        case (.i(let v), .float): return .float(v == Int32.min ? .nan : Double(v))
        case (.f(let v), .long): return .long(roundToInt64(v))
        case (.f(let v), .int): return .atom(.int, .i(narrow32(roundToInt64(v))))
        default: return nil
        }
    }

    /// One-element storage holding a scalar.
    static func single(_ sc: QScalar) -> QStorage {
        switch sc {
        case .b(let v): return .b([v])
        case .g(let v): return .g([v])
        case .x(let v): return .x([v])
        case .h(let v): return .h([v])
        case .i(let v): return .i([v])
        case .j(let v): return .j([v])
        case .e(let v): return .e([v])
        case .f(let v): return .f([v])
        case .s(let v): return .s([v])
        }
    }

    /// Converts storage of type `from` to storage of type `to` (different types).
    static func castStorage(_ st: QStorage, from: QType, to: QType) throws -> QStorage {
        if from == .symbol || to == .symbol || from == .guid || to == .guid { throw QError.type }
        if to == .boolean { return .b(nonZero(st)) }
        if from.isFloating {
            let d = loadFloats(st)
            if to.isFloating { return storeFloats(d, to) }
            if from == .datetime && to.isTemporal {
                return storeInts(try convertTemporal(datetimeToMillis(d), from: .point(1_000_000), to: to), to)
            }
            return storeInts(roundFloats(d), to)
        }
        let bothTemporal = from.isTemporal && to.isTemporal
        let ints = loadInts(st, markInfinity: bothTemporal)
        if to.isFloating {
            if to == .datetime && from.isTemporal { return .f(temporalToDays(ints, temporalUnitOf(from))) }
            return storeFloats(intsToDoubles(ints), to)
        }
        if bothTemporal { return storeInts(try convertTemporal(ints, from: temporalUnitOf(from), to: to), to) }
        return storeInts(ints, to)
    }

    // MARK: loading

    /// Non-zero test for `"b"$`: nulls and NaN count as non-zero.
    static func nonZero(_ st: QStorage) -> [Bool] {
        switch st {
        case .b(let a): return a
        case .x(let a): return a.map { $0 != 0 }
        case .h(let a): return a.map { $0 != 0 }
        case .i(let a): return a.map { $0 != 0 }
        case .j(let a): return a.map { $0 != 0 }
        case .e(let a): return a.map { $0 != 0 }
        case .f(let a): return a.map { $0 != 0 }
        case .g, .s: return []
        }
    }

    /// Integral storage widened to Int64: nulls to Int64.min and, when `markInfinity`,
    /// the type's infinities to ±Int64.max.
    static func loadInts(_ st: QStorage, markInfinity: Bool) -> [Int64] {
        switch st {
        case .j(let a): return a
        case .i(let a):
            return widen(a, null: Int32.min, inf: markInfinity ? Int32.max : nil)
        case .h(let a):
            return widen(a, null: Int16.min, inf: markInfinity ? Int16.max : nil)
        case .x(let a): return a.map { Int64($0) }
        case .b(let a): return a.map { $0 ? 1 : 0 }
        default: return []
        }
    }

    @inline(__always)
    static func widen<T: FixedWidthInteger>(_ a: [T], null: T, inf: T?) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: a.count) { buf, n in
            a.withUnsafeBufferPointer { p in
                if let w = inf {
                    let nw = 0 - w
                    for k in 0..<p.count {
                        let x = p[k]
                        buf[k] = x == null ? Int64.min : x == w ? Int64.max : x == nw ? -Int64.max : Int64(x)
                    }
                } else {
                    for k in 0..<p.count { let x = p[k]; buf[k] = x == null ? Int64.min : Int64(x) }
                }
            }
            n = a.count
        }
    }

    static func loadFloats(_ st: QStorage) -> [Double] {
        switch st {
        case .f(let a): return a
        case .e(let a): return a.map { Double($0) }
        default: return []
        }
    }

    static func intsToDoubles(_ a: [Int64]) -> [Double] {
        [Double](unsafeUninitializedCapacity: a.count) { buf, n in
            a.withUnsafeBufferPointer { p in
                for k in 0..<p.count { let x = p[k]; buf[k] = x == Int64.min ? .nan : Double(x) }
            }
            n = a.count
        }
    }

    /// Rounds half away from zero; NaN to null, beyond range to ±infinity (±Int64.max).
    @inline(__always)
    static func roundToInt64(_ x: Double) -> Int64 {
        if x.isNaN { return Int64.min }
        if x >= 9.2233720368547758e18 { return Int64.max }
        if x <= -9.2233720368547758e18 { return -Int64.max }
        // Truncate, then step away from zero on a half or more: cheaper than libm round.
        let t = Int64(x)
        let f = x - Double(t)
        return f >= 0.5 ? t &+ 1 : f <= -0.5 ? t &- 1 : t
    }

    static func roundFloats(_ d: [Double]) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: d.count) { buf, n in
            d.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = roundToInt64(p[k]) } }
            n = d.count
        }
    }

    // MARK: storing

    @inline(__always)
    static func narrow32(_ x: Int64) -> Int32 {
        if x == Int64.min { return Int32.min }
        if x >= Int64(Int32.max) { return Int32.max }
        if x <= -Int64(Int32.max) { return -Int32.max }
        return Int32(truncatingIfNeeded: x)
    }

    @inline(__always)
    static func narrow16(_ x: Int64) -> Int16 {
        if x == Int64.min { return Int16.min }
        if x >= Int64(Int16.max) { return Int16.max }
        if x <= -Int64(Int16.max) { return -Int16.max }
        return Int16(truncatingIfNeeded: x)
    }

    /// Int64 values narrowed to the storage of an integral type.
    static func storeInts(_ a: [Int64], _ t: QType) -> QStorage {
        switch t.storageKind {
        case .j: return .j(a)
        case .i:
            return .i([Int32](unsafeUninitializedCapacity: a.count) { buf, n in
                a.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = narrow32(p[k]) } }
                n = a.count
            })
        case .h:
            return .h([Int16](unsafeUninitializedCapacity: a.count) { buf, n in
                a.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = narrow16(p[k]) } }
                n = a.count
            })
        case .x:
            // Through int first: longs beyond the int range give 0xff, as q does.
            return .x(a.map { UInt8(truncatingIfNeeded: narrow32($0)) })
        case .b: return .b(a.map { $0 != 0 })
        case .e: return .e(a.map { $0 == Int64.min ? .nan : Float($0) })
        case .f: return .f(intsToDoubles(a))
        case .g, .s, .mixed: return .j(a)
        }
    }

    static func storeFloats(_ d: [Double], _ t: QType) -> QStorage {
        t.storageKind == .e ? .e(d.map { Float($0) }) : .f(d)
    }

    // MARK: symbols

    /// `` `$"text" ``: a symbol with leading and trailing blanks removed.
    static func symbolFromBytes(_ b: [UInt8]) -> String {
        var lo = 0, hi = b.count
        while lo < hi && b[lo] == 32 { lo += 1 }
        while hi > lo && b[hi - 1] == 32 { hi -= 1 }
        return String(decoding: b[lo..<hi], as: UTF8.self)
    }
}
