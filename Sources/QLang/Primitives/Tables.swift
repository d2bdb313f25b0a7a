import QCore

// The tables family: table keywords (cols keys meta xkey xcol xcols xasc xdesc
// ungroup xgroup fby insert upsert tables views) and `n!t` enkey/unkey here; joins in
// Tables+Joins; the qSQL engine and functional forms in Tables+Query; update, delete,
// insert and upsert in Tables+Amend; shared column kernels in Tables+Columns and
// key coding and grades in Tables+Keys.

enum Tables {
    static func register(_ r: inout Registry) {
        r.add("cols", monad: { x, s in .symbols(try s.tableArg(x).names) })
        r.add("keys", monad: { x, s in try s.keyNames(x) })
        r.add("meta", monad: { x, s in try s.meta(x) })
        r.add("xkey", dyad: { x, y, s in try s.byValueOrName(y) { try s.xkey(x, $0) } })
        r.add("xcol", dyad: { x, y, s in try s.xcol(x, y) })
        r.add("xcols", dyad: { x, y, s in try s.xcols(x, y) })
        r.add("xasc", dyad: { x, y, s in try s.byValueOrName(y) { try s.xsort(x, $0, descending: false) } })
        r.add("xdesc", dyad: { x, y, s in try s.byValueOrName(y) { try s.xsort(x, $0, descending: true) } })
        r.add("ungroup", monad: { x, s in try s.ungroup(x) })
        r.add("xgroup", dyad: { x, y, s in try s.xgroup(x, y) })
        r.add("fby", dyad: { x, y, s in try s.fby(x, y) })
        r.add("insert", dyad: { x, y, s in try s.insert(x, y) })
        r.add("upsert", dyad: { x, y, s in
            // Upserting a table to an undefined name creates it.
            if case .atom(.symbol, .s(let n)) = x, s.globals[s.qualify(n)] == nil, FlatTable(y) != nil {
                try s.assignGlobal(s.qualify(n), y)
                return x
            }
            return try s.byValueOrName(x) { try s.upsert($0, y) }
        })
        r.add("tables", monad: { x, s in s.tableNames(x) })
        // Views (`::` definitions) are not supported, so there are never any.
        r.add("views", monad: { _, _ in .symbols([]) })
        registerJoins(&r)

        // `n!t` keys the first n columns, `0!t` unkeys.
        r.overload("!", arity: 2, when: { a in isCount(a[0]) && isTableOrName(a[1]) }) { a, s in
            if case .atom(.symbol, .s(let n)) = a[1], !s.namesTable(n) { return try s.makeDict(a[0], a[1]) }
            return try s.byValueOrName(a[1]) { try s.enkey(a[0], $0) }
        }
        // Functional qSQL on `?` (ranks 4–6) and `!` (rank 4).
        if r.id("?") == nil {
            // Until the compare family registers `?`, give the glyph its functional forms.
            r.add("?", polyad: { a, s in
                if a.count == 3, case .table = a[0] { return try s.simpleExec(a) }
                guard (4...6).contains(a.count), isTableOrName(a[0]) else { throw QError.rank }
                return try s.functionalSelect(a)
            })
        } else {
            for n in 4...6 {
                r.overload("?", arity: n, when: { a in isTableOrName(a[0]) }) { a, s in try s.functionalSelect(a) }
            }
            // `?[t;i;p]`: a table first cannot be a vector conditional's condition.
            r.overload("?", arity: 3, when: { a in if case .table = a[0] { return true }; return false }) { a, s in try s.simpleExec(a) }
        }
        r.overload("!", arity: 4, when: { a in isTableOrName(a[0]) }) { a, s in try s.functionalUpdate(a) }
    }

    static func isCount(_ v: QValue) -> Bool {
        if case .atom(let t, _) = v { return t == .long || t == .int || t == .short }
        return false
    }

    static func isTableOrName(_ v: QValue) -> Bool {
        switch v {
        case .table, .atom(.symbol, _): return true
        case .dict(let d): if case .table = d.keys { return true }; return false
        default: return false
        }
    }
}

extension Interpreter {
    /// A table argument: a table, keyed table, or the name of one.
    func tableArg(_ x: QValue) throws -> FlatTable {
        if case .atom(.symbol, .s(let n)) = x {
            let q = qualify(n)
            return try tableArg(globals[q] ?? lookupFallback(q))
        }
        guard let t = FlatTable(x) else { throw QError.type }
        return t
    }

    /// True when a global of this name holds a table or keyed table.
    func namesTable(_ n: String) -> Bool {
        guard let v = globals[qualify(n)] else { return false }
        return FlatTable(v) != nil
    }

    /// Runs `body` on a table, or on the global a symbol names, storing the result and
    /// returning the name.
    func byValueOrName(_ x: QValue, _ body: (QValue) throws -> QValue) throws -> QValue {
        try onTableOrName(x, amend: true, body)
    }

    /// Symbols from a symbol atom or vector.
    func symbolList(_ x: QValue) throws -> [String] {
        switch x {
        case .atom(.symbol, .s(let n)): return [n]
        case .vector(let v):
            if case .s(let a) = v.storage { return a }
            if v.count == 0 { return [] }
            throw QError.type
        case .list(let l) where l.isEmpty: return []
        default: throw QError.type
        }
    }

    func keyNames(_ x: QValue) throws -> QValue {
        let t = try tableArg(x)
        return .symbols(Array(t.names[..<t.keyCount]))
    }

    /// `meta t`: a table keyed by column name with type letter, foreign key, attribute.
    func meta(_ x: QValue) throws -> QValue {
        let t = try tableArg(x)
        let types: [UInt8] = t.columns.map { col in
            switch col {
            case .vector(let v): return UInt8(ascii: v.type.letter.unicodeScalars.first ?? " ")
            case .list(let l):
                if case .vector(let v)? = l.first, let u = v.type.letter.uppercased().unicodeScalars.first { return UInt8(ascii: u) }
                return 32
            default: return 32
            }
        }
        let attrs: [String] = t.columns.map { if case .vector(let v) = $0 { return v.attribute.letter }; return "" }
        let keys = QTable(names: ["c"], columns: [.symbols(t.names)])
        let vals = QTable(names: ["t", "f", "a"], columns: [.vector(QVector(.char, .x(types))),
                                                           .symbols(t.names.map { _ in "" }), .symbols(attrs)])
        return .dict(QDict(keys: .table(keys), values: .table(vals)))
    }

    /// `x xkey t`: the named columns first, as keys.
    func xkey(_ x: QValue, _ y: QValue) throws -> QValue {
        let keys = try symbolList(x)
        guard let t = FlatTable(y) else { throw QError.type }
        var order: [Int] = []
        for k in keys {
            guard let p = t.names.firstIndex(of: k) else { throw QError(k) }
            order.append(p)
        }
        order += t.names.indices.filter { !order.contains($0) }
        return FlatTable(names: order.map { t.names[$0] }, columns: order.map { t.columns[$0] }, keyCount: keys.count).value()
    }

    /// `n!t`: keys the first n columns (0 unkeys).
    func enkey(_ n: QValue, _ y: QValue) throws -> QValue {
        guard case .atom(_, let sc) = n else { throw QError.type }
        let k = scalarInt(sc)
        guard let t = FlatTable(y) else { throw QError.type }
        guard k >= 0 else { throw QError.domain }
        guard k <= Int64(t.names.count), k < Int64(t.names.count) || k == 0 else { throw QError.length }
        return t.value(keyCount: Int(k))
    }

    /// `x xcol t`: renames the first columns, or those a dictionary maps.
    func xcol(_ x: QValue, _ y: QValue) throws -> QValue {
        guard var t = FlatTable(y) else { throw QError.type }
        var names = t.names
        if case .dict(let d) = x {
            let from = try symbolList(d.keys), to = try symbolList(d.values)
            guard from.count == to.count else { throw QError.length }
            for (f, n) in zip(from, to) {
                guard let p = names.firstIndex(of: f) else { throw QError.length }
                names[p] = n
            }
        } else {
            let new = try symbolList(x)
            guard new.count <= names.count else { throw QError.length }
            for (k, n) in new.enumerated() { names[k] = n }
        }
        t = FlatTable(names: names, columns: t.columns, keyCount: t.keyCount)
        return t.value()
    }

    /// `x xcols t`: the named columns first.
    func xcols(_ x: QValue, _ y: QValue) throws -> QValue {
        guard case .table(let tb) = y else { throw QError.type }
        let first = try symbolList(x)
        var order: [Int] = []
        for n in first {
            guard let p = tb.names.firstIndex(of: n) else { throw QError(n) }
            order.append(p)
        }
        order += tb.names.indices.filter { !order.contains($0) }
        return .table(QTable(names: order.map { tb.names[$0] }, columns: order.map { tb.columns[$0] }))
    }

    /// `x xasc t`, `x xdesc t`: a stable sort on the named columns.
    func xsort(_ x: QValue, _ y: QValue, descending: Bool) throws -> QValue {
        let by = try symbolList(x)
        guard let t = FlatTable(y) else { throw QError.type }
        if Set(t.names).count != t.names.count, let d = t.names.first(where: { n in t.names.filter { $0 == n }.count > 1 }) {
            throw QError("dup " + d)
        }
        var cols: [QValue] = []
        for n in by {
            guard let c = t.column(n) else { throw QError(n) }
            cols.append(c)
        }
        var sorted = t.rows(RowOrder.grade(cols, count: t.count, descending: descending))
        if !descending, let first = by.first, let p = sorted.names.firstIndex(of: first), case .vector(var v) = sorted.columns[p] {
            v.attribute = .sorted
            sorted.columns[p] = .vector(v)
        }
        return sorted.value()
    }

    /// `ungroup t`: one row per item of the list cells.
    func ungroup(_ x: QValue) throws -> QValue {
        guard let t = FlatTable(x) else { throw QError.type }
        // Columns whose cells are lists are spread; the others repeat.
        let spread = t.columns.map { col -> Bool in
            if case .list(let l) = col { return l.contains { !$0.isAtom } }
            return false
        }
        guard let lead = spread.firstIndex(of: true) else { return FlatTable(names: t.names, columns: t.columns, keyCount: 0).value() }
        var rowOf: [Int] = []
        var counts: [Int] = []
        for r in 0..<t.count {
            let n = t.columns[lead].element(r).count
            for (c, sp) in spread.enumerated() where sp {
                let cell = t.columns[c].element(r)
                if !cell.isAtom && cell.count != n { throw QError.length }
            }
            counts.append(n)
            rowOf += [Int](repeating: r, count: n)
        }
        let columns = t.columns.enumerated().map { (c, col) -> QValue in
            guard spread[c] else { return Col.take(col, rowOf) }
            var items: [QValue] = []
            items.reserveCapacity(rowOf.count)
            for r in 0..<t.count {
                let cell = col.element(r)
                if cell.isAtom { items += [QValue](repeating: cell, count: counts[r]) } else { items += cell.elements }
            }
            return QValue.collapse(items)
        }
        return FlatTable(names: t.names, columns: columns, keyCount: 0).value()
    }

    /// `x xgroup t`: keyed by the named columns, other columns grouped into lists.
    func xgroup(_ x: QValue, _ y: QValue) throws -> QValue {
        let by = try symbolList(x)
        guard let t = FlatTable(y) else { throw QError.type }
        var keyCols: [QValue] = []
        for n in by {
            guard let c = t.column(n) else { throw QError(n) }
            keyCols.append(c)
        }
        let groups = KeyCoder.group(keyCols, n: t.count)
        let firsts = groups.map { $0[0] }
        let rest = t.names.indices.filter { !by.contains(t.names[$0]) }
        let keys = QTable(names: by, columns: keyCols.map { Col.take($0, firsts) })
        let vals = QTable(names: rest.map { t.names[$0] },
                          columns: rest.map { c in QValue.list(groups.map { Col.take(t.columns[c], $0) }) })
        return .dict(QDict(keys: .table(keys), values: .table(vals)))
    }

    /// `(f;d) fby g`: `f` applied to the items of `d` in each group of `g`, each result
    /// put back at the group's positions.
    func fby(_ x: QValue, _ g: QValue) throws -> QValue {
        guard !x.isAtom, x.count == 2 else { throw QError.type }
        let f = x.element(0), d = x.element(1)
        let n = g.count
        guard d.count == n else { throw QError.length }
        let groups: [[Int]]
        if case .table(let gt) = g { groups = KeyCoder.group(gt.columns, n: n) } else { groups = KeyCoder.group([g], n: n) }
        let results = try groups.map { try apply1(f, Col.take(d, $0)) }
        return try Col.assemble(results, groups, count: n)
    }

    /// `tables[]`: names of the tables in a namespace, sorted.
    func tableNames(_ x: QValue) -> QValue {
        var ns = namespace
        if case .atom(.symbol, .s(let n)) = x { ns = n == "." ? "" : n }
        let prefix = ns.isEmpty ? "" : ns + "."
        var out: [String] = []
        for (k, v) in globals where FlatTable(v) != nil {
            if prefix.isEmpty {
                if !k.hasPrefix(".") { out.append(k) }
            } else if k.hasPrefix(prefix) {
                let rest = String(k.dropFirst(prefix.count))
                if !rest.contains(".") { out.append(rest) }
            }
        }
        out.sort { RowOrder.symbolCompare($0, $1) < 0 }
        return .symbols(out)
    }
}
