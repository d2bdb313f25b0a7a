import QCore

// The Compare family: comparison (`= <> < > <= >=`), lesser/greater (`& |`, `and`, `or`),
// logic (`not`, `null`, `any`, `all`), sorting and grading, searching (`?`, `in`,
// `within`, `bin`), sets (`distinct`, `group`, `differ`, `where`), random values and
// the vector conditional. Kernels live in the `Compare+*.swift` files.

enum Compare {
    static func register(_ r: inout Registry) {
        // Comparison glyphs; the unary forms of `=` `<` `>` are group and the grades.
        r.add("=", monad: { x, _ in try group(x) }, dyad: { x, y, _ in try compare(.eq, x, y) })
        r.add("<>", dyad: { x, y, _ in try compare(.ne, x, y) })
        r.add("<", monad: { x, s in try grade(x, descending: false, s) }, dyad: { x, y, _ in try compare(.lt, x, y) })
        r.add(">", monad: { x, s in try grade(x, descending: true, s) }, dyad: { x, y, _ in try compare(.gt, x, y) })
        r.add("<=", dyad: { x, y, _ in try compare(.le, x, y) })
        r.add(">=", dyad: { x, y, _ in try compare(.ge, x, y) })
        // Lesser and greater; `&:` is where. `|:` (reverse) belongs to the list family.
        r.add("&", monad: { x, s in try whereOf(x, s) }, dyad: { x, y, _ in try lesser(x, y) })
        r.add("|", dyad: { x, y, _ in try greater(x, y) })
        r.add("and", dyad: { x, y, _ in try lesser(x, y) })
        r.add("or", dyad: { x, y, _ in try greater(x, y) })
        // Unary forms of glyphs whose binary forms other families own.
        r.add("~", monad: { x, _ in try not(x) })
        r.add("^", monad: { x, _ in try isNull(x) })
        // `?`: distinct, find/roll/deal, and the three-argument vector conditional.
        r.add("?", monad: { x, s in try distinct(x, s) }, dyad: { x, y, s in try query(x, y, s) })
        // A table (or its name) first is simple exec, which the table family adds.
        r.overload("?", arity: 3, when: { a in !isTableLike(a[0]) }) { a, s in try vectorConditional(a[0], a[1], a[2], s) }

        r.add("not", monad: { x, _ in try not(x) })
        r.add("null", monad: { x, _ in try isNull(x) })
        r.add("any", monad: { x, _ in try anyAll(x, any: true) })
        r.add("all", monad: { x, _ in try anyAll(x, any: false) })
        r.add("within", dyad: { x, y, _ in try within(x, y) })
        r.add("differ", monad: { x, s in try differ(x, s) })
        r.add("in", dyad: { x, y, s in try isIn(x, y, s) })
        r.add("asc", monad: { x, s in try sort(x, descending: false, s) })
        r.add("desc", monad: { x, s in try sort(x, descending: true, s) })
        r.add("iasc", monad: { x, s in try grade(x, descending: false, s) })
        r.add("idesc", monad: { x, s in try grade(x, descending: true, s) })
        r.add("rank", monad: { x, s in try rank(x, s) })
        r.add("xrank", dyad: { x, y, s in try xrank(x, y, s) })
        r.add("distinct", monad: { x, s in try distinct(x, s) })
        r.add("group", monad: { x, _ in try group(x) })
        r.add("where", monad: { x, s in try whereOf(x, s) })
        r.add("rand", monad: { x, s in try rand(x, s) })
        r.add("bin", dyad: { x, y, s in try bin(x, y, right: false, s) })
        r.add("binr", dyad: { x, y, s in try bin(x, y, right: true, s) })
        r.add("xbar", dyad: { x, y, _ in try xbar(x, y) })
    }
}

/// A table, keyed table or symbol atom (a table's name).
@inline(__always) func isTableLike(_ v: QValue) -> Bool {
    switch v {
    case .table, .atom(.symbol, _): return true
    case .dict(let d): if case .table = d.keys { return true }
    default: break
    }
    return false
}

// MARK: - Operand resolution

/// One side of a binary kernel: an atom or a contiguous vector.
enum Side<T> {
    case atom(T)
    case vector([T])

    var count: Int? {
        if case .vector(let a) = self { return a.count }
        return nil
    }
}

/// Both operands of a comparison after q's type rules put them in one domain.
enum CompareOperands {
    case ints(Side<Int64>, Side<Int64>)
    case floats(Side<Double>, Side<Double>)
    case syms(Side<String>, Side<String>)
    case guids(Side<QGUID>, Side<QGUID>)
}

extension Side where T == Int64 {
    init(_ o: IntOperand) {
        switch o {
        case .atom(let v): self = .atom(v)
        case .vector(let a): self = .vector(a)
        }
    }
}

extension Side where T == Double {
    init(_ o: FloatOperand) {
        switch o {
        case .atom(let v): self = .atom(v)
        case .vector(let a): self = .vector(a)
        }
    }
}

extension Compare {
    /// The temporal type two different temporal types are compared in (q's matrix), or nil.
    static func temporalTarget(_ a: QType, _ b: QType) -> QType? {
        if a == b { return a }
        func rank(_ t: QType) -> Int {
            switch t {
            case .timestamp: return 0
            case .month: return 1
            case .date: return 2
            case .datetime: return 3
            case .timespan: return 4
            case .minute: return 5
            case .second: return 6
            default: return 7
            }
        }
        // Rows and columns p m d z n u v t; `.` where q signals 'type.
        let table = ["ppppnuvt", "pmd.....", "pddz....", "p.zznuvt", "n..nnnnn", "u..unuvt", "v..vnvvt", "t..tnttt"]
        let row = Array(table[rank(a)].utf8)
        let c = row[rank(b)]
        return c == UInt8(ascii: ".") ? nil : QType(letter: Character(Unicode.Scalar(c)))
    }

    /// The type `&` and `|` return for two operand types, or nil for 'type.
    static func lesserType(_ a: QType, _ b: QType) -> QType? {
        if a == .symbol || b == .symbol || a == .guid || b == .guid { return nil }
        if a.isTemporal && b.isTemporal { return temporalTarget(a, b) }
        return a.rawValue >= b.rawValue ? a : b
    }

    /// Puts two atom/vector operands in a common domain for comparison (and for `&` `|`).
    static func operands(_ x: QValue, _ tx: QType, _ y: QValue, _ ty: QType) throws -> CompareOperands {
        switch (tx, ty) {
        case (.symbol, .symbol): return .syms(symSide(x), symSide(y))
        case (.guid, .guid): return .guids(guidSide(x), guidSide(y))
        case (.symbol, _), (_, .symbol), (.guid, _), (_, .guid): throw QError.type
        default: break
        }
        if tx != ty && tx.isTemporal && ty.isTemporal {
            guard let t = temporalTarget(tx, ty) else { throw QError.type }
            if t == .datetime { return .floats(try floatsAs(x, tx, .datetime), try floatsAs(y, ty, .datetime)) }
            return .ints(try intsAs(x, tx, t), try intsAs(y, ty, t))
        }
        if tx.isFloating || ty.isFloating { return .floats(Side(floatOperand(x)), Side(floatOperand(y))) }
        return .ints(Side(intOperand(x)), Side(intOperand(y)))
    }

    static func symSide(_ v: QValue) -> Side<String> {
        switch v {
        case .atom(_, .s(let s)): return .atom(s)
        case .vector(let vec): if case .s(let a) = vec.storage { return .vector(a) }
        default: break
        }
        return .vector([])
    }

    static func guidSide(_ v: QValue) -> Side<QGUID> {
        switch v {
        case .atom(_, .g(let g)): return .atom(g)
        case .vector(let vec): if case .g(let a) = vec.storage { return .vector(a) }
        default: break
        }
        return .vector([])
    }

    // MARK: temporal conversion

    /// Converts a temporal atom/vector of type `from` into the units of integral temporal `to`.
    static func intsAs(_ v: QValue, _ from: QType, _ to: QType) throws -> Side<Int64> {
        if from == .datetime {
            let f = Side(floatOperand(v))
            return mapSide(f) { datetimeToInt($0, to) }
        }
        let i = Side(intOperand(v))
        if from == to { return i }
        let conv = try intConversion(from, to)
        return mapSide(i) { x in
            if x == Int64.min { return Int64.min }
            if x == Int64.max || x == -Int64.max || isTypeInfinity(x, from) { return x > 0 ? Int64.max : -Int64.max }
            return conv(x)
        }
    }

    /// Converts a temporal atom/vector to datetime (fractional days).
    static func floatsAs(_ v: QValue, _ from: QType, _ to: QType) throws -> Side<Double> {
        let f = Side(floatOperand(v))
        switch from {
        case .datetime: return f
        case .date: return f
        case .timestamp: return mapSide(f) { $0 / Double(QCalendar.nanosPerDay) }
        default: throw QError.type
        }
    }

    @inline(__always)
    static func isTypeInfinity(_ x: Int64, _ t: QType) -> Bool {
        t.storageKind == .i && (x == Int64(Int32.max) || x == -Int64(Int32.max))
    }

    /// A conversion between integral temporal units, as q casts do.
    static func intConversion(_ from: QType, _ to: QType) throws -> (Int64) -> Int64 {
        let day = QCalendar.nanosPerDay
        switch (from, to) {
        case (.month, .timestamp): return { monthToDays($0) &* day }
        case (.month, .date): return { monthToDays($0) }
        case (.date, .timestamp): return { $0 &* day }
        case (.timestamp, .timespan): return { $0 }
        case (.timestamp, _):
            guard let u = temporalUnit(to) else { throw QError.type }
            return { QCalendar.floorDiv(wrappingFloorMod($0, day), u) }
        default:
            // Between time-of-day units (and timespan): scale by the unit ratio.
            guard let uf = temporalUnit(from), let ut = temporalUnit(to) else { throw QError.type }
            if uf >= ut { return { $0 &* (uf / ut) } }
            return { QCalendar.floorDiv($0, ut / uf) }
        }
    }

    /// Days from 2000.01.01 to the first day of a month counted from 2000.01.
    @inline(__always)
    static func monthToDays(_ m: Int64) -> Int64 {
        let y = 2000 + QCalendar.floorDiv(m, 12), mo = QCalendar.floorMod(m, 12) + 1
        return Int64(QCalendar.days(year: Int(y), month: Int(mo), day: 1))
    }

    /// A datetime (fractional days) in an integral temporal unit: timestamps and timespans
    /// keep the date, the time types take the time of day.
    @inline(__always)
    static func datetimeToInt(_ z: Double, _ to: QType) -> Int64 {
        if z.isNaN { return Int64.min }
        if z.isInfinite { return z > 0 ? Int64.max : -Int64.max }
        let ns = z * Double(QCalendar.nanosPerDay)
        guard abs(ns) < 9.2e18 else { return ns > 0 ? Int64.max : -Int64.max }
        let n = Int64(ns.rounded())
        if to == .timestamp || to == .timespan { return n }
        let tod = wrappingFloorMod(n, QCalendar.nanosPerDay)
        return tod / (temporalUnit(to) ?? 1)
    }

    @inline(__always)
    static func mapSide<A, B>(_ s: Side<A>, _ f: (A) -> B) -> Side<B> {
        switch s {
        case .atom(let a): return .atom(f(a))
        case .vector(let a): return .vector(a.map(f))
        }
    }
}
