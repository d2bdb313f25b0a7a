// The kdb+ wire protocol: serialization of q values, message framing, compression.
//
// Layout of the module:
//   QIPC.swift          public types, the 8-byte header, message framing, errors (type -128)
//   Serialize.swift     QValue -> bytes: size pass, output cursor, bulk vector writes
//   Deserialize.swift   bytes -> QValue: checked input cursor, both byte orders
//   Functions.swift     lambdas, primitive and iterator codes, projections, compositions
//   Symbols.swift       fast paths for short symbols
//   Compression.swift   kdb+ IPC compression
//   Socket.swift        sockets, the incoming-message buffer, a mutex with a condition
//   Connection*.swift   the client, `QConnection` (sync, async, pushed messages)
//   Listener*.swift     the server core, `QListener` (handshake, framing, HTTP, WebSocket,
//                       password files and digests)
import QCore

// Vectors are copied to and from the wire as they lie in memory, which is right only on a
// little-endian host (x86-64, ARM64).
#if _endian(big)
#error("QIPC assumes a little-endian host")
#endif

/// The kdb+ wire codec: q values to and from kdb+'s IPC byte format.
///
/// The payload format is what kdb+ writes after the 8-byte message header: a type byte,
/// then type-specific data (attribute byte and 4-byte count for lists, NUL-terminated
/// UTF-8 for symbols…). `serialize` writes little-endian payloads; `deserialize` reads
/// either byte order. Messages (`encodeMessage`, `decodeMessage`) add the header and,
/// on request, kdb+'s IPC compression.
///
/// ```swift
/// let bytes = try QWire.encodeMessage(.longs([1, 2, 3]), type: .sync)
/// let (kind, value) = try QWire.decodeMessage(bytes)
/// ```
///
/// Errors travel as type -128 (byte 0x80, then the NUL-terminated text, which q shows
/// after a `'`): `encodeError` writes one, and `deserialize`/`decodeMessage` throw a
/// `QError` carrying the text when they meet one. Malformed input throws `QWireError`;
/// the decoder never reads out of bounds, and allocates in proportion to its input (a
/// compressed body is refused if it claims to expand more than 129 times).
public enum QWire {}

/// The kind of an IPC message: byte 1 of the header.
public enum QMessageType: UInt8, Sendable, CaseIterable {
    /// A message that expects no reply (`neg[h] x`).
    case async = 0
    /// A request that expects a `.response` (`h x`).
    case sync = 1
    /// The reply to a `.sync` request.
    case response = 2
}

/// The 8-byte header that starts every IPC message.
public struct QMessageHeader: Sendable, Equatable {
    /// Byte order of the whole message (byte 0: 1 little-endian, 0 big-endian).
    public var littleEndian: Bool
    /// Message kind (byte 1).
    public var type: QMessageType
    /// True when the body is IPC-compressed (byte 2).
    public var compressed: Bool
    /// Total message length in bytes, header included. Bytes 4…7 hold the low 32 bits;
    /// byte 3 holds bits 32…39 for messages over 4 GB (kdb+'s large-message capability).
    public var length: Int

    /// The size of the header in bytes.
    public static let size = 8

    /// A header from its fields.
    public init(littleEndian: Bool = true, type: QMessageType, compressed: Bool = false, length: Int) {
        self.littleEndian = littleEndian
        self.type = type
        self.compressed = compressed
        self.length = length
    }
}

/// Limits and hooks for decoding.
public struct QWireOptions: Sendable {
    /// Deepest nesting of lists, dictionaries and functions accepted (and written): deeper
    /// input throws `QWireError.Kind.tooDeep` instead of exhausting the stack.
    public var maxDepth: Int = 200
    /// Largest uncompressed message `decompress` will produce, in bytes.
    public var maxDecompressedSize: Int = 1 << 40
    /// Turns a decoded primitive (its q name, e.g. `+` or `neg`, and type 101 or 102) into
    /// the interpreter's primitive. When nil, the decoder builds a `QPrimitive` with id
    /// `QWire.unresolvedPrimitiveID`, fine to inspect or re-serialize but not to call; an
    /// interpreter passes its own table here. Returning nil makes the decode throw.
    public var resolvePrimitive: (@Sendable (_ name: String, _ typeNumber: Int16) -> QPrimitive?)?
    /// Resolves an enumerated vector (types 20…76, which kdb+ only writes when asked to
    /// keep enumerations) to a value, normally the symbols `domain[indices]`. When nil,
    /// such input throws `QWireError.Kind.unsupported`.
    public var resolveEnumeration: (@Sendable (_ domain: String, _ indices: [Int32]) throws -> QValue)?

    /// Default limits, no hooks.
    public init() {}
}

extension QWire {
    /// The `QPrimitive.id` given to primitives decoded without a resolver.
    public static let unresolvedPrimitiveID = -1
    /// Default `compressionThreshold`: kdb+ compresses messages longer than 2,000 bytes.
    public static let defaultCompressionThreshold = 2000
}

/// A malformed or unsupported wire message, or a value that cannot be serialized.
public struct QWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The input ended before the value did.
        case truncated
        /// The 8-byte header is inconsistent (bad endianness or type byte, wrong length).
        case badHeader
        /// A type byte the format does not define.
        case unknownType
        /// A negative count, or one the remaining bytes cannot hold.
        case badCount
        /// Structurally invalid data (table columns of unequal length, a lambda without text…).
        case malformed
        /// A compressed body that does not decompress to its stated size.
        case badCompression
        /// Nesting deeper than `QWireOptions.maxDepth`.
        case tooDeep
        /// A size over a configured or format limit.
        case tooLarge
        /// A primitive code or name with no mapping.
        case unknownPrimitive
        /// Valid kdb+ data this codec does not represent (enumerations without a resolver,
        /// foreign objects, Swift native functions…).
        case unsupported
    }

    /// What went wrong.
    public let kind: Kind
    /// A short explanation for people.
    public let message: String
    /// Byte offset in the payload where decoding failed, when known.
    public let offset: Int?

    /// An error of a kind with an explanation and optional offset.
    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    /// The message, and the byte offset when known.
    public var description: String {
        offset.map { "wire: \(message) (at byte \($0))" } ?? "wire: \(message)"
    }
}

/// Type bytes of the non-basic kinds of value.
enum WireType {
    static let list: UInt8 = 0
    static let table: UInt8 = 98
    static let dict: UInt8 = 99
    static let sortedDict: UInt8 = 127
    static let lambda: UInt8 = 100
    static let unary: UInt8 = 101
    static let binary: UInt8 = 102
    static let iterator: UInt8 = 103
    static let projection: UInt8 = 104
    static let composition: UInt8 = 105
    static let derivedBase: UInt8 = 106
    static let error: UInt8 = 0x80
}

// MARK: - Messages

extension QWire {
    /// The largest message the header can describe: 40 bits of length (byte 3 holds bits
    /// 32…39, the large-message capability's 1 TB).
    public static let maxMessageLength = (1 << 40) - 1

    /// Messages up to this many bytes are built on the stack. Below the default
    /// compression threshold, so such a message is never compressed.
    static let smallMessage = 1024

    /// Serializes a value into a complete little-endian message.
    ///
    /// - Parameters:
    ///   - v: The value to send.
    ///   - type: Async, sync or response (`-8!` writes async).
    ///   - compress: When true, messages longer than `compressionThreshold` bytes are
    ///     compressed, and the compressed form is sent only if it is under half the size
    ///     (kdb+'s rule; `-18!` is `compress: true`).
    ///   - compressionThreshold: Length in bytes, header included, a message must exceed
    ///     before compression is tried (kdb+ uses 2,000).
    ///   - maxDepth: Deepest nesting written.
    /// - Throws: What `serialize` throws; `QWireError.Kind.tooLarge` past 1 TB.
    /// - Complexity: O(n); the uncompressed message is built in one allocation.
    public static func encodeMessage(_ v: QValue, type: QMessageType, compress: Bool = false,
                                     compressionThreshold: Int = defaultCompressionThreshold,
                                     maxDepth: Int = QWireOptions().maxDepth) throws -> [UInt8] {
        let total = try messageSize(v, maxDepth: maxDepth)
        if total <= smallMessage && total <= compressionThreshold {
            // Array(unsafeUninitializedCapacity:) allocates through an unspecialized
            // runtime call (a generic metadata lookup) costing hundreds of instructions,
            // more than a small query's whole encoding: build it on the stack and copy.
            return try withSmallMessage(v, type: type, total: total) { Array($0) }
        }
        let message = try [UInt8](unsafeUninitializedCapacity: total) { buf, initialized in
            try fill(UnsafeMutableRawBufferPointer(buf), v, type: type)
            initialized = total
        }
        if compress && total > compressionThreshold, let packed = QWire.compress(message: message) {
            return packed
        }
        return message
    }

    /// Serializes a value into a complete message and lends it to `body`: a small message
    /// from the stack, so sending one allocates nothing; a larger one as `encodeMessage`
    /// builds it (compressed when asked, with the default threshold).
    ///
    /// - Throws: What `encodeMessage` throws, before `body` is called; then what `body` throws.
    static func withMessage<R>(_ v: QValue, type: QMessageType, compress: Bool = false,
                               _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let total = try messageSize(v, maxDepth: QWireOptions().maxDepth)
        if total <= smallMessage { return try withSmallMessage(v, type: type, total: total, body) }
        return try encodeMessage(v, type: type, compress: compress).withUnsafeBytes(body)
    }

    /// Bytes of the uncompressed message for `v`, header included.
    static func messageSize(_ v: QValue, maxDepth: Int) throws -> Int {
        let total = try SizeCounter(maxDepth: maxDepth).size(v, 0) + QMessageHeader.size
        guard total <= maxMessageLength else { throw QWireError(.tooLarge, "message of \(total) bytes exceeds 1 TB") }
        return total
    }

    /// Writes the message of `total` bytes for `v` on the stack and lends it to `body`.
    private static func withSmallMessage<R>(_ v: QValue, type: QMessageType, total: Int,
                                            _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try withUnsafeTemporaryAllocation(byteCount: total, alignment: 8) { buf in
            try fill(buf, v, type: type)
            return try body(UnsafeRawBufferPointer(buf))
        }
    }

    /// Writes header and payload into a buffer of exactly the message's size.
    private static func fill(_ buf: UnsafeMutableRawBufferPointer, _ v: QValue, type: QMessageType) throws {
        var w = WireWriter(buf.baseAddress!, count: buf.count)
        writeHeader(QMessageHeader(type: type, length: buf.count), &w)
        try write(v, &w)
        assert(w.p == w.end, "size pass and write pass disagree")
    }

    /// A complete message carrying an error (type -128): what a server sends in response
    /// to a request that signalled `'text`.
    ///
    /// - Parameters:
    ///   - text: The error text, without the quote. It is cut at the first NUL, which would
    ///     otherwise end it on the wire.
    ///   - type: Usually `.response`.
    public static func encodeError(_ text: String, type: QMessageType = .response) -> [UInt8] {
        let bytes = Array(text.utf8.prefix { $0 != 0 })
        let total = QMessageHeader.size + 2 + bytes.count
        var out = [UInt8]()
        out.reserveCapacity(total)
        out += [1, type.rawValue, 0, 0]
        withUnsafeBytes(of: UInt32(total).littleEndian) { out += $0 }
        out.append(WireType.error)
        out += bytes
        out.append(0)
        return out
    }

    static func writeHeader(_ h: QMessageHeader, _ w: inout WireWriter) {
        w.u8(1)
        w.u8(h.type.rawValue)
        w.u8(h.compressed ? 1 : 0)
        w.u8(UInt8(truncatingIfNeeded: h.length >> 32))
        w.put(UInt32(truncatingIfNeeded: h.length))
    }

    /// Reads the 8-byte header at the start of `bytes` (more bytes may follow).
    ///
    /// - Throws: `QWireError.Kind.truncated` for fewer than 8 bytes, `.badHeader` for an
    ///   endianness, type or compression byte out of range or a length under the minimum.
    public static func decodeHeader(_ bytes: [UInt8]) throws -> QMessageHeader {
        try bytes.withUnsafeBytes { try decodeHeader($0) }
    }

    /// Reads the 8-byte header at the start of borrowed bytes; see `decodeHeader(_:)`.
    public static func decodeHeader(_ bytes: UnsafeRawBufferPointer) throws -> QMessageHeader {
        guard bytes.count >= QMessageHeader.size else {
            throw QWireError(.truncated, "message header needs 8 bytes, got \(bytes.count)")
        }
        guard bytes[0] <= 1 else { throw QWireError(.badHeader, "endianness byte \(bytes[0])", offset: 0) }
        guard let type = QMessageType(rawValue: bytes[1]) else {
            throw QWireError(.badHeader, "message type \(bytes[1])", offset: 1)
        }
        guard bytes[2] <= 1 else { throw QWireError(.badHeader, "compression byte \(bytes[2])", offset: 2) }
        let little = bytes[0] == 1
        let raw = bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let low = Int(little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
        let length = low | Int(bytes[3]) << 32
        let minimum = bytes[2] == 1 ? 12 : 9
        guard length >= minimum else { throw QWireError(.badHeader, "message length \(length)", offset: 4) }
        return QMessageHeader(littleEndian: little, type: type, compressed: bytes[2] == 1, length: length)
    }

    /// Decodes a complete message: header, decompression when flagged, then the value.
    ///
    /// - Parameters:
    ///   - bytes: One message; its header's length must match the bytes given.
    ///   - options: Limits and hooks, as for `deserialize`.
    /// - Returns: The message type and the value.
    /// - Throws: `QError` carrying the text when the message is an error (a failed request's
    ///   response); `QWireError` when the message is malformed.
    public static func decodeMessage(_ bytes: [UInt8], options: QWireOptions = QWireOptions()) throws -> (QMessageType, QValue) {
        try bytes.withUnsafeBytes { try decodeMessage($0, options: options) }
    }

    /// Decodes a complete message from borrowed bytes; see `decodeMessage(_:options:)`.
    public static func decodeMessage(_ bytes: UnsafeRawBufferPointer, options: QWireOptions = QWireOptions()) throws -> (QMessageType, QValue) {
        let h = try decodeHeader(bytes)
        guard h.length == bytes.count else {
            let kind: QWireError.Kind = h.length > bytes.count ? .truncated : .badHeader
            throw QWireError(kind, "header says \(h.length) bytes, message has \(bytes.count)", offset: 4)
        }
        if h.compressed {
            let plain = try decompress(bytes, maxSize: options.maxDecompressedSize)
            let v = try plain.withUnsafeBytes {
                try deserialize(UnsafeRawBufferPointer(rebasing: $0[QMessageHeader.size...]),
                                littleEndian: h.littleEndian, options: options)
            }
            return (h.type, v)
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[QMessageHeader.size...])
        return (h.type, try deserialize(body, littleEndian: h.littleEndian, options: options))
    }
}
