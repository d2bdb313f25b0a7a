#if canImport(Glibc)
import Glibc
#endif

/// How a `QRuntime` runs, read the way PyKX reads its options.
///
/// `THREADING` comes from, in order of precedence: a value set in code, the environment
/// variable `PYKX_THREADING`, then the `.pykx-config` file. The file (TOML `[profile]`
/// sections of `KEY = "value"`, `true` or `1`) is searched for in the current directory,
/// then `$PYKX_CONFIGURATION_LOCATION`, then the home directory; the profile is
/// `$PYKX_PROFILE`, default `default`. `1` or `true`, in any case, enable a flag.
public struct QConfiguration: Sendable, Equatable {
    /// Run the interpreter on its own thread and queue every call onto it.
    public var threading: Bool
    /// Where the settings came from (for messages and tests): `code`, `environment`,
    /// a file path, or `default`.
    public var source: String
    /// Stack size of the interpreter thread, in bytes (deep q recursion needs room).
    public var stackBytes: Int
    /// Name of the interpreter thread as tools show it (at most 15 bytes are kept).
    public var threadName: String

    /// A configuration with explicit values; nothing is read from the environment.
    public init(threading: Bool, stackBytes: Int = 512 << 20, threadName: String = "qruntime") {
        self.threading = threading
        self.source = "code"
        self.stackBytes = stackBytes
        self.threadName = threadName
    }

    /// Reads the configuration from the environment and the `.pykx-config` file.
    ///
    /// - Parameters:
    ///   - environment: variables to read (the process environment by default).
    ///   - currentDirectory: where the search starts (the working directory by default).
    ///   - home: the home directory (`$HOME` by default).
    /// - Throws: `QRuntimeError.configuration` naming the file, line and key of a
    ///   malformed file, or the variable holding a malformed value.
    public static func load(environment: [String: String]? = nil, currentDirectory: String? = nil,
                            home: String? = nil) throws -> QConfiguration {
        let env = environment ?? processEnvironment()
        var config = QConfiguration(threading: false)
        config.source = "default"
        let profile = env["PYKX_PROFILE"] ?? "default"
        var dirs: [String] = [currentDirectory ?? "."]
        if let loc = env["PYKX_CONFIGURATION_LOCATION"], !loc.isEmpty { dirs.append(loc) }
        if let h = home ?? env["HOME"], !h.isEmpty { dirs.append(h) }
        for dir in dirs {
            let path = dir.hasSuffix("/") ? dir + ".pykx-config" : dir + "/.pykx-config"
            guard let text = readFile(path) else { continue }
            let sections = try ConfigFile.parse(text, path: path)
            if let values = sections[profile] {
                if let v = values["PYKX_THREADING"] {
                    config.threading = try flag(v.value, what: "\(path):\(v.line): key PYKX_THREADING")
                    config.source = path
                }
            } else if profile != "default" {
                throw QRuntimeError.configuration("\(path): profile [\(profile)] (from PYKX_PROFILE) is not defined")
            }
            break
        }
        if let v = env["PYKX_THREADING"] {
            config.threading = try flag(v, what: "environment variable PYKX_THREADING")
            config.source = "environment"
        }
        return config
    }

    /// `1`/`true` enable, `0`/`false`/empty disable (any case); anything else is an error.
    static func flag(_ text: String, what: String) throws -> Bool {
        switch text.trimmingWhitespace().lowercased() {
        case "1", "true": return true
        case "0", "false", "": return false
        default: throw QRuntimeError.configuration("\(what): expected 1, 0, true or false, got \"\(text)\"")
        }
    }

    static func processEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The subset of TOML `.pykx-config` files use: `[section]` headers, `KEY = value`
/// lines with quoted strings, booleans or integers, and `#` comments.
enum ConfigFile {
    struct Value: Equatable { let value: String; let line: Int }

    static func parse(_ text: String, path: String) throws -> [String: [String: Value]] {
        var sections: [String: [String: Value]] = [:]
        var current: String? = nil
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNo = k + 1
            let line = stripComment(String(raw)).trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw QRuntimeError.configuration("\(path):\(lineNo): malformed section header \(line)")
                }
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
                    throw QRuntimeError.configuration("\(path):\(lineNo): malformed section name [\(name)]")
                }
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw QRuntimeError.configuration("\(path):\(lineNo): expected KEY = value, got \(line)")
            }
            let key = String(line[..<eq]).trimmingWhitespace()
            let rawValue = String(line[line.index(after: eq)...]).trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw QRuntimeError.configuration("\(path):\(lineNo): malformed key \"\(key)\"")
            }
            guard let section = current else {
                throw QRuntimeError.configuration("\(path):\(lineNo): key \(key) is outside any [profile] section")
            }
            let value = try parseValue(rawValue, path: path, line: lineNo, key: key)
            sections[section]![key] = Value(value: value, line: lineNo)
        }
        return sections
    }

    static func parseValue(_ v: String, path: String, line: Int, key: String) throws -> String {
        if v.hasPrefix("\"") || v.hasPrefix("'") {
            let q = v.first!
            guard v.count >= 2, v.hasSuffix(String(q)) else {
                throw QRuntimeError.configuration("\(path):\(line): key \(key): unterminated string \(v)")
            }
            return String(v.dropFirst().dropLast())
        }
        let lower = v.lowercased()
        if lower == "true" || lower == "false" { return lower }
        if !v.isEmpty, v.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) { return v }
        throw QRuntimeError.configuration("\(path):\(line): key \(key): value \(v.isEmpty ? "is missing" : "\(v) is not a string, boolean or number")")
    }

    static func stripComment(_ s: String) -> String {
        var inString: Character? = nil
        var out = ""
        for c in s {
            if let q = inString {
                if c == q { inString = nil }
            } else if c == "\"" || c == "'" {
                inString = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
