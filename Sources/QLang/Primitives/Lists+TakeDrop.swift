import QCore

// `#` take and `_` drop.
//
// Take: leading/trailing items with cycling, reshape by an int vector, entries of a
// dictionary or columns of a table named by symbols, rows of a keyed table named by a
// table of keys, and setting an attribute with a symbol atom. Also `sublist`.

/// More items than a take or reshape may build: fail with `'wsfull` rather than trap
/// allocating them.
let maxItems = 1 << 31

extension Lists {
    /// A short, int or long atom's value (nulls as Int64.min), nil for other values.
    static func intAtom(_ v: QValue) -> Int64? {
        guard case .atom(let t, let s) = v else { return nil }
        switch (t, s) {
        case (.long, .j(let x)): return x
        case (.int, .i(let x)): return x == Int32.min ? Int64.min : Int64(x)
        case (.short, .h(let x)): return x == Int16.min ? Int64.min : Int64(x)
        default: return nil
        }
    }

    /// A short, int or long vector's values (nulls as Int64.min), nil for other values.
    static func intVector(_ v: QValue) -> [Int64]? {
        guard case .vector(let vec) = v else { return nil }
        switch (vec.type, vec.storage) {
        case (.long, .j(let a)): return a
        case (.int, .i(let a)): return a.map { $0 == Int32.min ? Int64.min : Int64($0) }
        case (.short, .h(let a)): return a.map { $0 == Int16.min ? Int64.min : Int64($0) }
        default: return nil
        }
    }

    /// Symbol names of a symbol atom or vector, nil for other values.
    static func symbols(_ v: QValue) -> [String]? {
        switch v {
        case .atom(.symbol, .s(let s)): return [s]
        case .vector(let vec): if case .s(let a) = vec.storage, vec.type == .symbol { return a }; return nil
        default: return nil
        }
    }

    static func isSymbolVector(_ v: QValue) -> Bool {
        if case .vector(let vec) = v, vec.type == .symbol { return true }
        return false
    }

    /// `x#y`.
    static func take(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if let n = intAtom(x) { return try takeCount(n, y) }
        if case .atom(.symbol, .s(let a)) = x { return try setAttribute(a, y) }
        if isSymbolVector(x), let names = symbols(x) {
            switch y {
            case .dict(let d):
                if case .table = d.keys { throw QError.type }
                return .dict(QDict(keys: x, values: try s.lookup(d, x)))
            case .table(let t):
                return .table(QTable(names: names, columns: try names.map { n in
                    guard let k = t.names.firstIndex(of: n) else { throw QError(n) }
                    return t.columns[k]
                }))
            default: throw QError.type
            }
        }
        if case .table(let kt) = x, case .dict(let d) = y, case .table = d.keys {
            // Rows of a keyed table named by a table of keys, keys kept.
            return .dict(QDict(keys: .table(kt), values: try s.lookup(d, x)))
        }
        if let dims = intVector(x) { return try reshape(dims, y) }
        if case .list(let l) = x, l.isEmpty { return try reshape([], y) }
        throw QError.type
    }

    /// `n#y`: items from the front (back when negative), cycling; nulls from an empty list.
    static func takeCount(_ n: Int64, _ y: QValue) throws -> QValue {
        if n == Int64.min {
            // A null count takes everything.
            return y.isAtom ? ListItems.enlist(y) : y
        }
        guard n.magnitude <= UInt64(maxItems) else { throw QError.wsfull }
        let op = TakeOp(n: Int(n))
        switch y {
        case .atom(let t, let sc):
            return .vector(QVector(t, ListItems.storage(of: t, sc).apply(op, type: t)))
        case .function:
            return .list([QValue](repeating: y, count: Int(n.magnitude)))
        case .dict(let d):
            return .dict(QDict(keys: ListItems.apply(d.keys, op), values: ListItems.apply(d.values, op)))
        default:
            return ListItems.apply(y, op)
        }
    }

    /// `dims#y`: a list shaped by `dims`, items taken from `y` in order, cycling.
    static func reshape(_ dims: [Int64], _ y: QValue) throws -> QValue {
        switch dims.count {
        case 0:
            return try takeCount(1, y).element(0)
        case 1:
            return try takeCount(dims[0], y)
        case 2:
            return try reshape2(dims[0], dims[1], y)
        default:
            var total: Int64 = 1, outer: Int64 = 1
            for (k, d) in dims.enumerated() {
                // No nulls or negatives; an empty dimension only at the end.
                guard d != Int64.min, d >= 0, d > 0 || k == dims.count - 1 else { throw QError.domain }
                let (p, o) = total.multipliedReportingOverflow(by: d)
                guard !o, p <= Int64(maxItems) else { throw QError.wsfull }
                total = p
                if k < dims.count - 1 {
                    let (q, o2) = outer.multipliedReportingOverflow(by: d)
                    guard !o2, q <= Int64(maxItems) else { throw QError.wsfull }
                    outer = q
                }
            }
            var level = try takeCount(total, y)
            // Cut the flat list into rows, innermost dimension first.
            var rows = total
            for d in dims.dropFirst().reversed() {
                rows = d == 0 ? outer : rows / d
                level = chunk(level, size: Int(d), rows: Int(rows), lastGetsRest: false)
            }
            return level
        }
    }

    /// Two dimensions, either of which may be null (as many as the items allow).
    static func reshape2(_ r: Int64, _ c: Int64, _ y: QValue) throws -> QValue {
        let items = y.isAtom ? ListItems.enlist(y) : y
        let n = items.count
        switch (r == Int64.min, c == Int64.min) {
        case (true, true):
            throw QError.domain
        case (true, false):
            guard c > 0, c <= Int64(maxItems) else { throw c == 0 ? QError.domain : QError.wsfull }
            let cols = Int(c)
            let rows = (n + cols - 1) / cols
            return chunk(items, size: cols, rows: rows, lastGetsRest: true)
        case (false, true):
            guard r > 0, r <= Int64(maxItems) else { throw r == 0 ? QError.domain : QError.wsfull }
            let rows = Int(r)
            return chunk(items, size: n / rows, rows: rows, lastGetsRest: true)
        case (false, false):
            guard r >= 0, c >= 0 else { throw QError.domain }
            let (total, o) = r.multipliedReportingOverflow(by: c)
            guard !o, total <= Int64(maxItems), r <= Int64(maxItems) else { throw QError.wsfull }
            let flat = try takeCount(total, y)
            return chunk(flat, size: Int(c), rows: Int(r), lastGetsRest: false)
        }
    }

    /// `rows` consecutive slices of `size` items; the last one runs to the end if asked.
    static func chunk(_ v: QValue, size: Int, rows: Int, lastGetsRest: Bool) -> QValue {
        var out = [QValue]()
        out.reserveCapacity(rows)
        for k in 0..<rows {
            let lo = k &* size
            let hi = lastGetsRest && k == rows - 1 ? v.count : lo &+ size
            out.append(ListItems.slice(v, lo, hi))
        }
        return .list(out)
    }

    /// `x sublist y`: like take but never more items than `y` has; a pair is (start; count).
    static func sublist(_ x: QValue, _ y: QValue) throws -> QValue {
        if case .dict(let d) = y, !(isKeyed(d)) {
            return .dict(QDict(keys: try sublist(x, d.keys), values: try sublist(x, d.values)))
        }
        if let n = intAtom(x) {
            if y.isAtom { throw QError.type }
            let c = Int64(y.count)
            if n == Int64.min { return y }
            return n.magnitude < c.magnitude ? try takeCount(n, y) : y
        }
        if let p = intVector(x) {
            guard p.count == 2 else { throw QError.length }
            if y.isAtom { throw QError.type }
            let c = Int64(y.count)
            let start = p[0] == Int64.min ? 0 : max(0, p[0])
            let len = p[1] == Int64.min ? 0 : max(0, min(p[1], c &- start))
            guard start < c else { return ListItems.slice(y, 0, 0) }
            return ListItems.slice(y, Int(start), Int(start + len))
        }
        throw QError.type
    }

    static func isKeyed(_ d: QDict) -> Bool {
        if case .table = d.keys { return true }
        return false
    }
}

// `_` drop and cut, and the `cut` keyword: leading/trailing items, an item or key removed,
// keys removed from a dictionary, columns removed from a table, a list cut at indexes.

extension Lists {
    /// `x _ y`.
    static func drop(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if let n = intAtom(x) { return try dropCount(n, y) }
        switch y {
        case .dict(let d):
            // Keys named by `x` removed (an atom or a list of keys).
            if case .table = x { throw QError.type }
            if case .function = x { throw QError.type }
            let keys = x.isAtom ? ListItems.enlist(x) : x
            return removeKeys(d, keys)
        case .table(let t):
            if let cuts = intVector(x) { return try cut(cuts, y) }
            guard isSymbolVector(x), let names = symbols(x) else { throw QError.type }
            var kept = [Int]()
            for k in t.names.indices where !names.contains(t.names[k]) { kept.append(k) }
            return .table(QTable(names: kept.map { t.names[$0] }, columns: kept.map { t.columns[$0] }))
        case .atom:
            return try removeItem(x, y)
        case .function:
            throw QError.type
        default:
            if let cuts = intVector(x) { return try cut(cuts, y) }
            if case .list(let l) = x, l.isEmpty { return .emptyList }
            throw QError.type
        }
    }

    /// `n _ y`: without the first `n` items (last `-n` when negative).
    static func dropCount(_ n: Int64, _ y: QValue) throws -> QValue {
        switch y {
        case .atom, .function: throw QError.type
        default:
            let c = Int64(y.count)
            if n == Int64.min { return y }
            if n >= 0 { return ListItems.slice(y, Int(min(n, c)), Int(c)) }
            return ListItems.slice(y, 0, Int(max(0, c &+ n)))
        }
    }

    /// `x _ i`: `x` without the item at index `i` (or key `i` of a dictionary).
    static func removeItem(_ x: QValue, _ i: QValue) throws -> QValue {
        switch x {
        case .dict(let d):
            if case .table = d.keys { return removeKeys(d, ListItems.enlist(i)) }
            return removeKeys(d, ListItems.enlist(i))
        case .vector, .list, .table:
            guard let k = intAtom(i) else { throw QError.type }
            let c = Int64(x.count)
            guard k >= 0 && k < c else { return x }
            var idx = [Int]()
            idx.reserveCapacity(Int(c) - 1)
            for j in 0..<Int(c) where j != Int(k) { idx.append(j) }
            return ListItems.gather(x, idx)
        case .atom, .function:
            throw QError.type
        }
    }

    /// A dictionary without the entries whose keys are items of `keys`.
    static func removeKeys(_ d: QDict, _ keys: QValue) -> QValue {
        let hit = ItemKeys.memberMask(d.keys, keys)
        let kept = ListItems.positions(hit.map { !$0 })
        return .dict(QDict(keys: ListItems.gather(d.keys, kept), values: ListItems.gather(d.values, kept), sorted: d.sorted))
    }

    /// `i _ y`: `y` cut at ascending indexes `i`; piece k runs from `i[k]` to `i[k+1]`.
    static func cut(_ idx: [Int64], _ y: QValue) throws -> QValue {
        let c = Int64(y.count)
        var prev: Int64 = 0
        for v in idx {
            guard v != Int64.min, v >= prev, v <= c else { throw QError.domain }
            prev = v
        }
        var out = [QValue]()
        out.reserveCapacity(idx.count)
        for k in 0..<idx.count {
            let hi = k + 1 < idx.count ? idx[k + 1] : c
            out.append(ListItems.slice(y, Int(idx[k]), Int(hi)))
        }
        return .list(out)
    }

    /// `x cut y`: rows of `x` items for an atom, otherwise as `_` cut.
    static func cutKeyword(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if let n = intAtom(x) {
            if y.isAtom { throw QError.type }
            guard n > 0 else { throw QError.domain }
            return try reshape2(Int64.min, n, y)
        }
        if let cuts = intVector(x) {
            if y.isAtom { throw QError.type }
            if case .dict = y { throw QError.type }
            return try cut(cuts, y)
        }
        throw QError.type
    }
}
