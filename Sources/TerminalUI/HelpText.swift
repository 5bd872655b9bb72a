/// The help overlay: the keys of the role you are in (a spectator gets no swing keys), and what
/// this terminal does with held keys. Every line fits 80 columns; the whole fits 24 rows.
public enum HelpText {
    /// - Parameter canPause: practice (P pauses; help and a too-small window pause too).
    public static func scene(watching: Bool, reportsReleases: Bool, canPause: Bool = false) -> MessageScene {
        let chat = [
            "Chat     M hides or shows it",
        ]
        if watching {
            return MessageScene(title: "Keys: watching", lines: [
                "React    1 Great shot!  2 Ooh!  3 Unlucky!  4 Come on!  5 Bravo!",
                "Say      T, type a line, Enter sends it (Esc drops it)",
            ] + chat + [
                "Help     ?          Quit   Q or Ctrl-C",
                "",
                "Spectators cannot move or swing: the players see your lines and reactions.",
            ], footer: "any key to return")
        }
        let movement = reportsReleases
            ? ["This terminal reports key releases: you run while a key is down",
               "and stop when you let go."]
            : ["This terminal sends no key releases: a tap moves you about half a",
               "second, holding keeps you running, the opposite key or X stops you."]
        return MessageScene(title: "Keys", lines: [
            "Move     arrows or W A S D; diagonals: keypad 7 9 1 3 or Home PgUp End PgDn",
            "Stop     X or keypad 5 (or tap the opposite way to turn at once)",
            "Step     Shift+arrow: half a metre, for fine positioning",
            "Drive    SPACE or J (topspin)       Flat   F (fast, low)",
            "Lob      K                          Slice  L (stays low)    Drop   I or ;",
            "Serve    a swing key tosses, a second press hits: best at the top of the",
            "         toss (F flat, L slice, any other swing key a kick serve)",
            "Volley   swing before the bounce near the net; high ball + SPACE/F: smash",
            "Aim      hold up/down as you swing: cross-court or down the line",
        ] + chat + (canPause ? ["Pause    P (practice waits while this help is open, too)"] : []) + [
            "Help     ?          Quit   Q or Ctrl-C",
            "",
        ] + movement, footer: "any key to return")
    }
}
