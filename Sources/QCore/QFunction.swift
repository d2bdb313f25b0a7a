/// Applicable values that are not collections: lambdas, primitives, projections,
/// compositions, derived functions and registered Swift closures.
public enum QFunction: Sendable {
    // Only the recursive cases are boxed: lambdas and primitives are class references
    // already, and calling them should not go through an extra heap box.
    /// A lambda `{…}` (type 100).
    case lambda(QLambda)
    /// A primitive: unary keyword (type 101) or operator glyph (type 102).
    case primitive(QPrimitive)
    /// A projection (type 104): a function with some arguments fixed; `nil` marks an elided one.
    indirect case projection(QValue, [QValue?])
    /// A composition (type 105) such as `neg sum` or `'[f;g]`: applied right to left.
    indirect case composition([QValue])
    /// A derived function (types 106…111): an iterator applied to a value.
    indirect case derived(QIterator, QValue)
    /// A bare iterator glyph used as a value (type 103).
    case iterator(QIterator)
    /// A Swift closure registered as a q function (shown as type 112, like a dynamic load).
    case native(QNativeFunction)
}

/// The six iterators. Raw values are the type numbers of their derived functions minus 106.
public enum QIterator: UInt8, Sendable {
    /// `'` each (106).
    case each = 0
    /// `/` over (107).
    case over = 1
    /// `\` scan (108).
    case scan = 2
    /// `':` each prior / each parallel (109).
    case prior = 3
    /// `/:` each right (110).
    case eachRight = 4
    /// `\:` each left (111).
    case eachLeft = 5

    /// The iterator's glyph.
    public var glyph: String {
        switch self {
        case .each: return "'"
        case .over: return "/"
        case .scan: return "\\"
        case .prior: return "':"
        case .eachRight: return "/:"
        case .eachLeft: return "\\:"
        }
    }
}

/// A built-in primitive. The interpreter finds its behaviour by `id` in one table.
public final class QPrimitive: Sendable {
    /// Index into the interpreter's primitive table.
    public let id: Int
    /// How q displays it: a glyph (`+`), a unary form (`-:`) or a keyword (`count`).
    public let name: String
    /// 101 for unary primitives, 102 for operators.
    public let typeNumber: Int16

    /// A primitive with a table index, display name and type number.
    public init(id: Int, name: String, typeNumber: Int16) {
        self.id = id
        self.name = name
        self.typeNumber = typeNumber
    }
}

/// What a compiled lambda body looks like to the value layer: opaque.
public protocol QLambdaBody: AnyObject, Sendable {}

/// A lambda: its source text, parameters and compiled body.
public final class QLambda: Sendable {
    /// The source text exactly as written, `{[x;y] x+y}`; display shows it.
    public let source: String
    /// Parameter names (implicit `x`, `y`, `z` when none were declared).
    public let parameters: [String]
    /// The namespace the lambda was defined in (`""` for root), which its globals resolve in.
    public let namespace: String
    /// The compiled body, or nil for a lambda that arrived as text (compiled on first use).
    public let body: (any QLambdaBody)?
    /// The body as an unretained pointer, valid while this lambda lives: calling a lambda
    /// should not pay a retain and release to reach its body.
    public var bodyPointer: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: bodyAddress) }
    // Stored as an address so the class stays Sendable; `body` keeps the object alive.
    private let bodyAddress: UInt

    /// A lambda from source, parameters, namespace and a compiled body.
    public init(source: String, parameters: [String], namespace: String = "", body: (any QLambdaBody)?) {
        self.source = source
        self.parameters = parameters
        self.rank = parameters.count
        self.namespace = namespace
        self.body = body
        self.bodyAddress = body.map { UInt(bitPattern: Unmanaged<AnyObject>.passUnretained($0).toOpaque()) } ?? 0
    }

    /// Number of parameters.
    public let rank: Int
}

/// A Swift closure callable from q.
public final class QNativeFunction: Sendable {
    /// The name it was registered under.
    public let name: String
    /// Number of arguments it takes.
    public let rank: Int
    /// The closure; it receives exactly `rank` arguments.
    public let body: @Sendable ([QValue]) throws -> QValue

    /// A native function with a name, rank and body.
    public init(name: String, rank: Int, body: @escaping @Sendable ([QValue]) throws -> QValue) {
        self.name = name
        self.rank = rank
        self.body = body
    }
}
