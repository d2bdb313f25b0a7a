import QCore
#if canImport(Glibc)
import Glibc
#endif

// The `.Q` namespace: constants, display (`.Q.s`, `.Q.s1`), applying helpers (`.Q.fu`,
// `.Q.ft`, `.Q.ff`, `.Q.trp`), environment (`.Q.w`, `.Q.opt`, `.Q.def`) and streaming
// (`.Q.fs`), symbol domains (`.Q.en`). Formatting and encodings are in DotQText.swift,
// saving partitions (`.Q.dpft`) in FileData.swift. The other partitioned-database
// tools (`.Q.chk`, `.Q.li`, `.Q.view` …), HTTP (`.Q.hg`, `.Q.hp`), gzip and the profiler
// are registered but signal `'nyi`.

enum DotQ {
    /// Registers `.Q` functions.
    static func register(_ r: inout Registry) {
        let fn = Library.fn
        fn(&r, ".Q.s", 1) { a, s in Library.str(QFormat.consoleText(a[0], s.display)) }
        fn(&r, ".Q.s1", 1) { a, s in Library.str(QFormat.k(a[0], s.display)) }
        fn(&r, ".Q.qt", 1) { a, _ in .bool(isTable(a[0])) }
        fn(&r, ".Q.qp", 1) { a, _ in .long(0) }
        fn(&r, ".Q.ty", 1) { a, _ in .char(typeLetter(a[0])) }
        fn(&r, ".Q.V", 1) { a, _ in try columnDict(a[0]) }
        fn(&r, ".Q.v", 1) { a, s in try valueOf(a[0], s) }
        fn(&r, ".Q.fk", 1) { _, _ in .symbol("") }
        fn(&r, ".Q.gc", 1) { _, _ in .long(0) }
        fn(&r, ".Q.w", 1) { _, _ in memoryStats() }
        fn(&r, ".Q.bt", 1) { _, _ in .identity }
        // Without partitioned databases there are no partitions to keep mapped.
        fn(&r, ".Q.MAP", 1) { _, _ in .identity }
        fn(&r, ".Q.sbt", 1) { _, _ in Library.str("") }
        fn(&r, ".Q.trp", 3) { a, s in try trap(a[2], s) { try s.apply(a[0], [a[1]]) } }
        fn(&r, ".Q.trpd", 3) { a, s in try trap(a[2], s) { try s.applyDot(a[0], a[1]) } }
        fn(&r, ".Q.ts", 2) { a, s in try timeSpace(a[0], a[1], s) }
        fn(&r, ".Q.fc", 2) { a, s in try s.apply(a[0], [a[1]]) }
        fn(&r, ".Q.fu", 2) { a, s in try applyUnique(a[0], a[1], s) }
        fn(&r, ".Q.ft", 2) { a, s in try applySimple(a[0], a[1], s) }
        fn(&r, ".Q.ff", 2) { a, _ in try appendColumns(a[0], a[1]) }
        fn(&r, ".Q.opt", 1) { a, s in try options(a[0], s) }
        fn(&r, ".Q.def", 2) { a, s in try defaults(a[0], a[1], s) }
        fn(&r, ".Q.fs", 2) { a, s in try stream(a[0], a[1], chunk: 131_000, s) }
        fn(&r, ".Q.fsn", 3) { a, s in try stream(a[0], a[1], chunk: Int(try Library.int(a[2])), s) }
        fn(&r, ".Q.fps", 2) { a, s in try stream(a[0], a[1], chunk: 131_000, s) }
        fn(&r, ".Q.fpn", 3) { a, s in try stream(a[0], a[1], chunk: Int(try Library.int(a[2])), s) }
        fn(&r, ".Q.ld", 1) { a, _ in try loadGroups(a[0]) }
        fn(&r, ".Q.en", 2) { a, s in try enumerate(a[0], a[1], domain: "sym", s) }
        fn(&r, ".Q.ens", 3) { a, s in try enumerate(a[0], a[1], domain: try Library.symbol(a[2]), s) }
        fn(&r, ".Q.addr", 1) { a, _ in .int(address(try Library.symbol(a[0]))) }
        fn(&r, ".Q.host", 1) { a, _ in .symbol(hostName(try Library.int(a[0]))) }
        DotQText.register(&r)
        DotQDatabase.register(&r)
        // Tools for partitioned and splayed databases, HTTP clients, compression and the
        // profiler are not provided.
        let missing: [(String, Int)] = [
            (".Q.gz", 1), (".Q.hg", 1), (".Q.hp", 3), (".Q.hdpf", 4), (".Q.dsftg", 5),
            (".Q.chk", 1), (".Q.l", 1), (".Q.li", 1), (".Q.lo", 3), (".Q.bv", 1),
            (".Q.bvi", 1), (".Q.view", 1), (".Q.ind", 2), (".Q.par", 3), (".Q.cn", 1),
            (".Q.prf0", 1), (".Q.Xf", 2), (".Q.Cf", 1), (".Q.ipc", 2),
        ]
        for (name, rank) in missing { fn(&r, name, rank) { _, _ in throw QError.nyi } }
    }

    /// `.Q` constants.
    static let constants: [(String, QValue)] = [
        (".Q.a", Library.str(lower)),
        (".Q.A", Library.str(upper)),
        (".Q.n", Library.str(digits)),
        (".Q.an", Library.str(lower + upper + "_" + digits)),
        (".Q.nA", Library.str(digits + upper)),
        (".Q.b6", Library.str(upper + lower + digits + "+/")),
        (".Q.t", Library.str(" bg xhijefcspmdznuvts")),
        (".Q.res", .symbols(reserved)),
        (".Q.k", .float(4)),
        (".Q.K", .atom(.date, .i(Int32(QCalendar.days(year: 2020, month: 10, day: 2))))),
        (".Q.M", .long(Int64.max)),
    ]

    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let digits = "0123456789"

    /// The control words and k keywords q reserves (`.Q.res`).
    static let reserved = ["abs", "acos", "asin", "atan", "avg", "bin", "binr", "cor", "cos", "cov", "delete",
                           "dev", "div", "do", "enlist", "exec", "exit", "exp", "getenv", "hopen", "if", "in",
                           "insert", "last", "like", "log", "max", "min", "prd", "select", "setenv", "sin",
                           "sqrt", "ss", "sum", "tan", "update", "var", "wavg", "while", "within", "wsum", "xexp"]

    // MARK: types and tables

    /// True for a table or keyed table (`.Q.qt`).
    static func isTable(_ v: QValue) -> Bool {
        switch v {
        case .table: return true
        case .dict(let d): if case .table = d.keys { return true }; return false
        default: return false
        }
    }

    /// `.Q.ty`: a vector's type letter, upper case for a list (by its first item's type),
    /// blank otherwise.
    static func typeLetter(_ v: QValue) -> UInt8 {
        let letters = Array(" bg xhijefcspmdznuvts".utf8)
        switch v {
        case .vector(let vec): return letters[Int(vec.type.rawValue)]
        case .list(let l):
            guard let f = l.first, case .vector(let vec) = f else { return 32 }
            let c = letters[Int(vec.type.rawValue)]
            return c >= 97 ? c - 32 : c
        default: return 32
        }
    }

    /// The columns of a (keyed) table as a dictionary.
    static func columnDict(_ v: QValue) throws -> QValue {
        let t = try unkeyed(v)
        return .dict(QDict(keys: .symbols(t.names), values: .list(t.columns)))
    }

    /// A table, or a keyed table with its key columns first.
    static func unkeyed(_ v: QValue) throws -> QTable {
        switch v {
        case .table(let t): return t
        case .dict(let d):
            guard case .table(let k) = d.keys, case .table(let c) = d.values else { throw QError.type }
            return QTable(names: k.names + c.names, columns: k.columns + c.columns)
        default: throw QError.type
        }
    }

    /// `.Q.v`: a global by name; file paths (splayed tables) are not supported.
    static func valueOf(_ v: QValue, _ s: Interpreter) throws -> QValue {
        guard case .atom(.symbol, .s(let n)) = v else { return v }
        if n.hasPrefix(":") { throw QError.nyi }
        return try s.value(v)
    }

    // MARK: environment

    /// `.Q.w[]`: memory statistics as q names them.
    static func memoryStats() -> QValue {
        let used = Int64(SystemCommands.residentBytes())
        let heap = max(Int64(67_108_864), used)
        let keys = ["used", "heap", "peak", "wmax", "mmap", "mphy", "syms", "symw"]
        let vals: [Int64] = [used, heap, heap, 0, 0, Int64(SystemCommands.physicalMemory()), 0, 0]
        return .dict(QDict(keys: .symbols(keys), values: .longs(vals)))
    }

    /// `.Q.opt`: command-line words as a dictionary from each `-name` to the list of words
    /// after it; the words before the first option go to `.Q.x`.
    static func options(_ x: QValue, _ s: Interpreter) throws -> QValue {
        let words = try Library.lines(x)
        func isOption(_ w: [UInt8]) -> Bool { w.count > 1 && w[0] == 45 && !(w[1] >= 48 && w[1] <= 57) }
        let first = words.firstIndex(where: isOption) ?? words.count
        s.globals[".Q.x"] = Library.stringList(Array(words[..<first]))
        var keys: [String] = [], vals: [QValue] = []
        var k = first
        while k < words.count {
            keys.append(String(decoding: words[k].dropFirst(), as: UTF8.self))
            var j = k + 1
            while j < words.count && !isOption(words[j]) { j += 1 }
            let args = Array(words[(k + 1)..<j])
            vals.append(Library.stringList(args))
            k = j
        }
        return .dict(QDict(keys: .symbols(keys), values: .list(vals)))
    }

    /// `.Q.def[defaults;options]`: the defaults, with each option given on the command
    /// line read as the type of its default (null where it does not parse).
    static func defaults(_ x: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        guard case .dict(let d) = x, case .vector(let kv) = d.keys, case .s(let names) = kv.storage else { throw QError.type }
        var given: [String: QValue] = [:]
        if case .dict(let o) = y, case .vector(let ok) = o.keys, case .s(let onames) = ok.storage {
            for (k, n) in onames.enumerated() { given[n] = o.values.element(k) }
        }
        let vals = try names.enumerated().map { (k, n) -> QValue in
            let dflt = d.values.element(k)
            guard let g = given[n], case .atom(let t, _) = dflt else { return dflt }
            func parse(_ b: [UInt8]) -> QValue {
                t == .symbol ? .symbol(String(decoding: b, as: UTF8.self)) : QLiteral.tok(t, b)
            }
            switch g {
            case .vector(let v) where v.type == .char: return parse(try Library.bytes(g))
            case .list(let l) where l.isEmpty: return t == .boolean ? .bool(true) : dflt
            case .list(let l): return parse(try Library.bytes(l[0]))
            default: return dflt
            }
        }
        return .dict(QDict(keys: d.keys, values: QValue.collapse(vals)))
    }

    // MARK: applying

    /// `.Q.trp`/`.Q.trpd`: runs `body`; on an error applies `g` to the error text and a
    /// backtrace (kept empty: frames are not recorded).
    static func trap(_ g: QValue, _ s: Interpreter, _ body: () throws -> QValue) throws -> QValue {
        let savedSP = s.sp, savedBP = s.bp, savedLambda = s.currentLambda
        do {
            return try body()
        } catch let e as QError {
            s.sp = savedSP; s.bp = savedBP; s.currentLambda = savedLambda; s.returning = false
            return try s.apply(g, [Library.str(e.name), .emptyList])
        }
    }

    /// `.Q.ts[f;args]`: (milliseconds; bytes) and the result of `f . args`.
    static func timeSpace(_ f: QValue, _ args: QValue, _ s: Interpreter) throws -> QValue {
        let start = SystemCommands.monotonicNanos()
        let r = try s.applyDot(f, args)
        let ms = Int64((SystemCommands.monotonicNanos() - start) / 1_000_000)
        return .list([.longs([ms, 0]), r])
    }

    /// `.Q.fu[f;y]`: `f y` computed on the distinct items of `y` only.
    static func applyUnique(_ f: QValue, _ y: QValue, _ s: Interpreter) throws -> QValue {
        if y.isAtom { return try s.apply(f, [y]) }
        var map = [Int64](repeating: 0, count: y.count)
        let uniq: QValue
        if case .vector(let v) = y {
            // Scalars hash directly; NaN never equals itself, so nulls are keyed apart.
            var firstOf: [QScalar: Int] = [:], nullAt: Int? = nil, keep: [Int] = []
            for k in 0..<v.count {
                let sc = v.storage[k]
                if sc.isNull(as: v.type) && v.type.isFloating {
                    if nullAt == nil { nullAt = keep.count; keep.append(k) }
                    map[k] = Int64(nullAt!)
                } else if let u = firstOf[sc] {
                    map[k] = Int64(u)
                } else {
                    firstOf[sc] = keep.count; map[k] = Int64(keep.count); keep.append(k)
                }
            }
            uniq = try s.index1(y, .longs(keep.map(Int64.init)))
        } else {
            // Items keyed by their full-precision k text and type.
            var firstOf: [String: Int] = [:], items: [QValue] = []
            for (k, item) in y.elements.enumerated() {
                let key = QFormat.k(item, QDisplayOptions(precision: 0)) + "\u{1}" + String(item.typeNumber)
                if let u = firstOf[key] { map[k] = Int64(u); continue }
                firstOf[key] = items.count; map[k] = Int64(items.count); items.append(item)
            }
            uniq = QValue.collapse(items)
        }
        let r = try s.apply(f, [uniq])
        return try s.index1(r, .longs(map))
    }

    /// `.Q.ft[f;t]`: applies a function written for simple tables to a keyed table too.
    static func applySimple(_ f: QValue, _ t: QValue, _ s: Interpreter) throws -> QValue {
        guard case .dict(let d) = t, case .table(let k) = d.keys else { return try s.apply(f, [t]) }
        let r = try s.apply(f, [.table(try unkeyed(t))])
        guard case .table(let rt) = r else { return r }
        let n = k.names.count
        return .dict(QDict(keys: .table(QTable(names: Array(rt.names.prefix(n)), columns: Array(rt.columns.prefix(n)))),
                           values: .table(QTable(names: Array(rt.names.dropFirst(n)), columns: Array(rt.columns.dropFirst(n))))))
    }

    /// `.Q.ff[t;u]`: `t` with the columns of `u` it lacks, filled with nulls.
    static func appendColumns(_ x: QValue, _ y: QValue) throws -> QValue {
        guard case .table(var t) = x, case .table(let u) = y else { throw QError.type }
        for (k, n) in u.names.enumerated() where !t.names.contains(n) {
            t.names.append(n)
            t.columns.append(nulls(like: u.columns[k], count: t.count))
        }
        return .table(t)
    }

    /// `count` nulls of a column's type (empty items of a list column's first item type).
    static func nulls(like col: QValue, count: Int) -> QValue {
        switch col {
        case .vector(let v):
            return .vector(QVector(v.type, QStorage.gather(kind: v.type.storageKind, Array(repeating: v.type.null, count: count))))
        case .list(let l):
            if case .vector(let v)? = l.first {
                return .list(Array(repeating: .vector(QVector(v.type, .empty(v.type.storageKind))), count: count))
            }
            return .list(Array(repeating: .emptyList, count: count))
        default:
            return .list(Array(repeating: .identity, count: count))
        }
    }

    // MARK: enumeration

    /// `.Q.en[dir;t]` / `.Q.ens[dir;t;name]`: adds the symbols of `t`'s symbol columns
    /// that the domain (global `sym` or `name`) lacks, in order of appearance, saving the
    /// domain as `dir/name` when `dir` is a file symbol. Enumerated values are symbols in
    /// this value model, so `t` comes back unchanged.
    static func enumerate(_ dir: QValue, _ t: QValue, domain name: String, _ s: Interpreter) throws -> QValue {
        guard case .table(let table) = t else { throw QError.type }
        let file = Library.isFileSymbol(dir) ? try Library.filePath(dir) + "/" + name : nil
        var domain: [String] = []
        // With a directory the domain on disk is the one extended (none yet: empty).
        let current = file != nil ? try? FileData.read(file!) : s.globals[name]
        if case .vector(let dv)? = current, case .s(let names) = dv.storage { domain = names }
        var known = Set(domain)
        func add(_ v: QValue) {
            switch v {
            case .vector(let vec):
                guard case .s(let names) = vec.storage else { return }
                for n in names where !known.contains(n) { known.insert(n); domain.append(n) }
            case .list(let l):
                for item in l { if case .vector(let vec) = item, vec.type == .symbol { add(item) } }
            default: break
            }
        }
        table.columns.forEach(add)
        try s.assignGlobal(name, .symbols(domain))
        if let f = file { try FileData.write(f, .symbols(domain)) }
        return t
    }

    // MARK: streaming and scripts

    /// `.Q.fs[f;file]` and friends: applies `f` to successive chunks of whole lines (about
    /// `chunk` bytes each) of a file or named pipe; returns the number of bytes read.
    static func stream(_ f: QValue, _ file: QValue, chunk: Int, _ s: Interpreter) throws -> QValue {
        let path = try Library.filePath(file)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Library.osError(path) }
        defer { close(fd) }
        var pending: [UInt8] = []
        var total: Int64 = 0
        var buf = [UInt8](repeating: 0, count: max(chunk, 1))
        while true {
            let r = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if r < 0 { throw Library.osError(path) }
            if r == 0 { break }
            total += Int64(r)
            pending += buf[..<r]
            guard let nl = pending.lastIndex(of: 10) else { continue }
            let lines = Library.splitLines(Array(pending[...nl]))
            pending.removeFirst(nl + 1)
            _ = try s.apply(f, [Library.stringList(lines)])
        }
        if !pending.isEmpty { _ = try s.apply(f, [Library.stringList(Library.splitLines(pending))]) }
        return .long(total)
    }

    /// `.Q.ld`: script lines grouped as `\l` reads them (a line starting with a blank
    /// continues the one before): (first line numbers; texts).
    static func loadGroups(_ x: QValue) throws -> QValue {
        let lines = try Library.lines(x)
        var starts: [Int64] = [], groups: [[UInt8]] = []
        for (k, l) in lines.enumerated() {
            if l.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            if (l[0] == 32 || l[0] == 9), !groups.isEmpty {
                groups[groups.count - 1] += [10] + l
            } else {
                starts.append(Int64(k + 1))
                groups.append(l)
            }
        }
        return .list([.longs(starts), Library.stringList(groups)])
    }

    // MARK: network names

    /// `.Q.addr`: an IPv4 address (dotted or looked up) as an int; -1 when unknown.
    static func address(_ name: String) -> Int32 {
        if case .atom(.int, .i(let ip)) = QLiteral.tok(.int, Array(name.utf8)), ip != Int32.min, name.contains(".") {
            return ip
        }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &res) == 0, let info = res else { return -1 }
        defer { freeaddrinfo(res) }
        guard let sa = info.pointee.ai_addr else { return -1 }
        let addr = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
        return Int32(bitPattern: UInt32(bigEndian: addr))
    }

    /// `.Q.host`: the host name of an IPv4 address, or the empty symbol.
    static func hostName(_ ip: Int64) -> String {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_addr.s_addr = UInt32(truncatingIfNeeded: ip).bigEndian
        var host = [CChar](repeating: 0, count: 1025)
        let rc = withUnsafePointer(to: &sin) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NAMEREQD)
            }
        }
        return rc == 0 ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }
}

extension QValue {
    /// Keeps an empty result typed like `like` (a collapse of no items is a general list).
    func keepingType(of like: QValue) -> QValue {
        if case .list(let l) = self, l.isEmpty, case .vector(let v) = like {
            return .vector(QVector(v.type, .empty(v.type.storageKind)))
        }
        return self
    }
}
