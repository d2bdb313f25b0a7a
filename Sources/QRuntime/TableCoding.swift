import Foundation
import QCore

// Tables from arrays of Swift rows and back, through real `Encoder`/`Decoder`
// implementations (no JSON in between). The encoder lives in TableCoding+Encoding.swift,
// the decoder in TableCoding+Decoding.swift; this file holds the public types and what
// both sides share: type mapping, time and guid conversion, error locations.

/// Turns an array of `Encodable` rows into a q table, one contiguous typed column per field.
///
/// Each row must encode as a keyed container (a struct or class with fields). The first
/// row's fields, in the order it encodes them, name the columns; later rows must encode
/// the same fields with values of the same q type.
///
/// | Swift field | q column |
/// | --- | --- |
/// | `Int`, `Int64`, `UInt`, `UInt32`, `UInt64` | long (`j`) |
/// | `Int32`, `UInt16` | int (`i`) |
/// | `Int16`, `Int8` | short (`h`) |
/// | `UInt8` | byte (`x`) |
/// | `Bool` | boolean (`b`) |
/// | `Double` / `Float` | float (`f`) / real (`e`) |
/// | `String` | symbol (`s`); strings (`C`) with `stringColumns: .strings` |
/// | `Date` / `UUID` | timestamp (`p`) / guid (`g`) |
/// | a type that encodes one of the above (a `String` raw-value enum) | that column type |
/// | other `Encodable` (structs, arrays, dictionaries) | general list of q values |
///
/// A nil `Optional` is the column type's null (`0Nj`, `0n`, `` ` ``, `0Np`, `0Ng`). q
/// booleans and bytes have no null: a nil `Bool?` is stored as `0b`, a nil `UInt8?` as
/// `0x00`. A non-optional integer equal to q's null (`Int.min` is `0Nj`) is rejected, so
/// a table always decodes back to the rows it was made from.
///
/// ```swift
/// struct Trade: Codable { var sym: String; var price: Double; var size: Int; var time: Date }
/// let t = try QTableEncoder().encode(trades)    // sym:`s price:`f size:`j time:`p
/// try q.set("trades", t)
/// ```
public struct QTableEncoder: Sendable {
    /// How `String` fields are stored.
    public enum StringColumns: Sendable {
        /// Symbol columns (type 11): q's usual choice for names, tickers and categories.
        case symbols
        /// Columns of strings (lists of char vectors): for free text.
        case strings
    }

    /// How `String` fields are stored; symbols unless told otherwise.
    public var stringColumns: StringColumns

    /// An encoder storing `String` fields as `stringColumns`.
    public init(stringColumns: StringColumns = .symbols) {
        self.stringColumns = stringColumns
    }

    /// The table whose rows are `rows`.
    ///
    /// With no rows, the columns come from a sample row when `Row` is also `Decodable`
    /// (every field zero or empty, a `CaseIterable` enum its first case): the result is
    /// an empty table with those column names and types. An optional field of a type that
    /// rejects a zero value (a raw-value enum that is not `CaseIterable`) is left nil and
    /// its column is a general list.
    ///
    /// - Throws: `QRuntimeError.conversion` naming the row and field when a row is not a
    ///   keyed container, rows disagree on their fields or on a field's q type, a value
    ///   does not fit its column (`UInt64` above `Int64.max`, a `Date` beyond the years
    ///   1708…2292 that timestamps cover, an integer equal to q's null), or `rows` is empty
    ///   and `Row` is not `Decodable`.
    /// - Complexity: O(rows × fields).
    public func encode<Row: Encodable>(_ rows: [Row]) throws -> QTable {
        let builder = TableBuilder(stringColumns: stringColumns)
        if rows.isEmpty {
            try builder.encode(try sampleRow(Row.self), row: 0)
            return builder.table(keepingRows: false)
        }
        for (r, row) in rows.enumerated() { try builder.encode(row, row: r) }
        return builder.table(keepingRows: true)
    }

    private func sampleRow<Row: Encodable>(_ type: Row.Type) throws -> Row {
        guard let decodable = Row.self as? any Decodable.Type else {
            throw QRuntimeError.conversion("cannot derive the columns of an empty [\(Row.self)]: \(Row.self) is not Decodable, so no sample row can be made; encode at least one row or make it Codable")
        }
        do {
            // `sample` opens the existential, so the result is a `Row`.
            guard let row = try Sample.row(decodable) as? Row else { throw CellError("the sample is not a \(Row.self)") }
            return row
        } catch {
            throw QRuntimeError.conversion("cannot derive the columns of an empty [\(Row.self)] from a sample row (\(error)); encode at least one row")
        }
    }
}

/// Turns a q table into an array of `Decodable` rows, reading each column by index.
///
/// Accepts a table, a keyed table (its key columns come first, as `0!` would give) and a
/// dictionary from symbols (one row). Each field reads the column of the same name and
/// accepts the q types a q programmer would store it as:
///
/// | Swift field | q column |
/// | --- | --- |
/// | `String` | symbol, string (char vector) or char |
/// | integers (`Int`, `Int32`, `UInt8`…) | boolean, byte, short, int or long, range-checked |
/// | `Double`, `Float` | float, real or any integer (integer nulls become NaN) |
/// | `Bool` | boolean |
/// | `Date` | timestamp, date or datetime |
/// | `UUID` | guid (or its text as a symbol or string) |
/// | other `Decodable` | the cell as a q value: dictionaries as keyed, lists as unkeyed containers |
///
/// A null cell decodes as nil into an `Optional`. Into a non-optional field it is an
/// error for integers and `Date`, which have no value that stands for null; a `String`
/// reads `""`, a `Double` reads NaN, a `UUID` reads all zeros. A missing column is nil
/// for an `Optional` field and an error otherwise; extra columns are ignored.
///
/// ```swift
/// let trades = try QTableDecoder().decode(Trade.self, from: q("select from trades where size>100"))
/// ```
public struct QTableDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// The rows of a table (or keyed table, or one-row dictionary) as `Row` values.
    ///
    /// - Throws: `QRuntimeError.conversion` naming the row and field when a cell has a
    ///   type the field cannot take, a null meets a non-optional integer or `Date`, a
    ///   value is out of the field's range or a column is missing; also when `value` is
    ///   not a table, keyed table or dictionary.
    /// - Complexity: O(rows × fields); typed columns are read in place, without making a
    ///   q value per cell.
    public func decode<Row: Decodable>(_ rowType: Row.Type, from value: QValue) throws -> [Row] {
        let view = try TableView(value)
        var rows: [Row] = []
        rows.reserveCapacity(view.count)
        for r in 0..<view.count {
            rows.append(try inRow(r, "row \(r) as \(Row.self)") { try Row(from: RowDecoder(view: view, row: r)) })
        }
        return rows
    }
}

// MARK: - Shared by the encoder and the decoder

/// A conversion failure inside one cell; the table coder adds the row and turns it
/// into `QRuntimeError.conversion`.
struct CellError: Error, CustomStringConvertible {
    var message: String
    /// Field names and list indices from the row down to the cell; set by the innermost
    /// container that knows it.
    var path: [CodingKey] = []

    init(_ message: String, path: [CodingKey] = []) {
        self.message = message
        self.path = path
    }

    var description: String { path.isEmpty ? message : "`\(CellError.render(path))`: \(message)" }

    func located(row: Int) -> QRuntimeError { .conversion("row \(row)\(path.isEmpty ? ":" : ",") \(self)") }

    static func render(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue, key.stringValue == String(i), !out.isEmpty {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }
}

/// Runs `body` for row `row`: a `CellError` gets the row's location, a `QRuntimeError`
/// passes through, and any other error (a user type's own) becomes a conversion error
/// headed by `label`.
func inRow<R>(_ row: Int, _ label: @autoclosure () -> String, _ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let e as CellError {
        throw e.located(row: row)
    } catch let e as QRuntimeError {
        throw e
    } catch {
        throw QRuntimeError.conversion("\(label()): \(error)")
    }
}

/// Runs `body`, giving a `CellError` that has no location yet the path `path`.
@inline(__always)
func locating<R>(_ path: @autoclosure () -> [CodingKey], _ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch var e as CellError {
        if e.path.isEmpty { e.path = path() }
        throw e
    }
}

/// A coding key for list positions and for keys the coder makes up (`super`).
struct PlainKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
    static let `super` = PlainKey(stringValue: "super")
}

/// What kind of column a field fills.
enum ColumnKind: Equatable {
    /// A typed vector.
    case typed(QType)
    /// A list of strings (char vectors).
    case strings
    /// A general list of any q values.
    case general

    /// The column a nil of static type `type` belongs in, or nil when only a value can tell
    /// (a nested type that may encode as anything).
    static func of(_ type: Any.Type, _ strings: QTableEncoder.StringColumns) -> ColumnKind? {
        if type == Int.self || type == Int64.self || type == UInt.self || type == UInt32.self || type == UInt64.self { return .typed(.long) }
        if type == Int32.self || type == UInt16.self { return .typed(.int) }
        if type == Int16.self || type == Int8.self { return .typed(.short) }
        if type == UInt8.self { return .typed(.byte) }
        if type == Bool.self { return .typed(.boolean) }
        if type == Double.self { return .typed(.float) }
        if type == Float.self { return .typed(.real) }
        if type == String.self { return strings == .symbols ? .typed(.symbol) : .strings }
        if type == Date.self { return .typed(.timestamp) }
        if type == UUID.self { return .typed(.guid) }
        return nil
    }

    /// The null a nil of this kind is stored as.
    var null: QValue {
        switch self {
        case .typed(let t): return t.null
        case .strings: return .string("")
        case .general: return .identity
        }
    }
}

/// q timestamps are nanoseconds since 2000.01.01; Foundation counts seconds from
/// 2001.01.01, 366 days later. Whole seconds and the fraction are converted apart, so a
/// `Date` near today survives the round trip bit for bit.
enum QTime {
    static let secondsFrom2000To2001: Int64 = 366 * 86_400
    /// Whole seconds since 2000 whose nanoseconds (plus a fraction) fit in an `Int64`,
    /// leaving `Int64.min` to mean null.
    static let secondsRange: ClosedRange<Int64> = -9_223_372_036...9_223_372_035

    static func timestamp(_ date: Date) -> Int64? {
        let t = date.timeIntervalSinceReferenceDate
        let whole = t.rounded(.down)
        guard whole.isFinite, abs(whole) < 1e11 else { return nil }
        let seconds = Int64(whole) + secondsFrom2000To2001
        guard secondsRange.contains(seconds) else { return nil }
        return seconds * 1_000_000_000 + Int64(((t - whole) * 1e9).rounded())
    }

    static func date(timestamp ns: Int64) -> Date {
        let seconds = Double(ns / 1_000_000_000 - secondsFrom2000To2001)
        return Date(timeIntervalSinceReferenceDate: seconds + Double(ns % 1_000_000_000) / 1e9)
    }

    static func date(days: Double) -> Date {
        Date(timeIntervalSinceReferenceDate: days * 86_400 - Double(secondsFrom2000To2001))
    }
}

extension QGUID {
    /// The guid with a UUID's 16 bytes, in order.
    init(_ uuid: UUID) {
        let u = uuid.uuid
        self.init(bytes: [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15])
    }
}

extension UUID {
    /// The UUID with a guid's 16 bytes, in order.
    init(_ g: QGUID) {
        let b = g.bytes
        self.init(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
