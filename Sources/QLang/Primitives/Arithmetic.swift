import QCore

// `+ - * %`, `neg` and reciprocal. Long and float operands take the vectorized loops in
// Math+Kernels.swift; every other type pair is looked up in the operator's result-type
// table (transcribed from the reference's type matrices) and computed in Int64 or
// Double in the result's unit, with q's null propagation.

enum Arithmetic {
    // Rows and columns in `typeTableOrder`: b g x h i j e f c s p m d z n u v t.
    static let addTable = TypeTable([
        "i.iiijef..pmdznuvt", "..................", "i.iiijef..pmdznuvt", "i.iiijef..pmdznuvt",
        "i.iiijef..pmdznuvt", "j.jjjjef..pmdznuvt", "e.eeeeef..pmdznuvt", "f.fffffff.ffzzffff",
        ".......f..pmdznuvt", "..................", "p.pppppfp.n...pppp", "m.mmmmmfm..i..pppp",
        "d.dddddzd...i.pppp", "z.zzzzzzz....fpzzz", "n.nnnnnfn.ppppnnnn", "u.uuuuufu.pppznuvt",
        "v.vvvvvfv.pppznvvt", "t.tttttft.pppznttt",
    ])
    static let subtractTable = TypeTable([
        "i.iiijefi.pmdznuvt", "..................", "i.iiijefi.pmdznuvt", "i.iiijefi.pmdznuvt",
        "i.iiijefi.pmdznuvt", "j.jjjjefj.pmdznuvt", "e.eeeeefe.pmdznuvt", "f.fffffff.ffzzffff",
        ".......f..pmdznuvt", "..................", "p.pppppfp.n...pppp", "m.mmmmmfm..i..pppp",
        "d.dddddzd...i.pppp", "z.zzzzzzz....fpzzz", "n.nnnnnfn.ppppnnnn", "u.uuuuufu.pppznuvt",
        "v.vvvvvfv.pppznvvt", "t.tttttft.pppznttt",
    ])
    static let multiplyTable = TypeTable([
        "i.iiijef..pmdznuvt", "..................", "i.iiijef..pmdznuvt", "i.iiijef..pmdznuvt",
        "i.iiijef..pmdznuvt", "j.jjjjef..pmdznuvt", "e.eeeeef..pmdznuvt", "f.fffffff.ffzzffff",
        ".......f..pmdznuvt", "..................", "p.pppppfp.........", "m.mmmmmfm.........",
        "d.dddddzd.........", "z.zzzzzzz.........", "n.nnnnnfn.........", "u.uuuuufu.........",
        "v.vvvvvfv.........", "t.tttttft.........",
    ])

    static func add(_ x: QValue, _ y: QValue) throws -> QValue {
        // Interpreted loops add long atoms over and over: no dispatch at all for them.
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .long(a == longNull || b == longNull ? longNull : a &+ b)
        }
        if let r = try FastArith.binary(AddOp.self, x, y) { return r }
        return try atomic2(x, y) { a, b in try FastArith.binary(AddOp.self, a, b) ?? general(AddOp.self, addTable, a, b) }
    }

    static func subtract(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .long(a == longNull || b == longNull ? longNull : a &- b)
        }
        if let r = try FastArith.binary(SubOp.self, x, y) { return r }
        // Dictionaries combine with upsert semantics; a key only on the right is negated.
        if case .dict = x, case .dict = y { return try add(x, negate(y)) }
        return try atomic2(x, y) { a, b in try FastArith.binary(SubOp.self, a, b) ?? general(SubOp.self, subtractTable, a, b) }
    }

    static func multiply(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .long(a == longNull || b == longNull ? longNull : a &* b)
        }
        if let r = try FastArith.binary(MulOp.self, x, y) { return r }
        return try atomic2(x, y) { a, b in try FastArith.binary(MulOp.self, a, b) ?? general(MulOp.self, multiplyTable, a, b) }
    }

    /// `x % y`: always float, computed on the underlying values (temporal units are not converted).
    static func divide(_ x: QValue, _ y: QValue) throws -> QValue {
        if let r = try fastDivide(x, y) { return r }
        return try atomic2(x, y) { a, b in
            if let r = try fastDivide(a, b) { return r }
            guard let ta = simpleType(a), let tb = simpleType(b), isArithmetic(ta), isArithmetic(tb) else { throw QError.type }
            return try floatBinary(a, 1, b, 1) { $0 / $1 }.value(.float)
        }
    }

    private static func fastDivide(_ x: QValue, _ y: QValue) throws -> QValue? {
        switch (x, y) {
        case (.vector(let a), .vector(let b)):
            guard case .j(let p) = a.storage, case .j(let q) = b.storage, a.type == .long, b.type == .long else { break }
            guard p.count == q.count else { throw QError.length }
            return .floats(makeArray(p.count) { out in
                p.withUnsafeBufferPointer { u in q.withUnsafeBufferPointer { v in
                    for k in 0..<u.count { out[k] = longToFloat(u[k]) / longToFloat(v[k]) }
                } }
            })
        case (.vector(let a), .atom(.long, .j(let b))) where a.type == .long:
            guard case .j(let p) = a.storage else { break }
            let d = longToFloat(b)
            return .floats(makeArray(p.count) { out in
                p.withUnsafeBufferPointer { u in for k in 0..<u.count { out[k] = longToFloat(u[k]) / d } }
            })
        case (.atom(.long, .j(let a)), .vector(let b)) where b.type == .long:
            guard case .j(let q) = b.storage else { break }
            let n = longToFloat(a)
            return .floats(makeArray(q.count) { out in
                q.withUnsafeBufferPointer { v in for k in 0..<v.count { out[k] = n / longToFloat(v[k]) } }
            })
        default: break
        }
        // Floats take the vectorized loops; ints and long atoms the general fast path.
        return try FastArith.binary(DivOp.self, x, y, floatResult: true)
    }

    /// True for the types arithmetic accepts at all: everything but guid and symbol.
    @inline(__always)
    static func isArithmetic(_ t: QType) -> Bool { t != .guid && t != .symbol && t != .mixed }

    /// One arithmetic operator on atom/vector operands of any types its table accepts.
    static func general<Op: ArithOp>(_ op: Op.Type, _ table: TypeTable, _ x: QValue, _ y: QValue) throws -> QValue {
        guard let tx = simpleType(x), let ty = simpleType(y), let r = table.result(tx, ty) else { throw QError.type }
        if r.isFloating {
            return try floatBinary(x, floatFactor(tx, r), y, floatFactor(ty, r), Op.float).value(r)
        }
        let a = longs(x, tx, r), b = longs(y, ty, r)
        return try longBinary(a, b) { p, q in p == longNull || q == longNull ? longNull : Op.int(p, q) }.value(r)
    }

    /// Conversion factor from one temporal unit to another, in floating point.
    static func floatFactor(_ from: QType, _ to: QType) -> Double {
        guard from != to, from.isTemporal, to.isTemporal, let uf = temporalUnit(from), let ut = temporalUnit(to) else { return 1 }
        return Double(uf) / Double(ut)
    }

    /// A floating operand (real, float, datetime) in the integral temporal unit of `to`,
    /// rounded; NaN becomes null and out-of-range values ±`0W`.
    static func intFromFloat(_ v: QValue, _ from: QType, _ to: QType) -> IntOperand {
        switch longs(v, from, to) {
        case .atom(let x): return .atom(x)
        case .vector(let a): return .vector(a)
        }
    }

    /// An operand as longs in the unit of integral result type `to`. Floating operands
    /// (real, float, datetime) are scaled and then rounded; integral temporals are scaled exactly.
    static func longs(_ v: QValue, _ from: QType, _ to: QType) -> Longs {
        if from.isFloating {
            let f = floatFactor(from, to)
            switch v {
            case .atom(_, let s): return .atom(floatToLong(scalarFloat(s) * f))
            case .vector(let vec): return .vector(withDoubles(vec.storage) { p in p.map { floatToLong($0 * f) } })
            default: return .vector([])
            }
        }
        let (num, den) = unitRatio(from: from, to: to)
        @inline(__always) func scale(_ x: Int64) -> Int64 {
            if x == longNull { return x }
            return den == 1 ? x &* num : QCalendar.floorDiv(x, den)
        }
        switch v {
        case .atom(_, let s): return .atom(scale(scalarInt(s)))
        case .vector(let vec):
            if num == 1 && den == 1, case .j(let a) = vec.storage { return .vector(a) }
            return .vector(withLongs(vec.storage) { p in p.map(scale) })
        default: return .vector([])
        }
    }

    /// `neg`: arithmetic negation, keeping the type (booleans, bytes and chars become ints).
    static func negate(_ x: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x { return .long(0 &- a) }
        if case .vector(let v) = x, v.type == .long, case .j(let a) = v.storage {
            // 0 - null wraps back to null, so no test is needed.
            return .longs(makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = 0 &- p[k] } } })
        }
        return try atomic1(x) { v in
            guard let t = simpleType(v), isArithmetic(t) else { throw QError.type }
            if t.isFloating { return floatUnary(v) { -$0 }.value(t) }
            let r: QType = t == .boolean || t == .byte || t == .char ? .int : t
            return longUnary(v) { $0 == longNull ? $0 : 0 &- $0 }.value(r)
        }
    }

    /// `reciprocal` and unary `%`: `1 % x` as a float (datetime and timestamp keep their type).
    static func reciprocal(_ x: QValue) throws -> QValue {
        try atomic1(x) { v in
            guard let t = simpleType(v), isArithmetic(t) else { throw QError.type }
            let r: QType = t == .datetime || t == .timestamp ? t : .float
            return floatUnary(v) { 1 / $0 }.value(r)
        }
    }

    static func register(_ r: inout Registry) {
        r.add("+", dyad: { x, y, _ in try add(x, y) })
        r.add("-", monad: { x, _ in try negate(x) }, dyad: { x, y, _ in try subtract(x, y) })
        r.add("*", dyad: { x, y, _ in try multiply(x, y) })
        r.add("%", monad: { x, _ in try reciprocal(x) }, dyad: { x, y, _ in try divide(x, y) })
        r.add("neg", monad: { x, _ in try negate(x) })
        r.add("reciprocal", monad: { x, _ in try reciprocal(x) })
    }
}

enum DivOp: ArithOp {
    @inline(__always) static func int(_ a: Int64, _ b: Int64) -> Int64 { 0 }
    @inline(__always) static func float(_ a: Double, _ b: Double) -> Double { a / b }
}

/// An atom or vector of longs in a common unit, before narrowing to a q type.
enum Longs {
    case atom(Int64)
    case vector([Int64])

    /// The q value of type `t` (narrowing, nulls to the type's null).
    func value(_ t: QType) -> QValue {
        switch self {
        case .atom(let x): return .atom(t, narrowLong(x, t))
        case .vector(let a): return .vector(QVector(t, narrowLongs(a, t)))
        }
    }
}

/// An atom or vector of floats, before narrowing to a q type.
enum Doubles {
    case atom(Double)
    case vector([Double])

    /// The q value of type `t`: real, float and datetime keep the fraction; integral types floor.
    func value(_ t: QType) -> QValue {
        switch self {
        case .atom(let x):
            switch t.storageKind {
            case .f: return .atom(t, .f(x))
            case .e: return .atom(t, .e(Float(x)))
            default: return .atom(t, narrowLong(floorToLong(x), t))
            }
        case .vector(let a):
            switch t.storageKind {
            case .f: return .vector(QVector(t, .f(a)))
            case .e: return .vector(QVector(t, .e(a.map { Float($0) })))
            default: return .vector(QVector(t, narrowLongs(a.map(floorToLong), t)))
            }
        }
    }
}

/// One long narrowed to a q type's scalar (long null to the type's null).
@inline(__always)
func narrowLong(_ x: Int64, _ t: QType) -> QScalar {
    switch t.storageKind {
    case .i: return .i(x == longNull ? Int32.min : Int32(truncatingIfNeeded: x))
    case .h: return .h(x == longNull ? Int16.min : Int16(truncatingIfNeeded: x))
    case .x: return .x(UInt8(truncatingIfNeeded: x))
    case .b: return .b(x != 0)
    case .f: return .f(longToFloat(x))
    case .e: return .e(Float(longToFloat(x)))
    default: return .j(x)
    }
}

/// Longs narrowed to a q type's storage.
func narrowLongs(_ a: [Int64], _ t: QType) -> QStorage {
    switch t.storageKind {
    case .i: return .i(a.map { $0 == longNull ? Int32.min : Int32(truncatingIfNeeded: $0) })
    case .h: return .h(a.map { $0 == longNull ? Int16.min : Int16(truncatingIfNeeded: $0) })
    case .x: return .x(a.map { UInt8(truncatingIfNeeded: $0) })
    case .b: return .b(a.map { $0 != 0 })
    case .f: return .f(a.map(longToFloat))
    case .e: return .e(a.map { Float(longToFloat($0)) })
    default: return .j(a)
    }
}

/// Applies `f` to two long operands elementwise (an atom extends).
@inline(__always)
func longBinary(_ a: Longs, _ b: Longs, _ f: (Int64, Int64) -> Int64) throws -> Longs {
    switch (a, b) {
    case (.atom(let x), .atom(let y)): return .atom(f(x, y))
    case (.atom(let x), .vector(let ys)): return .vector(ys.map { f(x, $0) })
    case (.vector(let xs), .atom(let y)): return .vector(xs.map { f($0, y) })
    case (.vector(let xs), .vector(let ys)):
        guard xs.count == ys.count else { throw QError.length }
        return .vector(makeArray(xs.count) { out in for k in 0..<xs.count { out[k] = f(xs[k], ys[k]) } })
    }
}

/// Applies `f` to two atom/vector operands viewed as floats (scaled by a factor each).
@inline(__always)
func floatBinary(_ x: QValue, _ fx: Double, _ y: QValue, _ fy: Double, _ f: (Double, Double) -> Double) throws -> Doubles {
    let a = doubles(x, fx), b = doubles(y, fy)
    switch (a, b) {
    case (.atom(let p), .atom(let q)): return .atom(f(p, q))
    case (.atom(let p), .vector(let qs)): return .vector(qs.map { f(p, $0) })
    case (.vector(let ps), .atom(let q)): return .vector(ps.map { f($0, q) })
    case (.vector(let ps), .vector(let qs)):
        guard ps.count == qs.count else { throw QError.length }
        return .vector(makeArray(ps.count) { out in for k in 0..<ps.count { out[k] = f(ps[k], qs[k]) } })
    }
}

/// An atom or vector viewed as floats (nulls NaN), times `factor`.
func doubles(_ v: QValue, _ factor: Double = 1) -> Doubles {
    switch v {
    case .atom(_, let s): return .atom(scalarFloat(s) * factor)
    case .vector(let vec):
        if factor == 1, case .f(let a) = vec.storage { return .vector(a) }
        return .vector(withDoubles(vec.storage) { p in factor == 1 ? Array(p) : p.map { $0 * factor } })
    default: return .vector([])
    }
}

/// Applies `f` to an atom or vector viewed as floats.
@inline(__always)
func floatUnary(_ v: QValue, _ f: (Double) -> Double) -> Doubles {
    switch doubles(v) {
    case .atom(let x): return .atom(f(x))
    case .vector(let a): return .vector(a.map(f))
    }
}

/// Applies `f` to an atom or vector viewed as longs (nulls `Int64.min`; floats rounded).
@inline(__always)
func longUnary(_ v: QValue, _ f: (Int64) -> Int64) -> Longs {
    switch v {
    case .atom(_, let s): return .atom(f(safeScalarLong(s)))
    case .vector(let vec): return .vector(withLongs(vec.storage) { p in p.map(f) })
    default: return .vector([])
    }
}

/// One scalar as a long without trapping on infinite or huge floats.
@inline(__always)
func safeScalarLong(_ s: QScalar) -> Int64 {
    switch s {
    case .e(let v): return floatToLong(Double(v))
    case .f(let v): return floatToLong(v)
    default: return scalarInt(s)
    }
}
