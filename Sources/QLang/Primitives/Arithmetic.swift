import QCore

// `+ - * %` and their result-type tables (from the reference's type matrices),
// computed in Int64 or Double with q's null propagation and temporal units.

enum Arithmetic {
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

    /// Applies an arithmetic operator to atom/vector operands using a result-type table.
    @inline(__always)
    static func kernel(_ table: TypeTable, _ x: QValue, _ y: QValue,
                       int: (Int64, Int64) -> Int64, float: (Double, Double) -> Double) throws -> QValue {
        guard let tx = simpleType(x), let ty = simpleType(y), let r = table.result(tx, ty) else { throw QError.type }
        // Fast path: long with long.
        if case .vector(let vx) = x, case .vector(let vy) = y, case .j(let a) = vx.storage, case .j(let b) = vy.storage,
           tx == r, ty == r || ty == .long {
            return .vector(QVector(r, .j(try longVectors(a, b, int))))
        }
        if r.isFloating {
            let fx = floatOperand(x, floatFactor(tx, r)), fy = floatOperand(y, floatFactor(ty, r))
            return floatResult(try mapFloats(fx, fy, float), r)
        }
        let ix = tx.isFloating && r.isTemporal ? intFromFloat(x, tx, r) : intOperand(x, unitRatio(from: tx, to: r))
        let iy = ty.isFloating && r.isTemporal ? intFromFloat(y, ty, r) : intOperand(y, unitRatio(from: ty, to: r))
        return intResult(try mapInts(ix, iy, int), r)
    }

    @inline(__always)
    static func longVectors(_ a: [Int64], _ b: [Int64], _ f: (Int64, Int64) -> Int64) throws -> [Int64] {
        guard a.count == b.count else { throw QError.length }
        return [Int64](unsafeUninitializedCapacity: a.count) { buf, n in
            a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
                for k in 0..<p.count {
                    let x = p[k], y = q[k]
                    buf[k] = x == Int64.min || y == Int64.min ? Int64.min : f(x, y)
                }
            } }
            n = a.count
        }
    }

    /// Conversion factor from one temporal unit to another in floating point.
    static func floatFactor(_ from: QType, _ to: QType) -> Double {
        guard from != to, from.isTemporal, to.isTemporal, let uf = temporalUnit(from), let ut = temporalUnit(to) else { return 1 }
        return Double(uf) / Double(ut)
    }

    /// A floating temporal (datetime) operand converted into an integral temporal unit.
    static func intFromFloat(_ v: QValue, _ from: QType, _ to: QType) -> IntOperand {
        switch floatOperand(v, floatFactor(from, to)) {
        case .atom(let d): return .atom(d.isNaN ? Int64.min : Int64(d.rounded()))
        case .vector(let a): return .vector(a.map { $0.isNaN ? Int64.min : Int64($0.rounded()) })
        }
    }

    static func add(_ x: QValue, _ y: QValue) throws -> QValue {
        // Hot path for interpreted loops: long atoms.
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .atom(.long, .j(a == Int64.min || b == Int64.min ? Int64.min : a &+ b))
        }
        return try atomic2(x, y) { try kernel(addTable, $0, $1, int: { $0 &+ $1 }, float: { $0 + $1 }) }
    }

    static func subtract(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .atom(.long, .j(a == Int64.min || b == Int64.min ? Int64.min : a &- b))
        }
        return try atomic2(x, y) { try kernel(subtractTable, $0, $1, int: { $0 &- $1 }, float: { $0 - $1 }) }
    }

    static func multiply(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .atom(.long, .j(let a)) = x, case .atom(.long, .j(let b)) = y {
            return .atom(.long, .j(a == Int64.min || b == Int64.min ? Int64.min : a &* b))
        }
        return try atomic2(x, y) { try kernel(multiplyTable, $0, $1, int: { $0 &* $1 }, float: { $0 * $1 }) }
    }

    static func divide(_ x: QValue, _ y: QValue) throws -> QValue {
        try atomic2(x, y) { a, b in
            guard let ta = simpleType(a), let tb = simpleType(b), ta != .symbol, tb != .symbol, ta != .guid, tb != .guid else {
                throw QError.type
            }
            return floatResult(try mapFloats(floatOperand(a), floatOperand(b)) { $0 / $1 }, .float)
        }
    }

    /// `neg`: arithmetic negation, keeping the type (booleans become ints).
    static func negate(_ x: QValue) throws -> QValue {
        try atomic1(x) { v in
            guard let t = simpleType(v), t != .symbol, t != .guid else { throw QError.type }
            if t == .boolean || t == .byte || t == .char {
                return intResult(try mapInts(intOperand(v), .atom(0)) { a, _ in 0 &- a }, .int)
            }
            if t.isFloating { return floatResult(try mapFloats(floatOperand(v), .atom(0)) { a, _ in -a }, t) }
            return intResult(try mapInts(intOperand(v), .atom(0)) { a, _ in 0 &- a }, t)
        }
    }

    static func register(_ r: inout Registry) {
        r.add("+", dyad: { x, y, _ in try add(x, y) })
        r.add("-", dyad: { x, y, _ in try subtract(x, y) })
        r.add("*", dyad: { x, y, _ in try multiply(x, y) })
        r.add("%", dyad: { x, y, _ in try divide(x, y) })
        r.extend("-", monad: { x, _ in try negate(x) })
        r.add("neg", monad: { x, _ in try negate(x) })
    }
}
