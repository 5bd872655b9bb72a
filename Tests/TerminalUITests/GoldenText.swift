import Foundation
import Testing

/// Whole frames kept as text files in `Golden/` and compared line by line ("screenshot tests").
/// Run with `TENNIS_RECORD_GOLDEN=1` to write the files afresh after an intended change.
enum GoldenText {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["TENNIS_RECORD_GOLDEN"] != nil {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? Data((text + "\n").utf8).write(to: file)
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("no golden file \(file.path); run with TENNIS_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        var expected = String(decoding: data, as: UTF8.self)
        if expected.hasSuffix("\n") { expected.removeLast() }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(text == expected, "\(name): first difference at line \((firstDifference ?? min(got.count, want.count)) + 1)\n\(text)",
                sourceLocation: sourceLocation)
    }
}
