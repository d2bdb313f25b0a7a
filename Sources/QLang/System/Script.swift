import QCore
#if canImport(Glibc)
import Glibc
#endif

// Scripts: a line that starts with white space continues the previous expression;
// `/` alone opens a comment block that `\` alone closes; `\` alone elsewhere ends
// the script; lines starting with `/` are comments and with `\` system commands.

extension Interpreter {
    /// Splits script text into the expressions (and system commands) it holds.
    static func scriptChunks(_ text: String) -> [String] {
        var chunks: [String] = []
        var current: String? = nil
        var inBlock = false
        func flush() {
            if let c = current { chunks.append(c) }
            current = nil
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmedRight = line.trimmingTrailingSpaces()
            if inBlock {
                if trimmedRight == "\\" { inBlock = false }
                continue
            }
            if trimmedRight == "/" { flush(); inBlock = true; continue }
            if trimmedRight == "\\" { flush(); return chunks }
            if line.isEmpty { flush(); continue }
            let first = line.first!
            if first == " " || first == "\t" {
                // Continuation (or an indented comment line).
                if line.drop(while: { $0 == " " || $0 == "\t" }).first == "/" { continue }
                if current != nil { current! += "\n" + line } else if !line.allSatisfy({ $0 == " " || $0 == "\t" }) { current = line }
                continue
            }
            flush()
            if first == "/" { continue }
            current = line
        }
        flush()
        return chunks
    }

    /// Loads and runs a script file (`\l file`): its expressions in order; an error stops it.
    public func loadScript(_ path: String) throws {
        guard let text = readTextFile(path) else { throw QError(path) }
        try runScript(text)
    }

    /// Runs script text as `\l` would.
    public func runScript(_ text: String) throws {
        // A script's `\d` does not outlive it.
        let saved = namespace
        defer { namespace = saved }
        for chunk in Interpreter.scriptChunks(text) {
            _ = try evaluate(chunk)
        }
    }

    /// Reads a whole text file, or nil.
    func readTextFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
