import QCore

// The aggregates `sum prd max min avg`. On a simple vector they skip nulls (as SQL
// does); on a general list they fold the matching operator item by item, so nested
// nulls are kept; a dictionary aggregates its values and a table each column.

extension Math {
    static func registerAggregates(_ r: inout Registry) {
        r.add("sum", monad: { x, _ in try sum(x) })
        r.add("prd", monad: { x, _ in try prd(x) })
        r.add("max", monad: { x, s in try max(x, s) })
        r.add("min", monad: { x, s in try min(x, s) })
        r.add("avg", monad: { x, _ in try avg(x) })
    }

    /// Applies an aggregate: `vector` to atoms and vectors, `list` to general lists;
    /// dictionaries aggregate their values, tables (and keyed tables' values) each column.
    static func aggregate(_ x: QValue, vector: (QValue) throws -> QValue, list: ([QValue]) throws -> QValue) throws -> QValue {
        switch x {
        case .atom, .vector: return try vector(x)
        case .list(let items): return try list(items)
        case .dict(let d): return try aggregate(d.values, vector: vector, list: list)
        case .table(let t):
            let cols = try t.columns.map { try aggregate($0, vector: vector, list: list) }
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(cols)))
        case .function: throw QError.type
        }
    }

    /// Folds a binary function over list items, left to right.
    static func fold(_ items: [QValue], _ f: (QValue, QValue) throws -> QValue) throws -> QValue {
        guard var acc = items.first else { return .emptyList }
        for item in items.dropFirst() { acc = try f(acc, item) }
        return acc
    }

    /// A general list of numeric atoms of mixed types as one vector of the widest type
    /// (boolean < byte < short < int < long < real < float), or nil if it is not one.
    static func numericAtoms(_ items: [QValue]) -> QValue? {
        guard !items.isEmpty else { return nil }
        var rank = -1
        let order: [QType] = [.boolean, .byte, .short, .int, .long, .real, .float]
        for item in items {
            guard case .atom(let t, _) = item, let k = order.firstIndex(of: t) else { return nil }
            rank = Swift.max(rank, k)
        }
        let t = order[rank]
        if t.isFloating {
            return Doubles.vector(items.map { if case .atom(_, let s) = $0 { return scalarFloat(s) }; return .nan }).value(t)
        }
        return Longs.vector(items.map { if case .atom(_, let s) = $0 { return scalarInt(s) }; return 0 }).value(t)
    }

    // MARK: sum, prd

    /// `sum`: total of a vector with nulls as zero; `+` folded over a general list.
    static func sum(_ x: QValue) throws -> QValue {
        if case .vector(let v) = x {
            if v.type == .long, case .j(let a) = v.storage { return .long(a.withUnsafeBufferPointer(Reduce.sum)) }
            if v.type == .float, case .f(let a) = v.storage { return .float(a.withUnsafeBufferPointer(Reduce.sum)) }
        }
        return try aggregate(x, vector: sumVector) { items in
            if items.isEmpty { return .long(0) }
            if let v = numericAtoms(items) { return try sumVector(v) }
            return try fold(items, Arithmetic.add)
        }
    }

    static func sumVector(_ x: QValue) throws -> QValue {
        guard case .vector(let v) = x else { return x }
        guard let r = Arithmetic.addTable.result(v.type, v.type) else { throw QError.type }
        switch v.storage {
        case .i(let a): return Longs.atom(a.withUnsafeBufferPointer { Reduce.sum(ints: $0) }).value(r)
        case .h(let a): return Longs.atom(a.withUnsafeBufferPointer { Reduce.sum(narrow: $0) }).value(r)
        case .x(let a): return Longs.atom(a.withUnsafeBufferPointer { Reduce.sum(bytes: $0) }).value(r)
        case .b(let a): return Longs.atom(a.withUnsafeBufferPointer(Reduce.countTrue)).value(r)
        default: break
        }
        if r.isFloating { return Doubles.atom(withDoubles(v.storage, Reduce.sum)).value(r) }
        return Longs.atom(withLongs(v.storage, Reduce.sum)).value(r)
    }

    /// `prd`: product of a vector with nulls as one; `*` folded over a general list.
    static func prd(_ x: QValue) throws -> QValue {
        try aggregate(x, vector: prdVector) { items in
            if items.isEmpty { return .long(1) }
            if let v = numericAtoms(items) { return try prdVector(v) }
            return try fold(items, Arithmetic.multiply)
        }
    }

    static func prdVector(_ x: QValue) throws -> QValue {
        guard case .vector(let v) = x else { return x }
        guard let r = Arithmetic.multiplyTable.result(v.type, v.type) else { throw QError.type }
        if r.isFloating { return Doubles.atom(withDoubles(v.storage, Reduce.prd)).value(r) }
        return Longs.atom(withLongs(v.storage, Reduce.prd)).value(r)
    }

    // MARK: max, min

    /// `max`: largest item of a vector, nulls ignored (`-0W` if there are only nulls);
    /// `|` folded over a general list.
    static func max(_ x: QValue, _ s: Interpreter) throws -> QValue {
        if case .vector(let v) = x {
            if v.type == .long, case .j(let a) = v.storage { return .long(a.withUnsafeBufferPointer(Reduce.max)) }
            if v.type == .float, case .f(let a) = v.storage { return .float(a.withUnsafeBufferPointer(Reduce.max)) }
        }
        return try aggregate(x, vector: { try extremeVector($0, largest: true) }) { items in
            if items.isEmpty { return .long(-Int64.max) }
            if let v = numericAtoms(items) { return try extremeVector(v, largest: true) }
            return try fold(items) { try greater($0, $1, s) }
        }
    }

    /// `min`: smallest non-null item of a vector (`0W` if there are only nulls);
    /// `&` folded over a general list.
    static func min(_ x: QValue, _ s: Interpreter) throws -> QValue {
        if case .vector(let v) = x {
            if v.type == .long, case .j(let a) = v.storage { return .long(a.withUnsafeBufferPointer(Reduce.min)) }
            if v.type == .float, case .f(let a) = v.storage { return .float(a.withUnsafeBufferPointer(Reduce.min)) }
        }
        return try aggregate(x, vector: { try extremeVector($0, largest: false) }) { items in
            if items.isEmpty { return .long(Int64.max) }
            if let v = numericAtoms(items) { return try extremeVector(v, largest: false) }
            return try fold(items) { try lesser($0, $1, s) }
        }
    }

    /// The largest or smallest item of any sortable non-symbol vector, in its own type.
    static func extremeVector(_ x: QValue, largest: Bool) throws -> QValue {
        guard case .vector(let v) = x else {
            if case .atom(let t, _) = x, t == .symbol || t == .guid { throw QError.type }
            return x
        }
        switch v.storage {
        case .j(let a):
            return .atom(v.type, .j(a.withUnsafeBufferPointer(largest ? Reduce.max : Reduce.min)))
        case .i(let a):
            return .atom(v.type, .i(a.withUnsafeBufferPointer { largest ? Reduce.max(narrow: $0) : Reduce.min(narrow: $0) }))
        case .h(let a):
            return .atom(v.type, .h(a.withUnsafeBufferPointer { largest ? Reduce.max(narrow: $0) : Reduce.min(narrow: $0) }))
        case .f(let a):
            return .atom(v.type, .f(a.withUnsafeBufferPointer(largest ? Reduce.max : Reduce.min)))
        case .e(let a):
            let m = withDoubles(.e(a), largest ? Reduce.max : Reduce.min)
            return .atom(v.type, .e(Float(m)))
        case .x(let a):
            return .atom(v.type, .x(largest ? (a.max() ?? 0) : (a.min() ?? 255)))
        case .b(let a):
            return .atom(v.type, .b(largest ? a.contains(true) : !a.contains(false)))
        case .g, .s:
            throw QError.type
        }
    }

    /// `x | y` through the registry when the Compare family provides it, else a numeric fallback.
    static func greater(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if let id = s.registry.id("|"), let f = s.registry[id].dyad { return try f(x, y, s) }
        return try atomic2(x, y) { try pairExtreme($0, $1, largest: true) }
    }

    /// `x & y` through the registry when the Compare family provides it, else a numeric fallback.
    static func lesser(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if let id = s.registry.id("&"), let f = s.registry[id].dyad { return try f(x, y, s) }
        return try atomic2(x, y) { try pairExtreme($0, $1, largest: false) }
    }

    /// Elementwise larger/smaller of two numeric atoms or vectors, nulls counting as smallest.
    static func pairExtreme(_ x: QValue, _ y: QValue, largest: Bool) throws -> QValue {
        let tx = try arithmeticType(x), ty = try arithmeticType(y)
        let t: QType
        if tx == ty { t = tx } else if let r = Arithmetic.addTable.result(tx, ty), !tx.isTemporal, !ty.isTemporal { t = r } else { throw QError.type }
        if t.isFloating {
            // NaN is the smallest float here.
            return try floatBinary(x, 1, y, 1) { a, b in
                if a.isNaN { return largest ? b : a }
                if b.isNaN { return largest ? a : b }
                return largest ? Swift.max(a, b) : Swift.min(a, b)
            }.value(t)
        }
        let a = Arithmetic.longs(x, tx, tx), b = Arithmetic.longs(y, ty, ty)
        return try longBinary(a, b) { largest ? Swift.max($0, $1) : Swift.min($0, $1) }.value(t)
    }

    // MARK: avg

    /// `avg`: mean as a float. A vector skips nulls; a list of atoms counts nulls as zero;
    /// a list of lists adds them (keeping nulls) and divides by the count.
    static func avg(_ x: QValue) throws -> QValue {
        try aggregate(x, vector: avgVector) { items in
            if items.isEmpty { return .float(.nan) }
            if let v = numericAtoms(items), case .vector(let vec) = v {
                return .float(withDoubles(vec.storage, Reduce.sum) / Double(items.count))
            }
            return try Arithmetic.divide(try fold(items, Arithmetic.add), .long(Int64(items.count)))
        }
    }

    static func avgVector(_ x: QValue) throws -> QValue {
        switch x {
        case .atom(let t, let s):
            guard Arithmetic.isArithmetic(t) else { throw QError.type }
            return .float(scalarFloat(s))
        case .vector(let v):
            guard Arithmetic.isArithmetic(v.type) else { throw QError.type }
            if case .j(let a) = v.storage { return .float(a.withUnsafeBufferPointer(meanOfLongs)) }
            return .float(withDoubles(v.storage, mean))
        default: throw QError.type
        }
    }

    /// Mean of the non-NaN floats (NaN when there are none).
    static func mean(_ p: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0, n = 0.0
        for v in p { let ok = !v.isNaN; s += ok ? v : 0; n += ok ? 1 : 0 }
        return s / n
    }

    /// Mean of the non-null longs, summed in floating point.
    static func meanOfLongs(_ p: UnsafeBufferPointer<Int64>) -> Double {
        var s = 0.0, n = 0.0
        for v in p { let ok = v != longNull; s += ok ? Double(v) : 0; n += ok ? 1 : 0 }
        return s / n
    }
}
