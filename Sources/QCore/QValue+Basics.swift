// Shape, type numbers, element access and construction helpers shared by every layer.

extension QValue {
    /// q's type number: negative for atoms, 0 for general lists, 1…19 vectors,
    /// 98 table, 99 dictionary, 100+ functions.
    public var typeNumber: Int16 {
        switch self {
        case .atom(let t, _): return -Int16(t.rawValue)
        case .vector(let v): return Int16(v.type.rawValue)
        case .list: return 0
        case .dict: return 99
        case .table: return 98
        case .function(let f): return f.typeNumber
        }
    }

    /// True for atoms, dictionaries-excluded scalars and functions: things `count` calls 1.
    public var isAtom: Bool {
        switch self {
        case .atom, .function: return true
        default: return false
        }
    }

    /// `count`: elements of a list, rows of a table, entries of a dictionary, 1 for atoms.
    public var count: Int {
        switch self {
        case .atom, .function: return 1
        case .vector(let v): return v.count
        case .list(let l): return l.count
        case .dict(let d): return d.keys.count
        case .table(let t): return t.count
        }
    }

    /// The generic null `(::)`.
    public static let identity = QValue.function(.primitive(QPrimitive.identity))

    /// True for the generic null `(::)`.
    public var isIdentity: Bool {
        if case .function(.primitive(let p)) = self, p.id == QPrimitive.identity.id { return true }
        return false
    }

    /// A long atom.
    @inline(__always) public static func long(_ v: Int64) -> QValue { .atom(.long, .j(v)) }
    /// An int atom.
    @inline(__always) public static func int(_ v: Int32) -> QValue { .atom(.int, .i(v)) }
    /// A float atom.
    @inline(__always) public static func float(_ v: Double) -> QValue { .atom(.float, .f(v)) }
    /// A boolean atom.
    @inline(__always) public static func bool(_ v: Bool) -> QValue { .atom(.boolean, .b(v)) }
    /// A symbol atom.
    @inline(__always) public static func symbol(_ v: String) -> QValue { .atom(.symbol, .s(v)) }
    /// A char atom.
    @inline(__always) public static func char(_ v: UInt8) -> QValue { .atom(.char, .x(v)) }
    /// A string (char vector) from UTF-8 text.
    public static func string(_ s: String) -> QValue { .vector(QVector(.char, .x(Array(s.utf8)))) }
    /// A long vector.
    public static func longs(_ v: [Int64]) -> QValue { .vector(QVector(.long, .j(v))) }
    /// A float vector.
    public static func floats(_ v: [Double]) -> QValue { .vector(QVector(.float, .f(v))) }
    /// A boolean vector.
    public static func bools(_ v: [Bool]) -> QValue { .vector(QVector(.boolean, .b(v))) }
    /// A symbol vector.
    public static func symbols(_ v: [String]) -> QValue { .vector(QVector(.symbol, .s(v))) }
    /// An int vector.
    public static func ints(_ v: [Int32]) -> QValue { .vector(QVector(.int, .i(v))) }
    /// An empty general list `()`.
    public static let emptyList = QValue.list([])

    /// The element at `i` of a list-like value (vector, list, table row, dictionary value);
    /// atoms return themselves. - Precondition: `i` in range.
    public func element(_ i: Int) -> QValue {
        switch self {
        case .vector(let v): return v[i]
        case .list(let l): return l[i]
        case .table(let t):
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map { $0.element(i) })))
        case .dict(let d): return d.values.element(i)
        case .atom, .function: return self
        }
    }

    /// The elements as a Swift array of values (a vector's atoms, a list's items, a table's rows).
    public var elements: [QValue] {
        switch self {
        case .vector(let v): return (0..<v.count).map { v[$0] }
        case .list(let l): return l
        case .table, .dict: return (0..<count).map { element($0) }
        case .atom, .function: return [self]
        }
    }

    /// Builds a list from items, as q does: items that are all atoms of one basic type
    /// become a vector of that type; anything else stays a general list.
    public static func collapse(_ items: [QValue]) -> QValue {
        if case .dict(let d0)? = items.first { return tableOfRows(items, d0) ?? .list(items) }
        guard let first = items.first, case .atom(let t, _) = first else { return .list(items) }
        for item in items {
            guard case .atom(let u, _) = item, u == t else { return .list(items) }
        }
        return .vector(QVector(t, QStorage.gather(kind: t.storageKind, items)))
    }

    /// Dictionaries with the same symbol keys are the rows of a table: q treats such a
    /// list as a table.
    static func tableOfRows(_ items: [QValue], _ d0: QDict) -> QValue? {
        guard case .vector(let kv) = d0.keys, kv.type == .symbol, case .s(let names) = kv.storage, !names.isEmpty else { return nil }
        var values: [[QValue]] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard case .dict(let d) = item, case .vector(let k) = d.keys, case .s(let ks) = k.storage, ks == names else { return nil }
            let vs = d.values.elements
            guard vs.count == names.count else { return nil }
            values.append(vs)
        }
        let columns = names.indices.map { c in collapse(values.map { $0[c] }) }
        return .table(QTable(names: names, columns: columns))
    }

    /// A general list from this value's elements (a vector is split into atoms).
    public var asList: [QValue] { elements }
}

extension QStorage {
    /// Storage from atoms known to share `kind`. - Precondition: every item is such an atom.
    public static func gather(kind: QStorageKind, _ items: [QValue]) -> QStorage {
        func pull<T>(_ f: (QScalar) -> T) -> [T] {
            items.map { if case .atom(_, let s) = $0 { return f(s) }; fatalError("gather: not an atom") }
        }
        switch kind {
        case .b: return .b(pull { if case .b(let v) = $0 { return v }; fatalError() })
        case .g: return .g(pull { if case .g(let v) = $0 { return v }; fatalError() })
        case .x: return .x(pull { if case .x(let v) = $0 { return v }; fatalError() })
        case .h: return .h(pull { if case .h(let v) = $0 { return v }; fatalError() })
        case .i: return .i(pull { if case .i(let v) = $0 { return v }; fatalError() })
        case .j: return .j(pull { if case .j(let v) = $0 { return v }; fatalError() })
        case .e: return .e(pull { if case .e(let v) = $0 { return v }; fatalError() })
        case .f: return .f(pull { if case .f(let v) = $0 { return v }; fatalError() })
        case .s, .mixed: return .s(pull { if case .s(let v) = $0 { return v }; fatalError() })
        }
    }
}

extension QFunction {
    /// q's type number for this function.
    public var typeNumber: Int16 {
        switch self {
        case .lambda: return 100
        case .primitive(let p): return p.typeNumber
        case .iterator: return 103
        case .projection: return 104
        case .composition: return 105
        case .derived(let it, _): return 106 + Int16(it.rawValue)
        case .native: return 112
        }
    }
}

extension QPrimitive {
    /// The identity primitive `::`, which is also the generic null. Always table index 0.
    public static let identity = QPrimitive(id: 0, name: "::", typeNumber: 101)
}
