// The kdb+ wire protocol: serialization of q values, message framing, compression.
//
// Layout of the module:
//   QIPC.swift          public types: QWire, QMessageType, QMessageHeader, QWireOptions, QWireError
//   Writer.swift        exact size computation and the unchecked output cursor
//   Serialize.swift     QValue -> bytes
//   Reader.swift        bounds-checked input cursor, both byte orders
//   Deserialize.swift   bytes -> QValue
//   Message.swift       8-byte header, framing, errors (type -128)
//   Compression.swift   kdb+ IPC compression
//   Primitives.swift    one-byte codes of primitives and iterators, lambda parameter scan
import QCore

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
/// Errors travel as type -128 (a `'` marker, then the text): `encodeError` writes one,
/// and `deserialize`/`decodeMessage` throw a `QError` carrying the text when they meet
/// one. Malformed input throws `QWireError`; the decoder never reads out of bounds and
/// never allocates more than a small multiple of its input.
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

    public var description: String {
        offset.map { "wire: \(message) (at byte \($0))" } ?? "wire: \(message)"
    }
}
