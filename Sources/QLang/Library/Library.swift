import QCore

/// The q library namespaces (`.Q`, `.h`, `.j`) and file I/O primitives
/// (`0:`, `1:`, `read0`, `read1`, `hcount`, `hdel`, `hsym`, `save`, `load`).
enum Library {
    /// Registers the library's primitives.
    static func register(_ r: inout Registry) {}

    /// Installs the library's namespace values into a new session's globals.
    static func install(into s: Interpreter) {}
}
