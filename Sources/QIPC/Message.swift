// Message framing: the 8-byte header, optional compression, and error messages.
import QCore

extension QWire {
    /// The largest message the header can describe: 40 bits of length (byte 3 holds bits
    /// 32…39, the large-message capability's 1 TB).
    public static let maxMessageLength = (1 << 40) - 1

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
        let payload = try SizeCounter(maxDepth: maxDepth).size(v, 0)
        let total = payload + QMessageHeader.size
        guard total <= maxMessageLength else { throw QWireError(.tooLarge, "message of \(total) bytes exceeds 1 TB") }
        let message = try [UInt8](unsafeUninitializedCapacity: total) { buf, initialized in
            var w = WireWriter(buf.baseAddress!, count: total)
            writeHeader(QMessageHeader(type: type, length: total), &w)
            try write(v, &w)
            assert(w.p == w.end, "size pass and write pass disagree")
            initialized = total
        }
        if compress && total > compressionThreshold, let packed = QWire.compress(message: message) {
            return packed
        }
        return message
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
