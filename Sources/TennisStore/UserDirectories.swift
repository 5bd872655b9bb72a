import Foundation

/// The XDG base directories (config, data, state), from the environment: `$XDG_…_HOME` when it
/// is an absolute path, else under `$HOME`, and only when HOME is unset or empty the account's
/// home from the password database. Two users sharing one account with different HOMEs (or
/// XDG variables) never read each other's files.
public enum UserDirectories {
    public enum Kind: Sendable {
        case config, data, state

        var variable: String {
            switch self {
            case .config: "XDG_CONFIG_HOME"
            case .data: "XDG_DATA_HOME"
            case .state: "XDG_STATE_HOME"
            }
        }

        var underHome: String {
            switch self {
            case .config: ".config"
            case .data: ".local/share"
            case .state: ".local/state"
            }
        }
    }

    /// `terminal-tennis/NAME` in the base directory of `kind`.
    public static func path(_ kind: Kind, _ name: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment[kind.variable], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (home(environment) as NSString).appendingPathComponent(kind.underHome)
        }
        return (base as NSString).appendingPathComponent("terminal-tennis/\(name)")
    }

    /// `$HOME`, or the account's home when it is unset or empty.
    public static func home(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }
}
