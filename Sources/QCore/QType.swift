/// The element type of a q vector, or (negated) of an atom: kdb+'s type numbers 1…19,
/// plus 0 for a general list.
///
/// `type` in q returns the negative number for an atom and the positive one for a vector.
public enum QType: Int8, Sendable, CaseIterable {
    case mixed = 0
    case boolean = 1
    case guid = 2
    case byte = 4
    case short = 5
    case int = 6
    case long = 7
    case real = 8
    case float = 9
    case char = 10
    case symbol = 11
    case timestamp = 12
    case month = 13
    case date = 14
    case datetime = 15
    case timespan = 16
    case minute = 17
    case second = 18
    case time = 19

    /// The letter q uses for the type in casts (`"j"$`) and display suffixes.
    public var letter: Character {
        switch self {
        case .mixed: return " "
        case .boolean: return "b"
        case .guid: return "g"
        case .byte: return "x"
        case .short: return "h"
        case .int: return "i"
        case .long: return "j"
        case .real: return "e"
        case .float: return "f"
        case .char: return "c"
        case .symbol: return "s"
        case .timestamp: return "p"
        case .month: return "m"
        case .date: return "d"
        case .datetime: return "z"
        case .timespan: return "n"
        case .minute: return "u"
        case .second: return "v"
        case .time: return "t"
        }
    }

    /// The type's name as `key` and `` `long$`` use it.
    public var name: String {
        switch self {
        case .mixed: return ""
        case .boolean: return "boolean"
        case .guid: return "guid"
        case .byte: return "byte"
        case .short: return "short"
        case .int: return "int"
        case .long: return "long"
        case .real: return "real"
        case .float: return "float"
        case .char: return "char"
        case .symbol: return "symbol"
        case .timestamp: return "timestamp"
        case .month: return "month"
        case .date: return "date"
        case .datetime: return "datetime"
        case .timespan: return "timespan"
        case .minute: return "minute"
        case .second: return "second"
        case .time: return "time"
        }
    }

    /// The type for a cast letter (`"j"` → long), or nil.
    public init?(letter: Character) {
        guard let t = QType.allCases.first(where: { $0.letter == letter && $0 != .mixed }) else { return nil }
        self = t
    }

    /// The type for a name (`` `long `` → long), or nil.
    public init?(name: String) {
        guard !name.isEmpty, let t = QType.allCases.first(where: { $0.name == name }) else { return nil }
        self = t
    }

    /// True for the temporal types 12…19.
    public var isTemporal: Bool { rawValue >= 12 }
    /// True for types stored as machine integers whose minimum value is null.
    public var hasIntegerNull: Bool {
        switch self {
        case .short, .int, .long, .timestamp, .month, .date, .timespan, .minute, .second, .time: return true
        default: return false
        }
    }
    /// True for boolean, byte, short, int, long, real and float.
    public var isNumeric: Bool { (1...9).contains(rawValue) && self != .guid }
    /// True for real and float and datetime (stored as floating point).
    public var isFloating: Bool { self == .real || self == .float || self == .datetime }
    /// The storage kind vectors of this type use.
    public var storageKind: QStorageKind {
        switch self {
        case .mixed: return .mixed
        case .boolean: return .b
        case .guid: return .g
        case .byte, .char: return .x
        case .short: return .h
        case .int, .month, .date, .minute, .second, .time: return .i
        case .long, .timestamp, .timespan: return .j
        case .real: return .e
        case .float, .datetime: return .f
        case .symbol: return .s
        }
    }
}

/// How elements of a vector are stored: several q types share one machine representation
/// (dates are `Int32` days, timestamps `Int64` nanoseconds, and so on).
public enum QStorageKind: Sendable {
    case mixed, b, g, x, h, i, j, e, f, s
}

/// A vector attribute: `` `s# `` sorted, `` `u# `` unique, `` `p# `` parted, `` `g# `` grouped.
public enum QAttribute: UInt8, Sendable {
    case none = 0, sorted = 1, unique = 2, parted = 3, grouped = 4

    /// The attribute's letter as q displays it (`s`, `u`, `p`, `g`), empty for none.
    public var letter: String {
        switch self {
        case .none: return ""
        case .sorted: return "s"
        case .unique: return "u"
        case .parted: return "p"
        case .grouped: return "g"
        }
    }
}
