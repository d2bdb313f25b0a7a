import QCore

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
