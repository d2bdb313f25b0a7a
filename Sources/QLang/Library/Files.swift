import QCore
#if canImport(Glibc)
import Glibc
#endif

// File keywords: `read0` (lines), `read1` (bytes), `hcount` (size), `hdel` (delete),
// `hsym` (file symbol), `save`/`load` (globals to and from files), `rsave`/`rload`
// (splayed tables), and `2:` (dynamic load, not supported).

enum Files {
    /// Registers the file keywords and `2:`.
    static func register(_ r: inout Registry) {
        r.add("read0", monad: { x, s in try read0(x, s) })
        r.add("read1", monad: { x, _ in try read1(x) })
        r.add("hcount", monad: { x, _ in .long(try Library.fileSize(Library.filePath(x))) })
        r.add("hdel", monad: { x, s in try hdel(x, s) })
        r.add("hsym", monad: { x, _ in try hsym(x) })
        r.add("save", monad: { x, s in try save(x, s) })
        r.add("load", monad: { x, s in try load(x, s) })
        r.add("rsave", monad: { x, s in
            let name = try Library.symbol(x)
            guard let t = s.globals[s.qualify(name)] ?? s.globals[name] else { throw QError(name) }
            try FileData.writeSplayed(name, t)
            return .symbol(":" + name + "/")
        })
        r.add("rload", monad: { x, s in
            let name = try Library.symbol(x)
            try s.assignGlobal(s.qualify(name), try FileData.read(name))
            return x
        })
        // Dynamic loading of shared objects is not something an embedded interpreter offers.
        r.add("2:", dyad: { _, _, _ in throw QError.nyi })
    }

    // MARK: read0, read1

    /// `read0 x`: the lines of a file; with an offset (and length), the lines of that
    /// part; `read0 0` reads a line from standard input.
    static func read0(_ x: QValue, _ s: Interpreter) throws -> QValue {
        if case .atom(let t, let sc) = x, t != .symbol {
            guard t.isNumeric, !t.isFloating, scalarInt(sc) == 0 else { throw QError.nyi }
            return chars(readConsoleLine())
        }
        guard let (path, offset, length) = try Library.fileRange(x) else { throw QError.type }
        return Library.stringList(Library.splitLines(try Library.readFile(path, offset: offset, length: length)))
    }

    /// One line from standard input, without its terminator.
    static func readConsoleLine() -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let c = getchar()
            if c == EOF || c == 10 { break }
            out.append(UInt8(truncatingIfNeeded: c))
        }
        if out.last == 13 { out.removeLast() }
        return out
    }

    /// `read1 x`: the bytes of a file, or of a part `(file;offset[;length])`.
    static func read1(_ x: QValue) throws -> QValue {
        guard let (path, offset, length) = try Library.fileRange(x) else {
            if case .atom(let t, _) = x, t.isNumeric { throw QError.nyi }
            throw QError.type
        }
        return .vector(QVector(.byte, .x(try Library.readFile(path, offset: offset, length: length))))
    }

    // MARK: hdel, hsym

    /// `hdel x`: deletes a file or empty directory and returns `x`. On other values it
    /// is `not`, which shares its k primitive.
    static func hdel(_ x: QValue, _ s: Interpreter) throws -> QValue {
        guard case .atom(.symbol, _) = x else { return try Library.call(s, "not", [x]) }
        let path = try Library.filePath(x)
        if unlink(path) != 0 {
            let err = errno
            if err == EISDIR || err == EPERM {
                if rmdir(path) == 0 { return x }
            }
            errno = err
            throw QError(path + ": " + String(cString: strerror(errno)))
        }
        return x
    }

    /// `hsym x`: symbols prefixed with a colon where they lack one.
    static func hsym(_ x: QValue) throws -> QValue {
        func colon(_ n: String) -> String { n.hasPrefix(":") ? n : ":" + n }
        switch x {
        case .atom(.symbol, .s(let n)): return .symbol(colon(n))
        case .vector(let v) where v.type == .symbol:
            guard case .s(let names) = v.storage else { throw QError.type }
            return .symbols(names.map(colon))
        default: throw QError.type
        }
    }

    // MARK: save, load

    /// `save x`: writes the global named by each `[path/]name[.ext]` to that file, in the
    /// text format its extension names (csv, txt, xml, xls, json) or binary without one.
    static func save(_ x: QValue, _ s: Interpreter) throws -> QValue {
        switch x {
        case .atom(.symbol, .s(let n)): return .symbol(":" + (try saveOne(n, s)))
        case .vector(let v) where v.type == .symbol:
            guard case .s(let names) = v.storage else { throw QError.type }
            return .symbols(try names.map { ":" + (try saveOne($0, s)) })
        default: throw QError.type
        }
    }

    /// Saves one global; returns the path written.
    static func saveOne(_ spec: String, _ s: Interpreter) throws -> String {
        let path = spec.hasPrefix(":") ? String(spec.dropFirst()) : spec
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let dot = file.firstIndex(of: ".")
        let name = dot.map { String(file[..<$0]) } ?? file
        let ext = dot.map { String(file[file.index(after: $0)...]) } ?? ""
        guard let value = s.globals[s.qualify(name)] ?? s.globals[name] else { throw QError(name) }
        let lines: [[UInt8]]
        switch ext {
        case "csv": lines = try Library.lines(FileText.prepare(44, value, s))
        case "txt": lines = try Library.lines(FileText.prepare(9, value, s))
        case "xml": lines = try DotH.xmlLines(value, s)
        case "xls": lines = try DotH.excelLines(["Sheet1"], [value], s)
        case "json": lines = try Library.lines(DotH.jsonLines(value, s))
        case "":
            try FileData.write(path, value)
            return path
        default: throw QError.type
        }
        try Library.writeFile(path, lines.flatMap { $0 + [10] })
        return path
    }

    /// `load x`: reads binary data files (or directories of them) into globals named by
    /// the files; returns the names.
    static func load(_ x: QValue, _ s: Interpreter) throws -> QValue {
        func path(_ n: String) -> String { n.hasPrefix(":") ? String(n.dropFirst()) : n }
        switch x {
        case .atom(.symbol, .s(let n)): return .symbol(try FileData.load(path(n), s))
        case .vector(let v) where v.type == .symbol:
            guard case .s(let names) = v.storage else { throw QError.type }
            return .symbols(try names.map { try FileData.load(path($0), s) })
        default: throw QError.type
        }
    }
}
