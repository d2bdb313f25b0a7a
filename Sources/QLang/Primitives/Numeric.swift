import QCore

// Numeric operands: atoms and vectors of any numeric or temporal type viewed as
// Int64 or Double buffers in a chosen unit, and results narrowed back to a q type.
// Integer nulls map to Int64.min (and back), so null propagation is one comparison.

/// An atom or vector of Int64 in a common unit.
enum IntOperand {
    case atom(Int64)
    case vector([Int64])
}

/// An atom or vector of Double in a common unit.
enum FloatOperand {
    case atom(Double)
    case vector([Double])
}

/// The order q uses in its type tables: b g x h i j e f c s p m d z n u v t.
let typeTableOrder: [QType] = [.boolean, .guid, .byte, .short, .int, .long, .real, .float, .char, .symbol,
                               .timestamp, .month, .date, .datetime, .timespan, .minute, .second, .time]

/// A result-type table for a binary operator: row type × column type → result type, or nil
/// where q signals `'type`. Rows are written as 18 type letters in `typeTableOrder`, `.` for none.
struct TypeTable: Sendable {
    private var table = [[QType?]](repeating: [QType?](repeating: nil, count: 20), count: 20)

    init(_ rows: [String]) {
        precondition(rows.count == 18)
        for (r, row) in rows.enumerated() {
            for (c, ch) in row.enumerated() where ch != "." {
                table[Int(typeTableOrder[r].rawValue)][Int(typeTableOrder[c].rawValue)] = QType(letter: ch)
            }
        }
    }

    @inline(__always)
    func result(_ a: QType, _ b: QType) -> QType? { table[Int(a.rawValue)][Int(b.rawValue)] }
}

/// Nanoseconds per unit of each temporal type (month has none; datetime is days).
func temporalUnit(_ t: QType) -> Int64? {
    switch t {
    case .timestamp, .timespan: return 1
    case .date, .datetime: return 86_400_000_000_000
    case .minute: return 60_000_000_000
    case .second: return 1_000_000_000
    case .time: return 1_000_000
    default: return nil
    }
}

/// The factor that takes an operand of type `from` into the unit of result type `to`
/// (1 when no conversion applies). Returns a ratio (numerator, denominator).
func unitRatio(from: QType, to: QType) -> (Int64, Int64) {
    guard from != to, from.isTemporal, to.isTemporal || to == .float,
          let uf = temporalUnit(from), let ut = temporalUnit(to), to != .float else { return (1, 1) }
    return uf >= ut ? (uf / ut, 1) : (1, ut / uf)
}

/// The element type of an atom or vector operand, or nil for other shapes.
@inline(__always)
func simpleType(_ v: QValue) -> QType? {
    switch v {
    case .atom(let t, _): return t
    case .vector(let vec): return vec.type
    default: return nil
    }
}

/// Converts one scalar to Int64 (nulls to Int64.min).
@inline(__always)
func scalarInt(_ s: QScalar) -> Int64 {
    switch s {
    case .b(let v): return v ? 1 : 0
    case .x(let v): return Int64(v)
    case .h(let v): return v == Int16.min ? Int64.min : Int64(v)
    case .i(let v): return v == Int32.min ? Int64.min : Int64(v)
    case .j(let v): return v
    case .e(let v): return v.isNaN ? Int64.min : Int64(v.rounded())
    case .f(let v): return v.isNaN ? Int64.min : Int64(v.rounded())
    default: return 0
    }
}

/// Converts one scalar to Double (integer nulls to NaN).
@inline(__always)
func scalarFloat(_ s: QScalar) -> Double {
    switch s {
    case .b(let v): return v ? 1 : 0
    case .x(let v): return Double(v)
    case .h(let v): return v == Int16.min ? .nan : Double(v)
    case .i(let v): return v == Int32.min ? .nan : Double(v)
    case .j(let v): return v == Int64.min ? .nan : Double(v)
    case .e(let v): return Double(v)
    case .f(let v): return v
    default: return .nan
    }
}

/// Int64 view of an atom or vector, scaled by `ratio` (nulls stay null).
func intOperand(_ v: QValue, _ ratio: (Int64, Int64) = (1, 1)) -> IntOperand {
    func scale(_ x: Int64) -> Int64 {
        if x == Int64.min || ratio == (1, 1) { return x }
        return ratio.1 == 1 ? x &* ratio.0 : CalendarDiv.floor(x, ratio.1)
    }
    switch v {
    case .atom(_, let s): return .atom(scale(scalarInt(s)))
    case .vector(let vec):
        var out: [Int64]
        switch vec.storage {
        case .j(let a): out = a
        case .i(let a): out = a.map { $0 == Int32.min ? Int64.min : Int64($0) }
        case .h(let a): out = a.map { $0 == Int16.min ? Int64.min : Int64($0) }
        case .x(let a): out = a.map { Int64($0) }
        case .b(let a): out = a.map { $0 ? 1 : 0 }
        case .e(let a): out = a.map { $0.isNaN ? Int64.min : Int64($0.rounded()) }
        case .f(let a): out = a.map { $0.isNaN ? Int64.min : Int64($0.rounded()) }
        default: out = []
        }
        if ratio != (1, 1) { out = out.map(scale) }
        return .vector(out)
    default: return .vector([])
    }
}

/// Double view of an atom or vector, multiplied by `factor` (nulls become NaN).
func floatOperand(_ v: QValue, _ factor: Double = 1) -> FloatOperand {
    switch v {
    case .atom(_, let s): return .atom(scalarFloat(s) * factor)
    case .vector(let vec):
        var out: [Double]
        switch vec.storage {
        case .f(let a): out = a
        case .e(let a): out = a.map { Double($0) }
        case .j(let a): out = a.map { $0 == Int64.min ? .nan : Double($0) }
        case .i(let a): out = a.map { $0 == Int32.min ? .nan : Double($0) }
        case .h(let a): out = a.map { $0 == Int16.min ? .nan : Double($0) }
        case .x(let a): out = a.map { Double($0) }
        case .b(let a): out = a.map { $0 ? 1 : 0 }
        default: out = []
        }
        if factor != 1 { out = out.map { $0 * factor } }
        return .vector(out)
    default: return .vector([])
    }
}

enum CalendarDiv {
    @inline(__always) static func floor(_ a: Int64, _ b: Int64) -> Int64 { QCalendar.floorDiv(a, b) }
}

/// Narrows Int64 results to a q type's storage (Int64.min → that type's null).
func intResult(_ r: IntOperand, _ t: QType) -> QValue {
    switch r {
    case .atom(let x): return .atom(t, narrow(x, t))
    case .vector(let a):
        switch t.storageKind {
        case .j: return .vector(QVector(t, .j(a)))
        case .i: return .vector(QVector(t, .i(a.map { $0 == Int64.min ? Int32.min : Int32(truncatingIfNeeded: $0) })))
        case .h: return .vector(QVector(t, .h(a.map { $0 == Int64.min ? Int16.min : Int16(truncatingIfNeeded: $0) })))
        case .x: return .vector(QVector(t, .x(a.map { UInt8(truncatingIfNeeded: $0) })))
        case .b: return .vector(QVector(t, .b(a.map { $0 != 0 })))
        case .f: return .vector(QVector(t, .f(a.map { $0 == Int64.min ? .nan : Double($0) })))
        case .e: return .vector(QVector(t, .e(a.map { $0 == Int64.min ? .nan : Float($0) })))
        default: return .vector(QVector(t, .j(a)))
        }
    }
}

/// One Int64 narrowed to a q type's scalar.
@inline(__always)
func narrow(_ x: Int64, _ t: QType) -> QScalar {
    switch t.storageKind {
    case .j: return .j(x)
    case .i: return .i(x == Int64.min ? Int32.min : Int32(truncatingIfNeeded: x))
    case .h: return .h(x == Int64.min ? Int16.min : Int16(truncatingIfNeeded: x))
    case .x: return .x(UInt8(truncatingIfNeeded: x))
    case .b: return .b(x != 0)
    case .f: return .f(x == Int64.min ? .nan : Double(x))
    case .e: return .e(x == Int64.min ? .nan : Float(x))
    default: return .j(x)
    }
}

/// Double results as a q type (real, float or datetime; integral types round).
func floatResult(_ r: FloatOperand, _ t: QType) -> QValue {
    switch r {
    case .atom(let x):
        switch t.storageKind {
        case .f: return .atom(t, .f(x))
        case .e: return .atom(t, .e(Float(x)))
        default: return .atom(t, narrow(floorToInt64(x), t))
        }
    case .vector(let a):
        switch t.storageKind {
        case .f: return .vector(QVector(t, .f(a)))
        case .e: return .vector(QVector(t, .e(a.map { Float($0) })))
        default: return intResult(.vector(a.map(floorToInt64)), t)
        }
    }
}

/// A float floored to Int64 without trapping: NaN is null, out-of-range values saturate
/// to the integer infinities.
@inline(__always)
func floorToInt64(_ x: Double) -> Int64 {
    if x.isNaN { return Int64.min }
    let f = x.rounded(.down)
    if f >= 9.2233720368547758e18 { return Int64.max }
    if f <= -9.2233720368547758e18 { return -Int64.max }
    return Int64(f)
}

/// Applies an Int64 kernel elementwise with null propagation.
@inline(__always)
func mapInts(_ a: IntOperand, _ b: IntOperand, _ f: (Int64, Int64) -> Int64) throws -> IntOperand {
    @inline(__always) func op(_ x: Int64, _ y: Int64) -> Int64 { x == Int64.min || y == Int64.min ? Int64.min : f(x, y) }
    switch (a, b) {
    case (.atom(let x), .atom(let y)): return .atom(op(x, y))
    case (.atom(let x), .vector(let ys)):
        return .vector([Int64](unsafeUninitializedCapacity: ys.count) { buf, n in
            ys.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = op(x, p[k]) } }
            n = ys.count
        })
    case (.vector(let xs), .atom(let y)):
        return .vector([Int64](unsafeUninitializedCapacity: xs.count) { buf, n in
            xs.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = op(p[k], y) } }
            n = xs.count
        })
    case (.vector(let xs), .vector(let ys)):
        guard xs.count == ys.count else { throw QError.length }
        return .vector([Int64](unsafeUninitializedCapacity: xs.count) { buf, n in
            xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in
                for k in 0..<p.count { buf[k] = op(p[k], q[k]) }
            } }
            n = xs.count
        })
    }
}

/// Applies a Double kernel elementwise.
@inline(__always)
func mapFloats(_ a: FloatOperand, _ b: FloatOperand, _ f: (Double, Double) -> Double) throws -> FloatOperand {
    switch (a, b) {
    case (.atom(let x), .atom(let y)): return .atom(f(x, y))
    case (.atom(let x), .vector(let ys)):
        return .vector([Double](unsafeUninitializedCapacity: ys.count) { buf, n in
            ys.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = f(x, p[k]) } }
            n = ys.count
        })
    case (.vector(let xs), .atom(let y)):
        return .vector([Double](unsafeUninitializedCapacity: xs.count) { buf, n in
            xs.withUnsafeBufferPointer { p in for k in 0..<p.count { buf[k] = f(p[k], y) } }
            n = xs.count
        })
    case (.vector(let xs), .vector(let ys)):
        guard xs.count == ys.count else { throw QError.length }
        return .vector([Double](unsafeUninitializedCapacity: xs.count) { buf, n in
            xs.withUnsafeBufferPointer { p in ys.withUnsafeBufferPointer { q in
                for k in 0..<p.count { buf[k] = f(p[k], q[k]) }
            } }
            n = xs.count
        })
    }
}
