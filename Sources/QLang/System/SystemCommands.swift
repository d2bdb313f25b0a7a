import QCore
#if canImport(Glibc)
import Glibc
#endif

/// System commands: `\t`, `\c`, `\d`, `\l` … and `system"…"`. Unknown commands run in
/// the shell, as q does.
enum SystemCommands {
    /// Runs a command given without its leading backslash.
    static func run(_ command: String, _ s: Interpreter, fromSystem: Bool = false) throws -> QValue {
        var cmd = Substring(command)
        while cmd.first == " " { cmd = cmd.dropFirst() }
        // The command word ends at a space; `\t:n` carries a repeat count.
        let word = cmd.prefix { $0 != " " }
        var rest = String(cmd.dropFirst(word.count))
        while rest.first == " " { rest.removeFirst() }
        rest = stripComment(rest)
        switch word {
        case "": return .identity
        case "\\": s.exitHandler(0); return .identity
        case "a": return .symbols(names(in: rest, s) { if case .table = $0 { return true }; if case .dict(let d) = $0, case .table = d.keys { return true }; return false })
        case "f": return .symbols(names(in: rest, s) { if case .function = $0 { return true }; return false })
        case "v": return .symbols(names(in: rest, s) { _ in true })
        case "b": return .vector(QVector(.symbol, .s(s.viewNames(pending: false)), attribute: .sorted))
        case "B": return .symbols(s.viewNames(pending: true))
        case "c": return try consoleSize(rest, s)
        case "C": return .ints([36, 2000])
        case "cd": return try changeDirectory(rest)
        case "d": return try directory(rest, s)
        case "e": return try intSetting(rest, &s.settings.errorTrap)
        case "g": return try intSetting(rest, &s.settings.gcMode)
        case "l": return try load(rest, s)
        case "o":
            let r = try intSetting(rest, &s.settings.utcOffset)
            if case .atom(.int, .i(let v)) = r { return .long(v == Int32.min ? Int64.min : Int64(v)) }
            return r
        case "p": return try s.listenCommand(rest)
        case "P": return try precision(rest, s)
        case "s": return try intSetting(rest, &s.settings.secondaries)
        case "S":
            // `\S` shows the seed last set; `\S 0N` the generator's current state,
            // which `\S n` can restore.
            if rest == "0N" { return .int(s.randomSeedState) }
            let r = try intSetting(rest, &s.settings.seed)
            if !rest.isEmpty { s.reseed() }
            return r
        case "T": return try intSetting(rest, &s.settings.timeout)
        case "W": return try intSetting(rest, &s.settings.weekOffset)
        case "z": return try intSetting(rest, &s.settings.dateFormat)
        case "u", "r": return .identity
        case "_": return .bool(false)
        case "w": return .longs([Int64(residentBytes()), 67_108_864, 67_108_864, 0, 0, Int64(physicalMemory())])
        case "x":
            let name = s.qualify(rest.trimmingTrailingSpaces())
            s.globals[name] = nil
            return .identity
        case "1", "2": return .identity
        default:
            if word.hasPrefix("t") { return try time(String(word), rest, s) }
            return try shell(command.trimmingTrailingSpaces())
        }
    }

    /// A trailing ` /comment` is not part of the command.
    static func stripComment(_ s: String) -> String {
        if s.hasPrefix("/") { return "" }
        let u = Array(s.utf8)
        for k in 0..<max(u.count - 1, 0) where u[k] == 32 && u[k + 1] == UInt8(ascii: "/") {
            return String(decoding: u[..<k], as: UTF8.self).trimmingTrailingSpaces()
        }
        return s.trimmingTrailingSpaces()
    }

    /// Sorted names in a namespace (`\v`, `\f`, `\a`) whose values pass `keep`.
    static func names(in ns: String, _ s: Interpreter, _ keep: (QValue) -> Bool) -> [String] {
        let space = ns.isEmpty ? s.namespace : (ns == "." ? "" : ns)
        var out: [String] = []
        for (k, v) in s.globals where keep(v) && !v.isIdentity {
            if space.isEmpty {
                if !k.hasPrefix(".") { out.append(k) }
            } else if k.hasPrefix(space + ".") {
                let rest = k.dropFirst(space.count + 1)
                if !rest.contains(".") { out.append(String(rest)) }
            }
        }
        return out.sorted()
    }

    /// Shows (no argument, or `0N` as `system"s 0N"` asks) or sets an integer setting.
    static func intSetting(_ arg: String, _ slot: inout Int32) throws -> QValue {
        if arg.isEmpty || arg == "0N" { return .int(slot) }
        guard let v = Int32(arg) else { throw QError.type }
        slot = v
        return .identity
    }

    static func consoleSize(_ arg: String, _ s: Interpreter) throws -> QValue {
        if arg.isEmpty { return .ints([Int32(s.display.height), Int32(s.display.width)]) }
        let parts = arg.split(separator: " ").compactMap { Int($0) }
        guard parts.count == 2 else { throw QError.type }
        s.display.height = min(max(parts[0], 10), 2000)
        s.display.width = min(max(parts[1], 10), 2000)
        return .identity
    }

    static func precision(_ arg: String, _ s: Interpreter) throws -> QValue {
        if arg.isEmpty { return .int(Int32(s.display.precision)) }
        guard let p = Int(arg), (0...17).contains(p) else { throw QError.domain }
        s.display.precision = p
        return .identity
    }

    static func directory(_ arg: String, _ s: Interpreter) throws -> QValue {
        if arg.isEmpty { return .symbol(s.namespace.isEmpty ? "." : s.namespace) }
        let ns = arg.trimmingTrailingSpaces()
        guard ns.hasPrefix(".") else { throw QError.type }
        s.namespace = ns == "." ? "" : ns
        return .identity
    }

    static func changeDirectory(_ arg: String) throws -> QValue {
        if arg.isEmpty {
            var buf = [CChar](repeating: 0, count: 4096)
            guard getcwd(&buf, buf.count) != nil else { throw QError("os") }
            return .string(String(cString: buf))
        }
        guard chdir(arg) == 0 else { throw QError("os") }
        return .identity
    }

    static func load(_ arg: String, _ s: Interpreter) throws -> QValue {
        let path = arg.trimmingTrailingSpaces()
        if let text = s.readTextFile(path) {
            try s.runScript(text)
            return .identity
        }
        if let home = getenv("QHOME"), let text = s.readTextFile(String(cString: home) + "/" + path) {
            try s.runScript(text)
            return .identity
        }
        if let text = BuiltinScripts.text[path] {
            try s.runScript(text)
            return .identity
        }
        throw QError(path)
    }

    /// `\t expr`, `\t:n expr`, `\ts expr`, `\ts:n expr`, or `\t n` / `\t` for the timer.
    static func time(_ word: String, _ rest: String, _ s: Interpreter) throws -> QValue {
        let space = word.hasPrefix("ts")
        let suffix = word.dropFirst(space ? 2 : 1)
        var repeats = 1
        if suffix.hasPrefix(":") {
            guard let n = Int(suffix.dropFirst()) else { throw QError.type }
            repeats = n
        } else if !suffix.isEmpty {
            return try shell(word + (rest.isEmpty ? "" : " " + rest))
        }
        if !space && suffix.isEmpty {
            // `\t` alone or with a number: the timer interval.
            if rest.isEmpty { return .int(s.settings.timer) }
            if let n = Int32(rest) { s.settings.timer = n; return .identity }
        }
        let start = monotonicNanos()
        for _ in 0..<max(repeats, 1) { _ = try s.evaluate(rest) }
        let ms = Int64((monotonicNanos() - start) / 1_000_000)
        if space { return .longs([ms, 0]) }
        return .long(ms)
    }

    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func residentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    static func physicalMemory() -> Int {
        sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))
    }

    /// Runs an OS command; its standard output lines come back as strings.
    static func shell(_ command: String) throws -> QValue {
        guard let p = popen(command + " 2>&1", "r") else { throw QError("os") }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, p)
            if n <= 0 { break }
            bytes += buf[..<n]
        }
        let status = pclose(p)
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { line -> QValue in
            // Lines end in LF; a CR before it is part of the line ending, as read0 treats it.
            let body = line.last == 13 ? line.dropLast() : line
            return QValue.vector(QVector(.char, .x(Array(body))))
        }
        if bytes.last == 10 { lines.removeLast() }
        if status != 0 { throw QError("os") }
        return .list(lines)
    }
}

/// Session settings shown and set by system commands.
public struct SessionSettings {
    public var errorTrap: Int32 = 0
    public var gcMode: Int32 = 0
    public var utcOffset: Int32 = Int32.min
    public var port: Int32 = 0
    public var secondaries: Int32 = 0
    public var seed: Int32 = -314159
    public var timeout: Int32 = 0
    public var weekOffset: Int32 = 2
    public var dateFormat: Int32 = 0
    public var timer: Int32 = 0
}
