import QCore

// Item-wise building blocks for the list primitives. An `ItemOp` rearranges the items of
// one Swift array; `QStorage.apply` runs it on whichever typed array a vector holds, so a
// long vector is sliced or reversed as [Int64] without boxing its elements. The same op
// runs on general lists ([QValue]) and on every column of a table.

/// A rearrangement of an array's items. `null` fills positions with no source item.
protocol ItemOp {
    func run<T>(_ a: [T], null: T) -> [T]
}

extension QStorage {
    /// Runs `op` on the typed array; `type` picks the null (a char's is a blank).
    @inline(__always)
    func apply<O: ItemOp>(_ op: O, type: QType) -> QStorage {
        switch self {
        case .b(let a): return .b(op.run(a, null: false))
        case .g(let a): return .g(op.run(a, null: .null))
        case .x(let a): return .x(op.run(a, null: type == .char ? 32 : 0))
        case .h(let a): return .h(op.run(a, null: Int16.min))
        case .i(let a): return .i(op.run(a, null: Int32.min))
        case .j(let a): return .j(op.run(a, null: Int64.min))
        case .e(let a): return .e(op.run(a, null: .nan))
        case .f(let a): return .f(op.run(a, null: .nan))
        case .s(let a): return .s(op.run(a, null: ""))
        }
    }
}

/// Items `lo..<hi` (in range).
struct SliceOp: ItemOp {
    let lo: Int, hi: Int
    func run<T>(_ a: [T], null: T) -> [T] { Array(a[lo..<hi]) }
}

/// `n#`: the first `n` items (last `-n` when negative), cycling when `n` exceeds the count
/// and filling with nulls when there is nothing to cycle.
struct TakeOp: ItemOp {
    let n: Int
    func run<T>(_ a: [T], null: T) -> [T] {
        let want = n.magnitude > Int.max.magnitude ? Int.max : Int(n.magnitude)
        let c = a.count
        if c == 0 { return [T](repeating: null, count: want) }
        if want <= c { return n >= 0 ? Array(a[0..<want]) : Array(a[(c - want)..<c]) }
        var out = [T]()
        out.reserveCapacity(want)
        // Taking from the end starts part-way through the cycle so the last item comes last.
        var start = n >= 0 ? 0 : (c - want % c) % c
        while out.count < want {
            let k = min(c - start, want - out.count)
            out.append(contentsOf: a[start..<(start + k)])
            start = 0
        }
        return out
    }
}

/// Items at positions; negative or out-of-range positions give nulls.
struct GatherOp: ItemOp {
    let idx: [Int]
    func run<T>(_ a: [T], null: T) -> [T] {
        let c = a.count
        return a.withUnsafeBufferPointer { p in
            [T](unsafeUninitializedCapacity: idx.count) { buf, n in
                for k in 0..<idx.count {
                    let i = idx[k]
                    (buf.baseAddress! + k).initialize(to: i >= 0 && i < c ? p[i] : null)
                }
                n = idx.count
            }
        }
    }
}

/// Items where `mask` is `keep`.
struct CompressOp: ItemOp {
    let mask: [Bool]
    let keep: Bool
    func run<T>(_ a: [T], null: T) -> [T] {
        var out = [T]()
        a.withUnsafeBufferPointer { p in
            mask.withUnsafeBufferPointer { m in
                var n = 0
                for k in 0..<min(p.count, m.count) where m[k] == keep { n &+= 1 }
                out.reserveCapacity(n)
                for k in 0..<min(p.count, m.count) where m[k] == keep { out.append(p[k]) }
            }
        }
        return out
    }
}

/// Items in reverse order.
struct ReverseOp: ItemOp {
    func run<T>(_ a: [T], null: T) -> [T] {
        let c = a.count
        return a.withUnsafeBufferPointer { p in
            [T](unsafeUninitializedCapacity: c) { buf, n in
                for k in 0..<c { (buf.baseAddress! + k).initialize(to: p[c - 1 - k]) }
                n = c
            }
        }
    }
}

/// `n rotate`: left by `n` (right when negative).
struct RotateOp: ItemOp {
    let n: Int
    func run<T>(_ a: [T], null: T) -> [T] {
        let c = a.count
        guard c > 0 else { return a }
        let k = ((n % c) + c) % c
        if k == 0 { return a }
        var out = [T]()
        out.reserveCapacity(c)
        out.append(contentsOf: a[k..<c])
        out.append(contentsOf: a[0..<k])
        return out
    }
}

/// `n xprev`: each item replaced by the one `n` places before it (after it when negative).
struct ShiftOp: ItemOp {
    let n: Int
    func run<T>(_ a: [T], null: T) -> [T] {
        let c = a.count
        var out = [T](repeating: null, count: c)
        if n >= 0 {
            if n < c { out.replaceSubrange(n..<c, with: a[0..<(c - n)]) }
        } else {
            let m = n == Int.min ? c : min(-n, c)
            if m < c { out.replaceSubrange(0..<(c - m), with: a[m..<c]) }
        }
        return out
    }
}

/// Items of `a` repeated `n` times each, in place: `a0 a0 a1 a1 …` (for `cross`).
struct RepeatEachOp: ItemOp {
    let n: Int
    func run<T>(_ a: [T], null: T) -> [T] {
        var out = [T]()
        out.reserveCapacity(a.count * n)
        for x in a { for _ in 0..<n { out.append(x) } }
        return out
    }
}

/// A computation over the typed arrays of several storages of one kind; `wrap` turns an
/// array of that element type back into storage.
protocol StorageKernel {
    associatedtype Result
    func run<T>(_ arrays: [[T]], _ wrap: ([T]) -> QStorage) -> Result
}

extension QStorage {
    /// Runs `kernel` on the arrays of `parts` when all are of one kind, else nil.
    static func dispatch<K: StorageKernel>(_ parts: [QStorage], _ kernel: K) -> K.Result? {
        guard let first = parts.first else { return nil }
        func go<T>(_ pick: (QStorage) -> [T]?, _ wrap: ([T]) -> QStorage) -> K.Result? {
            var arrays = [[T]]()
            arrays.reserveCapacity(parts.count)
            for p in parts {
                guard let a = pick(p) else { return nil }
                arrays.append(a)
            }
            return kernel.run(arrays, wrap)
        }
        switch first {
        case .b: return go({ if case .b(let a) = $0 { return a }; return nil }, { .b($0) })
        case .g: return go({ if case .g(let a) = $0 { return a }; return nil }, { .g($0) })
        case .x: return go({ if case .x(let a) = $0 { return a }; return nil }, { .x($0) })
        case .h: return go({ if case .h(let a) = $0 { return a }; return nil }, { .h($0) })
        case .i: return go({ if case .i(let a) = $0 { return a }; return nil }, { .i($0) })
        case .j: return go({ if case .j(let a) = $0 { return a }; return nil }, { .j($0) })
        case .e: return go({ if case .e(let a) = $0 { return a }; return nil }, { .e($0) })
        case .f: return go({ if case .f(let a) = $0 { return a }; return nil }, { .f($0) })
        case .s: return go({ if case .s(let a) = $0 { return a }; return nil }, { .s($0) })
        }
    }
}

/// Rows of a matrix stored column after column in one array (`width` columns of `rows`
/// items): row r holds item r of every column.
struct TransposeKernel: StorageKernel {
    let rows: Int, width: Int, type: QType
    func run<T>(_ arrays: [[T]], _ wrap: ([T]) -> QStorage) -> [QValue] {
        var out = [QValue]()
        out.reserveCapacity(rows)
        arrays[0].withUnsafeBufferPointer { p in
            for r in 0..<rows {
                out.append(.vector(QVector(type, wrap([T](unsafeUninitializedCapacity: width) { buf, n in
                    for c in 0..<width { (buf.baseAddress! + c).initialize(to: p[c &* rows &+ r]) }
                    n = width
                }))))
            }
        }
        return out
    }
}

/// `mask[k] ? x : y[k]` over two storages of one kind; `x` is one item or as long as `y`.
struct SelectKernel: StorageKernel {
    let mask: [Bool]
    func run<T>(_ arrays: [[T]], _ wrap: ([T]) -> QStorage) -> QStorage {
        let x = arrays[0], y = arrays[1]
        let one = x.count == 1
        return wrap(x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                mask.withUnsafeBufferPointer { m in
                    [T](unsafeUninitializedCapacity: yp.count) { buf, n in
                        for k in 0..<yp.count { (buf.baseAddress! + k).initialize(to: m[k] ? xp[one ? 0 : k] : yp[k]) }
                        n = yp.count
                    }
                }
            }
        })
    }
}

/// Every pair (x item, y item), x varying slowest, as two-item storages (for `cross`).
struct PairsKernel: StorageKernel {
    let type: QType
    func run<T>(_ arrays: [[T]], _ wrap: ([T]) -> QStorage) -> [QValue] {
        let a = arrays[0], b = arrays[1]
        var out = [QValue]()
        out.reserveCapacity(a.count * b.count)
        for x in a { for y in b { out.append(.vector(QVector(type, wrap([x, y])))) } }
        return out
    }
}

enum ListItems {
    /// The null q uses for a missing item of a general list: typed like its first item.
    static func listNull(_ l: [QValue]) -> QValue {
        guard let v = l.first else { return .emptyList }
        switch v {
        case .atom(let t, _): return t.null
        case .vector(let vec): return .vector(QVector(vec.type, .empty(vec.type.storageKind)))
        case .table(let t): return .table(QTable(names: t.names, columns: t.columns.map { empty(like: $0) }))
        case .dict(let d): return .dict(QDict(keys: d.keys, values: missing(d.values)))
        default: return .emptyList
        }
    }

    /// An empty list of the same type as `v`.
    static func empty(like v: QValue) -> QValue {
        switch v {
        case .vector(let vec): return .vector(QVector(vec.type, .empty(vec.type.storageKind)))
        case .atom(let t, _): return .vector(QVector(t, .empty(t.storageKind)))
        case .table(let t): return .table(QTable(names: t.names, columns: t.columns.map { empty(like: $0) }))
        case .dict(let d): return .dict(QDict(keys: empty(like: d.keys), values: empty(like: d.values)))
        default: return .emptyList
        }
    }

    /// The value of a missing entry: nulls of the values' type (a row of nulls for tables).
    static func missing(_ values: QValue) -> QValue {
        switch values {
        case .vector(let v): return v.type.null
        case .list(let l): return listNull(l)
        case .table(let t):
            return .dict(QDict(keys: .symbols(t.names), values: QValue.collapse(t.columns.map { missing($0) })))
        default: return .identity
        }
    }

    /// Runs an item op on a list-like value: a vector's typed storage, a general list's
    /// items, every column of a table, keys and values of a dictionary. Atoms come back
    /// unchanged (callers handle them first). Attributes do not survive.
    static func apply<O: ItemOp>(_ v: QValue, _ op: O) -> QValue {
        switch v {
        case .vector(let vec): return .vector(QVector(vec.type, vec.storage.apply(op, type: vec.type)))
        case .list(let l): return .list(op.run(l, null: listNull(l)))
        case .table(let t): return .table(QTable(names: t.names, columns: t.columns.map { apply($0, op) }))
        case .dict(let d): return .dict(QDict(keys: apply(d.keys, op), values: apply(d.values, op)))
        case .atom, .function: return v
        }
    }

    /// Items `lo..<hi` of a list-like value (clamped to its count).
    static func slice(_ v: QValue, _ lo: Int, _ hi: Int) -> QValue {
        let c = v.count
        let a = max(0, min(lo, c)), b = max(a, min(hi, c))
        return apply(v, SliceOp(lo: a, hi: b))
    }

    /// Items at positions (out-of-range positions give nulls).
    static func gather(_ v: QValue, _ idx: [Int]) -> QValue { apply(v, GatherOp(idx: idx)) }

    /// Positions where a boolean mask is true.
    static func positions(_ mask: [Bool]) -> [Int] {
        var out = [Int]()
        out.reserveCapacity(mask.count)
        for k in 0..<mask.count where mask[k] { out.append(k) }
        return out
    }

    /// A one-item list of `v` (a vector for atoms, a table for a row dictionary).
    static func enlist(_ v: QValue) -> QValue {
        switch v {
        case .atom(let t, let s): return .vector(QVector(t, QStorage.gather(kind: t.storageKind, [.atom(t, s)])))
        case .dict(let d):
            if case .vector(let kv) = d.keys, case .s(let names) = kv.storage, !(d.values.isAtom) {
                let vals = d.values.elements
                if vals.count == names.count { return .table(QTable(names: names, columns: vals.map { enlist($0) })) }
            }
            return .list([v])
        default: return .list([v])
        }
    }

    /// Joins typed storages of one kind into one (the fast path of `raze`).
    static func concat(_ parts: [QStorage], kind: QStorageKind) -> QStorage? {
        func cat<T>(_ pick: (QStorage) -> [T]?) -> [T]? {
            var total = 0
            for p in parts { total &+= p.count }
            var out = [T]()
            out.reserveCapacity(total)
            for p in parts {
                guard let a = pick(p) else { return nil }
                out.append(contentsOf: a)
            }
            return out
        }
        switch kind {
        case .b: return cat { if case .b(let a) = $0 { return a }; return nil }.map { .b($0) }
        case .g: return cat { if case .g(let a) = $0 { return a }; return nil }.map { .g($0) }
        case .x: return cat { if case .x(let a) = $0 { return a }; return nil }.map { .x($0) }
        case .h: return cat { if case .h(let a) = $0 { return a }; return nil }.map { .h($0) }
        case .i: return cat { if case .i(let a) = $0 { return a }; return nil }.map { .i($0) }
        case .j: return cat { if case .j(let a) = $0 { return a }; return nil }.map { .j($0) }
        case .e: return cat { if case .e(let a) = $0 { return a }; return nil }.map { .e($0) }
        case .f: return cat { if case .f(let a) = $0 { return a }; return nil }.map { .f($0) }
        case .s, .mixed: return cat { if case .s(let a) = $0 { return a }; return nil }.map { .s($0) }
        }
    }

    /// Storage of an atom's type holding just that atom.
    static func storage(of t: QType, _ s: QScalar) -> QStorage { QStorage.gather(kind: t.storageKind, [.atom(t, s)]) }

    /// A list of row dictionaries with the same symbol keys as a table, else nil.
    static func tableFromRows(_ rows: [QValue]) -> QValue? {
        guard case .dict(let d0)? = rows.first, case .vector(let kv) = d0.keys, case .s(let names) = kv.storage else { return nil }
        var cols = [[QValue]](repeating: [], count: names.count)
        for r in rows {
            guard case .dict(let d) = r, case .vector(let k) = d.keys, case .s(let n) = k.storage, n == names else { return nil }
            let vals = d.values.elements
            guard vals.count == names.count else { return nil }
            for c in 0..<names.count { cols[c].append(vals[c]) }
        }
        return .table(QTable(names: names, columns: cols.map { QValue.collapse($0) }))
    }
}
