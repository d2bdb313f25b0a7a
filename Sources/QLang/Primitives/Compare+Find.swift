import QCore

// `x?y` Find (exact, type-specific, right-atomic down to the rank of x's items), reverse
// lookup in dictionaries and keyed tables, row search in tables, and `in`.

extension Compare {
    /// `x?y`: roll/deal/permute when x is an integer atom, otherwise find.
    static func query(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if case .atom(let t, let sc) = x, t == .long || t == .int || t == .short {
            return try roll(scalarInt(sc), y, s)
        }
        return try find(x, y, s)
    }

    static func find(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .vector(let v): return try findInVector(v, y)
        case .list(let l): return findInList(l, y)
        case .dict(let d):
            // Reverse lookup: the key of the first matching value.
            let at = try find(d.values, y, s)
            return try s.index1(d.keys, at)
        case .table(let t): return try findRows(t, y)
        default: throw QError.type
        }
    }

    /// Find in a simple vector: y atoms must have the vector's type.
    static func findInVector(_ v: QVector, _ y: QValue) throws -> QValue {
        switch y {
        case .atom(let t, let sc):
            guard t == v.type else { throw QError.type }
            return .long(Int64(firstIndex(v.storage, sc) ?? v.count))
        case .vector(let w):
            guard w.type == v.type else { throw QError.type }
            return .longs(findEach(v.storage, w.storage))
        case .list(let l):
            if let f = l.first, f.isAtom { throw QError.type }
            // Items of lower rank than their siblings are not looked for.
            let d = depth(y)
            return l.isEmpty ? .emptyList : QValue.collapse(try l.map { item in
                depth(item) < d - 1 ? .long(Int64(v.count)) : try findInVector(v, item)
            })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try findInVector(v, d.values)))
        default:
            throw QError.type
        }
    }

    /// Position of the first item equal to `s`, or nil.
    static func firstIndex(_ st: QStorage, _ s: QScalar) -> Int? {
        switch (st, s) {
        case (.j(let a), .j(let x)): return a.firstIndex(of: x)
        case (.i(let a), .i(let x)): return a.firstIndex(of: x)
        case (.x(let a), .x(let x)): return a.firstIndex(of: x)
        case (.s(let a), .s(let x)): return a.firstIndex(of: x)
        case (.f(let a), .f(let x)):
            let k = exactFloatKey(x)
            return a.firstIndex { exactFloatKey($0) == k }
        default:
            for k in 0..<st.count where exactScalarEqual(st[k], s) { return k }
            return nil
        }
    }

    /// Positions in `x` of every item of `y` (same storage), `count x` where absent.
    static func findEach(_ x: QStorage, _ y: QStorage) -> [Int64] {
        let n = Int64(x.count)
        if x.count <= 8 || y.count <= 2 {
            return (0..<y.count).map { k in Int64(firstIndex(x, y[k]) ?? x.count) }
        }
        if let xk = identityKeys(x), let yk = identityKeys(y) {
            var t = KeyTable(capacity: xk.count)
            var firsts: [Int64] = []
            for (k, key) in xk.enumerated() where t.insert(key) == firsts.count { firsts.append(Int64(k)) }
            return yk.map { t.lookup($0).map { firsts[$0] } ?? n }
        }
        switch (x, y) {
        case (.s(let a), .s(let b)):
            var t = SymbolTable()
            var firsts: [Int64] = []
            for (k, sym) in a.enumerated() where t.insert(sym) == firsts.count { firsts.append(Int64(k)) }
            return b.map { t.lookup($0).map { firsts[$0] } ?? n }
        case (.g(let a), .g(let b)): return lookupAll(a, b)
        default: return []
        }
    }

    static func lookupAll<T: Hashable>(_ a: [T], _ b: [T]) -> [Int64] {
        var pos = [T: Int64](minimumCapacity: a.count)
        for (k, item) in a.enumerated().reversed() { pos[item] = Int64(k) }
        return b.map { pos[$0] ?? Int64(a.count) }
    }

    /// The rank (nesting depth) of a value: atoms 0, a vector 1, a list one more than its
    /// first item.
    static func depth(_ v: QValue) -> Int {
        switch v {
        case .atom, .function: return 0
        case .vector, .dict, .table: return 1
        case .list(let l): return 1 + (l.first.map(depth) ?? 0)
        }
    }

    /// Find in a general list: objects one rank below x's are matched whole; y of higher
    /// rank is searched item by item; lower rank is never found.
    static func findInList(_ x: [QValue], _ y: QValue) -> QValue {
        let want = depth(.list(x)) - 1
        var index: [ExactKey: Int]?
        func position(_ item: QValue) -> Int64 {
            if let ix = index { return Int64(ix[ExactKey(value: item)] ?? x.count) }
            return Int64(x.firstIndex { exactMatch($0, item) } ?? x.count)
        }
        if y.count > 8 && !y.isAtom {
            var ix = [ExactKey: Int](minimumCapacity: x.count)
            for (k, item) in x.enumerated().reversed() { ix[ExactKey(value: item)] = k }
            index = ix
        }
        func go(_ item: QValue, _ expected: Int) -> QValue {
            let d = depth(item)
            if d == want && d >= expected { return .long(position(item)) }
            if d < want || d < expected { return .long(Int64(x.count)) }
            if case .dict(let dd) = item { return .dict(QDict(keys: dd.keys, values: go(dd.values, 0))) }
            let items = item.elements
            return items.isEmpty ? .longs([]) : QValue.collapse(items.map { go($0, d - 1) })
        }
        return go(y, 0)
    }

    /// Find rows in a table: y is a row (dictionary or list of column values), or a table
    /// or columns of several rows.
    static func findRows(_ t: QTable, _ y: QValue) throws -> QValue {
        let n = t.count
        func rowKey(_ cols: [QValue], _ r: Int) -> ExactKey { ExactKey(value: .list(cols.map { $0.element(r) })) }
        var index: [ExactKey: Int] {
            var ix = [ExactKey: Int](minimumCapacity: n)
            for r in (0..<n).reversed() { ix[rowKey(t.columns, r)] = r }
            return ix
        }
        func one(_ vals: [QValue]) -> QValue {
            let key = ExactKey(value: .list(vals))
            for r in 0..<n where rowKey(t.columns, r) == key { return .long(Int64(r)) }
            return .long(Int64(n))
        }
        switch y {
        case .dict(let d):
            let names = d.keys.elements.map { Compare.symbolText($0) }
            let vals = t.names.map { c in names.firstIndex(of: c).map { d.values.element($0) } ?? .identity }
            return one(vals)
        case .table(let u):
            let cols = try t.names.map { c -> QValue in
                guard let k = u.names.firstIndex(of: c) else { throw QError.type }
                return u.columns[k]
            }
            let ix = index
            return .longs((0..<u.count).map { r in Int64(ix[rowKey(cols, r)] ?? n) })
        case .list, .vector:
            let items = y.elements
            guard items.count == t.columns.count else { throw QError.length }
            if items.allSatisfy({ $0.isAtom }) { return one(items) }
            // Columns of several rows.
            let m = items[0].count
            guard items.allSatisfy({ !$0.isAtom && $0.count == m }) else { throw QError.length }
            let ix = index
            return .longs((0..<m).map { r in Int64(ix[rowKey(items, r)] ?? n) })
        default:
            throw QError.type
        }
    }

    static func symbolText(_ v: QValue) -> String {
        if case .atom(.symbol, .s(let s)) = v { return s }
        return ""
    }

    // MARK: in

    /// `x in y`: left-atomic membership when y is an atom or vector; otherwise whether x is
    /// an item of y.
    static func isIn(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        switch y {
        case .atom:
            return try inAtom(x, y)
        case .vector(let v):
            if v.count == 1 { return try inAtom(x, v[0]) }
            return try inVector(x, v)
        case .dict(let d):
            return try isIn(x, d.values, s)
        case .list(let l):
            let at = findInList(l, x)
            return try compare(.lt, at, .long(Int64(l.count)))
        case .table(let t):
            let at = try findRows(t, x)
            return try compare(.lt, at, .long(Int64(t.count)))
        case .function:
            throw QError.type
        }
    }

    /// Membership in a one-item y allows mixed types: the item compared by value.
    static func inAtom(_ x: QValue, _ y: QValue) throws -> QValue {
        try atomic1(x) { a in
            // Membership is exact: floats of one type compare by value, not tolerantly.
            if let ta = simpleType(a), ta == simpleType(y), ta.isFloating, case .atom(_, let sy) = y,
               let key = identityKey(sy) {
                switch a {
                case .atom(_, let sa): return .bool(identityKey(sa) == key)
                case .vector(let v):
                    if case .f(let f) = v.storage { return .bools(mapBools(f) { exactFloatKey($0) == key }) }
                    if case .e(let e) = v.storage { return .bools(mapBools(e) { exactFloatKey(Double($0)) == key }) }
                default: break
                }
            }
            return try compare(.eq, a, y)
        }
    }

    static func inVector(_ x: QValue, _ v: QVector) throws -> QValue {
        switch x {
        case .atom(let t, let sc):
            guard t == v.type else { throw QError.type }
            return .bool(firstIndex(v.storage, sc) != nil)
        case .vector(let w):
            guard w.type == v.type else { throw QError.type }
            let n = Int64(v.count)
            return .bools(findEach(v.storage, w.storage).map { $0 < n })
        case .list(let l):
            return l.isEmpty ? .emptyList : QValue.collapse(try l.map { try inVector($0, v) })
        case .dict(let d):
            return .dict(QDict(keys: d.keys, values: try inVector(d.values, v)))
        case .table(let t):
            return .table(QTable(names: t.names, columns: try t.columns.map { try inVector($0, v) }))
        case .function:
            throw QError.type
        }
    }
}
