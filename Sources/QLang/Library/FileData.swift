import QCore
import QIPC
#if canImport(Glibc)
import Glibc
#endif

// Binary data files: `` `:f set v `` and `` get `:f `` (overloads of the system family's
// `set`, `get` and `value` for file symbols), and the binary forms of `save` and `load`.
// A file is the bytes 0xff 0x01 followed by the value in kdb+'s serialized form, which
// kdb+ itself reads. A splayed table (`` `:dir/ ``) is a directory holding its column
// names in `.d` and each column in a data file; symbol columns are written as they are,
// since enumerations are symbols in this value model. The `.Q.dpft` family, which saves
// partitions of splayed tables, is here too.

enum FileData {
    /// Registers the file-symbol overloads of `set`, `get` and `value`.
    static func register(_ r: inout Registry) {
        r.overload("set", arity: 2, when: { Library.isFileSymbol($0[0]) }) { a, _ in
            let path = try Library.filePath(a[0])
            if path.hasSuffix("/") { try writeSplayed(String(path.dropLast()), a[1]) } else { try write(path, a[1]) }
            return a[0]
        }
        for name in ["get", "value"] {
            r.overload(name, arity: 1, when: { Library.isFileSymbol($0[0]) }) { a, _ in
                try read(try Library.filePath(a[0]))
            }
        }
    }

    /// The file header kdb+ writes before a serialized value.
    static let header: [UInt8] = [0xFF, 0x01]

    /// Writes `v` as a data file.
    static func write(_ path: String, _ v: QValue) throws {
        let payload: [UInt8]
        do { payload = try QWire.serialize(v) } catch is QWireError { throw QError.type }
        try Library.writeFile(path, header + payload)
    }

    /// Writes a table splayed: `.d` and one file per column in directory `dir`.
    static func writeSplayed(_ dir: String, _ v: QValue) throws {
        guard case .table(let t) = v else { throw QError.type }
        for (k, n) in t.names.enumerated() {
            if case .list(let l) = t.columns[k], !l.allSatisfy({ if case .vector = $0 { return true }; return false }) {
                throw QError.type  // only vectors and lists of vectors can be splayed
            }
            try write(dir + "/" + n, t.columns[k])
        }
        try write(dir + "/.d", .symbols(t.names))
    }

    /// Reads a data file, or a splayed table from a directory; `'type` when the file is
    /// not a data file.
    static func read(_ path: String) throws -> QValue {
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            let dir = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard case .vector(let v) = try read(dir + "/.d"), case .s(let names) = v.storage else { throw QError.type }
            return .table(QTable(names: names, columns: try names.map { try read(dir + "/" + $0) }))
        }
        let bytes = try Library.readFile(path)
        guard bytes.count > 2, bytes[0] == 0xFF, bytes[1] == 0x01 else { throw QError.type }
        var options = QWireOptions()
        options.resolvePrimitive = { name, _ in
            guard let id = Registry.shared.id(name), case .function(.primitive(let p)) = Registry.shared[id].value else { return nil }
            return p
        }
        do {
            return try bytes.withUnsafeBytes { try QWire.deserialize(UnsafeRawBufferPointer(rebasing: $0[2...]), options: options) }
        } catch is QWireError {
            throw QError.type
        }
    }

    /// `load`: reads the data file at `path` (or each file of a directory, into a
    /// dictionary) into the global named by the file; returns that name.
    static func load(_ path: String, _ s: Interpreter) throws -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let name = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        try s.assignGlobal(s.qualify(name), try loadValue(trimmed))
        return name
    }

    /// A data file's value, a splayed table, or for another directory a dictionary of
    /// its files' values.
    static func loadValue(_ path: String) throws -> QValue {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Library.osError(path) }
        guard (st.st_mode & S_IFMT) == S_IFDIR, stat(path + "/.d", &st) != 0 else { return try read(path) }
        var names: [String] = []
        guard let d = opendir(path) else { throw Library.osError(path) }
        while let e = readdir(d) {
            let n = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !n.hasPrefix(".") { names.append(n) }
        }
        closedir(d)
        names.sort()
        return .dict(QDict(keys: .symbols(names), values: .list(try names.map { try loadValue(path + "/" + $0) })))
    }
}

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
