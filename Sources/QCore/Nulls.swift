// Typed nulls and infinities. Integer types use their minimum as null and their maximum
// as infinity; floating types use NaN and ±inf; char null is a space, symbol null is empty.

extension QType {
    /// The null scalar of this type (`0N`, `0n`, `0Nd`, `` ` `` …).
    public var nullScalar: QScalar {
        switch storageKind {
        case .b: return .b(false)
        case .g: return .g(.null)
        case .x: return .x(self == .char ? 32 : 0)
        case .h: return .h(Int16.min)
        case .i: return .i(Int32.min)
        case .j: return .j(Int64.min)
        case .e: return .e(Float.nan)
        case .f: return .f(Double.nan)
        case .s, .mixed: return .s("")
        }
    }

    /// Positive infinity of this type (`0W`, `0w`, `0Wd` …), nil where there is none.
    public var infinityScalar: QScalar? {
        switch storageKind {
        case .h: return .h(Int16.max)
        case .i: return .i(Int32.max)
        case .j: return .j(Int64.max)
        case .e: return .e(Float.infinity)
        case .f: return .f(Double.infinity)
        default: return nil
        }
    }

    /// The null atom of this type.
    public var null: QValue { .atom(self, nullScalar) }
}

extension QScalar {
    /// True when this scalar is its type's null. Booleans and bytes have no null.
    @inline(__always)
    public func isNull(as type: QType) -> Bool {
        switch self {
        case .b: return false
        case .g(let g): return g == .null
        case .x(let v): return type == .char && v == 32
        case .h(let v): return v == Int16.min
        case .i(let v): return v == Int32.min
        case .j(let v): return v == Int64.min
        case .e(let v): return v.isNaN
        case .f(let v): return v.isNaN
        case .s(let v): return v.isEmpty
        }
    }
}

extension QValue {
    /// True for a null atom of any type (and the generic null `(::)`).
    public var isNullAtom: Bool {
        switch self {
        case .atom(let t, let s): return s.isNull(as: t)
        default: return isIdentity
        }
    }
}
