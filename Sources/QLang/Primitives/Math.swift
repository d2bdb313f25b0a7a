import QCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The Math family: atomic numeric functions (abs, signum, floor, ceiling, sqrt, exp,
// log, trigonometry, xexp, xlog, div, mod) here; aggregates, running and moving
// functions, statistics and matrices in the Math+*.swift files.
//
// Temporal arguments are computed on their underlying numbers, as q does.

enum Math {
    static func register(_ r: inout Registry) {
        r.add("abs", monad: { x, _ in try abs(x) })
        r.add("signum", monad: { x, _ in try signum(x) })
        r.add("floor", monad: { x, _ in try floor(x) })
        r.add("_", monad: { x, _ in try floor(x) })
        r.add("ceiling", monad: { x, _ in try ceiling(x) })
        let fns: [(String, @Sendable (Double) -> Double)] = [
            ("sqrt", { $0.squareRoot() }), ("exp", { exp($0) }), ("log", { log($0) }),
            ("sin", { sin($0) }), ("cos", { cos($0) }), ("tan", { tan($0) }),
            ("asin", { asin($0) }), ("acos", { acos($0) }), ("atan", { atan($0) }),
        ]
        for (name, f) in fns { r.add(name, monad: { x, _ in try floatFunction(x, f) }) }
        r.add("xexp", dyad: { x, y, _ in try xexp(x, y) })
        r.add("xlog", dyad: { x, y, _ in try xlog(x, y) })
        r.add("div", dyad: { x, y, _ in try div(x, y) })
        r.add("mod", dyad: { x, y, _ in try mod(x, y) })
        registerAggregates(&r)
        registerRunning(&r)
        registerMoving(&r)
        registerStatistics(&r)
        registerMatrix(&r)
    }

    /// The element type of an atom or vector that arithmetic accepts, or `'type`.
    @inline(__always)
    static func arithmeticType(_ v: QValue) throws -> QType {
        guard let t = simpleType(v), Arithmetic.isArithmetic(t) else { throw QError.type }
        return t
    }

    /// `abs`: keeps the type; booleans, bytes and chars become ints. Nulls stay null.
    static func abs(_ x: QValue) throws -> QValue {
        if case .vector(let vec) = x {
            switch (vec.type, vec.storage) {
            case (.long, .j(let a)):
                // 0 - null wraps to null again.
                return .longs(makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = p[k] < 0 ? 0 &- p[k] : p[k] } } })
            case (.float, .f(let a)):
                return .floats(makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = Swift.abs(p[k]) } } })
            default: break
            }
        }
        return try atomic1(x) { v in
            let t = try arithmeticType(v)
            if t.isFloating { return floatUnary(v) { Swift.abs($0) }.value(t) }
            let r: QType = t == .boolean || t == .byte || t == .char ? .int : t
            // 0 - null wraps to null again.
            return longUnary(v) { $0 < 0 ? 0 &- $0 : $0 }.value(r)
        }
    }

    /// `signum`: -1, 0 or 1 as ints; nulls count as negative.
    static func signum(_ x: QValue) throws -> QValue {
        if case .vector(let vec) = x {
            switch (vec.type, vec.storage) {
            case (.long, .j(let a)):
                return .ints(makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = p[k] < 0 ? -1 : p[k] > 0 ? 1 : 0 } } })
            case (.float, .f(let a)):
                return .ints(makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = p[k] > 0 ? 1 : p[k] == 0 ? 0 : -1 } } })
            default: break
            }
        }
        return try atomic1(x) { v in
            let t = try arithmeticType(v)
            if t.isFloating { return floatUnary(v) { $0.isNaN || $0 < 0 ? -1 : $0 > 0 ? 1 : 0 }.value(.int) }
            return longUnary(v) { $0 < 0 ? -1 : $0 > 0 ? 1 : 0 }.value(.int)
        }
    }

    /// `floor` and unary `_`: reals and floats round down to longs; integers are unchanged;
    /// chars and symbols go to lower case.
    static func floor(_ x: QValue) throws -> QValue {
        try atomic1(x) { v in
            switch simpleType(v) {
            case .short?, .int?, .long?: return v
            case .real?, .float?: return floatLongs(v, floorToLong)
            case .char?: return mapChars(v, lowerByte)
            case .symbol?: return mapSymbols(v) { String(decoding: $0.utf8.map(lowerByte), as: UTF8.self) }
            default: throw QError.type
            }
        }
    }

    /// `ceiling`: reals and floats round up to longs; booleans, bytes and chars become ints.
    static func ceiling(_ x: QValue) throws -> QValue {
        try atomic1(x) { v in
            switch simpleType(v) {
            case .short?, .int?, .long?: return v
            case .real?, .float?: return floatLongs(v) { $0.isNaN ? longNull : floorToLong($0.rounded(.up)) }
            case .boolean?, .byte?, .char?: return longUnary(v) { $0 }.value(.int)
            default: throw QError.type
            }
        }
    }

    private static func floatLongs(_ v: QValue, _ f: (Double) -> Int64) -> QValue {
        switch doubles(v) {
        case .atom(let d): return .long(f(d))
        case .vector(let a): return .longs(a.map(f))
        }
    }

    @inline(__always) static func lowerByte(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
    @inline(__always) static func upperByte(_ c: UInt8) -> UInt8 { c >= 97 && c <= 122 ? c - 32 : c }

    private static func mapChars(_ v: QValue, _ f: (UInt8) -> UInt8) -> QValue {
        switch v {
        case .atom(let t, .x(let c)): return .atom(t, .x(f(c)))
        case .vector(let vec): if case .x(let a) = vec.storage { return .vector(QVector(vec.type, .x(a.map(f)))) }
        default: break
        }
        return v
    }

    private static func mapSymbols(_ v: QValue, _ f: (String) -> String) -> QValue {
        switch v {
        case .atom(let t, .s(let s)): return .atom(t, .s(f(s)))
        case .vector(let vec): if case .s(let a) = vec.storage { return .vector(QVector(vec.type, .s(a.map(f)))) }
        default: break
        }
        return v
    }

    /// A float function of one argument (sqrt, exp, log, trigonometry): float result,
    /// except that datetime stays datetime. Integer nulls become NaN first.
    static func floatFunction(_ x: QValue, _ f: (Double) -> Double) throws -> QValue {
        if case .vector(let v) = x, v.type == .float, case .f(let a) = v.storage {
            return .floats(makeArray(a.count) { out in a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = f(p[k]) } } })
        }
        return try atomic1(x) { v in
            let t = try arithmeticType(v)
            return floatUnary(v, f).value(t == .datetime ? .datetime : .float)
        }
    }

    // Operand types for `xexp`: the numeric types only.
    private static let xexpTypes: Set<QType> = [.boolean, .byte, .short, .int, .long, .real, .float]

    /// `x xexp y`: x to the power y (see `power`).
    static func xexp(_ x: QValue, _ y: QValue) throws -> QValue {
        try rejectTables(x, y)
        return try atomic2(x, y) { a, b in
            guard let ta = simpleType(a), let tb = simpleType(b), xexpTypes.contains(ta), xexpTypes.contains(tb) else { throw QError.type }
            return try floatBinary(a, 1, b, 1, power).value(.float)
        }
    }

    /// `x` to the power `y` as q computes it: `exp y*log x`, null for a null or negative
    /// base, and 1 for a zero power (where `0*log 0` would be NaN).
    @inline(__always)
    static func power(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        return y == 0 ? 1 : exp(y * log(x))
    }

    /// `x xlog y`: the base-x logarithm of y.
    static func xlog(_ x: QValue, _ y: QValue) throws -> QValue {
        try atomic2(x, y) { a, b in
            let ta = try arithmeticType(a), tb = try arithmeticType(b)
            guard ta != .datetime, tb != .datetime else { throw QError.type }
            return try floatBinary(a, 1, b, 1) { log($1) / log($0) }.value(.float)
        }
    }

    /// `div`, `mod`, `xexp` and the weighted aggregates do not take simple tables.
    static func rejectTables(_ x: QValue, _ y: QValue) throws {
        if case .table = x { throw QError.type }
        if case .table = y { throw QError.type }
    }

    /// `x div y`: the greatest whole number not above `x % y`, in x's type (short, byte,
    /// char and boolean give int; real gives float).
    static func div(_ x: QValue, _ y: QValue) throws -> QValue {
        if let r = longByLong(x, y, { QCalendar.floorDiv($0, $1) }) { return r }
        try rejectTables(x, y)
        return try atomic2(x, y) { a, b in
            let ta = try arithmeticType(a), tb = try arithmeticType(b)
            let r: QType
            switch ta {
            case .boolean, .byte, .short, .int, .char: r = .int
            case .real: r = .float
            default: r = ta
            }
            if r.isFloating || tb.isFloating {
                return try floatBinary(a, 1, b, 1) { ($0 / $1).rounded(.down) }.value(r)
            }
            return try longBinary(Arithmetic.longs(a, ta, ta), Arithmetic.longs(b, tb, tb)) { p, q in
                p == longNull || q == longNull || q == 0 ? longNull : QCalendar.floorDiv(p, q)
            }.value(r)
        }
    }

    /// `f` over a long vector and a positive or negative (not null, not zero) long atom:
    /// the common `x div n` and `x mod n` without the general path's copies.
    @inline(__always)
    private static func longByLong(_ x: QValue, _ y: QValue, _ f: (Int64, Int64) -> Int64) -> QValue? {
        guard case .vector(let v) = x, v.type == .long, case .j(let a) = v.storage,
              case .atom(.long, .j(let d)) = y, d != 0, d != longNull else { return nil }
        return .longs(makeArray(a.count) { out in
            a.withUnsafeBufferPointer { p in for k in 0..<p.count { out[k] = p[k] == longNull ? longNull : f(p[k], d) } }
        })
    }

    static let modTable = TypeTable([
        "i.iiijef..pmdznuvt", "..................", "i.iiijef..pmdznuvt", "i.iiijef..pmdznuvt",
        "i.iiijef..pmdznuvt", "j.jjjjef..pmdznuvt", "f.fffffff.ffzzffff", "f.fffffff.ffzzffff",
        ".......f..pmdznuvt", "..................", "n.nnnnnfn.........", "i.iiiiifi.........",
        "i.iiiii.i.........", "f.fffffff.........", "n.nnnnnfn.........", "u.uuuuufu.........",
        "v.vvvvvfv.........", "t.tttttft.........",
    ])

    /// `x mod y`: the remainder `x - y * x div y`, with the sign of y.
    static func mod(_ x: QValue, _ y: QValue) throws -> QValue {
        if let r = longByLong(x, y, { $0 &- $1 &* QCalendar.floorDiv($0, $1) }) { return r }
        try rejectTables(x, y)
        return try atomic2(x, y) { a, b in
            guard let ta = simpleType(a), let tb = simpleType(b), let r = modTable.result(ta, tb) else { throw QError.type }
            if ta.isFloating || tb.isFloating {
                return try floatBinary(a, 1, b, 1) { p, q in p - q * (p / q).rounded(.down) }.value(r)
            }
            return try longBinary(Arithmetic.longs(a, ta, ta), Arithmetic.longs(b, tb, tb)) { p, q in
                if p == longNull || q == longNull { return longNull }
                return q == 0 ? p : p &- q &* QCalendar.floorDiv(p, q)
            }.value(r)
        }
    }
}
