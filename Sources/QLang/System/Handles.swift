import QCore
import QIPC

/// IPC from q: `hopen`, `hclose`, applying a connection handle (`h"expr"`, `neg[h]x`),
/// `.z.w`, `.z.W`, and `\p` (listening port).
enum IPC {
    /// Registers `hopen`, `hclose` and related primitives.
    static func register(_ r: inout Registry) {}
}

extension Interpreter {
    /// `h x` for an integer handle other than 0, ±1, ±2: a connection opened by `hopen`.
    func applyIPCHandle(_ h: Int64, _ x: QValue, _ handle: QValue) throws -> QValue {
        throw QError("domain")
    }

    /// `\p` and `system"p …"`: shows or sets the listening port.
    func listenCommand(_ argument: String) throws -> QValue {
        .int(settings.port)
    }
}
