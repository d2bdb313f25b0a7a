import QCore

// The combinators that make a primitive atomic: a kernel written for atoms and simple
// vectors is lifted to general lists, dictionaries, tables and keyed tables here, once.

/// Lifts a unary kernel (defined on atoms and vectors) over lists, dictionaries and tables.
func atomic1(_ x: QValue, _ kernel: (QValue) throws -> QValue) throws -> QValue {
    switch x {
    case .atom, .vector:
        return try kernel(x)
    case .list(let l):
        var out = [QValue]()
        out.reserveCapacity(l.count)
        for item in l { out.append(try atomic1(item, kernel)) }
        return l.isEmpty ? try emptyListResult(kernel) : QValue.collapse(out)
    case .dict(let d):
        return .dict(QDict(keys: d.keys, values: try atomic1(d.values, kernel), sorted: d.sorted))
    case .table(let t):
        return .table(QTable(names: t.names, columns: try t.columns.map { try atomic1($0, kernel) }))
    case .function:
        throw QError.type
    }
}

/// An atomic function of an empty general list gives an empty general list.
private func emptyListResult(_ kernel: (QValue) throws -> QValue) throws -> QValue { .emptyList }

/// Lifts a binary kernel (defined on atom/vector pairs of equal length) pairwise over
/// lists, dictionaries (union of keys) and tables (by column).
func atomic2(_ x: QValue, _ y: QValue, _ kernel: (QValue, QValue) throws -> QValue) throws -> QValue {
    switch (x, y) {
    case (.atom, .atom), (.atom, .vector), (.vector, .atom):
        return try kernel(x, y)
    case (.vector(let a), .vector(let b)):
        guard a.count == b.count else { throw QError.length }
        return try kernel(x, y)
    case (.dict(let a), .dict(let b)):
        return try dictPair(a, b, kernel)
    case (.dict(let a), _):
        if case .table = y { throw QError.type }
        return .dict(QDict(keys: a.keys, values: try atomic2(a.values, y, kernel), sorted: a.sorted))
    case (_, .dict(let b)):
        if case .table = x { throw QError.type }
        return .dict(QDict(keys: b.keys, values: try atomic2(x, b.values, kernel), sorted: b.sorted))
    case (.table(let a), .table(let b)):
        guard a.names == b.names, a.count == b.count else { throw a.names == b.names ? QError.length : QError.mismatch }
        return .table(QTable(names: a.names, columns: try zip(a.columns, b.columns).map { try atomic2($0, $1, kernel) }))
    case (.table(let a), _):
        if y.isAtom { return .table(QTable(names: a.names, columns: try a.columns.map { try atomic2($0, y, kernel) })) }
        guard y.count == a.count else { throw QError.length }
        return .table(QTable(names: a.names, columns: try a.columns.map { try atomic2($0, y, kernel) }))
    case (_, .table(let b)):
        if x.isAtom { return .table(QTable(names: b.names, columns: try b.columns.map { try atomic2(x, $0, kernel) })) }
        guard x.count == b.count else { throw QError.length }
        return .table(QTable(names: b.names, columns: try b.columns.map { try atomic2(x, $0, kernel) }))
    case (.function, _), (_, .function):
        throw QError.type
    default:
        // At least one general list: go item by item.
        let xa = x.isAtom, ya = y.isAtom
        if !xa && !ya && x.count != y.count { throw QError.length }
        let n = xa ? y.count : x.count
        let xs = xa ? [] : x.elements, ys = ya ? [] : y.elements
        var out = [QValue]()
        out.reserveCapacity(n)
        for k in 0..<n { out.append(try atomic2(xa ? x : xs[k], ya ? y : ys[k], kernel)) }
        if n == 0 { return .emptyList }
        return QValue.collapse(out)
    }
}

/// Dictionary with dictionary: common keys combine, others keep their own value.
private func dictPair(_ a: QDict, _ b: QDict, _ kernel: (QValue, QValue) throws -> QValue) throws -> QValue {
    if case .table(let ka) = a.keys, case .table = b.keys {
        // Keyed tables: combine value rows whose key rows match.
        return try keyedPair(a, ka, b, kernel)
    }
    let ak = a.keys.elements, bk = b.keys.elements
    var keys = ak
    var vals = a.values.elements
    let bv = b.values.elements
    for (j, k) in bk.enumerated() {
        if let pos = ak.firstIndex(where: { qMatch($0, k) }) {
            vals[pos] = try atomic2(vals[pos], bv[j], kernel)
        } else {
            keys.append(k)
            vals.append(bv[j])
        }
    }
    return .dict(QDict(keys: QValue.collapse(keys), values: QValue.collapse(vals)))
}

private func keyedPair(_ a: QDict, _ ka: QTable, _ b: QDict, _ kernel: (QValue, QValue) throws -> QValue) throws -> QValue {
    guard case .table(let va) = a.values, case .table(let vb) = b.values, case .table(let kb) = b.keys else { throw QError.type }
    var rowsA = (0..<va.count).map { QValue.table(va).element($0) }
    var keyRows = (0..<ka.count).map { QValue.table(ka).element($0) }
    for r in 0..<kb.count {
        let key = QValue.table(kb).element(r)
        let row = QValue.table(vb).element(r)
        if let pos = keyRows.firstIndex(where: { qMatch($0, key) }) {
            rowsA[pos] = try atomic2(rowsA[pos], row, kernel)
        } else {
            keyRows.append(key)
            rowsA.append(row)
        }
    }
    func table(_ rows: [QValue], _ names: [String]) -> QValue {
        .table(QTable(names: names, columns: names.indices.map { c in
            QValue.collapse(rows.map { if case .dict(let d) = $0 { return d.values.element(c) }; return .identity })
        }))
    }
    return .dict(QDict(keys: table(keyRows, ka.names), values: table(rowsA, va.names)))
}
