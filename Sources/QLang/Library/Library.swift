import QCore
#if canImport(Glibc)
import Glibc
#endif

/// The q library namespaces (`.Q`, `.h`, `.j`) and file I/O primitives
/// (`0:`, `1:`, `2:`, `read0`, `read1`, `hcount`, `hdel`, `hsym`, `save`, `load`, and
/// `set`/`get` of data files).
///
/// Library functions are written in Swift and registered as primitives under their full
/// dotted names (`.Q.s`); the parser never resolves a dotted name to a primitive, so they
/// are reached only through the globals `install` binds them to, and q code may redefine
/// them like any other global.
enum Library {
    /// Registers the library's primitives.
    static func register(_ r: inout Registry) {
        Files.register(&r)
        FileData.register(&r)
        FileText.register(&r)
        FileBinary.register(&r)
        DotQ.register(&r)
        DotH.register(&r)
        DotJ.register(&r)
    }

    /// Installs the library's namespace values into a new session's globals: every
    /// function registered under a dotted name, then the constants.
    static func install(into s: Interpreter) {
        for (name, value) in functionGlobals { s.globals[name] = value }
        for (name, value) in constants { s.globals[name] = value }
    }

    /// The dotted-name primitives as (global name, value), computed once.
    static let functionGlobals: [(String, QValue)] = Registry.shared.defs.compactMap { d in
        let n = d.name
        return (n.hasPrefix(".Q.") || n.hasPrefix(".h.") || n.hasPrefix(".j.")) && !n.contains("._") ? (n, d.value) : nil
    }

    /// Namespace constants (strings, dictionaries), computed once.
    static let constants: [(String, QValue)] = DotQ.constants + DotH.constants + [(".q.csv", .char(44))]

    // MARK: registration helpers

    /// Registers a library function of `rank` arguments under `name`. Fewer arguments
    /// project it; more are a rank error. Names with a `._` part (`.h._xml`) are private helpers that
    /// are not bound to globals.
    static func fn(_ r: inout Registry, _ name: String, _ rank: Int, _ body: @escaping Polyad) {
        switch rank {
        case 1:
            r.add(name, infix: false, monad: { x, s in try body([x], s) })
        case 2:
            r.add(name, infix: false, dyad: { x, y, s in try body([x, y], s) })
        default:
            r.add(name, infix: false,
                  monad: { x, _ in project(name, [x], rank) },
                  dyad: { x, y, _ in project(name, [x, y], rank) },
                  polyad: { a, s in
                      if a.count < rank { return project(name, a, rank) }
                      guard a.count == rank else { throw QError.rank }
                      return try body(a, s)
                  })
        }
    }

    /// A projection of the library function `name` on its first arguments.
    static func project(_ name: String, _ args: [QValue], _ rank: Int) -> QValue {
        let f = Registry.shared[Registry.shared.id(name)!].value
        var fixed: [QValue?] = args
        while fixed.count < rank { fixed.append(nil) }
        return .function(.projection(f, fixed))
    }

    /// The value of a library function by its registered name (for dictionaries of functions).
    static func function(_ name: String) -> QValue {
        Registry.shared[Registry.shared.id(name)!].value
    }

    /// Applies the primitive registered as `name` (owned by another family) to `args`;
    /// `'nyi` while that family has not registered it.
    static func call(_ s: Interpreter, _ name: String, _ args: [QValue]) throws -> QValue {
        guard let id = Registry.shared.id(name) else { throw QError.nyi }
        return try s.apply(Registry.shared[id].value, args)
    }
}

// Helpers shared by the library files: reading q arguments as text, building strings
// and lists of strings, and whole-file reads and writes with q's error names.

extension Library {
    // MARK: text arguments

    /// The bytes of a string, char atom or symbol; `'type` for anything else.
    static func bytes(_ v: QValue) throws -> [UInt8] {
        switch v {
        case .vector(let vec) where vec.type == .char:
            if case .x(let b) = vec.storage { return b }
        case .atom(.char, .x(let c)): return [c]
        case .atom(.symbol, .s(let name)): return Array(name.utf8)
        case .list(let l) where l.isEmpty: return []
        default: break
        }
        throw QError.type
    }

    /// The bytes of a string or byte vector (or char/byte atom).
    static func rawBytes(_ v: QValue) throws -> [UInt8] {
        switch v {
        case .vector(let vec) where vec.type == .char || vec.type == .byte:
            if case .x(let b) = vec.storage { return b }
        case .atom(.char, .x(let c)), .atom(.byte, .x(let c)): return [c]
        case .list(let l) where l.isEmpty: return []
        default: break
        }
        throw QError.type
    }

    /// A list of strings as byte arrays; a single string counts as one line.
    static func lines(_ v: QValue) throws -> [[UInt8]] {
        switch v {
        case .vector(let vec) where vec.type == .char:
            if case .x(let b) = vec.storage { return [b] }
            throw QError.type
        case .vector(let vec) where vec.count == 0: return []
        case .list(let l): return try l.map { try bytes($0) }
        case .atom(.char, .x(let c)): return [[c]]
        default: throw QError.type
        }
    }

    /// A list of strings (always a general list, as q keeps it).
    static func stringList(_ items: [[UInt8]]) -> QValue {
        .list(items.map { chars($0) })
    }

    /// A char vector from Swift text.
    static func str(_ s: String) -> QValue { chars(Array(s.utf8)) }

    /// A symbol's name, or `'type`.
    static func symbol(_ v: QValue) throws -> String {
        guard case .atom(.symbol, .s(let n)) = v else { throw QError.type }
        return n
    }

    /// An integer atom's value (boolean, byte, short, int or long), or `'type`.
    static func int(_ v: QValue) throws -> Int64 {
        guard case .atom(let t, let sc) = v, t.isNumeric, !t.isFloating else { throw QError.type }
        return scalarInt(sc)
    }

    /// A numeric atom as a double (integers widen; nulls become NaN), or `'type`.
    static func double(_ v: QValue) throws -> Double {
        guard case .atom(let t, let sc) = v, t.isNumeric || t.isTemporal else { throw QError.type }
        if sc.isNull(as: t) { return .nan }
        switch sc {
        case .e(let x): return Double(x)
        case .f(let x): return x
        default: return Double(scalarInt(sc))
        }
    }

    // MARK: files

    /// The path of a file symbol `` `:path `` (the leading colon removed); `'type` otherwise.
    static func filePath(_ v: QValue) throws -> String {
        guard case .atom(.symbol, .s(let n)) = v, n.hasPrefix(":") else { throw QError.type }
        return String(n.dropFirst())
    }

    /// True for a file symbol `` `:… ``.
    static func isFileSymbol(_ v: QValue) -> Bool {
        if case .atom(.symbol, .s(let n)) = v { return n.hasPrefix(":") }
        return false
    }

    /// q's error for a failed system call on `path`: `'path. OS reports: reason`.
    static func osError(_ path: String) -> QError {
        QError(path + ". OS reports: " + String(cString: strerror(errno)))
    }

    /// A file argument: `` `:f ``, `` (`:f;offset) `` or `` (`:f;offset;length) ``.
    static func fileRange(_ v: QValue) throws -> (path: String, offset: Int, length: Int?)? {
        if isFileSymbol(v) { return (try filePath(v), 0, nil) }
        let items: [QValue]
        switch v {
        case .list(let l): items = l
        default: return nil
        }
        guard (2...3).contains(items.count), isFileSymbol(items[0]) else { return nil }
        let offset = try int(items[1])
        let length = items.count == 3 ? try int(items[2]) : nil
        guard offset >= 0, (length ?? 0) >= 0 else { throw QError.domain }
        return (try filePath(items[0]), Int(offset), length.map { Int($0) })
    }

    /// Reads `length` bytes (or to the end) of a file from `offset`.
    static func readFile(_ path: String, offset: Int = 0, length: Int? = nil) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw osError(path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw osError(path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { errno = EISDIR; throw osError(path) }
        let isRegular = (st.st_mode & S_IFMT) == S_IFREG
        if isRegular {
            let size = Int(st.st_size)
            let start = min(offset, size)
            let n = min(length ?? (size - start), size - start)
            if n <= 0 { return [] }
            var out = [UInt8](repeating: 0, count: n)
            var got = 0
            while got < n {
                let r = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, n - got, off_t(start + got)) }
                if r < 0 { throw osError(path) }
                if r == 0 { break }
                got += r
            }
            if got < n { out.removeLast(n - got) }
            return out
        }
        // Pipes and devices: read sequentially, skipping `offset` bytes first.
        var out: [UInt8] = []
        var skip = offset
        var buf = [UInt8](repeating: 0, count: 65536)
        while length.map({ out.count < $0 }) ?? true {
            let r = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if r < 0 { throw osError(path) }
            if r == 0 { break }
            var chunk = buf[..<r]
            if skip > 0 { let k = min(skip, r); skip -= k; chunk = chunk.dropFirst(k) }
            out += chunk
        }
        if let n = length, out.count > n { out.removeLast(out.count - n) }
        return out
    }

    /// Writes (or appends) bytes to a file, creating missing parent directories.
    static func writeFile(_ path: String, _ data: [UInt8], append: Bool = false) throws {
        makeParents(path)
        let fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o644)
        guard fd >= 0 else { throw osError(path) }
        defer { close(fd) }
        var done = 0
        while done < data.count {
            let r = data.withUnsafeBytes { write(fd, $0.baseAddress! + done, data.count - done) }
            if r < 0 { throw osError(path) }
            done += r
        }
    }

    /// Creates the directories leading to `path` (as `mkdir -p` of its parent).
    static func makeParents(_ path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast()
        var prefix = ""
        for (k, p) in parts.enumerated() {
            prefix += (k == 0 ? "" : "/") + p
            if p.isEmpty || p == "." || p == ".." { continue }
            mkdir(prefix, 0o755)
        }
    }

    /// The size of a file in bytes.
    static func fileSize(_ path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw osError(path) }
        return Int64(st.st_size)
    }

    /// Splits bytes into lines at LF, dropping a CR before it and the last empty line.
    static func splitLines(_ b: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        for k in 0..<b.count where b[k] == 10 {
            var end = k
            if end > start && b[end - 1] == 13 { end -= 1 }
            out.append(Array(b[start..<end]))
            start = k + 1
        }
        if start < b.count { out.append(Array(b[start...])) }
        return out
    }
}
