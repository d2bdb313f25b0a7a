import QCore

// Indexing data: `v[i]`, `v[i;j]`, `d[k]`, `t[i]`, `t[`c]`, keyed-table lookup.
// Indexes are atomic: a list of indexes gives a list of results, of the same shape.

extension Interpreter {
    /// Indexes `x` at depth by `path` (`x[i;j;…]`); `(::)` in the path selects everything.
    func index(_ x: QValue, _ path: [QValue]) throws -> QValue {
        guard let i = path.first else { return x }
        if path.count == 1 { return try index1(x, i) }
        let rest = Array(path.dropFirst())
        if i.isIdentity {
            // x[;j]: apply the rest of the path to every item.
            switch x {
            case .table(let t):
                // t[;`c] is a column; t[;cols]…
                return try index(index1(x, rest[0]), [.identity] + rest.dropFirst())
                    .withTableFallback(t)
            case .dict(let d):
                return .dict(QDict(keys: d.keys, values: try index(d.values, [.identity] + rest)))
            default:
                return QValue.collapse(try x.elements.map { try index($0, rest) })
            }
        }
        let first = try index1(x, i)
        if i.isAtom || isAtomicKey(x, i) { return try index(first, rest) }
        // A list of indexes at this level: the rest applies to each result.
        return QValue.collapse(try first.elements.map { try index($0, rest) })
    }

    private func isAtomicKey(_ x: QValue, _ i: QValue) -> Bool {
        if case .dict(let d) = x, case .table = d.keys { return true }
        return false
    }

    /// Indexes by one index value.
    func index1(_ x: QValue, _ i: QValue) throws -> QValue {
        if i.isIdentity {
            // `h[]` waits for a message on a connection; `neg[h][]` flushes it.
            if case .atom(let t, let sc) = x, t == .long || t == .int, let h = intIndex(t, sc), h.magnitude > 2,
               isOpenHandle(h) {
                return try applyIPCHandle(h, i, x)
            }
            return x
        }
        switch x {
        case .vector(let v):
            return try indexVector(v, i)
        case .list(let l):
            return try indexList(l, i)
        case .dict(let d):
            return try lookup(d, i)
        case .table(let t):
            return try indexTable(t, i)
        case .atom(let t, let sc):
            // An integer atom applied to a value is a handle: 1/2 are stdout/stderr.
            if t == .long || t == .int, let h = intIndex(t, sc) { return try writeHandle(h, i, x) }
            // `` `:host:port "query" ``: a one-shot request.
            if t == .symbol, case .s(let name) = sc, name.hasPrefix(":") { return try oneShot(name, i) }
            throw QError.type
        case .function:
            return try apply(x, [i])
        }
    }

    /// `h x` for an integer handle: console output for ±1 and ±2, IPC otherwise.
    func writeHandle(_ h: Int64, _ x: QValue, _ handle: QValue) throws -> QValue {
        switch h {
        case 1, -1, 2, -2:
            let newline = h < 0
            var out: String
            if let t = self.text(x) {
                out = t + (newline ? "\n" : "")
            } else if case .list(let l) = x, l.allSatisfy({ self.text($0) != nil }) {
                out = l.map { self.text($0)! + (newline ? "\n" : "") }.joined()
            } else if case .vector(let v) = x, v.type == .char || v.count == 0 {
                out = newline ? "\n" : ""
            } else {
                throw QError.type
            }
            if h.magnitude == 1 { output(out) } else { errorOutput(out) }
            return handle
        case 0:
            // Handle 0 is this process: evaluate the string (or apply the list).
            if let src = self.text(x), case .vector = x { return try evaluate(src) }
            return try value(x)
        default:
            return try applyIPCHandle(h, x, handle)
        }
    }

    func indexVector(_ v: QVector, _ i: QValue) throws -> QValue {
        switch i {
        case .atom(let t, let s):
            guard let k = intIndex(t, s) else { throw QError.type }
            return k >= 0 && k < v.count ? v[Int(k)] : v.type.null
        case .vector(let iv):
            if let ks = intIndexes(iv) { return .vector(QVector(v.type, gather(v.storage, ks, type: v.type))) }
            throw QError.type
        case .list(let l):
            return QValue.collapse(try l.map { try indexVector(v, $0) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try indexVector(v, d.values)))
        case .table:
            throw QError.type
        case .function:
            throw QError.type
        }
    }

    func indexList(_ l: [QValue], _ i: QValue) throws -> QValue {
        switch i {
        case .atom(let t, let s):
            guard let k = intIndex(t, s) else { throw QError.type }
            if k >= 0 && k < l.count { return l[Int(k)] }
            return nullLike(l.first)
        case .vector(let iv):
            guard let ks = intIndexes(iv) else { throw QError.type }
            let items = ks.map { k in k >= 0 && k < l.count ? l[Int(k)] : nullLike(l.first) }
            return QValue.collapse(items)
        case .list(let il):
            return QValue.collapse(try il.map { try indexList(l, $0) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try indexList(l, d.values)))
        default:
            throw QError.type
        }
    }

    /// The null q returns for a missing item of a general list: typed like the first item.
    func nullLike(_ v: QValue?) -> QValue {
        guard let v = v else { return .emptyList }
        switch v {
        case .atom(let t, _): return t.null
        case .vector(let vec): return .vector(QVector(vec.type, .empty(vec.type.storageKind)))
        case .list: return .emptyList
        case .table(let t): return .table(QTable(names: t.names, columns: t.columns.map { emptyLike($0) }))
        default: return .identity
        }
    }

    /// An empty list of the same type as `v`.
    func emptyLike(_ v: QValue) -> QValue {
        switch v {
        case .vector(let vec): return .vector(QVector(vec.type, .empty(vec.type.storageKind)))
        case .atom(let t, _): return .vector(QVector(t, .empty(t.storageKind)))
        default: return .emptyList
        }
    }

    /// A dictionary lookup: missing keys give the null of the values' type.
    func lookup(_ d: QDict, _ key: QValue) throws -> QValue {
        if case .table(let kt) = d.keys {
            // Keyed table: key is a row dictionary, a tuple, or a table of keys.
            return try keyedLookup(d, kt, key)
        }
        let keys = d.keys
        if d.sorted, case .atom = key {
            // A step dictionary: the value of the highest key not above the one asked for.
            if let pos = stepPosition(keys, key) { return d.values.element(pos) }
            return missingValue(d.values)
        }
        if case .atom = key {
            if let pos = find(keys, key) { return d.values.element(pos) }
            return missingValue(d.values)
        }
        if case .list = keys, keyMatchesItem(keys, key), let pos = find(keys, key) {
            return d.values.element(pos)
        }
        switch key {
        case .vector, .list:
            let items = try key.elements.map { try lookup(d, $0) }
            if case .vector(let kv) = key, kv.count == 0 { return emptyLike(d.values) }
            return QValue.collapse(items)
        case .dict(let kd):
            return .dict(QDict(keys: kd.keys, values: try lookup(d, kd.values)))
        default:
            if let pos = find(keys, key) { return d.values.element(pos) }
            return missingValue(d.values)
        }
    }

    /// Position of the last key ≤ `key` in sorted keys, or nil when all are greater.
    func stepPosition(_ keys: QValue, _ key: QValue) -> Int? {
        guard let lt = registry.id("<"), let less = registry[lt].dyad else { return find(keys, key) }
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            // Is key < keys[mid]?
            if let r = try? less(key, keys.element(mid), self), case .atom(.boolean, .b(true)) = r { hi = mid } else { lo = mid + 1 }
        }
        return lo == 0 ? nil : lo - 1
    }

    private func keyMatchesItem(_ keys: QValue, _ key: QValue) -> Bool {
        keys.elements.contains { qMatch($0, key) }
    }

    func missingValue(_ values: QValue) -> QValue {
        switch values {
        case .vector(let v): return v.type.null
        case .list(let l): return nullLike(l.first)
        case .table(let t):
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map { missingValue($0) })))
        default: return .identity
        }
    }

    func indexTable(_ t: QTable, _ i: QValue) throws -> QValue {
        switch i {
        case .atom(.symbol, .s(let name)):
            guard let k = t.names.firstIndex(of: name) else { throw QError(name) }
            return t.columns[k]
        case .vector(let v) where v.type == .symbol:
            guard case .s(let names) = v.storage else { throw QError.type }
            return .list(try names.map { n in
                guard let k = t.names.firstIndex(of: n) else { throw QError(n) }
                return t.columns[k]
            })
        case .atom(let ty, let s):
            guard let k = intIndex(ty, s) else { throw QError.type }
            if k >= 0 && k < t.count { return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map { $0.element(Int(k)) }))) }
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map { missingValue($0) })))
        case .vector:
            return .table(QTable(names: t.names, columns: try t.columns.map { try index1($0, i) }))
        case .list(let l):
            return QValue.collapse(try l.map { try indexTable(t, $0) })
        default:
            throw QError.type
        }
    }

    func keyedLookup(_ d: QDict, _ kt: QTable, _ key: QValue) throws -> QValue {
        guard case .table(let vt) = d.values else { throw QError.type }
        let rows = kt.count
        func rowOf(_ vals: [QValue]) -> Int? {
            guard vals.count == kt.columns.count else { return nil }
            outer: for r in 0..<rows {
                for (c, col) in kt.columns.enumerated() where !qMatch(col.element(r), vals[c]) { continue outer }
                return r
            }
            return nil
        }
        func row(_ r: Int?) -> QValue {
            guard let r = r else { return missingValue(.table(vt)) }
            return vt.columns.isEmpty ? .dict(QDict(keys: .symbols([]), values: .emptyList))
                : .dict(QDict(keys: .symbols(vt.names), values: QValue.collapse(vt.columns.map { $0.element(r) })))
        }
        switch key {
        case .dict(let kd):
            // A row dictionary with the key columns.
            let names = kd.keys.elements.compactMap { v -> String? in if case .atom(.symbol, .s(let s)) = v { return s }; return nil }
            let vals = kt.names.map { n in names.firstIndex(of: n).map { kd.values.element($0) } ?? .identity }
            return row(rowOf(vals))
        case .table(let kq):
            // A table of keys: one result row per key row.
            let results = (0..<kq.count).map { r -> QValue in
                let vals = kt.names.map { n in kq.names.firstIndex(of: n).map { kq.columns[$0].element(r) } ?? .identity }
                return row(rowOf(vals))
            }
            return rowsToTable(results, names: vt.names)
        case .atom:
            return row(rowOf([key]))
        default:
            let vals = key.elements
            if kt.columns.count == 1 {
                return rowsToTable(vals.map { row(rowOf([$0])) }, names: vt.names)
            }
            return row(rowOf(vals))
        }
    }

    /// Builds a table from row dictionaries with the given column names.
    func rowsToTable(_ rows: [QValue], names: [String]) -> QValue {
        let cols = names.indices.map { c in
            QValue.collapse(rows.map { r -> QValue in
                if case .dict(let d) = r { return d.values.element(c) }
                return .identity
            })
        }
        return .table(QTable(names: names, columns: cols))
    }

    /// An integer index from an atom (booleans, bytes, shorts, ints, longs), else nil.
    @inline(__always)
    func intIndex(_ t: QType, _ s: QScalar) -> Int64? {
        switch s {
        case .j(let v): return t == .long ? v : nil
        case .i(let v): return t == .int ? (v == Int32.min ? Int64.min : Int64(v)) : nil
        case .h(let v): return Int64(v)
        case .x(let v): return t == .byte ? Int64(v) : nil
        case .b(let v): return v ? 1 : 0
        default: return nil
        }
    }

    /// Integer indexes from an index vector, else nil.
    func intIndexes(_ v: QVector) -> [Int64]? {
        switch v.storage {
        case .j(let a): return v.type == .long ? a : nil
        case .i(let a): return v.type == .int ? a.map { $0 == Int32.min ? Int64.min : Int64($0) } : nil
        case .h(let a): return a.map { Int64($0) }
        case .x(let a): return v.type == .byte ? a.map { Int64($0) } : nil
        case .b(let a): return a.map { $0 ? 1 : 0 }
        default: return nil
        }
    }

    /// Gathers elements of storage at indexes; out-of-range gives the type's null.
    func gather(_ s: QStorage, _ ks: [Int64], type: QType) -> QStorage {
        @inline(__always) func g<T>(_ a: [T], _ null: T) -> [T] {
            let n = Int64(a.count)
            return a.withUnsafeBufferPointer { p in ks.map { $0 >= 0 && $0 < n ? p[Int($0)] : null } }
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
}

private extension QValue {
    func withTableFallback(_ t: QTable) -> QValue { self }
}
