import QCore

// The Strings family: `$` (cast, tok, pad, enumerate), `string`, case shifting,
// trimming, pattern matching (`like`, `ss`, `ssr`) and `sv`/`vs`.
// Casts live in Strings+Cast.swift and Strings+Temporal.swift, tok, pad and enumeration
// in Strings+Dollar.swift, patterns in Strings+Pattern.swift, sv/vs in Strings+SvVs.swift.

enum Strings {
    static func register(_ r: inout Registry) {
        r.add("$", monad: { x, s in try string(x, s) }, dyad: { x, y, s in try dollar(x, y, s) })
        r.add("string", monad: { x, s in try string(x, s) })
        r.add("lower", monad: { x, _ in try shiftCase(x, upper: false) })
        r.add("upper", monad: { x, _ in try shiftCase(x, upper: true) })
        r.add("trim", monad: { x, _ in try trim(x, left: true, right: true) })
        r.add("ltrim", monad: { x, _ in try trim(x, left: true, right: false) })
        r.add("rtrim", monad: { x, _ in try trim(x, left: false, right: true) })
        r.add("like", dyad: { x, y, _ in try like(x, y) })
        r.add("ss", dyad: { x, y, _ in try ss(x, y) })
        r.add("ssr", polyad: { a, s in try ssr(a, s) })
        r.add("md5", monad: { x, s in try Internal.call(.long(-15), x, s) })
        r.add("sv", dyad: { x, y, s in try sv(x, y, s) })
        r.add("vs", dyad: { x, y, s in try vs(x, y, s) })
    }

    // MARK: string

    /// `string x`: the text of each atom, as a string; lists give lists of strings.
    static func string(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(let t, let sc):
            return chars(atomText(t, sc, s.display))
        case .vector(let v):
            if v.count == 0 { return .emptyList }
            let o = s.display
            var out = [QValue]()
            out.reserveCapacity(v.count)
            switch v.storage {
            case .s(let a): for name in a { out.append(chars(Array(name.utf8))) }
            case .x(let a) where v.type == .char: for c in a { out.append(chars([c])) }
            default: for k in 0..<v.count { out.append(chars(atomText(v.type, v.storage[k], o))) }
            }
            return .list(out)
        case .list(let l):
            return .list(try l.map { try string($0, s) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try string(d.values, s), sorted: d.sorted))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map { try string($0, s) }))
        case .function:
            // One line, never cut to the console width.
            return .string(QFormat.k(x, s.display))
        }
    }

    /// The text `string` gives one atom: a symbol's name, a char itself, nothing for a
    /// null, otherwise the atom as the console shows it without a type suffix.
    static func atomText(_ t: QType, _ sc: QScalar, _ o: QDisplayOptions) -> [UInt8] {
        switch sc {
        case .s(let name): return Array(name.utf8)
        case .x(let c) where t == .char: return [c]
        case .b, .g, .x: return Array(QFormat.atomText(t, sc, o).utf8)
        default:
            if sc.isNull(as: t) { return [] }
            return Array(QFormat.atomText(t, sc, o).utf8)
        }
    }

    // MARK: lower, upper

    static func shiftCase(_ x: QValue, upper: Bool) throws -> QValue {
        @inline(__always) func shift(_ c: UInt8) -> UInt8 {
            if upper { return c >= 97 && c <= 122 ? c &- 32 : c }
            return c >= 65 && c <= 90 ? c &+ 32 : c
        }
        func shiftName(_ n: String) -> String { String(decoding: n.utf8.map(shift), as: UTF8.self) }
        return try atomic1(x) { v in
            switch v {
            case .atom(.char, .x(let c)): return .char(shift(c))
            case .atom(.symbol, .s(let n)): return .symbol(shiftName(n))
            case .vector(let vec) where vec.type == .char:
                guard case .x(let a) = vec.storage else { throw QError.type }
                return .vector(QVector(.char, .x(a.map(shift))))
            case .vector(let vec) where vec.type == .symbol:
                guard case .s(let a) = vec.storage else { throw QError.type }
                return .symbols(a.map(shiftName))
            default: throw QError.type
            }
        }
    }

    // MARK: trim

    /// `trim`, `ltrim`, `rtrim`: drop leading/trailing nulls of a vector (spaces of a
    /// string). String-atomic: general lists, dictionaries and tables are walked.
    static func trim(_ x: QValue, left: Bool, right: Bool) throws -> QValue {
        switch x {
        case .atom: return x
        case .vector(let v):
            let n = v.count
            var lo = 0, hi = n
            if left { while lo < hi && v.storage[lo].isNull(as: v.type) { lo += 1 } }
            if right { while hi > lo && v.storage[hi - 1].isNull(as: v.type) { hi -= 1 } }
            if lo == 0 && hi == n { return x }
            return .vector(QVector(v.type, sliceStorage(v.storage, lo..<hi)))
        case .list(let l):
            return .list(try l.map { try trim($0, left: left, right: right) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try trim(d.values, left: left, right: right), sorted: d.sorted))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map { try trim($0, left: left, right: right) }))
        case .function:
            throw QError.type
        }
    }
}

// MARK: shared helpers

/// A string value from bytes.
@inline(__always)
func chars(_ bytes: [UInt8]) -> QValue { .vector(QVector(.char, .x(bytes))) }

/// The bytes of a string (char vector) or char atom, nil for anything else.
func stringBytes(_ v: QValue) -> [UInt8]? {
    switch v {
    case .vector(let vec) where vec.type == .char:
        if case .x(let a) = vec.storage { return a }
        return nil
    case .atom(.char, .x(let c)): return [c]
    default: return nil
    }
}

/// True for a char vector.
@inline(__always)
func isCharVector(_ v: QValue) -> Bool {
    if case .vector(let vec) = v, vec.type == .char { return true }
    return false
}

/// A contiguous part of a vector's storage.
func sliceStorage(_ st: QStorage, _ r: Range<Int>) -> QStorage {
    switch st {
    case .b(let a): return .b(Array(a[r]))
    case .g(let a): return .g(Array(a[r]))
    case .x(let a): return .x(Array(a[r]))
    case .h(let a): return .h(Array(a[r]))
    case .i(let a): return .i(Array(a[r]))
    case .j(let a): return .j(Array(a[r]))
    case .e(let a): return .e(Array(a[r]))
    case .f(let a): return .f(Array(a[r]))
    case .s(let a): return .s(Array(a[r]))
    }
}

/// Lifts a string-level function: strings (and char atoms) go to `f`; general lists,
/// dictionaries and tables are walked; anything else is a type error.
func stringAtomic(_ y: QValue, _ f: ([UInt8]) throws -> QValue) throws -> QValue {
    switch y {
    case .vector(let v) where v.type == .char:
        guard case .x(let a) = v.storage else { throw QError.type }
        return try f(a)
    case .atom(.char, .x(let c)):
        return try f([c])
    case .list(let l):
        return .list(try l.map { try stringAtomic($0, f) })
    case .dict(let d):
        return .dict(QDict(keys: d.keys, values: try stringAtomic(d.values, f), sorted: d.sorted))
    case .table(let t):
        return .table(QTable(names: t.names, columns: try t.columns.map { try stringAtomic($0, f) }))
    default:
        throw QError.type
    }
}

/// Floor division that cannot trap (q's `div` rounding). - Precondition: `b != 0`.
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    if b == -1 { return 0 &- a }
    let q = a / b
    return a % b != 0 && (a < 0) != (b < 0) ? q &- 1 : q
}

/// The modulus matching `floorDivide`, with the sign of `b`. - Precondition: `b != 0`.
@inline(__always)
func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
    if b == -1 { return 0 }
    let r = a % b
    return r != 0 && (r < 0) != (b < 0) ? r &+ b : r
}
