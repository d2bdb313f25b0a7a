import QCore

// update and delete: templates and the functional form `![t;c;b;a]`. Both work on
// whole columns: an update scatters each phrase's values into the rows the where
// phrase kept (per group with by); a delete gathers the rows or columns that remain.

extension Interpreter {
    /// `update` on a table or keyed table: the named columns replaced or added.
    func runUpdate(_ spec: QuerySpec, _ source: QValue) throws -> QValue {
        if case .dict(let d) = source, !isKeyedTable(d) { return try updateDict(spec, d) }
        guard var t = FlatTable(source) else { throw QError.type }
        guard case .named(let cols) = spec.columns else { return source }
        let rows = try filterRows(spec.wheres, t)
        var groups: [[Int]]? = nil
        switch spec.by {
        case .keyed(let by): groups = try groupRows(by, t, rows, sorted: false).groups
        case .list(let p): groups = try groupRows([("", p)], t, rows, sorted: false).groups
        default: break
        }
        // Every phrase sees the original columns; the results are applied afterwards.
        var newColumns: [(String, QValue)] = []
        for (name, p) in cols {
            let existing = t.column(name)
            var col: QValue
            if let gs = groups {
                let results = try fastAggregate(p, t, gs)?.elements ?? gs.map { try evalPhrase(p, t, $0) }
                if rows == nil {
                    col = try Col.assemble(results, gs, count: t.count)
                } else {
                    col = existing ?? Col.nulls(like: sample(results), count: t.count)
                    let (positions, values) = try Col.spread(results, gs)
                    try Col.scatter(&col, positions, values)
                }
            } else {
                let v = try evalPhrase(p, t, rows)
                if let r = rows {
                    col = existing ?? Col.nulls(like: v.isAtom ? v : sample([v]), count: t.count)
                    try Col.scatter(&col, r, v)
                } else if v.isAtom {
                    col = Col.repeatAtom(v, t.count)
                } else {
                    guard v.count == t.count else { throw QError.length }
                    col = v
                }
            }
            newColumns.append((name, col))
        }
        var names = t.names, columns = t.columns
        for (name, col) in newColumns {
            if let k = names.firstIndex(of: name) { columns[k] = col } else { names.append(name); columns.append(col) }
        }
        t = FlatTable(names: names, columns: columns, keyCount: t.keyCount)
        return t.value()
    }

    /// A sample of the items a new column will hold, for its nulls.
    private func sample(_ results: [QValue]) -> QValue {
        for r in results {
            if r.isAtom { return r }
            if r.count > 0 { return r.element(0) }
        }
        if let r = results.first, case .vector(let v) = r { return v.type.null }
        return .emptyList
    }

    private func isKeyedTable(_ d: QDict) -> Bool {
        if case .table = d.keys { return true }
        return false
    }

    /// `update a:… from d` on a dictionary: amends or adds entries.
    private func updateDict(_ spec: QuerySpec, _ d: QDict) throws -> QValue {
        if case .keyed = spec.by { throw QError.type }
        guard case .named(let cols) = spec.columns else { return .dict(d) }
        var names: [String] = []
        for k in d.keys.elements { guard case .atom(.symbol, .s(let n)) = k else { throw QError.type }; names.append(n) }
        let t = FlatTable(names: names, columns: d.values.elements, keyCount: 0)
        var keys = names, vals = d.values.elements
        for (name, p) in cols {
            let v = try evalPhrase(p, t, nil)
            if let k = keys.firstIndex(of: name) { vals[k] = v } else { keys.append(name); vals.append(v) }
        }
        return .dict(QDict(keys: .symbols(keys), values: QValue.collapse(vals)))
    }

    /// `delete` of rows (by where-constraints) or of named columns (or dictionary entries).
    func runDelete(columns: [String], wheres: [Phrase], _ source: QValue) throws -> QValue {
        if case .dict(let d) = source, !isKeyedTable(d) {
            let keys = d.keys.elements, vals = d.values.elements
            let keep = keys.indices.filter { k in
                if case .atom(.symbol, .s(let n)) = keys[k] { return !columns.contains(n) }
                return true
            }
            return .dict(QDict(keys: QValue.collapse(keep.map { keys[$0] }).typedLike(d.keys),
                               values: QValue.collapse(keep.map { vals[$0] }).typedLike(d.values)))
        }
        guard let t = FlatTable(source) else { throw QError.type }
        if !columns.isEmpty {
            let keep = t.names.indices.filter { !columns.contains(t.names[$0]) }
            let keyCount = keep.filter { $0 < t.keyCount }.count
            return FlatTable(names: keep.map { t.names[$0] }, columns: keep.map { t.columns[$0] }, keyCount: keyCount).value()
        }
        guard let rows = try filterRows(wheres, t) else { return t.rows([]).value() }
        var drop = [Bool](repeating: false, count: t.count)
        for r in rows { drop[r] = true }
        return t.rows((0..<t.count).filter { !drop[$0] }).value()
    }

    /// Runs a query on a value or, given a table's name, on the global: update and
    /// delete by name store the result and return the name.
    func onTableOrName(_ source: QValue, amend: Bool, _ body: (QValue) throws -> QValue) throws -> QValue {
        guard case .atom(.symbol, .s(let name)) = source else { return try body(source) }
        if name == "." || name.isEmpty { throw QError.type }
        let q = qualify(name)
        let current = try globals[q] ?? lookupFallback(q)
        let result = try body(current)
        guard amend else { return result }
        try assignGlobal(q, result)
        return source
    }

    /// `delete a,b from `.` (or a namespace): removes the named globals.
    func deleteGlobals(_ names: [String], namespace ns: String) throws -> QValue {
        if readOnly { throw QError.noupdate }
        for n in names { globals[ns == "." ? qualify(n) : ns + "." + n] = nil }
        return .symbol(ns)
    }
}

extension QValue {
    /// An empty result keeps the type of the list it came from.
    func typedLike(_ original: QValue) -> QValue {
        if count == 0, case .vector(let v) = original { return .vector(QVector(v.type, .empty(v.type.storageKind))) }
        return self
    }
}

// MARK: - insert and upsert

// insert and upsert: records given as a table, a dictionary, a list of records or one
// value (or list) per column are turned into columns, type-checked against the target
// and appended (or, for keyed targets, matched on key with a hash lookup).

extension Interpreter {
    /// `` `t insert y ``: appends records to the global table, returning their row numbers.
    func insert(_ x: QValue, _ y: QValue) throws -> QValue {
        guard case .atom(.symbol, .s(let name)) = x else { throw QError.type }
        let q = qualify(name)
        guard let current = globals[q] else {
            guard FlatTable(y) != nil else { throw QError(name) }
            try assignGlobal(q, y)
            return Col.longs(Array(0..<y.count))
        }
        guard var t = FlatTable(current) else { throw QError.type }
        let new = try recordColumns(y, t)
        let n = new.first?.count ?? 0
        if t.keyCount > 0 {
            let (codes, _) = KeyCoder.rowCodes([Array(t.columns[..<t.keyCount]), Array(new[..<t.keyCount])])
            let existing = Set(codes[0])
            if codes[1].contains(where: existing.contains) { throw QError("insert") }
        }
        let start = t.count
        t = FlatTable(names: t.names, columns: try zip(t.columns, new).map { try appendColumn($0, $1) }, keyCount: t.keyCount)
        try assignGlobal(q, t.value())
        return Col.longs(Array(start..<(start + n)))
    }

    /// `x upsert y`: appends to a simple table; replaces rows with matching keys (and
    /// appends the rest) in a keyed table.
    func upsert(_ x: QValue, _ y: QValue) throws -> QValue {
        guard var t = FlatTable(x) else { throw QError.type }
        if case .list(let l) = y, l.isEmpty { return x }
        let given = try recordNames(y, t)
        let new = try recordColumns(y, t)
        let n = new.first?.count ?? 0
        guard t.keyCount > 0 else {
            t = FlatTable(names: t.names, columns: try zip(t.columns, new).map { try appendColumn($0, $1) }, keyCount: 0)
            return t.value()
        }
        let kc = t.keyCount
        let (codes, _) = KeyCoder.rowCodes([Array(t.columns[..<kc]), Array(new[..<kc])])
        var rowOfCode: [Int: Int] = [:]
        for (r, c) in codes[0].enumerated() where rowOfCode[c] == nil { rowOfCode[c] = r }
        // Positions in the result for each new row: an existing row, or a fresh one.
        var target = [Int](repeating: 0, count: n)
        var fresh: [Int] = []
        var next = t.count
        for r in 0..<n {
            if let p = rowOfCode[codes[1][r]] { target[r] = p } else {
                rowOfCode[codes[1][r]] = next
                target[r] = next
                fresh.append(r)
                next += 1
            }
        }
        var columns = t.columns
        for c in columns.indices {
            let fill = given[c] ? new[c] : Col.nulls(like: Col.nullCell(columns[c]), count: n)
            columns[c] = try appendColumn(columns[c], Col.take(fill, fresh))
            if given[c] { try Col.scatter(&columns[c], target, new[c]) }
        }
        return FlatTable(names: t.names, columns: columns, keyCount: kc).value()
    }

    /// Which target columns the records give values for.
    private func recordNames(_ y: QValue, _ t: FlatTable) throws -> [Bool] {
        if let yt = FlatTable(y) { return t.names.map { yt.names.contains($0) } }
        return t.names.map { _ in true }
    }

    /// The records of `y` as one column per target column (missing columns null).
    func recordColumns(_ y: QValue, _ t: FlatTable) throws -> [QValue] {
        if let yt = FlatTable(y) {
            for n in yt.names where t.column(n) == nil { throw QError.mismatch }
            return t.names.indices.map { c in
                yt.column(t.names[c]) ?? Col.nulls(like: Col.nullCell(t.columns[c]), count: yt.count)
            }
        }
        if case .dict(let d) = y {
            let keys = try symbolList(d.keys), vals = d.values.elements
            return try t.names.map { n in
                guard let p = keys.firstIndex(of: n) else { throw QError.mismatch }
                return enlistItem(vals[p])
            }
        }
        let items = y.elements
        // A list of whole records: one row per item.
        if case .list = y, !items.isEmpty, items.allSatisfy(isRecord(t)) {
            return t.names.indices.map { c in QValue.collapse(items.map { $0.element(c) }) }
        }
        guard items.count == t.names.count else { throw QError.length }
        // One value per column: atoms for one row, lists for several.
        var rows: Int? = nil
        for (c, item) in items.enumerated() where !item.isAtom && takesRows(t.columns[c]) {
            if let m = rows, m != item.count { throw QError.length }
            rows = item.count
        }
        guard let n = rows else { return items.map { enlistItem($0) } }
        return items.enumerated().map { (c, item) in
            if item.isAtom { return Col.repeatAtom(item, n) }
            return takesRows(t.columns[c]) ? item : .list([QValue](repeating: item, count: n))
        }
    }

    private func isRecord(_ t: FlatTable) -> (QValue) -> Bool {
        { item in
            guard case .list(let r) = item, r.count == t.names.count else { return false }
            return r.indices.allSatisfy { r[$0].isAtom || !self.takesRows(t.columns[$0]) }
        }
    }

    /// True when a list given for this column means several rows (not one list cell).
    private func takesRows(_ col: QValue) -> Bool {
        if case .list(let l) = col, let first = l.first, !first.isAtom { return false }
        return true
    }

    /// Appends new rows to a column: a typed column takes only its own type; an empty
    /// general column takes the type of what arrives.
    func appendColumn(_ existing: QValue, _ new: QValue) throws -> QValue {
        if new.count == 0 { return existing }
        switch existing {
        case .vector(let v):
            if case .vector(let w) = new, w.type == v.type { return Col.concat(existing, new) }
            if case .list(let l) = new, l.allSatisfy({ if case .atom(let t, _) = $0 { return t == v.type }; return false }) {
                return Col.concat(existing, QValue.collapse(l))
            }
            throw QError.type
        case .list(let l):
            if l.isEmpty { return new }
            return .list(l + new.elements)
        default:
            throw QError.type
        }
    }
}
