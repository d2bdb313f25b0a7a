/// A q error, as `'type` or `'length`: the name is what q prints after the quote.
///
/// Signalled errors (`'"my error"`, `` '`oops ``) carry their text the same way.
public struct QError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error's name without the leading quote, e.g. `type`.
    public let name: String

    /// An error with the given name.
    public init(_ name: String) { self.name = name }

    public var description: String { "'" + name }

    /// `'type`: an argument has the wrong type.
    public static let type = QError("type")
    /// `'length`: arguments do not conform.
    public static let length = QError("length")
    /// `'rank`: wrong number of arguments.
    public static let rank = QError("rank")
    /// `'domain`: an argument is out of the function's domain.
    public static let domain = QError("domain")
    /// `'index`: an index is out of range where q checks it.
    public static let index = QError("index")
    /// `'nyi`: not yet implemented.
    public static let nyi = QError("nyi")
    /// `'parse`: the source text is not valid q.
    public static let parse = QError("parse")
    /// `'stack`: recursion too deep.
    public static let stack = QError("stack")
    /// `'limit`: a size limit was exceeded.
    public static let limit = QError("limit")
    /// `'wsfull`: out of memory.
    public static let wsfull = QError("wsfull")
    /// `'mismatch`: table columns do not match.
    public static let mismatch = QError("mismatch")
    /// `'noupdate`: a global was updated from a thread that may not.
    public static let noupdate = QError("noupdate")
    /// `'assign`: assignment to a reserved word.
    public static let assign = QError("assign")
    /// `'value`: a name has no value.
    public static func value(_ name: String) -> QError { QError(name) }
}
