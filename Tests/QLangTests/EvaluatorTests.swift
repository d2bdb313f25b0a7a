import XCTest
@testable import QCore
@testable import QLang

final class EvaluatorTests: QTestCase {
    func testRightToLeft() {
        assertQ("2*3+4", "14")
        assertQ("1 2 3+10", "11 12 13")
        assertQ("-1 2", "-1 2")
    }

    func testAssignmentAndIndexing() {
        run("x:til 5")
        run("x[2]:100")
        assertQ("x", "0 1 100 3 4")
        run("x[1 2]+:1")
        assertQ("x", "0 2 101 3 4")
        assertQ("x 1 3", "2 3")
        assertQ("x[5]", "0N")
    }

    func testLambdas() {
        run("f:{x+y}")
        assertQ("f[1;2]", "3")
        assertQ("f[1] 10", "11")
        assertQ("{[a;b] c:a+b; :c*2; 0}[1;2]", "6")
        assertQ("{x}[]", "::")
    }

    func testIterators() {
        assertQ("{x+1}/[10;0]", "10")
        assertQ("(+/)1 2 3", "6")
        assertQ("1 2 3+/:10 20", "(11 12 13;21 22 23)")
        assertQ("1 2+\\:10 20", "(11 21;12 22)")
        assertQ("{x,y}/[();1 2 3]", "1 2 3")
    }

    func testErrors() {
        assertError("'foo", "foo")
        assertError("1 2+1 2 3", "length")
        assertError("undefinedname", "undefinedname")
        assertError("{x+y}[1;2;3]", "rank")
    }

    func testTrap() {
        assertQ("@[{x+1};`a;{x}]", "\"type\"")
        assertQ(".[+;1 2]", "3")
    }

    func testDeepRecursionIsStackError() {
        run("g:{g x+1}")
        assertError("g 0", "stack")
    }

    func testConsoleSuppression() throws {
        XCTAssertNil(try q.evaluateLine("a:5"))
        XCTAssertNotNil(try q.evaluateLine("(a:5)"))
        XCTAssertNil(try q.evaluateLine("a;"))
    }
}
