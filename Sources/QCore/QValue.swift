/// A q value: atom, vector, general list, dictionary, table or function.
///
/// Values are immutable and cheap to copy: vectors are Swift arrays (contiguous,
/// copy-on-write), so sharing a value with another thread shares its buffer until
/// one side writes.
public enum QValue: Sendable {
    /// An atom of a basic type; the scalar's storage must match `type.storageKind`.
    case atom(QType, QScalar)
    /// A vector of a basic type (1…19).
    case vector(QVector)
    /// A general list (type 0).
    case list([QValue])
    /// A dictionary (type 99); keyed tables are dictionaries from a table to a table.
    indirect case dict(QDict)
    /// A table (type 98): a flipped dictionary of equal-length columns.
    case table(QTable)
    /// Anything applicable that is not a collection (types 100…112).
    case function(QFunction)
}

/// The scalar payload of an atom, one case per machine representation.
public enum QScalar: Sendable, Hashable {
    case b(Bool)
    case g(QGUID)
    case x(UInt8)
    case h(Int16)
    case i(Int32)
    case j(Int64)
    case e(Float)
    case f(Double)
    case s(String)
}

/// Contiguous storage of a vector, one case per machine representation.
public enum QStorage: Sendable {
    case b([Bool])
    case g([QGUID])
    case x([UInt8])
    case h([Int16])
    case i([Int32])
    case j([Int64])
    case e([Float])
    case f([Double])
    case s([String])

    /// Number of elements.
    public var count: Int {
        switch self {
        case .b(let a): return a.count
        case .g(let a): return a.count
        case .x(let a): return a.count
        case .h(let a): return a.count
        case .i(let a): return a.count
        case .j(let a): return a.count
        case .e(let a): return a.count
        case .f(let a): return a.count
        case .s(let a): return a.count
        }
    }

    /// The element at `i` as a scalar. - Precondition: `i` is in range.
    @inline(__always)
    public subscript(_ i: Int) -> QScalar {
        switch self {
        case .b(let a): return .b(a[i])
        case .g(let a): return .g(a[i])
        case .x(let a): return .x(a[i])
        case .h(let a): return .h(a[i])
        case .i(let a): return .i(a[i])
        case .j(let a): return .j(a[i])
        case .e(let a): return .e(a[i])
        case .f(let a): return .f(a[i])
        case .s(let a): return .s(a[i])
        }
    }

    /// Empty storage of a kind.
    public static func empty(_ kind: QStorageKind) -> QStorage {
        switch kind {
        case .b: return .b([])
        case .g: return .g([])
        case .x: return .x([])
        case .h: return .h([])
        case .i: return .i([])
        case .j: return .j([])
        case .e: return .e([])
        case .f: return .f([])
        case .s, .mixed: return .s([])
        }
    }
}

/// A typed vector: element type, attribute and contiguous storage.
public struct QVector: Sendable {
    /// The element type (never `.mixed`).
    public var type: QType
    /// The attribute (`s#`, `u#`, `p#`, `g#`) or none.
    public var attribute: QAttribute
    /// The elements.
    public var storage: QStorage

    /// A vector of `type` over `storage`; the storage kind must match the type.
    @inline(__always)
    public init(_ type: QType, _ storage: QStorage, attribute: QAttribute = .none) {
        self.type = type
        self.storage = storage
        self.attribute = attribute
    }

    /// Number of elements.
    @inline(__always) public var count: Int { storage.count }

    /// The element at `i` as an atom. - Precondition: `i` is in range.
    @inline(__always) public subscript(_ i: Int) -> QValue { .atom(type, storage[i]) }
}

/// A dictionary: keys and values of equal count (or a keyed table: two tables).
public struct QDict: Sendable {
    /// The keys (a vector, list or table).
    public var keys: QValue
    /// The values (a vector, list or table), one per key.
    public var values: QValue
    /// True when the dictionary carries the sorted attribute (`` `s#``).
    public var sorted: Bool

    /// A dictionary from keys to values.
    public init(keys: QValue, values: QValue, sorted: Bool = false) {
        self.keys = keys
        self.values = values
        self.sorted = sorted
    }
}

/// A table: column names and columns of equal length.
public struct QTable: Sendable {
    /// Column names in order.
    public var names: [String]
    /// Columns in order: vectors or general lists, each of `count` rows.
    public var columns: [QValue]

    /// A table from names and columns. - Precondition: same count; columns of equal length.
    public init(names: [String], columns: [QValue]) {
        self.names = names
        self.columns = columns
    }

    /// Number of rows.
    public var count: Int { columns.first?.count ?? 0 }
}
