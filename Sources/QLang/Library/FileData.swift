import QCore
import QIPC
#if canImport(Glibc)
import Glibc
#endif

// Binary data files: `` `:f set v `` and `` get `:f `` (overloads of the system family's
// `set`, `get` and `value` for file symbols), and the binary forms of `save` and `load`.
// A file is the bytes 0xff 0x01 followed by the value in kdb+'s serialized form, which
// kdb+ itself reads. Splayed tables (`` `:dir/ ``) are not supported.

enum FileData {
    static func register(_ r: inout Registry) {
        r.overload("set", arity: 2, when: { Library.isFileSymbol($0[0]) }) { a, _ in
            let path = try Library.filePath(a[0])
            guard !path.hasSuffix("/") else { throw QError.nyi }
            try write(path, a[1])
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

    /// Reads a data file; `'type` when the file is not one, a directory is `'nyi`
    /// (splayed tables are not supported).
    static func read(_ path: String) throws -> QValue {
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { throw QError.nyi }
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

    /// A data file's value, or for a directory a dictionary of its files' values.
    static func loadValue(_ path: String) throws -> QValue {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Library.osError(path) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return try read(path) }
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
