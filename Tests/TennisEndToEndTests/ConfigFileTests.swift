import Foundation
import TestSupport
import Testing

/// Key map and surface files: wrong ones are refused with a sentence naming the problem.
@Suite struct ConfigFileTests {
    func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func runCapturingErrors(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
        try await runTool(TennisBinary.url.path, arguments,
                          environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, errors: .merged)
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

    /// A config folder holding `text` as terminal-tennis/config.json.
    func configHome(_ text: String) throws -> (home: String, file: String) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tennis-config-\(UUID().uuidString)")
        let folder = home.appendingPathComponent("terminal-tennis")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("config.json")
        try Data(text.utf8).write(to: file)
        return (home.path, file.path)
    }

    @Test func badConfigFilesAreRefusedNamingTheFileAndTheProblem() async throws {
        let cases = [
            ("{not json", "is not valid JSON"),
            (#"["Ann"]"#, "must hold a JSON object"),
            (#"{"name": 42}"#, #""name" must be a string"#),
            (#"{"bell": "yes"}"#, #""bell" must be true or false"#),
            (#"{"colour": "rainbow"}"#, #""colour" must be one of auto, 256, 16, mono"#),
            (#"{"nmae": "Ann"}"#, #"unknown setting "nmae""#),
            (#"{"name": "\u0007\u0007"}"#, #""name" must have a printable character"#),
        ]
        for (text, problem) in cases {
            let (home, file) = try configHome(text)
            for command in [["practice"], ["menu"], ["watch", "ABC234"]] {
                let (status, output) = try await runCapturingErrors(command, environment: ["XDG_CONFIG_HOME": home])
                #expect(status != 0, "\(command) with \(text)")
                #expect(output.contains(file) && output.contains(problem), "\(command) with \(text):\n\(output)")
            }
        }
    }

    @Test func colourModesAreChecked() async throws {
        let (status, output) = try await runCapturingErrors(["practice", "--colour", "rainbow"])
        #expect(status != 0)
        #expect(output.contains("unknown colour mode 'rainbow'"))
        let (status2, output2) = try await runCapturingErrors(["practice"], environment: ["TENNIS_COLOUR": "lots"])
        #expect(status2 != 0)
        #expect(output2.contains("TENNIS_COLOUR='lots'"))
    }
}
