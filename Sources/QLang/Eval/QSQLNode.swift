import QCore

/// A compiled qSQL template.
final class QSQLNode: Node {
    static func compile(_ q: QSQLExpr, _ c: Compiler) throws -> Node {
        throw QError.nyi
    }
}
