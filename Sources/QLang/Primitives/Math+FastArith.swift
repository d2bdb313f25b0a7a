import QCore

// The vectorized paths of `+ - * %`: long, int and float atoms and vectors. Every other
// type pair goes through the type tables in Arithmetic.swift.

/// One side of a fast arithmetic operation: an atom or a vector of one machine type.
enum FastSide<T> {
    case atom(T)
    case vector([T])
}

/// The operands the vectorized paths take: long, int and float atoms and vectors
/// (temporal types and the rest go through the type tables).
enum FastOperand {
    case long(FastSide<Int64>)
    case int(FastSide<Int32>)
    case float(FastSide<Double>)

    @inline(__always)
    init?(_ v: QValue) {
        switch v {
        case .atom(.long, .j(let x)): self = .long(.atom(x))
        case .atom(.float, .f(let x)): self = .float(.atom(x))
        case .atom(.int, .i(let x)): self = .int(.atom(x))
        case .vector(let vec):
            switch (vec.type, vec.storage) {
            case (.long, .j(let a)): self = .long(.vector(a))
            case (.float, .f(let a)): self = .float(.vector(a))
            case (.int, .i(let a)): self = .int(.vector(a))
            default: return nil
            }
        default: return nil
        }
    }

    var isFloat: Bool { if case .float = self { return true }; return false }
    var isLong: Bool { if case .long = self { return true }; return false }
}

/// An int as a float, null to NaN.
@inline(__always) func intToFloat(_ v: Int32) -> Double { v == Int32.min ? .nan : Double(v) }
/// An int as a long, null to null.
@inline(__always) func intToLong(_ v: Int32) -> Int64 { v == Int32.min ? longNull : Int64(v) }

enum FastArith {
    /// `x op y` for long, int and float atoms and vectors, or nil for other operands.
    /// Any float makes a float; otherwise any long makes a long; int with int stays int.
    /// `floatResult` forces floats (division). Nulls propagate; integers wrap.
    @inline(__always)
    static func binary<Op: ArithOp>(_ op: Op.Type, _ x: QValue, _ y: QValue, floatResult: Bool = false) throws -> QValue? {
        if !floatResult || isFloat(x) || isFloat(y), let r = try HotArith.binary(op, x, y) { return r }
        guard let a = FastOperand(x), let b = FastOperand(y) else { return nil }
        if floatResult || a.isFloat || b.isFloat {
            switch a {
            case .long(let p): return try floats(op, p, longToFloat, b)
            case .int(let p): return try floats(op, p, intToFloat, b)
            case .float(let p): return try floats(op, p, { $0 }, b)
            }
        }
        if a.isLong || b.isLong {
            switch (a, b) {
            case (.long(let p), .long(let q)): return try longs(op, p, { $0 }, q, { $0 })
            case (.long(let p), .int(let q)): return try longs(op, p, { $0 }, q, intToLong)
            case (.int(let p), .long(let q)): return try longs(op, p, intToLong, q, { $0 })
            default: return nil
            }
        }
        guard case .int(let p) = a, case .int(let q) = b else { return nil }
        return wrap(try combine(p, q) { u, v in
            u == Int32.min || v == Int32.min ? Int32.min : Int32(truncatingIfNeeded: Op.int(Int64(u), Int64(v)))
        }, .int, QStorage.i, QScalar.i)
    }

    @inline(__always)
    static func isFloat(_ v: QValue) -> Bool {
        switch v {
        case .atom(.float, _): return true
        case .vector(let vec): return vec.type == .float
        default: return false
        }
    }

    @inline(__always)
    static func floats<Op: ArithOp, A>(_: Op.Type, _ p: FastSide<A>, _ fa: (A) -> Double, _ b: FastOperand) throws -> QValue {
        let r: FastSide<Double>
        switch b {
        case .long(let q): r = try combine(p, q) { Op.float(fa($0), longToFloat($1)) }
        case .int(let q): r = try combine(p, q) { Op.float(fa($0), intToFloat($1)) }
        case .float(let q): r = try combine(p, q) { Op.float(fa($0), $1) }
        }
        return wrap(r, .float, QStorage.f, QScalar.f)
    }

    // The null test is a select, not a branch, so the loop vectorizes.
    @inline(__always)
    static func longs<Op: ArithOp, A, B>(_: Op.Type, _ p: FastSide<A>, _ wa: (A) -> Int64, _ q: FastSide<B>, _ wb: (B) -> Int64) throws -> QValue {
        wrap(try combine(p, q) { u, v in
            let x = wa(u), y = wb(v), r = Op.int(x, y)
            return x == longNull || y == longNull ? longNull : r
        }, .long, QStorage.j, QScalar.j)
    }

    /// Applies `f` pairwise (an atom pairs with every item), checking lengths.
    @inline(__always)
    static func combine<A, B, R>(_ a: FastSide<A>, _ b: FastSide<B>, _ f: (A, B) -> R) throws -> FastSide<R> {
        switch (a, b) {
        case (.atom(let x), .atom(let y)): return .atom(f(x, y))
        case (.vector(let xs), .atom(let y)):
            return .vector(makeArray(xs.count) { out in
                xs.withUnsafeBufferPointer { p in for k in 0..<p.count { out.initializeElement(at: k, to: f(p[k], y)) } }
            })
        case (.atom(let x), .vector(let ys)):
            return .vector(makeArray(ys.count) { out in
                ys.withUnsafeBufferPointer { q in for k in 0..<q.count { out.initializeElement(at: k, to: f(x, q[k])) } }
            })
        case (.vector(let xs), .vector(let ys)):
            guard xs.count == ys.count else { throw QError.length }
            return .vector(makeArray(xs.count) { out in
                xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in
                    for k in 0..<p.count { out.initializeElement(at: k, to: f(p[k], q[k])) }
                } }
            })
        }
    }

    @inline(__always)
    static func wrap<R>(_ r: FastSide<R>, _ t: QType, _ storage: ([R]) -> QStorage, _ scalar: (R) -> QScalar) -> QValue {
        switch r {
        case .atom(let v): return .atom(t, scalar(v))
        case .vector(let a): return .vector(QVector(t, storage(a)))
        }
    }
}

/// Long and float operands, each shape spelled out: the benchmarked cases, kept free of
/// closures so every loop is a plain vectorizable body.
enum HotArith {
    /// `x op y` when both are long or float atoms or vectors (not temporal): nil otherwise.
    /// Long with long stays long (null in, null out); any float makes a float.
    /// Division (always float) must not come here with two long operands.
    @inline(__always)
    static func binary<Op: ArithOp>(_ op: Op.Type, _ x: QValue, _ y: QValue) throws -> QValue? {
        switch (x, y) {
        case (.vector(let a), .vector(let b)):
            switch (a.type, a.storage, b.type, b.storage) {
            case (.long, .j(let p), .long, .j(let q)):
                guard p.count == q.count else { throw QError.length }
                return .vector(QVector(.long, .j(vvJ(op, p, q))))
            case (.float, .f(let p), .float, .f(let q)):
                guard p.count == q.count else { throw QError.length }
                return .vector(QVector(.float, .f(vvF(op, p, q))))
            case (.long, .j(let p), .float, .f(let q)):
                guard p.count == q.count else { throw QError.length }
                return .vector(QVector(.float, .f(vvJF(op, p, q))))
            case (.float, .f(let p), .long, .j(let q)):
                guard p.count == q.count else { throw QError.length }
                return .vector(QVector(.float, .f(vvFJ(op, p, q))))
            case (.int, .i(let p), .int, .i(let q)):
                guard p.count == q.count else { throw QError.length }
                return .vector(QVector(.int, .i(vvI(op, p, q))))
            default: return nil
            }
        case (.vector(let a), .atom(let t, let s)):
            switch (a.type, a.storage, t, s) {
            case (.long, .j(let p), .long, .j(let b)): return .vector(QVector(.long, .j(vaJ(op, p, b))))
            case (.float, .f(let p), .float, .f(let b)): return .vector(QVector(.float, .f(vaF(op, p, b))))
            case (.long, .j(let p), .float, .f(let b)): return .vector(QVector(.float, .f(vaJF(op, p, b))))
            case (.float, .f(let p), .long, .j(let b)): return .vector(QVector(.float, .f(vaF(op, p, longToFloat(b)))))
            case (.int, .i(let p), .int, .i(let b)): return .vector(QVector(.int, .i(vaI(op, p, b))))
            case (.int, .i(let p), .long, .j(let b)): return .vector(QVector(.long, .j(vaIJ(op, p, b))))
            case (.int, .i(let p), .float, .f(let b)): return .vector(QVector(.float, .f(vaIF(op, p, b))))
            default: return nil
            }
        case (.atom(let t, let s), .vector(let b)):
            switch (t, s, b.type, b.storage) {
            case (.long, .j(let a), .long, .j(let q)): return .vector(QVector(.long, .j(avJ(op, a, q))))
            case (.float, .f(let a), .float, .f(let q)): return .vector(QVector(.float, .f(avF(op, a, q))))
            case (.float, .f(let a), .long, .j(let q)): return .vector(QVector(.float, .f(avFJ(op, a, q))))
            case (.long, .j(let a), .float, .f(let q)): return .vector(QVector(.float, .f(avF(op, longToFloat(a), q))))
            case (.int, .i(let a), .int, .i(let q)): return .vector(QVector(.int, .i(avI(op, a, q))))
            case (.long, .j(let a), .int, .i(let q)): return .vector(QVector(.long, .j(avJI(op, a, q))))
            case (.float, .f(let a), .int, .i(let q)): return .vector(QVector(.float, .f(avFI(op, a, q))))
            default: return nil
            }
        case (.atom(let t, let s), .atom(let u, let r)):
            switch (t, s, u, r) {
            case (.long, .j(let a), .long, .j(let b)): return .long(a == longNull || b == longNull ? longNull : Op.int(a, b))
            case (.float, .f(let a), .float, .f(let b)): return .float(Op.float(a, b))
            case (.long, .j(let a), .float, .f(let b)): return .float(Op.float(longToFloat(a), b))
            case (.float, .f(let a), .long, .j(let b)): return .float(Op.float(a, longToFloat(b)))
            default: return nil
            }
        default:
            return nil
        }
    }

    // The null test is a select, not a branch, so these loops vectorize.
    @inline(__always)
    static func vvJ<Op: ArithOp>(_: Op.Type, _ a: [Int64], _ b: [Int64]) -> [Int64] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
                for k in 0..<p.count {
                    let x = p[k], y = q[k], r = Op.int(x, y)
                    out[k] = (x == longNull || y == longNull) ? longNull : r
                }
            } }
        }
    }

    @inline(__always)
    static func vaJ<Op: ArithOp>(_: Op.Type, _ a: [Int64], _ y: Int64) -> [Int64] {
        if y == longNull { return [Int64](repeating: longNull, count: a.count) }
        return makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in
                for k in 0..<p.count { let x = p[k], r = Op.int(x, y); out[k] = x == longNull ? longNull : r }
            }
        }
    }

    @inline(__always)
    static func avJ<Op: ArithOp>(_: Op.Type, _ x: Int64, _ b: [Int64]) -> [Int64] {
        if x == longNull { return [Int64](repeating: longNull, count: b.count) }
        return makeArray(b.count) { out in
            b.withUnsafeBufferPointer { q in
                for k in 0..<q.count { let y = q[k], r = Op.int(x, y); out[k] = y == longNull ? longNull : r }
            }
        }
    }

    @inline(__always)
    static func vvF<Op: ArithOp>(_: Op.Type, _ a: [Double], _ b: [Double]) -> [Double] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
                for k in 0..<p.count { out[k] = Op.float(p[k], q[k]) }
            } }
        }
    }

    @inline(__always)
    static func vaF<Op: ArithOp>(_: Op.Type, _ a: [Double], _ y: Double) -> [Double] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = Op.float(p[k], y) } }
        }
    }

    @inline(__always)
    static func avF<Op: ArithOp>(_: Op.Type, _ x: Double, _ b: [Double]) -> [Double] {
        makeArray(b.count) { out in
            b.withUnsafeBufferPointer { q in for k in 0..<q.count { out[k] = Op.float(x, q[k]) } }
        }
    }

    @inline(__always)
    static func vvJF<Op: ArithOp>(_: Op.Type, _ a: [Int64], _ b: [Double]) -> [Double] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
                for k in 0..<p.count { out[k] = Op.float(longToFloat(p[k]), q[k]) }
            } }
        }
    }

    @inline(__always)
    static func vvFJ<Op: ArithOp>(_: Op.Type, _ a: [Double], _ b: [Int64]) -> [Double] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
                for k in 0..<p.count { out[k] = Op.float(p[k], longToFloat(q[k])) }
            } }
        }
    }

    @inline(__always)
    static func vaJF<Op: ArithOp>(_: Op.Type, _ a: [Int64], _ y: Double) -> [Double] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = Op.float(longToFloat(p[k]), y) } }
        }
    }

    @inline(__always)
    static func avFJ<Op: ArithOp>(_: Op.Type, _ x: Double, _ b: [Int64]) -> [Double] {
        makeArray(b.count) { out in
            b.withUnsafeBufferPointer { q in for k in 0..<q.count { out[k] = Op.float(x, longToFloat(q[k])) } }
        }
    }

    // Ints: int with int wraps in 32 bits; with a long they widen, with a float convert.
    @inline(__always)
    static func vvI<Op: ArithOp>(_: Op.Type, _ a: [Int32], _ b: [Int32]) -> [Int32] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
                for k in 0..<p.count {
                    let x = p[k], y = q[k], r = Op.int32(x, y)
                    out[k] = (x == Int32.min || y == Int32.min) ? Int32.min : r
                }
            } }
        }
    }

    @inline(__always)
    static func vaI<Op: ArithOp>(_: Op.Type, _ a: [Int32], _ y: Int32) -> [Int32] {
        if y == Int32.min { return [Int32](repeating: Int32.min, count: a.count) }
        return makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in
                for k in 0..<p.count { let x = p[k], r = Op.int32(x, y); out[k] = x == Int32.min ? Int32.min : r }
            }
        }
    }

    @inline(__always)
    static func avI<Op: ArithOp>(_: Op.Type, _ x: Int32, _ b: [Int32]) -> [Int32] {
        if x == Int32.min { return [Int32](repeating: Int32.min, count: b.count) }
        return makeArray(b.count) { out in
            b.withUnsafeBufferPointer { q in
                for k in 0..<q.count { let y = q[k], r = Op.int32(x, y); out[k] = y == Int32.min ? Int32.min : r }
            }
        }
    }

    @inline(__always)
    static func vaIJ<Op: ArithOp>(_: Op.Type, _ a: [Int32], _ y: Int64) -> [Int64] {
        if y == longNull { return [Int64](repeating: longNull, count: a.count) }
        return makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in
                for k in 0..<p.count { let x = p[k], r = Op.int(Int64(x), y); out[k] = x == Int32.min ? longNull : r }
            }
        }
    }

    @inline(__always)
    static func avJI<Op: ArithOp>(_: Op.Type, _ x: Int64, _ b: [Int32]) -> [Int64] {
        if x == longNull { return [Int64](repeating: longNull, count: b.count) }
        return makeArray(b.count) { out in
            b.withUnsafeBufferPointer { q in
                for k in 0..<q.count { let y = q[k], r = Op.int(x, Int64(y)); out[k] = y == Int32.min ? longNull : r }
            }
        }
    }

    @inline(__always)
    static func vaIF<Op: ArithOp>(_: Op.Type, _ a: [Int32], _ y: Double) -> [Double] {
        makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = Op.float(intToFloat(p[k]), y) } }
        }
    }

    @inline(__always)
    static func avFI<Op: ArithOp>(_: Op.Type, _ x: Double, _ b: [Int32]) -> [Double] {
        makeArray(b.count) { out in
            b.withUnsafeBufferPointer { q in for k in 0..<q.count { out[k] = Op.float(x, intToFloat(q[k])) } }
        }
    }
}
