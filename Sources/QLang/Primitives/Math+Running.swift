import QCore

// Uniform (running) functions: `sums prds maxs mins deltas ratios avgs`. A result has
// one item per item of the argument; dictionaries keep their keys, tables their columns.

extension Math {
    static func registerRunning(_ r: inout Registry) {
        r.add("sums", monad: { x, _ in try sums(x) })
        r.add("prds", monad: { x, _ in try prds(x) })
        r.add("maxs", monad: { x, s in try maxs(x, s) })
        r.add("mins", monad: { x, s in try mins(x, s) })
        // deltas is `-':`, so it also takes the prior of the first item: `deltas[10;15 27]`.
        r.add("deltas", infix: false, monad: { x, _ in try deltas(x) }, dyad: { x, y, s in
            guard let minus = s.registry.id("-") else { throw QError.nyi }
            return try s.prior(s.registry[minus].value, [x, y])
        })
        r.add("ratios", monad: { x, _ in try ratios(x) })
        r.add("avgs", monad: { x, _ in try avgs(x) })
    }

    /// Applies a uniform function: `vector` to atoms and vectors, `list` to non-empty general
    /// lists; a dictionary maps its values, a table (or keyed table's values) each column.
    static func uniform(_ x: QValue, vector: (QValue) throws -> QValue, list: ([QValue]) throws -> QValue) throws -> QValue {
        switch x {
        case .atom, .vector: return try vector(x)
        case .list(let items): return items.isEmpty ? x : try list(items)
        case .dict(let d): return .dict(QDict(keys: d.keys, values: try uniform(d.values, vector: vector, list: list), sorted: d.sorted))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map { try uniform($0, vector: vector, list: list) }))
        case .function: throw QError.type
        }
    }

    /// Running results of a binary function over list items.
    static func scan(_ items: [QValue], _ f: (QValue, QValue) throws -> QValue) throws -> QValue {
        items.isEmpty ? .emptyList : QValue.collapse(try scanItems(items, f))
    }

    static func scanItems(_ items: [QValue], _ f: (QValue, QValue) throws -> QValue) throws -> [QValue] {
        guard var acc = items.first else { return [] }
        var out = [acc]
        out.reserveCapacity(items.count)
        for item in items.dropFirst() {
            acc = try f(acc, item)
            out.append(acc)
        }
        return out
    }

    /// Each item combined with its predecessor (`f[item; previous]`); the first is kept.
    static func eachPrior(_ items: [QValue], _ f: (QValue, QValue) throws -> QValue) throws -> QValue {
        var out = [QValue]()
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() { out.append(k == 0 ? item : try f(item, items[k - 1])) }
        return QValue.collapse(out)
    }

    /// `sums`: running totals, nulls as zero.
    static func sums(_ x: QValue) throws -> QValue {
        try uniform(x, vector: { v in
            guard case .vector(let vec) = v else { return v }
            guard let r = Arithmetic.addTable.result(vec.type, vec.type) else { throw QError.type }
            if r.isFloating {
                return Doubles.vector(withDoubles(vec.storage) { p in running(p, 0.0) { $0 + ($1.isNaN ? 0 : $1) } }).value(r)
            }
            return Longs.vector(withLongs(vec.storage) { p in running(p, Int64(0)) { $0 &+ ($1 == longNull ? 0 : $1) } }).value(r)
        }, list: { try scan($0, Arithmetic.add) })
    }

    /// `prds`: running products, nulls as one.
    static func prds(_ x: QValue) throws -> QValue {
        try uniform(x, vector: { v in
            guard case .vector(let vec) = v else { return v }
            guard let r = Arithmetic.multiplyTable.result(vec.type, vec.type) else { throw QError.type }
            if r.isFloating {
                return Doubles.vector(withDoubles(vec.storage) { p in running(p, 1.0) { $0 * ($1.isNaN ? 1 : $1) } }).value(r)
            }
            return Longs.vector(withLongs(vec.storage) { p in running(p, Int64(1)) { $0 &* ($1 == longNull ? 1 : $1) } }).value(r)
        }, list: { try scan($0, Arithmetic.multiply) })
    }

    /// A running accumulation over a buffer.
    @inline(__always)
    static func running<T>(_ p: UnsafeBufferPointer<T>, _ seed: T, _ f: (T, T) -> T) -> [T] {
        var acc = seed
        return makeArray(p.count) { out in
            for k in 0..<p.count { acc = f(acc, p[k]); out.initializeElement(at: k, to: acc) }
        }
    }

    /// `maxs`: running maximums; nulls are ignored, leading nulls give `-0W`.
    static func maxs(_ x: QValue, _ s: Interpreter) throws -> QValue {
        try uniform(x, vector: { try runningExtreme($0, largest: true) }, list: { try scan($0) { try greater($0, $1, s) } })
    }

    /// `mins`: running minimums; nulls are ignored, leading nulls give `0W`.
    static func mins(_ x: QValue, _ s: Interpreter) throws -> QValue {
        try uniform(x, vector: { try runningExtreme($0, largest: false) }, list: { try scan($0) { try lesser($0, $1, s) } })
    }

    static func runningExtreme(_ x: QValue, largest: Bool) throws -> QValue {
        guard case .vector(let v) = x else {
            if case .atom(let t, _) = x, t == .symbol || t == .guid { throw QError.type }
            return x
        }
        let storage: QStorage
        switch v.storage {
        case .j, .i, .h:
            let out = withLongs(v.storage) { p in
                largest ? running(p, -Int64.max) { Swift.max($0, $1) }
                        : running(p, Int64.max) { $1 == longNull ? $0 : Swift.min($0, $1) }
            }
            storage = narrowKeepingInfinity(out, v.type)
        case .f(let a):
            storage = .f(a.withUnsafeBufferPointer { p in
                largest ? running(p, -Double.infinity) { $1 > $0 ? $1 : $0 } : running(p, Double.infinity) { $1 < $0 ? $1 : $0 }
            })
        case .e(let a):
            storage = .e(a.withUnsafeBufferPointer { p in
                largest ? running(p, -Float.infinity) { $1 > $0 ? $1 : $0 } : running(p, Float.infinity) { $1 < $0 ? $1 : $0 }
            })
        case .x(let a):
            storage = .x(a.withUnsafeBufferPointer { p in largest ? running(p, 0) { Swift.max($0, $1) } : running(p, 255) { Swift.min($0, $1) } })
        case .b(let a):
            storage = .b(a.withUnsafeBufferPointer { p in largest ? running(p, false) { $0 || $1 } : running(p, true) { $0 && $1 } })
        case .g, .s:
            throw QError.type
        }
        return .vector(QVector(v.type, storage))
    }

    /// Longs narrowed to a type's storage, mapping ±`0W` of long to ±infinity of that type.
    static func narrowKeepingInfinity(_ a: [Int64], _ t: QType) -> QStorage {
        switch t.storageKind {
        case .i: return .i(a.map { $0 == longNull ? Int32.min : $0 >= Int64(Int32.max) ? Int32.max : $0 <= -Int64(Int32.max) ? -Int32.max : Int32($0) })
        case .h: return .h(a.map { $0 == longNull ? Int16.min : $0 >= Int64(Int16.max) ? Int16.max : $0 <= -Int64(Int16.max) ? -Int16.max : Int16($0) })
        default: return narrowLongs(a, t)
        }
    }

    /// `deltas`: differences between neighbouring items; the first item is kept.
    static func deltas(_ x: QValue) throws -> QValue {
        try uniform(x, vector: { v in
            guard case .vector(let vec) = v else { return v }
            guard let r = Arithmetic.subtractTable.result(vec.type, vec.type) else { throw QError.type }
            if r.isFloating {
                return Doubles.vector(withDoubles(vec.storage) { p in prior(p) { $0 - $1 } }).value(r)
            }
            if case .j(let a) = vec.storage {
                return Longs.vector(a.withUnsafeBufferPointer { p in prior(p) { $0 == longNull || $1 == longNull ? longNull : $0 &- $1 } }).value(r)
            }
            return Longs.vector(withLongs(vec.storage) { p in prior(p) { $0 == longNull || $1 == longNull ? longNull : $0 &- $1 } }).value(r)
        }, list: { try eachPrior($0, Arithmetic.subtract) })
    }

    /// `ratios`: each item divided by its predecessor, as floats; the first item is kept.
    static func ratios(_ x: QValue) throws -> QValue {
        try uniform(x, vector: { v in
            guard case .vector(let vec) = v else { return v }
            guard Arithmetic.isArithmetic(vec.type) else { throw QError.type }
            return .floats(withDoubles(vec.storage) { p in prior(p) { $0 / $1 } })
        }, list: { try eachPrior($0, Arithmetic.divide) })
    }

    /// `f[item; previous]` for each item after the first, which is copied.
    @inline(__always)
    static func prior<T>(_ p: UnsafeBufferPointer<T>, _ f: (T, T) -> T) -> [T] {
        makeArray(p.count) { out in
            guard p.count > 0 else { return }
            out.initializeElement(at: 0, to: p[0])
            for k in 1..<p.count { out.initializeElement(at: k, to: f(p[k], p[k - 1])) }
        }
    }

    /// `avgs`: running means as floats; nulls are skipped.
    static func avgs(_ x: QValue) throws -> QValue {
        try uniform(x, vector: { v in
            switch v {
            case .atom(let t, let s):
                guard Arithmetic.isArithmetic(t) else { throw QError.type }
                return .float(scalarFloat(s))
            case .vector(let vec):
                guard Arithmetic.isArithmetic(vec.type) else { throw QError.type }
                return .floats(withDoubles(vec.storage) { p in
                    var s = 0.0, n = 0.0
                    return makeArray(p.count) { out in
                        for k in 0..<p.count {
                            let ok = !p[k].isNaN
                            s += ok ? p[k] : 0
                            n += ok ? 1 : 0
                            out[k] = s / n
                        }
                    }
                })
            default: throw QError.type
            }
        }, list: { items in
            let totals = try scanItems(items, Arithmetic.add)
            return QValue.collapse(try totals.enumerated().map { try Arithmetic.divide($1, .long(Int64($0 + 1))) })
        })
    }
}
