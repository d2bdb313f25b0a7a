import QCore

extension Interpreter {
    /// Looks up a name not found among globals: q-defined builtins in `.q`, then errors.
    func lookupFallback(_ name: String) throws -> QValue {
        if let view = views[name] { return try readView(name, view) }
        if !name.hasPrefix("."), let v = globals[".q." + name] { return v }
        if let v = try DotZ.value(name, self) { return v }
        // `t.c`: a column of a table (or a value of a dictionary) held in a global.
        if let dot = name.dropFirst().firstIndex(of: ".") {
            let base = String(name[..<dot]), field = String(name[name.index(after: dot)...])
            if let v = globals[base] ?? (try? lookupFallback(base)) {
                switch v {
                case .table, .dict: return try index(v, field.split(separator: ".").map { .symbol(String($0)) })
                default: break
                }
            }
        }
        throw QError(name)
    }

    /// k mode (`k)` prefix): q syntax with the unary forms of operator glyphs enabled
    /// (`#x` is count, `!x` key, `.x` value, `@x` type). k's own keywords are not provided.
    func evaluateK(_ source: String) throws -> QValue {
        let expr = try Parser.parse(source)
        var c = Compiler(namespace: namespace)
        c.kMode = true
        let node = try c.compileTop(expr)
        returning = false
        defer { returning = false }
        return try node.eval(self)
    }
}

/// Installs the session's initial globals.
enum Bootstrap {
    static func install(into s: Interpreter) {
        Library.install(into: s)
    }
}
