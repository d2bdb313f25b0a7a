import QCore

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
