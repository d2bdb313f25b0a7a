import QCore

// Structure of lists: `first` `last` `reverse` `rotate` `next` `prev` `xprev`, `flip`
// (lists of lists, column dictionaries, tables), `raze` and `cross`.

extension Lists {
    /// `first x`: the first item, a dictionary's first value, a table's first row.
    static func first(_ x: QValue) -> QValue { item(x, fromEnd: false) }

    /// `last x`.
    static func last(_ x: QValue) -> QValue { item(x, fromEnd: true) }

    private static func item(_ x: QValue, fromEnd: Bool) -> QValue {
        switch x {
        case .atom, .function: return x
        case .dict(let d): return item(d.values, fromEnd: fromEnd)
        case .vector(let v):
            guard v.count > 0 else { return v.type.null }
            return v[fromEnd ? v.count - 1 : 0]
        case .list(let l):
            guard let v = fromEnd ? l.last : l.first else { return .emptyList }
            return v
        case .table(let t):
            guard t.count > 0 else { return ListItems.missing(x) }
            return x.element(fromEnd ? t.count - 1 : 0)
        }
    }

    /// `reverse x`: items in reverse order (a dictionary's entries, a table's rows).
    static func reverse(_ x: QValue) -> QValue { ListItems.apply(x, ReverseOp()) }

    /// `x rotate y`.
    static func rotate(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let n = intAtom(x) else { throw QError.type }
        switch y {
        case .atom: return y
        case .function, .dict: throw QError.type
        default:
            let c = Int64(y.count)
            guard c > 0, n != Int64.min else { return y }
            return ListItems.apply(y, RotateOp(n: Int(n % c)))
        }
    }

    /// `n xprev y`: the item `n` places before each item.
    static func xprev(_ x: QValue, _ y: QValue) throws -> QValue {
        guard let n = intAtom(x) else { throw QError.type }
        switch y {
        case .atom, .function: throw QError.rank
        case .dict(let d): return .dict(QDict(keys: d.keys, values: try xprev(x, d.values), sorted: d.sorted))
        default:
            let c = Int64(y.count)
            let k = n == Int64.min ? c : max(-c, min(c, n))
            return ListItems.apply(y, ShiftOp(n: Int(k)))
        }
    }

    /// `next x` and `prev x`.
    static func next(_ x: QValue) throws -> QValue { try xprev(.long(-1), x) }
    static func prev(_ x: QValue) throws -> QValue { try xprev(.long(1), x) }

    // MARK: flip

    /// `flip x`: transpose a list of lists; a column dictionary becomes a table and back.
    static func flip(_ x: QValue) throws -> QValue {
        switch x {
        case .table(let t):
            return .dict(QDict(keys: .symbols(t.names), values: .list(t.columns)))
        case .dict(let d):
            guard case .vector(let kv) = d.keys, case .s(let names) = kv.storage else { throw QError.type }
            let vals = d.values.elements
            guard vals.count == names.count else { throw QError.length }
            var n: Int? = nil
            for v in vals where !v.isAtom {
                if case .dict = v { throw QError.type }
                if let m = n, m != v.count { throw QError.length }
                n = v.count
            }
            guard let rows = n else { throw QError.rank }
            let cols = try vals.map { v -> QValue in
                if v.isAtom { return try takeCount(Int64(rows), v) }
                if case .table = v { throw QError.type }
                return v
            }
            return .table(QTable(names: names, columns: cols))
        case .list(let l):
            return try flipList(l)
        case .vector, .atom:
            return x
        case .function:
            throw QError.type
        }
    }

    /// Transposes a general list whose items are lists of one length (atoms repeat).
    private static func flipList(_ l: [QValue]) throws -> QValue {
        var n: Int? = nil
        for v in l where !v.isAtom {
            if case .dict = v { throw QError.type }
            if let m = n, m != v.count { throw QError.length }
            n = v.count
        }
        guard let rows = n else { return .list(l) }
        // Fast path: vectors of one type become `rows` vectors of that type.
        if case .vector(let v0)? = l.first {
            var parts = [QStorage]()
            parts.reserveCapacity(l.count)
            for item in l {
                guard case .vector(let v) = item, v.type == v0.type else { break }
                parts.append(v.storage)
            }
            if parts.count == l.count, let flat = ListItems.concat(parts, kind: v0.type.storageKind),
               let out = QStorage.dispatch([flat], TransposeKernel(rows: rows, width: l.count, type: v0.type)) {
                return .list(out)
            }
        }
        let items = l.map { $0.isAtom ? nil : $0.elements }
        var out = [QValue]()
        out.reserveCapacity(rows)
        for r in 0..<rows {
            out.append(QValue.collapse(l.indices.map { items[$0]?[r] ?? l[$0] }))
        }
        return .list(out)
    }

    // MARK: raze

    /// `raze x`: the items of `x` joined (`,/`); an atom becomes a one-item list.
    static func raze(_ x: QValue, _ s: Interpreter) throws -> QValue {
        let items: [QValue]
        switch x {
        case .atom: return ListItems.enlist(x)
        case .function: return .list([x])
        case .vector, .table: return x
        case .dict(let d):
            if case .vector = d.values { return d.values }
            if case .table = d.values { return d.values }
            items = d.values.elements
        case .list(let l):
            items = l
        }
        guard let firstItem = items.first else { return x.isAtom ? x : .emptyList }
        // Fast path: atoms and vectors of one type.
        if let t = simpleType(firstItem), items.allSatisfy({ simpleType($0) == t }) {
            let parts = items.map { v -> QStorage in
                switch v {
                case .vector(let vec): return vec.storage
                case .atom(let at, let sc): return ListItems.storage(of: at, sc)
                default: return .empty(t.storageKind)
                }
            }
            if let st = ListItems.concat(parts, kind: t.storageKind) { return .vector(QVector(t, st)) }
        }
        let structured = items.contains { if case .dict = $0 { return true }; if case .table = $0 { return true }; return false }
        if structured {
            // Dictionaries and tables join one at a time; they do not join other kinds.
            var acc = items[0]
            for v in items.dropFirst() {
                switch (acc, v) {
                case (.dict, .dict), (.table, .table), (.table, .dict): acc = try s.join(acc, v)
                case (.dict, .table): throw QError.type
                default:
                    if case .dict = acc { throw QError.type }
                    if case .dict = v { throw QError.type }
                    if case .table = v { throw QError.type }
                    acc = try s.join(acc, v)
                }
            }
            return acc
        }
        var out = [QValue]()
        for v in items {
            switch v {
            case .list(let l): out.append(contentsOf: l)
            case .vector: out.append(contentsOf: v.elements)
            default: out.append(v)
            }
        }
        return QValue.collapse(out)
    }

    // MARK: cross

    /// `x cross y`: every item of `x` joined with every item of `y`, `x` varying slowest.
    static func cross(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if case .function = x { throw QError.type }
        if case .function = y { throw QError.type }
        let xs = x.isAtom ? ListItems.enlist(x) : x
        let ys = y.isAtom ? ListItems.enlist(y) : y
        let nx = xs.count, ny = ys.count
        let (total, o) = nx.multipliedReportingOverflow(by: ny)
        guard !o, total <= maxItems else { throw QError.wsfull }
        if case .table(let a) = xs, case .table(let b) = ys {
            let left = ListItems.apply(.table(a), RepeatEachOp(n: ny))
            let right = try takeCount(Int64(total), .table(b))
            guard case .table(let l) = left, case .table(let r) = right else { throw QError.type }
            var names = l.names, cols = l.columns
            for (k, n) in r.names.enumerated() {
                if let at = names.firstIndex(of: n) { cols[at] = r.columns[k] } else { names.append(n); cols.append(r.columns[k]) }
            }
            return .table(QTable(names: names, columns: cols))
        }
        if case .dict = xs { throw QError.type }
        if case .dict = ys { throw QError.type }
        if case .vector(let a) = xs, case .vector(let b) = ys, a.type == b.type,
           let pairs = QStorage.dispatch([a.storage, b.storage], PairsKernel(type: a.type)) {
            return .list(pairs)
        }
        let left = ListItems.apply(xs, RepeatEachOp(n: ny)).elements
        let right = try takeCount(Int64(total), ys).elements
        var out = [QValue]()
        out.reserveCapacity(total)
        for k in 0..<total { out.append(try s.join(left[k], right[k])) }
        return .list(out)
    }
}
