/// The numbers behind each bot level (see the table in `Bot`'s documentation).
extension Bot {
    /// How one level plays: reaction, timing, footwork, and how much risk it takes.
    struct Skill: Sendable {
        /// Ticks between seeing a new shot and starting to move.
        var reactionTicks: UInt32
        /// Standard deviation of the swing timing, ticks (contact off the sweet spot ⇒ error).
        var timingSigma: Double
        /// Standard deviation of where the bot stands across the court, metres.
        var positionSigma: Double
        /// Chance of swinging a random stroke instead of the chosen one.
        var wrongShot: Double
        /// Chance of aiming into the open court when the opponent is off-centre (else a random aim).
        var openCourt: Double
        /// Chance of a flat attacking drive (held towards the net) when the opponent is stretched or the ball is short.
        var attack: Double
        /// Chance of a drop shot when the bot is inside the court and the opponent deep.
        var drop: Double
        /// Fraction of its own shot's landing y the bot shades towards while recovering (0 = centre mark).
        var shading: Double
        /// The running speed the bot keeps to, m/s (players can reach `Physics.playerSpeed`).
        var topSpeed: Double
        /// Standard deviation of the serve's contact against the toss's ideal, ticks.
        var serveTimingSigma: Double = 6
        /// Chance of a flat first serve (else mostly kick, some slice).
        var flatServe: Double = 0.3
        /// Chance of following an attacking shot in to the net.
        var netRush: Double = 0
        /// Chance of lobbing an opponent at the net (else, from level 3, a passing shot with chance `attack`).
        var lob: Double = 0.5
    }

    /// Levels 1…5 (index 0 unused).
    static let skills: [Skill] = [
        Skill(reactionTicks: 22, timingSigma: 4.0, positionSigma: 0.7, wrongShot: 0.2,
              openCourt: 0, attack: 0, drop: 0, shading: 0, topSpeed: 2.6,
              serveTimingSigma: 9, flatServe: 0.1, netRush: 0, lob: 0.3),
        Skill(reactionTicks: 22, timingSigma: 4.0, positionSigma: 0.7, wrongShot: 0.2,
              openCourt: 0.1, attack: 0.05, drop: 0, shading: 0, topSpeed: 2.6,
              serveTimingSigma: 9, flatServe: 0.1, netRush: 0, lob: 0.3),
        Skill(reactionTicks: 18, timingSigma: 3.0, positionSigma: 0.45, wrongShot: 0.1,
              openCourt: 0.3, attack: 0.15, drop: 0.1, shading: 0, topSpeed: 2.9,
              serveTimingSigma: 7, flatServe: 0.2, netRush: 0.05, lob: 0.35),
        Skill(reactionTicks: 14, timingSigma: 2.3, positionSigma: 0.3, wrongShot: 0.04,
              openCourt: 0.6, attack: 0.3, drop: 0.25, shading: 0.2, topSpeed: 3.2,
              serveTimingSigma: 5, flatServe: 0.3, netRush: 0.2, lob: 0.3),
        Skill(reactionTicks: 10, timingSigma: 1.8, positionSigma: 0.18, wrongShot: 0,
              openCourt: 0.8, attack: 0.45, drop: 0.3, shading: 0.3, topSpeed: 3.5,
              serveTimingSigma: 3.5, flatServe: 0.45, netRush: 0.35, lob: 0.3),
        Skill(reactionTicks: 7, timingSigma: 1.0, positionSigma: 0.1, wrongShot: 0,
              openCourt: 0.9, attack: 0.55, drop: 0.35, shading: 0.4, topSpeed: 3.8,
              serveTimingSigma: 2, flatServe: 0.6, netRush: 0.5, lob: 0.3),
    ]

    var skill: Skill { Self.skills[level] }
}
