import Foundation
import Testing

/// Key map and surface files: wrong ones are refused with a sentence naming the problem.
@Suite struct ConfigFileTests {
    func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func runCapturingErrors(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = TennisBinary.url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = await offThePool { () -> Data in
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func badKeyMapsAreRefusedWithTheReason() async throws {
        let unknownAction = try temporaryFile(#"{"jump": ["z"], "quit": ["q"]}"#)
        let (status, output) = try await runCapturingErrors(["practice", "--keys", unknownAction])
        #expect(status != 0)
        #expect(output.contains("unknown action 'jump'"))

        let unknownKey = try temporaryFile(#"{"quit": ["q"], "drive": ["f13"]}"#)
        let (status2, output2) = try await runCapturingErrors(["join", "ABC234", "--keys", unknownKey])
        #expect(status2 != 0)
        #expect(output2.contains("unknown key 'f13'"))

        let noQuit = try temporaryFile(#"{"drive": ["space"]}"#)
        let (status3, output3) = try await runCapturingErrors(["practice", "--keys", noQuit])
        #expect(status3 != 0)
        #expect(output3.contains("no key quits"))

        let (status4, output4) = try await runCapturingErrors(["practice", "--keys", "/nonexistent/keys.json"])
        #expect(status4 != 0)
        #expect(output4.contains("cannot read key map"))
    }

    @Test func surfacesComeFromTheAssetsFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-assets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let surfaces = #"{"surfaces":[{"name":"carpet","restitution":0.7,"horizontal_retention":0.9,"colour":"magenta"}]}"#
        try Data(surfaces.utf8).write(to: folder.appendingPathComponent("surfaces.json"))
        let (status, output) = try await runCapturingErrors(["simulate", "--surface", "carpet", "--bots", "1,1", "--matches", "1"],
                                                      environment: ["TENNIS_ASSETS": folder.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("\"matches\":1"))
        let (rejected, message) = try await runCapturingErrors(["simulate", "--surface", "clay"],
                                                         environment: ["TENNIS_ASSETS": folder.path])
        #expect(rejected != 0)
        #expect(message.contains("carpet"))
    }
}
