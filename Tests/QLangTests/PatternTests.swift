import XCTest
@testable import QCore
@testable import QLang

final class PatternTests: QTestCase {
    func testListAndNamePatterns() {
        run("(b;c):2 3")
        assertQ("b", "2")
        assertQ("c", "3")
        assertError("(b;c):2 3 4", "length")
        assertError("(b;c;3):2 3 4", "match")
        run("(a;b;):1 2 3")
        assertError("(a;b;):1 2", "length")
    }

    func testFailedMatchChangesNothing() {
        run("b:0; c:0")
        assertError("(b;c;9):1 2 3", "match")
        assertQ("(b;c)", "0 0")
    }

    func testConstantsAndTypes() {
        run("(1):1")
        assertError("(1):2", "match")
        run("((a;b):`F):3 4f")
        assertQ("a", "3f")
        assertError("((a;b):`F):3 4e", "type")
        assertError("(:`f):3e", "type")
    }

    func testFiltersAndResult() {
        run("a:(b;:1+):1 2")
        assertQ("a", "1 3")
        assertQ("b", "1")
        run("(x:3+):4")
        assertQ("x", "7")
    }

    func testDictionaryAndTablePatterns() {
        run("(1 2!(one;two)):1 2 3!\"abc\"")
        assertQ("(one;two)", "\"ab\"")
        assertError("(1 2!(one;two)):1 3!\"ac\"", "match")
        run("([four:d]):`one`two`three`four`five!1 2 3 4 5")
        assertQ("d", "4")
        run("([k1:f]cc:e):([k1:7 8]aa:1 2;bb:3 4;cc:5 6)")
        assertQ("f", "7 8")
        assertQ("e", "5 6")
        run("(flip([a;b])):([]a:1 2;b:3 4)")
        assertQ("b", "3 4")
        run("(k!v):1 2!\"ab\"")
        assertQ("v", "\"ab\"")
    }

    func testFunctionParameters() {
        run("f:{[(a;b);c]a+b+c}")
        assertQ("f[1 2;3]", "6")
        run("g:{[x;]x}")
        assertQ("g[3;4]", "3")
        run("check:{$[x<0;'\"too cold\";x]}")
        run("h:{[x:check]x*2}")
        assertQ("h 21", "42")
        assertError("h -1", "too cold")
    }

    func testPatternConditional() {
        assertQ(":[1f;r:`f;\"float\";r:`i;\"int\";\"other\"]", "\"float\"")
        assertQ(":[1i;r:`f;\"float\";r:`i;\"int\";\"other\"]", "\"int\"")
        assertQ(":[1;r:`f;\"float\";r:`i;\"int\";\"other\"]", "\"other\"")
    }
}
