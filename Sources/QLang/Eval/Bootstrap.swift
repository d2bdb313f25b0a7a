import QCore

extension Interpreter {
    /// Looks up a name not found among globals: q-defined builtins in `.q`, then errors.
    func lookupFallback(_ name: String) throws -> QValue {
        if !name.hasPrefix("."), let v = globals[".q." + name] { return v }
        if let v = try DotZ.value(name, self) { return v }
        throw QError(name)
    }

    /// k mode (`k)` prefix): not supported yet beyond q syntax.
    func evaluateK(_ source: String) throws -> QValue {
        try evaluate(source)
    }
}

/// Installs the session's initial globals.
enum Bootstrap {
    static func install(into s: Interpreter) {}
}
