import QCore

// `.Q` tools that save tables into a partitioned database layout: `.Q.dpft`, `.Q.dpfts`
// (sorted on a field, which gets the parted attribute and comes first) and `.Q.dpt`,
// `.Q.dpts` (unsorted), writing `dir/partition/table/` splayed with symbols added to the
// domain file `dir/sym` (or the one named). Loading such a database (`\l db`) is the
// system commands' business.

enum DotQDatabase {
    /// Registers the partition savers.
    static func register(_ r: inout Registry) {
        let fn = Library.fn
        fn(&r, ".Q.dpft", 4) { a, s in try save(a[0], a[1], field: a[2], a[3], domain: "sym", s) }
        fn(&r, ".Q.dpfts", 5) { a, s in try save(a[0], a[1], field: a[2], a[3], domain: try Library.symbol(a[4]), s) }
        fn(&r, ".Q.dpt", 3) { a, s in try save(a[0], a[1], field: nil, a[2], domain: "sym", s) }
        fn(&r, ".Q.dpts", 4) { a, s in try save(a[0], a[1], field: nil, a[2], domain: try Library.symbol(a[3]), s) }
    }

    /// Saves the global table named `name` splayed to `dir/partition/name/`.
    static func save(_ dir: QValue, _ partition: QValue, field: QValue?, _ name: QValue, domain: String, _ s: Interpreter) throws -> QValue {
        let root = try Library.filePath(dir)
        let tableName = try Library.symbol(name)
        guard case .atom(let pt, let ps) = partition else { throw QError.type }
        guard case .table(var t) = try s.value(name) else { throw QError.type }
        for col in t.columns {
            if case .list(let l) = col, !l.allSatisfy({ if case .vector = $0 { return true }; return false }) {
                throw QError("unmappable")
            }
        }
        // Symbols join the domain in their order in the table as given, before sorting.
        _ = try DotQ.enumerate(.symbol(":" + root), .table(t), domain: domain, s)
        if let f = field {
            let fname = try Library.symbol(f)
            guard let k = t.names.firstIndex(of: fname) else { throw QError(fname) }
            let order = sortOrder(t.columns[k])
            t.columns = try t.columns.map { try s.index1($0, .longs(order)) }
            t.names.insert(t.names.remove(at: k), at: 0)
            var first = t.columns.remove(at: k)
            if case .vector(var v) = first { v.attribute = .parted; first = .vector(v) }
            t.columns.insert(first, at: 0)
        }
        let part = String(decoding: Strings.atomText(pt, ps, s.display), as: UTF8.self)
        try FileData.writeSplayed(root + "/" + part + "/" + tableName, .table(t))
        return name
    }

    /// Row indexes that sort a column ascending, keeping equal items in order.
    static func sortOrder(_ col: QValue) -> [Int64] {
        let n = col.count
        var idx = Array(0..<n)
        switch col {
        case .vector(let v):
            switch v.storage {
            case .s(let a): idx.sort { a[$0] != a[$1] ? a[$0] < a[$1] : $0 < $1 }
            case .f(let a):
                // Nulls sort first, as q's nulls are the smallest values.
                let keys = a.map { $0.isNaN ? -Double.infinity : $0 }
                idx.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            case .e(let a):
                let keys = a.map { $0.isNaN ? -Float.infinity : $0 }
                idx.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            case .g: break
            default:
                let keys = (0..<n).map { scalarInt(v.storage[$0]) }
                idx.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            }
        default: break
        }
        return idx.map(Int64.init)
    }
}
