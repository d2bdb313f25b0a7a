import QCore

// Identity of values: match (`~`), tolerant float equality, and search for an item.

/// q's comparison tolerance for floats: relative 2^-43.
let comparisonTolerance = 1.0 / Double(1 << 43)

/// Tolerant float equality as q's `=` and `~` use it; nulls equal each other.
@inline(__always)
func tolerantEqual(_ a: Double, _ b: Double) -> Bool {
    if a == b { return true }
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return false }
    return abs(a - b) <= comparisonTolerance * max(abs(a), abs(b))
}

/// Scalar equality for atoms of the same storage kind.
@inline(__always)
func scalarEqual(_ a: QScalar, _ b: QScalar) -> Bool {
    switch (a, b) {
    case (.f(let x), .f(let y)): return tolerantEqual(x, y)
    case (.e(let x), .e(let y)): return tolerantEqual(Double(x), Double(y))
    default: return a == b
    }
}

/// `x ~ y`: same type, same shape, same items.
func qMatch(_ a: QValue, _ b: QValue) -> Bool {
    switch (a, b) {
    case (.atom(let t, let x), .atom(let u, let y)):
        return t == u && scalarEqual(x, y)
    case (.vector(let v), .vector(let w)):
        guard v.type == w.type, v.count == w.count, v.attribute == w.attribute || true else { return false }
        return storageEqual(v.storage, w.storage)
    case (.list(let l), .list(let m)):
        guard l.count == m.count else { return false }
        for k in l.indices where !qMatch(l[k], m[k]) { return false }
        return true
    case (.vector(let v), .list(let m)), (.list(let m), .vector(let v)):
        // An empty general list does not match an empty typed vector.
        guard v.count == m.count, v.count > 0 else { return false }
        return false
    case (.dict(let d), .dict(let e)):
        return qMatch(d.keys, e.keys) && qMatch(d.values, e.values)
    case (.table(let t), .table(let u)):
        guard t.names == u.names else { return false }
        for k in t.columns.indices where !qMatch(t.columns[k], u.columns[k]) { return false }
        return true
    case (.function(let f), .function(let g)):
        return functionMatch(f, g)
    default:
        return false
    }
}

func functionMatch(_ f: QFunction, _ g: QFunction) -> Bool {
    switch (f, g) {
    case (.lambda(let a), .lambda(let b)): return a === b || a.source == b.source
    case (.primitive(let a), .primitive(let b)): return a.id == b.id
    case (.projection(let a, let x), .projection(let b, let y)):
        guard qMatch(a, b), x.count == y.count else { return false }
        for k in x.indices {
            switch (x[k], y[k]) {
            case (nil, nil): continue
            case (let p?, let q?): if !qMatch(p, q) { return false }
            default: return false
            }
        }
        return true
    case (.composition(let a), .composition(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { qMatch($0, $1) }
    case (.derived(let i, let a), .derived(let j, let b)): return i == j && qMatch(a, b)
    case (.iterator(let i), .iterator(let j)): return i == j
    case (.native(let a), .native(let b)): return a === b
    default: return false
    }
}

func storageEqual(_ a: QStorage, _ b: QStorage) -> Bool {
    switch (a, b) {
    case (.b(let x), .b(let y)): return x == y
    case (.g(let x), .g(let y)): return x == y
    case (.x(let x), .x(let y)): return x == y
    case (.h(let x), .h(let y)): return x == y
    case (.i(let x), .i(let y)): return x == y
    case (.j(let x), .j(let y)): return x == y
    case (.s(let x), .s(let y)): return x == y
    case (.e(let x), .e(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { tolerantEqual(Double($0), Double($1)) }
    case (.f(let x), .f(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { tolerantEqual($0, $1) }
    default: return false
    }
}

extension Interpreter {
    /// Position of the first item of `list` matching `item`, or nil.
    func find(_ list: QValue, _ item: QValue) -> Int? {
        switch (list, item) {
        case (.vector(let v), .atom(let t, let s)):
            guard t == v.type else { return nil }
            switch (v.storage, s) {
            case (.j(let a), .j(let x)): return a.firstIndex(of: x)
            case (.s(let a), .s(let x)): return a.firstIndex(of: x)
            case (.i(let a), .i(let x)): return a.firstIndex(of: x)
            case (.x(let a), .x(let x)): return a.firstIndex(of: x)
            case (.f(let a), .f(let x)): return a.firstIndex { tolerantEqual($0, x) }
            default:
                for k in 0..<v.count where scalarEqual(v.storage[k], s) { return k }
                return nil
            }
        case (.vector, _):
            return nil
        case (.list(let l), _):
            return l.firstIndex { qMatch($0, item) }
        case (.table(let t), .dict(let d)):
            let rows = t.count
            for r in 0..<rows where qMatch(QValue.table(t).element(r), .dict(d)) { return r }
            return nil
        default:
            return nil
        }
    }
}
