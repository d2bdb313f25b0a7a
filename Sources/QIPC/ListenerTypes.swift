// What a `QListener` is configured with and what it reports.
import QCore

/// How a `QListener` listens and whom it lets in.
public struct QListenerConfiguration: Sendable {
    /// TCP port; 0 picks a free ephemeral port (see `QListener.port`).
    public var port: Int
    /// Address to bind: nil for loopback only (the safe default), `"*"` or `"0.0.0.0"` for
    /// every interface, or a host name or address.
    public var host: String?
    /// Also listen on kdb+'s unix domain socket for the port (`@/tmp/kx.<port>`, abstract).
    public var unixSocket: Bool = true
    /// Credentials checked before the login is reported (`-u`/`-U` files); nil lets
    /// everyone through to the driver's own check (`.z.pw`).
    public var passwords: QPasswordFile?
    /// Largest message accepted from a client, header included; larger claims disconnect it.
    public var maxMessageBytes: Int = 1 << 34
    /// Largest HTTP request (head and body) accepted.
    public var maxHTTPBytes: Int = 1 << 24
    /// Decoding limits and hooks (an interpreter passes its primitive resolver).
    public var options = QWireOptions()
    /// Compress replies over 2,000 bytes to clients that are not on this machine, as kdb+
    /// does (never error replies, never over loopback or unix sockets).
    public var compressRemote = true
    /// Set `SO_REUSEPORT` so several processes can share the port (kdb+'s `rp,`).
    public var reusePort = false

    /// A configuration for `port`, loopback only.
    public init(port: Int, host: String? = nil) {
        self.port = port
        self.host = host
    }
}

/// How a client talks to the listener.
public enum QClientKind: Sendable, Equatable {
    /// kdb+ IPC after a handshake.
    case ipc
    /// A plain HTTP request (answered, then closed).
    case http
    /// A WebSocket (after an HTTP upgrade).
    case websocket
}

/// Facts about a connected client, for `.z.a`, `.z.u` and the like.
public struct QClientInfo: Sendable, Equatable {
    /// The listener's id for the client (not a q handle).
    public let id: Int
    /// User name from the handshake (empty for HTTP).
    public let user: String
    /// IPv4 address as kdb+'s `.z.a` shows it (0 over a unix socket).
    public let address: Int32
    /// True for loopback and unix-socket peers.
    public let isLocal: Bool
    /// Capability agreed in the handshake.
    public let capability: UInt8
    /// IPC, HTTP or WebSocket.
    public let kind: QClientKind
}

/// An HTTP request received on the q port.
public struct QHTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, …
    public let method: String
    /// The request target without its leading `/` (what kdb+ passes to `.z.ph`).
    public let target: String
    /// Header names (as sent) and values, in order.
    public let headers: [(String, String)]
    /// The request body (POST).
    public let body: [UInt8]

    /// A request from its parts.
    public init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The value of a header, matched without regard to case.
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }

    public static func == (a: QHTTPRequest, b: QHTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.body == b.body
            && a.headers.map(\.0) == b.headers.map(\.0) && a.headers.map(\.1) == b.headers.map(\.1)
    }
}

/// Something that happened on the listener, reported by `QListener.poll` in arrival order.
public enum QListenerEvent: Sendable {
    /// A client completed the handshake (and passed the password file, if any). Its
    /// messages are held until the driver calls `accept` (or `reject`, which closes it).
    case login(QClientInfo, password: String)
    /// A message from an accepted client. A `.sync` message expects exactly one reply
    /// (`reply` or `replyError`), in order.
    case message(client: Int, type: QMessageType, value: QValue)
    /// An accepted, HTTP or WebSocket client went away (not reported for `disconnect`).
    case closed(client: Int)
    /// An HTTP request; answer with `respondHTTP`.
    case http(QClientInfo, QHTTPRequest)
    /// A WebSocket finished its upgrade.
    case websocketOpened(QClientInfo)
    /// A WebSocket message: a string for a text frame, a byte vector for a binary one.
    case websocket(client: Int, value: QValue)
}
