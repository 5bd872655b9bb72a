/// The court's real dimensions (ITF), in metres. See `Vec2` for the coordinate system.
public enum Court {
    public static let length = 23.77
    public static let singlesWidth = 8.23
    public static let doublesWidth = 10.97
    /// Distance from the net to each service line.
    public static let serviceLineFromNet = 6.40
    /// Net height at the centre strap and at the posts.
    public static let netHeightCentre = 0.914
    public static let netHeightPost = 1.07

    public static let halfLength = length / 2
    public static let halfSinglesWidth = singlesWidth / 2
    public static let halfDoublesWidth = doublesWidth / 2
}
