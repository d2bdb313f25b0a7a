import QCore

/// Builds tables written as `([k:…] c:…)`: atoms extend to the length of the columns.
enum TableLiteral {
    static func builder(keyNames: [String], colNames: [String]) -> QValue {
        let names = keyNames + colNames
        let f = QNativeFunction(name: "table", rank: names.count) { args in
            try make(keyNames: keyNames, colNames: colNames, args)
        }
        return .function(.native(f))
    }

    static func make(keyNames: [String], colNames: [String], _ args: [QValue]) throws -> QValue {
        var n: Int? = nil
        for a in args where !a.isAtom {
            if let m = n, m != a.count { throw QError.length }
            n = a.count
        }
        let rows = n ?? 1
        let cols: [QValue] = args.map { a in
            if a.isAtom {
                return QValue.collapse([QValue](repeating: a, count: rows))
            }
            return a
        }
        let values = QTable(names: colNames, columns: Array(cols[keyNames.count...]))
        if keyNames.isEmpty { return .table(values) }
        // Only key columns, `([a:1;b:2])`: a dictionary of the atoms (as in kdb+ 4.1).
        if colNames.isEmpty && args.allSatisfy(\.isAtom) {
            return .dict(QDict(keys: .symbols(keyNames), values: QValue.collapse(args)))
        }
        let keys = QTable(names: keyNames, columns: Array(cols[..<keyNames.count]))
        return .dict(QDict(keys: .table(keys), values: .table(values)))
    }
}
