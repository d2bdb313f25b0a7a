import QCore

// Roll (`n?y`), deal (`-n?y`), permute (`0N?y`), `rand`, and the vector conditional
// `?[c;x;y]`. Random numbers come from the session's seed (`\S`); kdb+'s own sequence
// cannot be reproduced.

/// A SplitMix-style generator: a 32-bit Weyl sequence through a 64-bit finalizer. Its
/// whole state is the low 32 bits of the session's `randomState`, so that state can be
/// reported and restored as an int seed, as `\S 0N` and `\S n` do in kdb+.
struct SplitMix {
    var state: UInt32

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9
        var z = UInt64(state) &* 0x9E37_79B9_7F4A_7C15 ^ 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0), by multiply-high.
    @inline(__always)
    mutating func below(_ bound: UInt64) -> UInt64 {
        next().multipliedFullWidth(by: bound).high
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

extension Compare {
    /// Runs `body` with the session's generator and stores its state back.
    static func withRandom<T>(_ s: Interpreter, _ body: (inout SplitMix) throws -> T) rethrows -> T {
        var g = SplitMix(state: UInt32(truncatingIfNeeded: s.randomState))
        defer { s.randomState = s.randomState & 0xFFFF_FFFF_0000_0000 | UInt64(g.state) }
        return try body(&g)
    }

    /// `n?y`: roll (n ≥ 0), deal (n < 0), permute (n null).
    static func roll(_ n: Int64, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if n == Int64.min { return try permute(y, s) }
        try checkAllocation(n < 0 ? -n : n, bytesEach: 16)
        if n < 0 { return try deal(-n, y, s) }
        let count = Int(n)
        switch y {
        case .atom(let t, let sc):
            return try withRandom(s) { g in try rollAtom(count, t, sc, &g) }
        case .vector, .list, .table:
            let m = y.count
            guard m > 0 else { throw QError.length }
            let idx = withRandom(s) { g in (0..<count).map { _ in Int64(g.below(UInt64(m))) } }
            return gatherValue(y, idx)
        default:
            throw QError.type
        }
    }

    /// Random values like the atom y: integers below y, floats up to y, symbols of y's
    /// length, GUIDs, booleans, bytes, letters.
    static func rollAtom(_ n: Int, _ t: QType, _ sc: QScalar, _ g: inout SplitMix) throws -> QValue {
        switch sc {
        case .b:
            return .bools((0..<n).map { _ in g.next() >> 63 == 1 })
        case .g(let v):
            guard v == .null else { throw QError.type }
            return .vector(QVector(.guid, .g((0..<n).map { _ in QGUID(high: g.next(), low: g.next()) })))
        case .x(let v):
            if t == .char { return .vector(QVector(.char, .x((0..<n).map { _ in 97 + UInt8(g.below(26)) }))) }
            return .vector(QVector(.byte, .x((0..<n).map { _ in v == 0 ? UInt8(truncatingIfNeeded: g.next()) : UInt8(g.below(UInt64(v))) })))
        case .e(let v):
            return .vector(QVector(t, .e((0..<n).map { _ in Float(g.unit() * Double(v)) })))
        case .f(let v):
            guard !v.isNaN else { throw QError.domain }
            return .vector(QVector(t, .f((0..<n).map { _ in g.unit() * v })))
        case .s(let name):
            return .symbols(try (0..<n).map { _ in try randomSymbol(name, &g) })
        case .h, .i, .j:
            let m = scalarInt(sc)
            guard m != Int64.min, m >= 0 else { throw QError.domain }
            let values: [Int64]
            if m == 0 && t == .timespan {
                // A zero timespan asks for times of day.
                return intResult(.vector((0..<n).map { _ in Int64(g.below(UInt64(QCalendar.nanosPerDay))) }), t)
            }
            if m == 0 {
                // Zero asks for the whole range of the type.
                values = (0..<n).map { _ in
                    switch t.storageKind {
                    case .h: return Int64(Int16(truncatingIfNeeded: g.next()))
                    case .i: return Int64(Int32(truncatingIfNeeded: g.next()))
                    default: return Int64(bitPattern: g.next())
                    }
                }
            } else {
                values = [Int64](unsafeUninitializedCapacity: n) { buf, c in
                    for k in 0..<n { buf[k] = Int64(g.below(UInt64(m))) }
                    c = n
                }
            }
            return intResult(.vector(values), t)
        }
    }

    /// A random symbol of `spec` letters (`` `3 ``) from the first 16 letters.
    static func randomSymbol(_ spec: String, _ g: inout SplitMix) throws -> String {
        guard let len = Int(spec), (1...8).contains(len) else { throw QError.type }
        var r = g.next()
        return String(unsafeUninitializedCapacity: len) { buf in
            for k in 0..<len {
                buf[k] = 97 + UInt8(truncatingIfNeeded: r & 15)
                r >>= 4
            }
            return len
        }
    }

    /// `-n?y`: n distinct picks.
    static func deal(_ n: Int64, _ y: QValue, _ s: Interpreter) throws -> QValue {
        let count = Int(n)
        switch y {
        case .atom(let t, let sc):
            switch sc {
            case .h, .i, .j:
                let m = scalarInt(sc)
                guard m != Int64.min, m >= 0 else { throw QError.domain }
                if m == 0 {
                    let v: [Int64] = withRandom(s) { g in distinctDraws(count) { Int64(bitPattern: g.next()) } }
                    return intResult(.vector(v), t)
                }
                guard n <= m else { throw QError.length }
                return intResult(.vector(withRandom(s) { g in pickDistinct(count, from: m, &g) }), t)
            case .g(let v):
                guard v == .null else { throw QError.type }
                let v2: [QGUID] = withRandom(s) { g in distinctDraws(count) { QGUID(high: g.next(), low: g.next()) } }
                return .vector(QVector(.guid, .g(v2)))
            case .s(let name):
                guard let len = Int(name), (1...8).contains(len) else { throw QError.type }
                guard len >= 8 || n <= Int64(1) << (4 * len) else { throw QError.length }
                return .symbols(try withRandom(s) { g in
                    var seen = SymbolTable()
                    while seen.items.count < count { _ = seen.insert(try randomSymbol(name, &g)) }
                    return seen.items
                })
            default:
                throw QError.type
            }
        case .vector, .list, .table:
            guard n <= Int64(y.count) else { throw QError.length }
            return gatherValue(y, withRandom(s) { g in pickDistinct(count, from: Int64(y.count), &g) })
        default:
            throw QError.type
        }
    }

    /// `count` values from `draw` with no repeats (the range is vast, so retries are rare).
    static func distinctDraws<T: Hashable>(_ count: Int, _ draw: () -> T) -> [T] {
        var seen = Set<T>(minimumCapacity: count)
        var out: [T] = []
        out.reserveCapacity(count)
        while out.count < count {
            let v = draw()
            if seen.insert(v).inserted { out.append(v) }
        }
        return out
    }

    /// `count` distinct integers of 0..<m in random order.
    static func pickDistinct(_ count: Int, from m: Int64, _ g: inout SplitMix) -> [Int64] {
        if Int64(count) * 4 >= m {
            // Dense: a partial Fisher–Yates shuffle of til m.
            var a = (0..<m).map { $0 }
            for k in 0..<count {
                let j = k + Int(g.below(UInt64(m) - UInt64(k)))
                a.swapAt(k, j)
            }
            return Array(a.prefix(count))
        }
        var seen = Set<Int64>(minimumCapacity: count)
        var out: [Int64] = []
        out.reserveCapacity(count)
        while out.count < count {
            let v = Int64(g.below(UInt64(m)))
            if seen.insert(v).inserted { out.append(v) }
        }
        return out
    }

    /// `0N?y`: til y shuffled, or y's items shuffled.
    static func permute(_ y: QValue, _ s: Interpreter) throws -> QValue {
        switch y {
        case .atom(let t, let sc) where t == .long || t == .int || t == .short:
            let m = scalarInt(sc)
            guard m != Int64.min, m >= 0 else { throw QError.domain }
            try checkAllocation(m)
            return intResult(.vector(withRandom(s) { g in pickDistinct(Int(m), from: m, &g) }), t)
        case .vector, .list, .table:
            let m = Int64(y.count)
            return gatherValue(y, withRandom(s) { g in pickDistinct(Int(m), from: m, &g) })
        default:
            throw QError.type
        }
    }

    /// `rand x`: one random item of a list, or one random value like an atom.
    static func rand(_ x: QValue, _ s: Interpreter) throws -> QValue {
        let r = try roll(1, x, s)
        return r.element(0)
    }

    // MARK: vector conditional

    /// `?[c;x;y]`: items of x where c is true, of y where it is false.
    static func vectorConditional(_ c: QValue, _ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        let flags: [Bool]
        switch c {
        case .atom(.boolean, .b(let b)):
            if x.isAtom && y.isAtom {
                guard simpleType(x) == simpleType(y) else { throw QError.type }
                return b ? x : y
            }
            flags = [Bool](repeating: b, count: x.isAtom ? y.count : x.count)
        case .vector(let v):
            guard case .b(let a) = v.storage else { throw QError.type }
            flags = a
        default:
            throw QError.type
        }
        let n = flags.count
        for side in [x, y] where !side.isAtom && side.count != n { throw QError.length }
        if let tx = simpleType(x), let ty = simpleType(y) {
            guard tx == ty else { throw QError.type }
            let xs = storageOf(x), ys = storageOf(y)
            return .vector(QVector(tx, try chooseStorage(flags, xs, x.isAtom, ys, y.isAtom)))
        }
        if case .table = x { throw QError.type }
        let items = (0..<n).map { k in flags[k] ? (x.isAtom ? x : x.element(k)) : (y.isAtom ? y : y.element(k)) }
        return n == 0 ? .emptyList : QValue.collapse(items)
    }

    static func storageOf(_ v: QValue) -> QStorage {
        switch v {
        case .atom(let t, let s): return QStorage.gather(kind: t.storageKind, [.atom(t, s)])
        case .vector(let vec): return vec.storage
        default: return .j([])
        }
    }

    static func chooseStorage(_ c: [Bool], _ x: QStorage, _ xa: Bool, _ y: QStorage, _ ya: Bool) throws -> QStorage {
        @inline(__always) func pick<T>(_ a: [T], _ b: [T]) -> [T] {
            [T](unsafeUninitializedCapacity: c.count) { buf, n in
                for k in 0..<c.count { buf.initializeElement(at: k, to: c[k] ? a[xa ? 0 : k] : b[ya ? 0 : k]) }
                n = c.count
            }
        }
        switch (x, y) {
        case (.b(let a), .b(let b)): return .b(pick(a, b))
        case (.g(let a), .g(let b)): return .g(pick(a, b))
        case (.x(let a), .x(let b)): return .x(pick(a, b))
        case (.h(let a), .h(let b)): return .h(pick(a, b))
        case (.i(let a), .i(let b)): return .i(pick(a, b))
        case (.j(let a), .j(let b)): return .j(pick(a, b))
        case (.e(let a), .e(let b)): return .e(pick(a, b))
        case (.f(let a), .f(let b)): return .f(pick(a, b))
        case (.s(let a), .s(let b)): return .s(pick(a, b))
        default: throw QError.type
        }
    }
}
