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
