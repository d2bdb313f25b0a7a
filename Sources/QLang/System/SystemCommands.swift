import QCore

/// System commands: `\t`, `\c`, `\d`, `\l` … and `system"…"`.
enum SystemCommands {
    static func run(_ command: String, _ s: Interpreter, fromSystem: Bool = false) throws -> QValue {
        throw QError.nyi
    }
}
