import XCTest
@testable import QIPC
