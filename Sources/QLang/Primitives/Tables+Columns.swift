import QCore

// Column kernels shared by qSQL, joins and the table keywords: gathering rows by
// position, nulls for missing rows, scattering new values into a column. Everything
// works on whole columns (typed storage), never on row dictionaries.

enum Col {
    /// The items of a column at positions; a negative position gives the column's null.
    static func take(_ col: QValue, _ idx: [Int]) -> QValue {
        switch col {
        case .vector(let v):
            return .vector(QVector(v.type, takeStorage(v.storage, idx, type: v.type)))
        case .list(let l):
            let null = nullCell(col)
            let n = l.count
            return .list(idx.map { $0 >= 0 && $0 < n ? l[$0] : null })
        case .table(let t):
            return .table(QTable(names: t.names, columns: t.columns.map { take($0, idx) }))
        case .dict(let d):
            if case .table = d.keys { return .dict(QDict(keys: take(d.keys, idx), values: take(d.values, idx))) }
            return .list(idx.map { $0 >= 0 && $0 < d.keys.count ? d.values.element($0) : .identity })
        case .atom, .function:
            return QValue.collapse(idx.map { _ in col })
        }
    }

    static func takeStorage(_ s: QStorage, _ idx: [Int], type: QType) -> QStorage {
        @inline(__always) func g<T>(_ a: [T], _ null: T) -> [T] {
            let n = a.count
            return a.withUnsafeBufferPointer { p in
                [T](unsafeUninitializedCapacity: idx.count) { buf, c in
                    for (k, i) in idx.enumerated() { (buf.baseAddress! + k).initialize(to: i >= 0 && i < n ? p[i] : null) }
                    c = idx.count
                }
            }
        }
        switch s {
        case .b(let a): return .b(g(a, false))
        case .g(let a): return .g(g(a, .null))
        case .x(let a): return .x(g(a, type == .char ? 32 : 0))
        case .h(let a): return .h(g(a, Int16.min))
        case .i(let a): return .i(g(a, Int32.min))
        case .j(let a): return .j(g(a, Int64.min))
        case .e(let a): return .e(g(a, .nan))
        case .f(let a): return .f(g(a, .nan))
        case .s(let a): return .s(g(a, ""))
        }
    }

    /// Rows `lo..<hi` of a column.
    static func slice(_ col: QValue, _ lo: Int, _ hi: Int) -> QValue {
        take(col, Array(lo..<max(lo, hi)))
    }

    /// The value a missing row of this column gets: the typed null, or for a list of
    /// lists an empty list like its first item.
    static func nullCell(_ col: QValue) -> QValue {
        switch col {
        case .vector(let v): return v.type.null
        case .list(let l):
            guard let first = l.first else { return .emptyList }
            switch first {
            case .atom(let t, _): return t.null
            case .vector(let v): return .vector(QVector(v.type, .empty(v.type.storageKind)))
            default: return .emptyList
            }
        case .table(let t):
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map(nullCell))))
        default: return .identity
        }
    }

    /// A column of `count` nulls of the type of `sample` (an atom or a list).
    static func nulls(like sample: QValue, count: Int) -> QValue {
        switch sample {
        case .atom(let t, _): return filled(t, count)
        case .vector(let v): return filled(v.type, count)
        case .list(let l):
            return .list([QValue](repeating: nullCell(.list(l)), count: count))
        default: return .list([QValue](repeating: .emptyList, count: count))
        }
    }

    /// A vector of `count` nulls of type `t`.
    static func filled(_ t: QType, _ count: Int) -> QValue {
        .vector(QVector(t, repeatScalar(t.nullScalar, count)))
    }

    /// A vector of `count` copies of an atom.
    static func repeatAtom(_ a: QValue, _ count: Int) -> QValue {
        guard case .atom(let t, let s) = a else { return .list([QValue](repeating: a, count: count)) }
        return .vector(QVector(t, repeatScalar(s, count)))
    }

    static func repeatScalar(_ s: QScalar, _ n: Int) -> QStorage {
        switch s {
        case .b(let v): return .b([Bool](repeating: v, count: n))
        case .g(let v): return .g([QGUID](repeating: v, count: n))
        case .x(let v): return .x([UInt8](repeating: v, count: n))
        case .h(let v): return .h([Int16](repeating: v, count: n))
        case .i(let v): return .i([Int32](repeating: v, count: n))
        case .j(let v): return .j([Int64](repeating: v, count: n))
        case .e(let v): return .e([Float](repeating: v, count: n))
        case .f(let v): return .f([Double](repeating: v, count: n))
        case .s(let v): return .s([String](repeating: v, count: n))
        }
    }

    /// Writes `values` (an atom for every position, or one item per position) into
    /// `col` at `idx`. A typed column only takes its own type (`'type` otherwise);
    /// a general list takes anything.
    static func scatter(_ col: inout QValue, _ idx: [Int], _ values: QValue) throws {
        if !values.isAtom && values.count != idx.count { throw QError.length }
        if idx.isEmpty { return }
        if case .vector(var v) = col {
            let src: QStorage
            switch values {
            case .atom(let t, let s) where t == v.type: src = repeatScalar(s, 1)
            case .vector(let w) where w.type == v.type: src = w.storage
            default: throw QError.type
            }
            // Move the storage out so it is uniquely referenced while written.
            col = .identity
            var st = v.storage
            v.storage = .b([])
            write(&st, idx, src, broadcast: values.isAtom)
            v.storage = st
            v.attribute = .none
            col = .vector(v)
            return
        }
        var items = col.elements
        col = .identity
        let vals = values.isAtom ? [] : values.elements
        for (k, i) in idx.enumerated() where i >= 0 && i < items.count { items[i] = values.isAtom ? values : vals[k] }
        col = .list(items)
    }

    /// `st[idx[k]] = src[k]` (or `src[0]` for every position when broadcasting).
    private static func write(_ st: inout QStorage, _ idx: [Int], _ src: QStorage, broadcast: Bool) {
        func w<T>(_ a: inout [T], _ b: [T]) {
            a.withUnsafeMutableBufferPointer { p in
                for (k, i) in idx.enumerated() where i >= 0 && i < p.count { p[i] = b[broadcast ? 0 : k] }
            }
        }
        switch (st, src) {
        case (.b(var a), .b(let x)): st = .j([]); w(&a, x); st = .b(a)
        case (.g(var a), .g(let x)): st = .b([]); w(&a, x); st = .g(a)
        case (.x(var a), .x(let x)): st = .b([]); w(&a, x); st = .x(a)
        case (.h(var a), .h(let x)): st = .b([]); w(&a, x); st = .h(a)
        case (.i(var a), .i(let x)): st = .b([]); w(&a, x); st = .i(a)
        case (.j(var a), .j(let x)): st = .b([]); w(&a, x); st = .j(a)
        case (.e(var a), .e(let x)): st = .b([]); w(&a, x); st = .e(a)
        case (.f(var a), .f(let x)): st = .b([]); w(&a, x); st = .f(a)
        case (.s(var a), .s(let x)): st = .b([]); w(&a, x); st = .s(a)
        default: break
        }
    }

    /// Per-group results laid out by row: the concatenated group positions and the
    /// value for each (an atom result repeats over its group).
    static func spread(_ results: [QValue], _ groups: [[Int]]) throws -> (positions: [Int], values: QValue) {
        var positions: [Int] = []
        positions.reserveCapacity(groups.reduce(0) { $0 + $1.count })
        for g in groups { positions += g }
        if results.allSatisfy({ $0.isAtom }) {
            // One atom per group: gather it by each row's group number.
            var owner: [Int] = []
            owner.reserveCapacity(positions.count)
            for (k, g) in groups.enumerated() { owner += repeatElement(k, count: g.count) }
            return (positions, take(QValue.collapse(results), owner))
        }
        for (r, g) in zip(results, groups) where r.isAtom || r.count != g.count {
            if !r.isAtom { throw QError.length }
        }
        let expanded = zip(results, groups).map { r, g in r.isAtom ? repeatAtom(r, g.count) : r }
        return (positions, raze(expanded))
    }

    /// Lists joined end to end: one vector when they share a type.
    static func raze(_ parts: [QValue]) -> QValue {
        var storages: [QStorage] = []
        storages.reserveCapacity(parts.count)
        var type: QType? = nil
        for p in parts {
            guard case .vector(let v) = p, type == nil || type == v.type else { storages = []; type = nil; break }
            type = v.type
            storages.append(v.storage)
        }
        if let t = type {
            func cat<T>(_ pick: (QStorage) -> [T]?) -> [T] {
                var out: [T] = []
                out.reserveCapacity(storages.reduce(0) { $0 + $1.count })
                for st in storages { out += pick(st) ?? [] }
                return out
            }
            let st: QStorage
            switch t.storageKind {
            case .b: st = .b(cat { if case .b(let a) = $0 { return a }; return nil })
            case .g: st = .g(cat { if case .g(let a) = $0 { return a }; return nil })
            case .x: st = .x(cat { if case .x(let a) = $0 { return a }; return nil })
            case .h: st = .h(cat { if case .h(let a) = $0 { return a }; return nil })
            case .i: st = .i(cat { if case .i(let a) = $0 { return a }; return nil })
            case .j: st = .j(cat { if case .j(let a) = $0 { return a }; return nil })
            case .e: st = .e(cat { if case .e(let a) = $0 { return a }; return nil })
            case .f: st = .f(cat { if case .f(let a) = $0 { return a }; return nil })
            case .s, .mixed: st = .s(cat { if case .s(let a) = $0 { return a }; return nil })
            }
            return .vector(QVector(t, st))
        }
        var items: [QValue] = []
        for p in parts { items += p.isAtom ? [p] : p.elements }
        return QValue.collapse(items)
    }

    /// Builds a column of `count` rows from per-group results: each group's result (an
    /// atom for the whole group, or one item per row) lands at that group's rows.
    static func assemble(_ results: [QValue], _ groups: [[Int]], count: Int) throws -> QValue {
        let (positions, values) = try spread(results, groups)
        var from = [Int](repeating: -1, count: count)
        for (k, p) in positions.enumerated() where p >= 0 && p < count { from[p] = k }
        return take(values, from)
    }

    static func isList(_ v: QValue) -> Bool { if case .list = v { return true }; return false }

    /// Joins two columns end to end, keeping a vector when both have one type.
    static func concat(_ a: QValue, _ b: QValue) -> QValue {
        switch (a, b) {
        case (.vector(let x), .vector(let y)) where x.type == y.type:
            return .vector(QVector(x.type, joinStorage(x.storage, y.storage)))
        default:
            if a.count == 0 && !isList(b) { return b }
            if b.count == 0 && !isList(a) { return a }
            return QValue.collapse(a.elements + b.elements)
        }
    }

    static func joinStorage(_ a: QStorage, _ b: QStorage) -> QStorage {
        switch (a, b) {
        case (.b(let x), .b(let y)): return .b(x + y)
        case (.g(let x), .g(let y)): return .g(x + y)
        case (.x(let x), .x(let y)): return .x(x + y)
        case (.h(let x), .h(let y)): return .h(x + y)
        case (.i(let x), .i(let y)): return .i(x + y)
        case (.j(let x), .j(let y)): return .j(x + y)
        case (.e(let x), .e(let y)): return .e(x + y)
        case (.f(let x), .f(let y)): return .f(x + y)
        case (.s(let x), .s(let y)): return .s(x + y)
        default: return a
        }
    }

    /// A long vector of positions.
    static func longs(_ idx: [Int]) -> QValue { .longs(idx.map { Int64($0) }) }

    /// Positions where a boolean vector (or atom, for every row) is true.
    static func whereTrue(_ v: QValue, count: Int) throws -> [Int] {
        switch v {
        case .atom(.boolean, .b(let b)): return b ? Array(0..<count) : []
        case .vector(let vec):
            guard vec.count == count else { throw QError.length }
            switch vec.storage {
            case .b(let a):
                var out: [Int] = []
                out.reserveCapacity(a.count)
                for (k, x) in a.enumerated() where x { out.append(k) }
                return out
            default: throw QError.type
            }
        default: throw QError.type
        }
    }
}
